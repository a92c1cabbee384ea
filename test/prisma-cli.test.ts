// The Prisma CLI as the project runs it (`npm run prisma -- …` = scripts/prisma.ts), offline:
// every command must work with the WebAssembly schema engine behind prisma/engine/schema-engine.mjs
// and never reach for Prisma's binary host. The PostgreSQL rules run on the test run's server
// (test/global-setup.ts); each test works in its own scratch database.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const committedMigrations = path.join(root, 'prisma', 'migrations');
const TIMEOUT = 30_000;

// Anything that tries to download an engine (or to reach any host over HTTP) fails fast.
const OFFLINE_ENV = {
  PRISMA_ENGINES_MIRROR: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: '',
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

/** Run `scripts/prisma.ts <args>` with the project's shim engine (never a native one). */
function prisma(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...OFFLINE_ENV, ...env };
  delete childEnv.PRISMA_SCHEMA_ENGINE_BINARY;
  delete childEnv.SHADOW_DATABASE_URL;
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/prisma.ts', ...args], {
      cwd: root,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, output: stdout + stderr }));
  });
}

function migrationNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A throw-away project (schema, migrations, config) for commands that write migrations. */
function tempProject(options: { schema?: string; migrations?: Record<string, string> } = {}): {
  dir: string;
  config: string;
  migrations: string;
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'prisma-cli-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const migrations = path.join(dir, 'migrations');
  if (options.migrations) {
    for (const [name, sql] of Object.entries(options.migrations)) {
      mkdirSync(path.join(migrations, name), { recursive: true });
      writeFileSync(path.join(migrations, name, 'migration.sql'), sql);
    }
    cpSync(path.join(committedMigrations, 'migration_lock.toml'), path.join(migrations, 'migration_lock.toml'));
  } else {
    cpSync(committedMigrations, migrations, { recursive: true });
  }
  const schema = (options.schema ?? readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8')).replace(
    /output\s*=\s*"[^"]*"/,
    `output = ${JSON.stringify(path.join(dir, 'generated'))}`,
  );
  writeFileSync(path.join(dir, 'schema.prisma'), schema);
  const config = path.join(dir, 'prisma.config.ts');
  // Plain object: prisma/config is not resolvable from the temp directory.
  writeFileSync(
    config,
    `export default { schema: 'schema.prisma', migrations: { path: 'migrations' }, datasource: { url: process.env.DATABASE_URL } };\n`,
  );
  return { dir, config, migrations };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it(
  'generate, validate and format succeed offline without a database',
  async () => {
    const project = tempProject();
    const generate = await prisma(['generate', '--config', project.config], { DATABASE_URL: undefined });
    expect(generate.code, generate.output).toBe(0);
    expect(existsSync(path.join(project.dir, 'generated', 'client.ts'))).toBe(true);
    // `format` rewrites the schema in place: run it on the copy.
    const format = await prisma(['format', '--config', project.config], { DATABASE_URL: undefined });
    expect(format.code, format.output).toBe(0);

    // The project's own configuration too: prisma.config.ts must not require DATABASE_URL.
    const validate = await prisma(['validate'], { DATABASE_URL: undefined });
    expect(validate.code, validate.output).toBe(0);
  },
  TIMEOUT,
);

describe('Prisma CLI against PostgreSQL', () => {
  const serverUrl = inject('postgresServerUrl');

  async function admin<T>(fn: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
    const url = new URL(serverUrl);
    if (database) url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  /** A new empty database on the test server, dropped after the test; returns its URL. */
  async function scratchDatabase(): Promise<{ url: string; name: string }> {
    const name = `prisma_cli_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    await admin((c) => c.query(`CREATE DATABASE "${name}"`));
    cleanups.push(() =>
      admin(async (c) => {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      }),
    );
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), name };
  }

  const query = <T extends pg.QueryResultRow>(database: string, sql: string) =>
    admin(async (c) => (await c.query<T>(sql)).rows, database);

  const tables = async (database: string) =>
    (
      await query<{ tablename: string }>(
        database,
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      )
    ).map((r) => r.tablename);

  const shadowDatabases = async () =>
    (
      await admin((c) =>
        c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`),
      )
    ).rows.map((r) => r.datname);

  it(
    'migrate deploy applies every committed migration and status reports the schema up to date',
    async () => {
      const db = await scratchDatabase();
      const deploy = await prisma(['migrate', 'deploy'], { DATABASE_URL: db.url });
      expect(deploy.code, deploy.output).toBe(0);

      const applied = await query<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
        db.name,
        `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
           FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(applied.map((m) => m.migration_name)).toEqual(migrationNames(committedMigrations));
      expect(applied.every((m) => m.finished && !m.rolled_back)).toBe(true);

      const status = await prisma(['migrate', 'status'], { DATABASE_URL: db.url });
      expect(status.code, status.output).toBe(0);
      expect(status.stdout).toContain('Database schema is up to date');
    },
    TIMEOUT,
  );

  it(
    'the committed migrations produce exactly prisma/schema.prisma (migrate diff is empty)',
    async () => {
      const db = await scratchDatabase();
      const shadowsBefore = new Set(await shadowDatabases());
      const diff = await prisma(
        [
          'migrate',
          'diff',
          '--from-migrations',
          'prisma/migrations',
          '--to-schema',
          'prisma/schema.prisma',
          '--script',
          '--exit-code',
        ],
        { DATABASE_URL: db.url },
      );
      expect(diff.code, diff.output).toBe(0);
      expect(diff.stdout).toContain('This is an empty migration');
      // The temporary shadow database is dropped again.
      expect((await shadowDatabases()).filter((name) => !shadowsBefore.has(name))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a database migrated with migrate deploy has no drift from prisma/schema.prisma',
    async () => {
      const db = await scratchDatabase();
      expect((await prisma(['migrate', 'deploy'], { DATABASE_URL: db.url })).code).toBe(0);
      const diff = await prisma(
        ['migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
        { DATABASE_URL: db.url },
      );
      expect(diff.code, diff.output).toBe(0);
      expect(diff.stdout).toContain('No difference detected');
    },
    TIMEOUT,
  );

  it(
    'migrate dev creates no migration when the schema is unchanged',
    async () => {
      const db = await scratchDatabase();
      const project = tempProject();
      const dev = await prisma(['migrate', 'dev', '--config', project.config], { DATABASE_URL: db.url });
      expect(dev.code, dev.output).toBe(0);
      expect(migrationNames(project.migrations)).toEqual(migrationNames(committedMigrations));
      // It did bring the new database up to date with the committed migrations.
      expect((await query(db.name, 'SELECT 1 FROM _prisma_migrations')).length).toBe(
        migrationNames(committedMigrations).length,
      );
    },
    TIMEOUT,
  );

  it(
    'migrate dev --create-only writes a migration for a schema change without applying it',
    async () => {
      const db = await scratchDatabase();
      const schema = readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
      const project = tempProject({ schema: `${schema}\nmodel CliTestProbe {\n  id Int @id\n}\n` });
      const dev = await prisma(['migrate', 'dev', '--create-only', '--name', 'probe', '--config', project.config], {
        DATABASE_URL: db.url,
      });
      expect(dev.code, dev.output).toBe(0);

      const added = migrationNames(project.migrations).filter(
        (name) => !migrationNames(committedMigrations).includes(name),
      );
      expect(added).toEqual([expect.stringMatching(/^\d{14}_probe$/)]);
      const sql = readFileSync(path.join(project.migrations, added[0] ?? '', 'migration.sql'), 'utf8');
      expect(sql).toContain('CREATE TABLE "CliTestProbe"');
      expect(await tables(db.name)).not.toContain('CliTestProbe');

      // Applying it afterwards gives the table.
      expect((await prisma(['migrate', 'deploy', '--config', project.config], { DATABASE_URL: db.url })).code).toBe(0);
      expect(await tables(db.name)).toContain('CliTestProbe');
    },
    TIMEOUT,
  );

  it(
    'migrate deploy runs each migration file as one script (";" in strings, comments and function bodies)',
    async () => {
      const db = await scratchDatabase();
      const project = tempProject({
        migrations: {
          '20000101000000_semicolons': [
            '-- a comment; with a semicolon',
            `CREATE TABLE "t" ("id" int PRIMARY KEY, "note" text DEFAULT 'a;b');`,
            `CREATE FUNCTION two() RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; RETURN 2; END $$;`,
            '',
          ].join('\n'),
        },
      });
      const deploy = await prisma(['migrate', 'deploy', '--config', project.config], { DATABASE_URL: db.url });
      expect(deploy.code, deploy.output).toBe(0);
      expect(
        await query(
          db.name,
          `SELECT two() AS v, (SELECT column_default FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note') AS d`,
        ),
      ).toEqual([{ v: 2, d: `'a;b'::text` }]);
    },
    TIMEOUT,
  );

  it(
    'a failing migration leaves no partial changes and migrate status reports it as failed',
    async () => {
      const db = await scratchDatabase();
      const project = tempProject({
        migrations: {
          '20000101000000_ok': 'CREATE TABLE "a" ("id" int PRIMARY KEY);\n',
          '20000102000000_broken': 'CREATE TABLE "b" ("id" int PRIMARY KEY);\nSELECT * FROM "does_not_exist";\n',
        },
      });
      const deploy = await prisma(['migrate', 'deploy', '--config', project.config], { DATABASE_URL: db.url });
      expect(deploy.code).not.toBe(0);
      expect(deploy.output).toContain('does_not_exist');
      expect(await tables(db.name)).toEqual(['_prisma_migrations', 'a']);

      const status = await prisma(['migrate', 'status', '--config', project.config], { DATABASE_URL: db.url });
      expect(status.code).not.toBe(0);
      expect(status.output).toMatch(/have failed:\s+20000102000000_broken/);
    },
    TIMEOUT,
  );

  it(
    'migrate reset --force empties the database and re-applies every migration',
    async () => {
      const db = await scratchDatabase();
      expect((await prisma(['migrate', 'deploy'], { DATABASE_URL: db.url })).code).toBe(0);
      await query(db.name, 'CREATE TABLE "stray" ("id" int)');
      await query(
        db.name,
        `INSERT INTO "HolidayOverride" ("date", "year", "kind", "name") VALUES ('2026-01-01', 2026, 'holiday', 'x')`,
      );

      const reset = await prisma(['migrate', 'reset', '--force'], { DATABASE_URL: db.url });
      expect(reset.code, reset.output).toBe(0);
      expect(await tables(db.name)).not.toContain('stray');
      expect(await query(db.name, 'SELECT * FROM "HolidayOverride"')).toEqual([]);
      expect((await query(db.name, 'SELECT 1 FROM _prisma_migrations')).length).toBe(
        migrationNames(committedMigrations).length,
      );
    },
    TIMEOUT,
  );

  it(
    'db push makes a new database match prisma/schema.prisma',
    async () => {
      const db = await scratchDatabase();
      const push = await prisma(['db', 'push'], { DATABASE_URL: db.url });
      expect(push.code, push.output).toBe(0);
      const diff = await prisma(
        ['migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
        { DATABASE_URL: db.url },
      );
      expect(diff.code, diff.output).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'no command tries to download an engine',
    async () => {
      const db = await scratchDatabase();
      // OFFLINE_ENV (a dead engine mirror and proxy) applies to every run; check the commands succeed
      // without any engine binary and say nothing about downloading.
      const runs = [
        await prisma(['version'], { DATABASE_URL: db.url }),
        await prisma(['migrate', 'deploy'], { DATABASE_URL: db.url }),
        await prisma(['migrate', 'status'], { DATABASE_URL: db.url }),
      ];
      for (const run of runs) {
        expect(run.code, run.output).toBe(0);
        expect(run.output).not.toMatch(/download/i);
      }
      expect(runs[0]?.stdout).toMatch(/Schema Engine\s*:\s*schema-engine-wasm-shim/);
    },
    TIMEOUT,
  );
});
