import { Prisma } from '../../generated/prisma/client.js';
import type { OfficeStepInput, StepOutcome } from '../../workflows/types.js';
import { findObligation, withExtension } from '../campaigns/plan-obligations.js';
import { loadPlan, type LoadedPlan } from '../campaigns/plan-store.js';
import { supervisionKindOf } from '../../domain/index.js';
import { supervisionStepPlan } from '../supervision/supervision-step.js';
import {
  awaitsDelivery,
  enterpriseDigestPlan,
  escalationOf,
  officeStepPlan,
  readStepContext,
  sendStepMails,
  stepDeliveryAtMs,
  type StepContext,
  type StepDeps,
  type StepInput,
  type StepPlan,
} from './step-mails.js';

export type { StepDeps } from './step-mails.js';

/**
 * Runs one ladder step of one office at its instant: checks the obligation is still open at this moment, records
 * the step and sends the mail(s) under idempotency keys. An overdue notice or escalation whose delivery instant
 * (domain/notice-delivery.ts: the send time of the next working day, by default) lies ahead is recorded now, and
 * its mails wait for deliverOfficeStep — only when the workflow asks with `deliverLater`, since only then will it
 * run that delivery. Safe to retry: a recorded step is not run again, but answers what it owes its workflow. A
 * local activity runs again whenever the workflow task that ran it did not complete; the workflow then never saw
 * the first answer, so a recorded escalation step returns its escalation again and the workflow starts it (once:
 * the escalation's workflow ID is its business key), and a recorded step whose mails wait returns their instant.
 *
 * Database round trips for a step with one mail: three (the context; record + lease the mail; SMTP's
 * answer together with the step's record), plus two for an enterprise digest (its enterprises).
 */
export async function runOfficeStep(deps: StepDeps, input: OfficeStepInput): Promise<StepOutcome> {
  const { db } = deps;
  const context = await readStepContext(deps, input);
  // A recorded step sends nothing again; only an escalation it raised, or a delivery it awaits, is still owed.
  const repeated = context.recordedOutcome !== null;
  const waiting = input.deliverLater !== undefined && awaitsDelivery(context);
  if (repeated && context.recordedOutcome !== 'escalated' && !waiting) return { outcome: 'already-done', mails: 0 };

  const loaded = await loadPlan(db, input.campaignId, context.stamp);
  if (supervisionKindOf(input.step.obligationKey)) return runSupervisionStep(deps, loaded, input, context);
  const planned = findObligation(loaded, input.step.obligationKey);
  if (!planned) throw new Error(`obligation ${input.step.obligationKey} is not in campaign ${input.campaignId}'s plan`);
  const obligation = withExtension(loaded, planned, context.status === null ? null : context.extendedDueDate);
  const deliverAtMs = stepDeliveryAtMs(loaded, input.step);
  if (repeated) {
    return {
      outcome: 'already-done',
      mails: 0,
      ...(context.recordedOutcome === 'escalated' ? { escalate: escalationOf(obligation, context) } : {}),
      ...(waiting ? { deliverAtMs } : {}),
    };
  }

  const plan =
    input.step.responsible === 'office'
      ? officeStepPlan(deps, loaded, input, obligation, context)
      : await enterpriseDigestPlan(deps, loaded, input, obligation, context);
  const escalate = plan.escalate ? { escalate: plan.escalate } : {};
  if (input.deliverLater && plan.mails.length > 0 && deliverAtMs > input.deliverLater.nowMs) {
    await db.$executeRaw(recordStep(input, plan, { deliverAtMs }));
    return { outcome: 'deferred', mails: 0, ...escalate, deliverAtMs };
  }
  const scheduledForMs = input.deliverLater ? deliverAtMs : input.step.atMs;
  await sendStepMails(deps, input, plan.mails, scheduledForMs, recordStep(input, plan));
  return { outcome: plan.outcome, mails: plan.mails.length, ...escalate };
}

/**
 * A supervision step (phases 3 and 4): its overdue and escalation steps are planned at their delivery instants
 * already, so its mails go out when it runs. Run again, it answers the escalation it raised, like any step.
 */
async function runSupervisionStep(
  deps: StepDeps,
  loaded: LoadedPlan,
  input: OfficeStepInput,
  context: StepContext,
): Promise<StepOutcome> {
  const { plan, obligation } = await supervisionStepPlan(deps, loaded, input, context);
  if (context.recordedOutcome !== null) {
    return {
      outcome: 'already-done',
      mails: 0,
      ...(context.recordedOutcome === 'escalated' && obligation ? { escalate: escalationOf(obligation, context) } : {}),
    };
  }
  await sendStepMails(deps, input, plan.mails, input.step.atMs, recordStep(input, plan));
  return { outcome: plan.outcome, mails: plan.mails.length, ...(plan.escalate ? { escalate: plan.escalate } : {}) };
}

/**
 * The step's record (once: a second insert does nothing). A step whose mails wait records `deferred` (or
 * `escalated`: the escalation is raised at the instant all the same) with the delivery instant in its detail;
 * deliverOfficeStep completes the record when they go out.
 */
function recordStep(input: StepInput, plan: StepPlan, deferred?: { deliverAtMs: number }): Prisma.Sql {
  const { campaignId, officeId, step } = input;
  const outcome = plan.escalate ? 'escalated' : deferred ? 'deferred' : plan.outcome;
  const detail = deferred ? { ...plan.detail, deliverAt: new Date(deferred.deliverAtMs).toISOString() } : plan.detail;
  return Prisma.sql`
    INSERT INTO "StepRun" ("campaignId", "officeId", "obligationKey", "stepKey", "scheduledAt", "executedAt",
                           "outcome", "detail")
    VALUES (${campaignId}, ${officeId}, ${step.obligationKey}, ${step.stepKey},
            ${new Date(step.atMs).toISOString()}::timestamp(3), ${new Date().toISOString()}::timestamp(3),
            ${outcome}, ${JSON.stringify(detail)}::jsonb)
    ON CONFLICT DO NOTHING`;
}
