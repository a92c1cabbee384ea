import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ScheduledStep } from '../activities/types.js';
import { obligationClosedSignal, officeStatusQuery, planChangedSignal } from './definitions.js';

const activities = proxyActivities<Activities>({
  // A step sends a few mails; a worker that dies mid-step is replaced after this long.
  startToCloseTimeout: '1 minute',
  // A mail server that refuses for a while is retried with backoff until it recovers.
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

export interface OfficeWorkflowInput {
  campaignId: string;
  officeId: string;
  /** Steps executed by earlier runs (continue-as-new), for the status query only. */
  executed?: number;
  /** When this office's ladder started: steps planned before it are not sent (a campaign started late). */
  sinceMs?: number;
}

/** Bounded history: a run hands over to a fresh one after this many steps. */
const STEPS_PER_RUN = 40;
/** With no step left, the workflow waits this long for a plan change before it completes. */
const IDLE_BEFORE_CLOSING = '30 days';

/**
 * One per office and campaign: waits on a durable timer for each ladder step of the office's own
 * obligations and of its enterprises' obligations (sent as digests), and runs it. A closed obligation
 * loses its remaining steps at once; a changed plan reloads the schedule.
 */
export async function officeWorkflow(input: OfficeWorkflowInput): Promise<void> {
  const { campaignId, officeId } = input;
  let executed = input.executed ?? 0;
  const sinceMs = input.sinceMs ?? Date.now();
  let executedThisRun = 0;
  let reload = true;
  let steps: ScheduledStep[] = [];

  setHandler(planChangedSignal, () => {
    reload = true;
  });
  setHandler(obligationClosedSignal, ({ obligationKey }) => {
    // Reminders, overdue notice and escalation of a fulfilled obligation must never go out.
    steps = steps.filter((s) => s.obligationKey !== obligationKey);
  });
  setHandler(officeStatusQuery, () => ({ nextSteps: steps.slice(0, 10), executed }));

  if (input.sinceMs === undefined) {
    // First run: if the campaign started after some deadlines, one digest of what is already overdue.
    await activities.sendCatchUpDigest({ campaignId, officeId, atMs: sinceMs });
  }

  for (;;) {
    if (reload) {
      reload = false;
      steps = (await activities.loadOfficeSchedule({ campaignId, officeId, sinceMs, nowMs: Date.now() })).steps;
    }
    const next = steps[0];
    if (next === undefined) {
      // Nothing planned: a plan change (an extension, a new enterprise date) may still add steps.
      if (await condition(() => reload, IDLE_BEFORE_CLOSING)) continue;
      return;
    }
    const wait = next.atMs - Date.now();
    if (wait > 0) {
      const interrupted = await condition(() => reload || steps[0] !== next, wait);
      if (interrupted) continue;
    }
    const result = await activities.runOfficeStep({ campaignId, officeId, step: next });
    steps = steps.filter((s) => s !== next);
    executed += 1;
    executedThisRun += 1;
    if (result.escalate) {
      await activities.startEscalation({
        campaignId,
        officeId,
        obligationKey: result.escalate.obligationKey,
        origin: 'automatic',
        level: 1,
        reason: result.escalate.reason,
        raisedAtMs: Date.now(),
      });
    }
    if (executedThisRun >= STEPS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof officeWorkflow>({ campaignId, officeId, executed, sinceMs });
    }
  }
}
