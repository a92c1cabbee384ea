import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The pages' browser code (web/ → generated/web/, which the API serves), then the PostgreSQL server.
    globalSetup: ['test/global-web-assets.ts', 'test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Test files each start their own servers; two cores run two files at a time comfortably.
    maxWorkers: 2,
    pool: 'forks',
  },
});
