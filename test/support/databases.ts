import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../lib/db.js';

export interface TestDatabase extends Database {
  /** Drops the scratch database (PostgreSQL) or closes the in-memory one (PGlite). */
  dispose(): Promise<void>;
  /** Connection string of the scratch PostgreSQL database, for other processes; undefined for PGlite. */
  url?: string;
}

export type Backend = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server (CI sets it). */
export const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A fresh, migrated database of the given kind, isolated from every other test. */
export async function createTestDatabase(backend: Backend = 'pglite'): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = await openDatabase({ kind: 'pglite', dataDir: undefined });
    return { ...db, dispose: () => db.close() };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    ...db,
    url: url.toString(),
    async dispose() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
