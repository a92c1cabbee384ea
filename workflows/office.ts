import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { PendingDelivery, ScheduledStep } from './types.js';
import { MAIL_STEP_RETRY } from './mail-retry.js';
import { obligationClosedSignal, officeStatusQuery, planChangedSignal } from './definitions.js';
import { DELIVER_DEADLINE_NOTICES_AT_SEND_TIME } from './patches.js';

const retry = MAIL_STEP_RETRY;

const activities = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry });

/**
 * The office's own work (its schedule, its steps and their mails) runs as local activities: inside the
 * workflow task that needs it, on the worker that runs the workflow, with no activity task to dispatch
 * and no second workflow task to report back. Per office that halves the server's work at a campaign's
 * start and at every deadline. Each call is short and idempotent (a step is recorded once, a mail is
 * leased and sent once per key), so a worker that dies mid-step is simply replaced: the workflow task
 * times out and the next worker runs the step again.
 */
const local = proxyLocalActivities<Activities>({
  // A step sends a few mails; an attempt that takes longer than this is given up and retried.
  startToCloseTimeout: '1 minute',
  retry,
  // Every retry waits on a durable timer (the backoff starts at 30 s), not inside a workflow task.
  localRetryThreshold: '10 seconds',
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

/** The earliest delivery if it is due before the next step (at the same instant too), else undefined. */
function deliveryBefore(deliveries: PendingDelivery[], next: ScheduledStep | undefined): PendingDelivery | undefined {
  const delivery = deliveries[0];
  return delivery !== undefined && (next === undefined || delivery.deliverAtMs <= next.atMs) ? delivery : undefined;
}

/** The deliveries with the mails of `step` added, earliest first. */
function withDelivery(deliveries: PendingDelivery[], step: ScheduledStep, deliverAtMs: number): PendingDelivery[] {
  return [...deliveries, { step, deliverAtMs }].sort((a, b) => a.deliverAtMs - b.deliverAtMs);
}

/**
 * One per office and campaign: waits on a durable timer for each ladder step of the office's own
 * obligations and of its enterprises' obligations (sent as digests), and runs it. A closed obligation
 * loses its remaining steps at once; a changed plan reloads the schedule. An overdue notice or escalation is
 * recorded at its instant and its mails, when they wait for the send time, are delivered at their own instant
 * (deliveries, kept in the database and reloaded with the schedule).
 */
export async function officeWorkflow(input: OfficeWorkflowInput): Promise<void> {
  const { campaignId, officeId } = input;
  let executed = input.executed ?? 0;
  const sinceMs = input.sinceMs ?? Date.now();
  let executedThisRun = 0;
  let reload = true;
  let steps: ScheduledStep[] = [];
  let deliveries: PendingDelivery[] = [];

  setHandler(planChangedSignal, () => {
    reload = true;
  });
  setHandler(obligationClosedSignal, ({ obligationKey }) => {
    // Reminders, overdue notice and escalation of a fulfilled obligation must never go out. A recorded step whose
    // mails wait keeps its delivery: deliverOfficeStep drops an overdue notice then, and sends an escalation's.
    steps = steps.filter((s) => s.obligationKey !== obligationKey);
  });
  setHandler(officeStatusQuery, () => ({ nextSteps: steps.slice(0, 10), executed }));

  const loadSchedule = async () => {
    const schedule = await local.loadOfficeSchedule({ campaignId, officeId, sinceMs, nowMs: Date.now() });
    deliveries = schedule.deliveries ?? [];
    return schedule.steps;
  };
  const handOverIfDue = async () => {
    if (executedThisRun >= STEPS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof officeWorkflow>({ campaignId, officeId, executed, sinceMs });
    }
  };
  if (input.sinceMs === undefined) {
    // First run: if the campaign started after some deadlines, one digest of what is already overdue.
    // It is independent of the schedule (steps from sinceMs on), so both run at once.
    reload = false;
    [, steps] = await Promise.all([local.sendCatchUpDigest({ campaignId, officeId, atMs: sinceMs }), loadSchedule()]);
  }

  for (;;) {
    if (reload) {
      reload = false;
      steps = await loadSchedule();
    }
    const next = steps[0];
    const delivery = deliveryBefore(deliveries, next);
    if (delivery !== undefined && patched(DELIVER_DEADLINE_NOTICES_AT_SEND_TIME)) {
      const wait = delivery.deliverAtMs - Date.now();
      if (wait > 0 && (await condition(() => reload || steps[0] !== next, wait))) continue;
      await local.deliverOfficeStep({ campaignId, officeId, step: delivery.step, deliverAtMs: delivery.deliverAtMs });
      deliveries = deliveries.filter((d) => d !== delivery);
      executedThisRun += 1;
      await handOverIfDue();
      continue;
    }
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
    // Recorded now; its mails, if they wait for the send time, go out as a delivery (above).
    const deliverLater = patched(DELIVER_DEADLINE_NOTICES_AT_SEND_TIME) ? { deliverLater: { nowMs: Date.now() } } : {};
    const result = await local.runOfficeStep({ campaignId, officeId, step: next, ...deliverLater });
    steps = steps.filter((s) => s !== next);
    executed += 1;
    executedThisRun += 1;
    if (result.deliverAtMs !== undefined) deliveries = withDelivery(deliveries, next, result.deliverAtMs);
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
    await handOverIfDue();
  }
}
