import { inject } from 'vitest';
import { createScratchDatabase, openDatabase, type Database } from '../../infra/db.js';

export interface TestDatabase extends Database {
  /** Closes the connections and drops the database. */
  dispose(): Promise<void>;
  /** Connection string of the database, for other processes. */
  url: string;
}

/** A fresh, migrated PostgreSQL database on the run's server (test/global-setup.ts), isolated from every other test. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(inject('postgresServerUrl'), 'test', inject('postgresTemplate'));
  const db = await openDatabase(scratch.url);
  return {
    ...db,
    url: scratch.url,
    async dispose() {
      await db.close();
      await scratch.drop();
    },
  };
}
