import { Prisma } from '../../generated/prisma/client.js';
import { deadlineNoticeStillOwed } from '../../domain/index.js';
import type { OfficeStepInput, StepOutcome } from '../../workflows/types.js';
import { findObligation, withExtension } from '../campaigns/plan-obligations.js';
import { loadPlan } from '../campaigns/plan-store.js';
import {
  awaitsDelivery,
  enterpriseDigestPlan,
  officeStepPlan,
  readStepContext,
  sendStepMails,
  type StepDeps,
  type StepInput,
  type StepPlan,
} from './step-mails.js';

/**
 * Sends the mails of a recorded overdue notice or escalation step at its delivery instant (runOfficeStep recorded it
 * at the deadline and deferred them). The mails are written now, from the obligation as it stands: an overdue notice
 * whose obligation was fulfilled (or extended past this instant) in the meantime is not sent, an escalation's mail is
 * (the escalation was raised at its instant and stands), and an enterprise digest names the enterprises still open
 * (none: nothing is sent). Each mail has the key it would have had at the step's instant, so it is sent once. The
 * step's record is completed with the answer to the last mail; a delivery run again finds it complete.
 */
export async function deliverOfficeStep(
  deps: StepDeps,
  input: OfficeStepInput & { deliverAtMs: number },
): Promise<StepOutcome> {
  const { db } = deps;
  const context = await readStepContext(deps, input);
  if (context.recordedOutcome === null) {
    throw new Error(`step ${input.step.obligationKey}/${input.step.stepKey} of office ${input.officeId} was never run`);
  }
  if (!awaitsDelivery(context)) return { outcome: 'already-done', mails: 0 };

  const loaded = await loadPlan(db, input.campaignId, context.stamp);
  const planned = findObligation(loaded, input.step.obligationKey);
  let plan: StepPlan = { mails: [], outcome: 'skipped-closed', detail: {} };
  if (planned) {
    const obligation = withExtension(loaded, planned, context.status === null ? null : context.extendedDueDate);
    plan =
      input.step.responsible === 'office'
        ? officeStepPlan(
            deps,
            loaded,
            input,
            obligation,
            context,
            deadlineNoticeStillOwed(
              input.step.kind,
              { done: context.status === 'done', dueAtMs: obligation.dueAtMs },
              input.deliverAtMs,
            ),
          )
        : await enterpriseDigestPlan(deps, loaded, input, obligation, context);
  }
  await sendStepMails(deps, input, plan.mails, input.deliverAtMs, recordDelivery(input, plan));
  return { outcome: plan.outcome, mails: plan.mails.length };
}

/** Completes the step's record: what was delivered (an escalation step stays `escalated`), and when. */
function recordDelivery(input: StepInput & { deliverAtMs: number }, plan: StepPlan): Prisma.Sql {
  const { campaignId, officeId, step } = input;
  const detail = { ...plan.detail, deliveredAt: new Date(input.deliverAtMs).toISOString() };
  return Prisma.sql`
    UPDATE "StepRun"
    SET "outcome" = CASE WHEN "outcome" = 'escalated' THEN "outcome" ELSE ${plan.outcome} END,
        "detail" = coalesce("detail", '{}'::jsonb) || ${JSON.stringify(detail)}::jsonb
    WHERE "campaignId" = ${campaignId} AND "officeId" = ${officeId} AND "obligationKey" = ${step.obligationKey}
      AND "stepKey" = ${step.stepKey} AND "detail"->>'deliveredAt' IS NULL`;
}
