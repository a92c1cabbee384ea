import { isStaleReminder } from '../../domain/office-steps.js';
import type { PrismaClient } from '../../infra/db.js';
import type { OfficeSchedule, ScheduledStep } from '../../workflows/types.js';
import { officeFactsOf, officeFactsSql, officeObligations } from '../campaigns/office-obligations.js';
import { loadPlan, planStampSql } from '../campaigns/plan-store.js';

/**
 * The steps an office workflow waits for: not yet run, not before `sinceMs`, stale reminders dropped.
 * One round trip: the office's facts, its executed steps and the plan's stamp (the plan itself is cached).
 */
export async function loadOfficeSchedule(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; sinceMs: number; nowMs: number },
): Promise<OfficeSchedule> {
  const { db } = deps;
  const { campaignId, officeId } = input;
  const [row] = await db.$queryRaw<
    { stamp: string | null; enterpriseCount: number; states: string; committedDates: string; runs: string }[]
  >`SELECT ${planStampSql(campaignId)} AS stamp, ${officeFactsSql(campaignId, officeId)},
      coalesce((SELECT json_agg(r."obligationKey" || '|' || r."stepKey") FROM "StepRun" r
                WHERE r."campaignId" = ${campaignId} AND r."officeId" = ${officeId}), '[]'::json)::text AS runs`;
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
  return { steps, lastStepAtMs: steps.at(-1)?.atMs };
}
