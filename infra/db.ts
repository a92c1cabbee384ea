import { PrismaPg } from '@prisma/adapter-pg';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from './migrate.js';

export type { PrismaClient } from '../generated/prisma/client.js';

export interface Database {
  prisma: PrismaClient;
  /** Names of migrations applied while opening. */
  migrated: string[];
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the PostgreSQL database at `url`, applies pending migrations and returns a Prisma client on it. */
export async function openDatabase(url: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to PostgreSQL (${(error as Error).message})`, { cause: error });
  }
  let migrated: string[];
  try {
    migrated = await applyMigrations({
      query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
        (await client.query<T>(sql, params)).rows,
      exec: async (sql) => {
        await client.query(sql);
      },
    });
  } finally {
    await client.end();
  }
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 10 }, { statementNameGenerator: statementNames() }),
  });
  return {
    prisma,
    migrated,
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: () => prisma.$disconnect(),
  };
}

/**
 * A throwaway database on the PostgreSQL server of `serverUrl` (tests, benchmarks), optionally a copy of
 * `template` (a database nobody is connected to); `drop` removes it.
 */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = 'scratch',
  template?: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** The product's database: DATABASE_URL's server, or the embedded PostgreSQL server in DATA_DIR. */
export interface ProductDatabase {
  db: Database;
  /** Where the data is, for the start-up banner. */
  description: string;
  /** Closes the connections, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export async function openProductDatabase(
  config: { databaseUrl: string | undefined; dataDir: string; embeddedPostgresPort: number },
  log: (line: string) => void,
): Promise<ProductDatabase> {
  if (config.databaseUrl) {
    const db = await openDatabase(config.databaseUrl);
    return { db, description: 'PostgreSQL (DATABASE_URL)', close: () => db.close() };
  }
  const legacy = path.join(config.dataDir, 'pglite');
  if (existsSync(legacy)) {
    log(
      `note: ${legacy} holds data of the PGlite database that earlier versions used; it is no longer read (README: "Data from before embedded PostgreSQL")`,
    );
  }
  const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
  const server = await startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'postgres'),
    port: config.embeddedPostgresPort,
    portVariable: 'EMBEDDED_POSTGRES_PORT',
    log,
  });
  try {
    const db = await openDatabase(server.url);
    return {
      db,
      description: `embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')} (port ${server.port}${server.owned ? '' : ', shared'})`,
      async close() {
        await db.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * A database on a throwaway embedded PostgreSQL server in a temporary folder (the simulation, the
 * benchmarks): not durable, removed by `close`.
 */
export async function openThrowawayDatabase(
  log?: (line: string) => void,
): Promise<Database & { url: string; serverUrl: string }> {
  const { startThrowawayPostgres } = await import('./embedded-postgres.js');
  const server = await startThrowawayPostgres(log ? { log } : {});
  try {
    const db = await openDatabase(server.url);
    return {
      ...db,
      url: server.url,
      serverUrl: server.serverUrl,
      async close() {
        await db.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Distinct statement texts that get a name; further ones are sent unnamed. */
export const NAMED_STATEMENTS = 2000;

/**
 * Names for the statements Prisma sends, so that each connection parses a statement once and PostgreSQL may keep its
 * plan: a status read is one statement of a dozen subqueries, which PostgreSQL otherwise plans anew on every request.
 * Bounded, because a text that varies (an IN list of any length) would otherwise prepare without end on every
 * connection: past `limit` distinct texts, statements go unnamed as before.
 */
export function statementNames(limit = NAMED_STATEMENTS): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `s_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
      names.set(sql, name);
    }
    return name as string; // undefined: unnamed
  };
}
