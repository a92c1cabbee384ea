import type { TestProject } from 'vitest/node';
import { createScratchDatabase, openDatabase } from '../infra/db.js';
import { startThrowawayPostgres, type EmbeddedPostgres } from '../infra/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance-database URL of the PostgreSQL server every test database is created on. */
    postgresServerUrl: string;
    /** A migrated database nobody connects to: each test database is a copy of it. */
    postgresTemplate: string;
  }
}

/**
 * One PostgreSQL server for the whole run: the embedded one from the npm registry, or the server that
 * TEST_DATABASE_URL names. Migrations are applied once, to a template that each test database copies.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedPostgres | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // Every test file opens a few pools of ten; two files run at once, each may start worker processes.
    embedded = await startThrowawayPostgres({ maxConnections: 400 });
    serverUrl = embedded.serverUrl;
  }
  const template = await createScratchDatabase(serverUrl, 'template');
  const migrated = await openDatabase(template.url);
  await migrated.close();
  project.provide('postgresServerUrl', serverUrl);
  project.provide('postgresTemplate', template.name);
  return async () => {
    await template.drop().catch(() => undefined);
    await embedded?.stop();
  };
}
