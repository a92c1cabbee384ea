#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, so that the Prisma CLI never has to
// download one (this machine reaches package registries only, not Prisma's binary host).
//
// scripts/prisma.ts points PRISMA_SCHEMA_ENGINE_BINARY at this file. The CLI then starts it in
// one of two ways, exactly as it would start the native engine:
//   schema-engine --datasource '{"url":…}' cli can-connect-to-database|create-database
//       one-shot commands; errors are reported as JSON log lines on stderr.
//   schema-engine [--datamodels <file>]… [--datasource '{"url":…,"shadowDatabaseUrl":…}']
//       JSON-RPC 2.0, one JSON object per line on stdin/stdout, until stdin closes.
// The RPC methods are served by @prisma/schema-engine-wasm (the same engine compiled to
// WebAssembly), which reaches PostgreSQL through the driver adapter @prisma/adapter-pg.
// PostgreSQL only (the project's datasource provider).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { PrismaPg } = require('@prisma/adapter-pg');
// Transitive dependencies: resolve each from the package that depends on it, not from hoisting.
const { parse: parsePgUrl } = createRequire(require.resolve('pg'))('pg-connection-string');
const { bindMigrationAwareSqlAdapterFactory } = createRequire(require.resolve('@prisma/adapter-pg'))(
  '@prisma/driver-adapter-utils',
);

const DEBUG = /prisma|schema-engine/i.test(process.env.DEBUG ?? '');
const debug = (...args) => {
  if (DEBUG) console.error('[schema-engine-shim]', ...args);
};

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cliCommand: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--datamodels') out.datamodels.push(argv[++i]);
    else if (arg === '--datasource') out.datasource = JSON.parse(argv[++i]);
    // Preview features and extension types are not needed for this project's PostgreSQL schema.
    else if (arg === '--enabled-preview-features' || arg === '--extension-types') i++;
    else if (arg === 'cli') out.cliCommand = argv[++i];
    else if (arg === '--version' || arg === '-V') out.cliCommand = 'version';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL connections
// ---------------------------------------------------------------------------------------------

/**
 * pg pool options from a Prisma connection URL, as explicit fields (host, port, user, …).
 * Explicit fields matter: with a `connectionString`, pg ignores a `database` set beside it.
 */
function poolConfig(url, database) {
  const { schema, connection_limit, pool_timeout, connect_timeout, ...parsed } = parsePgUrl(url);
  const config = { ...parsed, max: 4 };
  delete config.connectionString;
  if (connect_timeout) config.connectionTimeoutMillis = Number(connect_timeout) * 1000;
  if (database !== undefined) config.database = database;
  // A few catalog types (e.g. the one-byte "char" in pg_class.relkind) are rejected by
  // adapter-pg ("Unsupported column type"); the engine reads them as text anyway.
  config.Client = CatalogTextClient;
  return config;
}

function schemaOf(url) {
  return parsePgUrl(url).schema || 'public';
}

// Built-in types adapter-pg cannot map to a Prisma column type; they are all text on the wire.
const TEXT_OID = 25;
const CATALOG_TYPES_AS_TEXT = new Set([
  18, // "char"
  22, // int2vector
  24, // regproc
  27, // tid
  28, // xid
  29, // cid
  30, // oidvector
  194, // pg_node_tree
  1033, // aclitem
  2205, // regclass
  2206, // regtype
  4089, // regnamespace
  5069, // xid8
]);

function textifyFields(result) {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of r?.fields ?? []) {
      if (CATALOG_TYPES_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

class CatalogTextClient extends pg.Client {
  query(...args) {
    // pg-pool calls query(text, values, callback); adapter-pg calls query(config) for a promise.
    const callback = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    if (typeof args[0]?.submit === 'function') return super.query(...args, ...(callback ? [callback] : []));
    const promise = super.query(...args).then(textifyFields);
    if (!callback) return promise;
    promise.then(
      (res) => callback(null, res),
      (err) => callback(err),
    );
    return undefined;
  }
}

const quoteIdent = (name) => `"${String(name).replaceAll('"', '""')}"`;

// Every pool we open, so that they can be closed cleanly when the CLI is done with us.
const openPools = new Set();

/** Connect an adapter-pg adapter to a pool, with the fixes the schema engine needs. */
async function connectAdapter(config, schema, release) {
  const pool = new pg.Pool(config);
  openPools.add(pool);
  const adapter = await new PrismaPg(pool, { schema }).connect();
  // adapter-pg's executeScript splits on ";", which breaks function bodies, string literals
  // and comments in migration files. PostgreSQL runs a multi-statement string sent as one
  // simple query itself (as one implicit transaction, like the native engine does).
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  // An external pool is not closed by adapter-pg; close it ourselves.
  adapter.dispose = async () => {
    openPools.delete(pool);
    await pool.end();
    await release?.();
  };
  return adapter;
}

/**
 * The driver adapter factory the WASM engine uses: `connect()` for the main database,
 * `connectToShadowDb()` for the temporary database it replays migrations into.
 */
function adapterFactory(datasource) {
  const url = datasource?.url;
  const shadowUrl = datasource?.shadowDatabaseUrl;
  const schema = url ? schemaOf(url) : 'public';
  const requireUrl = () => {
    if (!url) throw new Error('No datasource URL: set DATABASE_URL (see prisma.config.ts).');
    return url;
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    // The WASM engine queries the database as it starts, so even diffs between two schema files
    // need DATABASE_URL (unlike the native engine).
    connect: async () => connectAdapter(poolConfig(requireUrl()), schema),
    connectToShadowDb: async () => {
      if (shadowUrl) {
        // A user-provided shadow database: start it from an empty schema, as the native engine does.
        // Never wipe the main database by mistake.
        const same = (a, b) => ['host', 'port', 'database'].every((k) => String(a[k] ?? '') === String(b[k] ?? ''));
        if (url && same(parsePgUrl(url), parsePgUrl(shadowUrl)) && schemaOf(url) === schemaOf(shadowUrl)) {
          throw new Error('The shadow database you configured appears to be the same as the main database.');
        }
        const shadowSchema = schemaOf(shadowUrl);
        const adapter = await connectAdapter(poolConfig(shadowUrl), shadowSchema);
        await adapter.executeScript(
          `DROP SCHEMA IF EXISTS ${quoteIdent(shadowSchema)} CASCADE; CREATE SCHEMA ${quoteIdent(shadowSchema)};`,
        );
        return adapter;
      }
      // A throw-away database on the same server, created and dropped over the main connection.
      const admin = new pg.Pool(poolConfig(requireUrl()));
      const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      } catch (error) {
        await admin.end();
        throw error;
      }
      // The shadow pool must be closed (by adapter.dispose) before the database can be dropped.
      return connectAdapter(poolConfig(requireUrl(), name), schema, async () => {
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
        } finally {
          await admin.end();
        }
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Errors in the shapes the CLI understands
// ---------------------------------------------------------------------------------------------

/** Prisma error code and message for a pg/Node connection error (as the native engine reports). */
function connectionError(error, url) {
  const { host, port, database, user } = parsePgUrl(url);
  const where = `${host ?? 'localhost'}:${port ?? 5432}`;
  switch (error.code) {
    case '3D000':
      return {
        code: 'P1003',
        message: `Database \`${database}\` does not exist on the database server at \`${where}\`.`,
      };
    case '28P01':
    case '28000':
      return {
        code: 'P1000',
        message: `Authentication failed against database server at \`${where}\`, the provided database credentials for \`${user}\` are not valid.`,
      };
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return { code: 'P1001', message: `Can't reach database server at \`${where}\`` };
    default:
      return { code: undefined, message: error.message };
  }
}

/** Turn an error thrown by the WASM engine (or by us) into a JSON-RPC error object. */
function rpcError(error, errorRegistry) {
  let message = String(error?.message ?? error);
  let errorCode = typeof error?.code === 'string' && /^P\d{4}$/.test(error.code) ? error.code : undefined;
  // A JS error the driver adapter could not classify reaches the engine only as a registry id
  // ("External error id#N"); the original error waits in the registry.
  const id = /External error id#(\d+)/.exec(message);
  const original = id ? errorRegistry?.consumeError(Number(id[1]))?.error : undefined;
  if (original) {
    message = message.replace(/External error id#\d+/, String(original.message ?? original));
    if (/shadow database/i.test(message) && original.code === '42501') {
      errorCode = 'P3014';
      message =
        'Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. ' +
        'Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\n' +
        `Original error: ${original.message}`;
    }
  }
  const isPanic = error instanceof WebAssembly.RuntimeError || /panicked at/i.test(message);
  return {
    code: 4466,
    message: 'An error happened. Check the data field for details.',
    data: {
      is_panic: isPanic,
      message,
      ...(errorCode ? { error_code: errorCode } : {}),
      ...(error?.meta ? { meta: error.meta } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One-shot CLI commands
// ---------------------------------------------------------------------------------------------

async function runCliCommand(command, datasource) {
  if (command === 'version') {
    console.log(`schema-engine-wasm-shim ${(await loadWasmModule()).version()}`);
    return 0;
  }
  const url = datasource?.url;
  // The CLI ignores the first stderr line and parses every following one as a JSON log record.
  const fail = ({ code, message }) => {
    process.stderr.write(
      JSON.stringify({ level: 'INFO', target: 'schema_engine', fields: { message: command } }) + '\n',
    );
    process.stderr.write(
      JSON.stringify({
        level: 'ERROR',
        target: 'schema_engine::logger',
        fields: { message, ...(code ? { error_code: code } : {}) },
      }),
    );
    return 1;
  };
  if (!url) return fail({ code: 'P1012', message: 'No datasource URL given.' });

  const tryConnect = async (database) => {
    const client = new pg.Client(poolConfig(url, database));
    try {
      await client.connect();
      return { client };
    } catch (error) {
      await client.end().catch(() => {});
      return { error };
    }
  };

  if (command === 'can-connect-to-database') {
    const { client, error } = await tryConnect();
    if (error) return fail(connectionError(error, url));
    await client.end();
    return 0;
  }
  if (command === 'create-database') {
    const database = parsePgUrl(url).database;
    // Connect to a maintenance database of the same server to run CREATE DATABASE.
    let admin;
    for (const maintenanceDb of ['postgres', 'template1']) {
      const attempt = await tryConnect(maintenanceDb);
      if (attempt.client) {
        admin = attempt.client;
        break;
      }
      if (attempt.error.code !== '3D000') return fail(connectionError(attempt.error, url));
    }
    if (!admin) return fail({ code: 'P1003', message: 'No maintenance database (postgres, template1) to connect to.' });
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
    } catch (error) {
      if (error.code !== '42P04') return fail(connectionError(error, url)); // 42P04: already exists
    } finally {
      await admin.end();
    }
    return 0;
  }
  return fail({ message: `Unsupported schema-engine cli command: ${command}` });
}

// ---------------------------------------------------------------------------------------------
// The WASM engine
// ---------------------------------------------------------------------------------------------

let wasmModule;
/** Instantiate @prisma/schema-engine-wasm without Node's experimental .wasm ES-module imports. */
async function loadWasmModule() {
  if (wasmModule) return wasmModule;
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bindings = await import(pathToFileURL(bgPath).href);
  const bytes = fs.readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  wasmModule = bindings;
  return bindings;
}

// JSON-RPC method name (as sent by the CLI) -> WASM engine method name.
const METHODS = {
  applyMigrations: 'applyMigrations',
  createMigration: 'createMigration',
  dbExecute: 'dbExecute',
  debugPanic: 'debugPanic',
  devDiagnostic: 'devDiagnostic',
  diagnoseMigrationHistory: 'diagnoseMigrationHistory',
  diff: 'diff',
  ensureConnectionValidity: 'ensureConnectionValidity',
  evaluateDataLoss: 'evaluateDataLoss',
  getDatabaseVersion: 'version',
  introspect: 'introspect',
  introspectSql: 'introspectSql',
  markMigrationApplied: 'markMigrationApplied',
  markMigrationRolledBack: 'markMigrationRolledBack',
  reset: 'reset',
  schemaPush: 'schemaPush',
};

async function serveRpc({ datamodels, datasource }) {
  const { SchemaEngine } = await loadWasmModule();
  const factory = bindMigrationAwareSqlAdapterFactory(adapterFactory(datasource));
  const files = datamodels.map((file) => [file, fs.readFileSync(file, 'utf8')]);

  // Created on first use: a request may fail (e.g. unreachable server) and must be answered.
  let enginePromise;
  const engine = () =>
    (enginePromise ??= SchemaEngine.new(
      { datamodels: files.length > 0 ? files : undefined },
      (log) => debug(log),
      factory,
    ));

  const handlers = {
    // Not in the WASM engine: create the database named in a connection string.
    createDatabase: async ({ datasource: ds }) => {
      const url = ds?.tag === 'ConnectionString' ? ds.url : datasource?.url;
      const code = await runCliCommand('create-database', { url });
      if (code !== 0) throw new Error(`Could not create the database of ${url}`);
      return { databaseName: parsePgUrl(url).database };
    },
  };

  const call = async (method, params) => {
    if (handlers[method]) return handlers[method](params ?? {});
    const wasmMethod = METHODS[method];
    if (!wasmMethod) throw new Error(`Method not supported by the schema-engine WASM shim: ${method}`);
    const e = await engine();
    try {
      return (await e[wasmMethod](params ?? {})) ?? {}; // keep the call on `e` (wasm-bindgen `this`)
    } catch (error) {
      // evaluateDataLoss and createMigration get no shadow-database factory in the WASM engine:
      // they only read the migrations' schema from a cache that devDiagnostic fills. On a database
      // that `migrate dev` has just brought up to date, devDiagnostic found nothing to check and
      // left the cache empty; run it again now (read-only) and retry once.
      if (!/shadow DB must be provided through an external factory/.test(String(error?.message))) throw error;
      if (!params?.migrationsList) throw error;
      debug('warming the migration schema cache with devDiagnostic, then retrying', method);
      await e.devDiagnostic({
        migrationsList: params.migrationsList,
        filters: params.filters ?? { externalTables: [], externalEnums: [] },
      });
      return (await e[wasmMethod](params)) ?? {};
    }
  };

  let pending = 0;
  let stdinClosed = false;
  const maybeExit = async () => {
    if (!stdinClosed || pending > 0) return;
    // The CLI closes stdin when it is done: release the engine (and its connections) and exit.
    try {
      if (enginePromise) (await enginePromise).free();
    } catch {
      /* the engine may have failed to start */
    }
    const closing = Promise.allSettled([...openPools].map((pool) => pool.end()));
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    process.exit(0);
  };

  const write = (message) => process.stdout.write(JSON.stringify(message) + '\n');

  // The native engine prints `migrate diff` output by sending the CLI a "print" request (the CLI
  // writes it to its stdout, or to the --output file); the CLI ignores `stdout` in the result.
  let printId = 0;
  const printWaiters = new Map();
  const printViaCli = (content) =>
    new Promise((resolve) => {
      const id = `print-${++printId}`;
      printWaiters.set(id, resolve);
      write({ jsonrpc: '2.0', id, method: 'print', params: { content: content.replace(/\n$/, '') } });
    });

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', async (line) => {
    if (!line.trim()) return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      write({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (request.method === undefined) {
      printWaiters.get(request.id)?.(); // the CLI's answer to a "print" request
      printWaiters.delete(request.id);
      return;
    }
    if (request.id === undefined) return; // a notification: nothing to answer
    pending++;
    debug('->', request.method, JSON.stringify(request.params)?.slice(0, 500));
    try {
      const result = await call(request.method, request.params);
      debug('<-', request.method, JSON.stringify(result)?.slice(0, 500));
      if (request.method === 'diff' && result.stdout) {
        await printViaCli(result.stdout);
        result.stdout = null;
      }
      write({ jsonrpc: '2.0', id: request.id, result });
    } catch (error) {
      debug('!!', request.method, error);
      write({ jsonrpc: '2.0', id: request.id, error: rpcError(error, factory.errorRegistry) });
    } finally {
      pending--;
      maybeExit();
    }
  });
  rl.on('close', () => {
    stdinClosed = true;
    maybeExit();
  });
}

// ---------------------------------------------------------------------------------------------

const args = parseArgs(process.argv.slice(2));
if (args.cliCommand) {
  process.exitCode = await runCliCommand(args.cliCommand, args.datasource);
} else {
  await serveRpc(args);
}
