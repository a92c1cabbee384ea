import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { workflowBundlePath } from './workflow-bundle.js';

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
