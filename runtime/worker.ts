import {
  NativeConnection,
  Worker,
  bundleWorkflowCode,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createActivities, type ActivityDeps } from '../activities/index.js';

export const WORKFLOWS_PATH = path.resolve(import.meta.dirname, '../workflows/index.ts');

/**
 * Bundles the workflow code once. Sources import each other with `.js` specifiers (NodeNext ESM),
 * so webpack must map them back to the `.ts` files.
 */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } },
    }),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
}

/** Where the bundled workflow code is kept between starts (git-ignored). */
export const WORKFLOW_BUNDLE_PATH = path.resolve(import.meta.dirname, '../generated/workflow-bundle.js');

/** Files the workflow bundle is made of: a bundle older than any of them is stale. */
function newestSourceMtime(): number {
  const roots = ['../workflows', '../activities/types.ts'].map((p) => path.resolve(import.meta.dirname, p));
  let newest = 0;
  for (const root of roots) {
    const files = statSync(root).isDirectory() ? readdirSync(root).map((f) => path.join(root, f)) : [root];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** Writes the workflow bundle to WORKFLOW_BUNDLE_PATH (run by `scripts/bundle-workflows.ts`). */
export async function writeWorkflowBundle(): Promise<void> {
  const bundle = await bundleWorkflows();
  await mkdir(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  // Written aside and renamed, so a worker starting at the same time never reads half a bundle.
  const partial = `${WORKFLOW_BUNDLE_PATH}.${process.pid}.tmp`;
  await writeFile(partial, bundle.code);
  await rename(partial, WORKFLOW_BUNDLE_PATH);
}

/**
 * The path of an up-to-date workflow bundle. Bundling loads webpack (about 150 MB that a worker
 * would keep for its lifetime), so a stale or missing bundle is rebuilt in a short-lived child process.
 */
export async function workflowBundlePath(): Promise<string> {
  let fresh = false;
  try {
    fresh = statSync(WORKFLOW_BUNDLE_PATH).mtimeMs >= newestSourceMtime();
  } catch {
    fresh = false;
  }
  if (!fresh) {
    const script = path.resolve(import.meta.dirname, '../scripts/bundle-workflows.ts');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { maxBuffer: 16 * 1024 * 1024 });
  }
  return WORKFLOW_BUNDLE_PATH;
}

/**
 * Concurrent polls for workflow tasks, and the share of them on the task queue's normal (non-sticky)
 * queue. The SDK's defaults (10 polls, 2 of them on the normal queue) suit workflows that stay in the
 * worker's cache, whose tasks come through the worker's sticky queue. Here the load comes in bursts of
 * tasks for workflows that are new or not cached: a campaign's go-live starts one workflow per office
 * (their first tasks all come through the normal queue), a deadline wakes all of them, and a worker
 * caches few of them. With two polls on the normal queue a go-live's tasks waited to be picked up while
 * the worker had CPU to spare; 20 polls, half on each queue (measured in bench/README.md).
 */
export const WORKFLOW_TASK_POLLS = 20;
export const NON_STICKY_TO_STICKY_POLL_RATIO = 0.5;

/**
 * Workflow tasks and local activities run at once (the SDK's defaults: 40 and 100). Each office's
 * schedule and each step run as local activities inside their workflow task, so with 40 tasks in
 * flight and a cache of 50 the worker evicted workflows whose local activity was still running (the
 * SDK logs "Tried to complete untracked local activity"): replayed and run again, that office's step came
 * late. 20 stay well inside the cache and still keep both cores busy, and a go-live's burst holds less in
 * memory at once (bench/README.md).
 */
export const MAX_CONCURRENT_WORKFLOW_TASKS = 20;
export const MAX_CONCURRENT_LOCAL_ACTIVITIES = 20;

export async function createWorker(options: {
  connection: NativeConnection;
  /** Default: Temporal's `default` namespace. */
  namespace?: string;
  taskQueue: string;
  deps: ActivityDeps;
  workflowBundle?: WorkflowBundleOption;
  maxCachedWorkflows?: number;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? { codePath: await workflowBundlePath() },
    activities: createActivities(options.deps),
    shutdownGraceTime: '10 seconds',
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: WORKFLOW_TASK_POLLS },
    nonStickyToStickyPollRatio: NON_STICKY_TO_STICKY_POLL_RATIO,
    maxConcurrentWorkflowTaskExecutions: MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentLocalActivityExecutions: MAX_CONCURRENT_LOCAL_ACTIVITIES,
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
  });
}
