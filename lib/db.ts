import { PrismaPg } from '@prisma/adapter-pg';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations, type SqlRunner } from './migrate.js';

export type { PrismaClient } from '../generated/prisma/client.js';

export interface Database {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  /** Names of migrations applied while opening. */
  migrated: string[];
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  /** dataDir undefined keeps the database in memory (tests). */
  | { kind: 'pglite'; dataDir: string | undefined };

export function databaseTarget(config: { databaseUrl: string | undefined; dataDir: string }): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') };
}

/** Opens the database, applies pending migrations and returns a Prisma client on it. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'postgres' ? openPostgres(target.url) : openPglite(target.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  // Loaded only when used: the module alone costs a PostgreSQL-backed worker ~34 MB of memory.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ]);
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite();
  await pglite.waitReady;
  const runner: SqlRunner = {
    query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
      (await pglite.query<T>(sql, params)).rows,
    exec: async (sql) => {
      await pglite.exec(sql);
    },
  };
  const migrated = await applyMigrations(runner);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: 'pglite',
    migrated,
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`DATABASE_URL: cannot connect to PostgreSQL (${(error as Error).message})`, { cause: error });
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
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  return {
    prisma,
    kind: 'postgres',
    migrated,
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: () => prisma.$disconnect(),
  };
}

/** A throwaway database on the PostgreSQL server of `serverUrl` (tests, benchmarks); `drop` removes it. */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = 'scratch',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
