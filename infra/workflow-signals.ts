import { heartbeat } from '@temporalio/activity';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { SignalDefinition, Workflow } from '@temporalio/common';

/**
 * The one way the API, lib and activities start and signal workflows. The database is the truth and every
 * workflow re-reads it before it acts, so a signal only makes a workflow act now rather than later. When
 * Temporal answers that nobody is listening — the workflow has finished, or was never started — that is an
 * outcome to report, not an error: the write that caused the signal stands, and the caller decides what the
 * outcome means (a finished campaign workflow marks its campaign finished).
 */

/** Where workflows are started: the client and the worker's task queue. */
export interface TemporalDeps {
  client: Client;
  taskQueue: string;
}

/** What one signal to some workflows did, workflow ID by workflow ID. */
export interface SignalReport {
  /** Running workflows that received the signal. */
  signalled: string[];
  /** Workflows whose last run has closed (completed, failed, terminated, timed out): nothing listens any more. */
  finished: string[];
  /** Workflows Temporal knows nothing of: never started (a draft campaign), or removed after retention. */
  missing: string[];
}

/** Some workflows could not be reached for another reason (e.g. Temporal unavailable); the others were signalled. */
export class SignalError extends AggregateError {
  constructor(
    readonly report: SignalReport,
    errors: unknown[],
  ) {
    super(errors, `${errors.length} workflow(s) could not be signalled: ${errors.map(String).join('; ')}`);
    this.name = 'SignalError';
  }
}

/** Starting or signalling many workflows goes this many at a time: fast, without flooding the server. */
const FAN_OUT = 32;

/** Runs `action` on every item, `limit` at a time; inside an activity it heartbeats its progress. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  action: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await action(item);
      if (next % 100 === 0) heartbeatIfInActivity(next);
    }
  });
  await Promise.all(runners);
}

function heartbeatIfInActivity(progress: number): void {
  try {
    heartbeat(progress);
  } catch {
    // called outside an activity (e.g. from the API): nothing to report to
  }
}

/**
 * Temporal answers "not found" both for a workflow whose run has closed and for one it never had; only the
 * workflow's description tells them apart.
 */
async function hasClosed(handle: WorkflowHandle): Promise<boolean> {
  try {
    const { status } = await handle.describe();
    return status.name !== 'RUNNING';
  } catch {
    // No description (never started, gone after retention, or none to be had): not known to have finished.
    return false;
  }
}

async function signalOne<Args extends unknown[]>(
  client: Client,
  workflowId: string,
  signal: SignalDefinition<Args> | string,
  args: Args,
): Promise<keyof SignalReport> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    await handle.signal(signal, ...args);
    return 'signalled';
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    return (await hasClosed(handle)) ? 'finished' : 'missing';
  }
}

/**
 * Sends one signal to every workflow named, `FAN_OUT` at a time, and reports which received it, which have
 * finished and which do not exist. Any other failure does not stop the others: every workflow that can be
 * reached is signalled, then a `SignalError` (carrying the report) names those that could not.
 */
export async function signalWorkflows<Args extends unknown[]>(
  client: Client,
  workflowIds: readonly string[],
  signal: SignalDefinition<Args> | string,
  ...args: Args
): Promise<SignalReport> {
  const report: SignalReport = { signalled: [], finished: [], missing: [] };
  const errors: unknown[] = [];
  await forEachConcurrently(workflowIds, FAN_OUT, async (workflowId) => {
    try {
      report[await signalOne(client, workflowId, signal, args)].push(workflowId);
    } catch (error) {
      errors.push(error);
    }
  });
  if (errors.length > 0) throw new SignalError(report, errors);
  return report;
}

/** `started`, or `exists`: a workflow with this ID runs or has run, and is left alone. */
export type StartOutcome = 'started' | 'exists';

/**
 * Starts a workflow under its business-key ID once. A second start is refused by Temporal — also after the
 * first run has closed, so a finished ladder or escalation is never run again from its start — and that refusal
 * is the answer `exists`, not an error.
 */
export async function startWorkflowOnce<T extends Workflow>(
  client: Client,
  workflowType: string | T,
  options: WorkflowStartOptions<T>,
): Promise<StartOutcome> {
  try {
    await client.workflow.start(workflowType, { workflowIdReusePolicy: 'REJECT_DUPLICATE', ...options });
    return 'started';
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return 'exists';
    throw error;
  }
}
