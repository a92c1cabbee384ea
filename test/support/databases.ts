import { createScratchDatabase, openDatabase, type Database } from '../../lib/db.js';

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
  const scratch = await createScratchDatabase(serverUrl, 'test');
  const db = await openDatabase({ kind: 'postgres', url: scratch.url });
  return {
    ...db,
    url: scratch.url,
    async dispose() {
      await db.close();
      await scratch.drop();
    },
  };
}
