import { ESCALATION_KEY } from '../../domain/index.js';
import { isStaleReminder } from '../../domain/office-steps.js';
import type { PrismaClient } from '../../infra/db.js';
import type { OfficeSchedule, PendingDelivery, ScheduledStep } from '../../workflows/types.js';
import { officeFactsOf, officeFactsSql, officeObligations } from '../campaigns/office-obligations.js';
import { findObligation } from '../campaigns/plan-obligations.js';
import { loadPlan, planStampSql, type LoadedPlan } from '../campaigns/plan-store.js';
import { stepDeliveryAtMs } from './step-mails.js';

/** A recorded step whose mails wait (StepRun with a delivery instant and no delivery yet). */
interface WaitingRun {
  obligationKey: string;
  stepKey: string;
  scheduledAt: string;
}

/**
 * The steps an office workflow waits for: not yet run, not before `sinceMs`, stale reminders dropped; and the
 * recorded deadline steps whose mails wait for their delivery instant, computed from the plan as it stands (so an
 * edited send time, a corrected holiday or a switch to immediate delivery moves them too).
 * One round trip: the office's facts, its executed steps and the plan's stamp (the plan itself is cached).
 */
export async function loadOfficeSchedule(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; sinceMs: number; nowMs: number },
): Promise<OfficeSchedule> {
  const { db } = deps;
  const { campaignId, officeId } = input;
  const [row] = await db.$queryRaw<
    {
      stamp: string | null;
      enterpriseCount: number;
      states: string;
      committedDates: string;
      supervision: string;
      runs: string;
      waiting: string;
    }[]
  >`SELECT ${planStampSql(campaignId)} AS stamp, ${officeFactsSql(campaignId, officeId)},
      coalesce((SELECT json_agg(r."obligationKey" || '|' || r."stepKey") FROM "StepRun" r
                WHERE r."campaignId" = ${campaignId} AND r."officeId" = ${officeId}), '[]'::json)::text AS runs,
      coalesce((SELECT json_agg(json_build_object('obligationKey', r."obligationKey", 'stepKey', r."stepKey",
                                                  'scheduledAt', to_char(r."scheduledAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
                FROM "StepRun" r
                WHERE r."campaignId" = ${campaignId} AND r."officeId" = ${officeId}
                  AND r."detail"->>'deliverAt' IS NOT NULL AND r."detail"->>'deliveredAt' IS NULL),
               '[]'::json)::text AS waiting`;
  const loaded = await loadPlan(db, campaignId, row!.stamp);
  const obligations = officeObligations(loaded, officeFactsOf(row!));
  const done = new Set(JSON.parse(row!.runs) as string[]);
  const steps: ScheduledStep[] = obligations
    .flatMap((o) =>
      o.steps.map((s) => ({
        obligationKey: o.key,
        stepKey: s.key,
        kind: s.kind,
        responsible: o.responsible,
        atMs: s.atMs,
      })),
    )
    .filter((s) => s.atMs >= input.sinceMs && !done.has(`${s.obligationKey}|${s.stepKey}`))
    .filter((s) => !isStaleReminder(s, input.nowMs))
    .sort((a, b) => a.atMs - b.atMs);
  const deliveries = pendingDeliveries(loaded, JSON.parse(row!.waiting) as WaitingRun[]);
  return { steps, lastStepAtMs: steps.at(-1)?.atMs, deliveries };
}

/** The waiting steps as the workflow runs them, earliest delivery first. */
function pendingDeliveries(loaded: LoadedPlan, runs: WaitingRun[]): PendingDelivery[] {
  return runs
    .map((r): PendingDelivery => {
      const step: ScheduledStep = {
        obligationKey: r.obligationKey,
        stepKey: r.stepKey,
        kind: r.stepKey === ESCALATION_KEY ? 'escalation' : 'overdue',
        // An obligation gone from the plan: deliverOfficeStep completes the record without a mail.
        responsible: findObligation(loaded, r.obligationKey)?.responsible ?? 'office',
        atMs: Date.parse(r.scheduledAt),
      };
      return { step, deliverAtMs: stepDeliveryAtMs(loaded, step) };
    })
    .sort((a, b) => a.deliverAtMs - b.deliverAtMs || a.step.atMs - b.step.atMs);
}
