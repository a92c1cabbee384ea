import { enterpriseOwes } from '../../domain/office-steps.js';
import type { PlannedObligation } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { defaultSelfAssessmentDate } from '../campaigns/plan-obligations.js';
import type { LoadedPlan } from '../campaigns/plan-store.js';

/** Enterprises of an office that still owe an enterprise obligation, by code. */
export async function openEnterprises(
  db: PrismaClient,
  loaded: LoadedPlan,
  where: { campaignId: string; officeId: string },
  obligation: PlannedObligation,
): Promise<{ id: string; name: string; code: string }[]> {
  const [enterprises, progress] = await Promise.all([
    db.enterprise.findMany({
      where: { officeId: where.officeId },
      select: { id: true, name: true, code: true },
      orderBy: { code: 'asc' },
    }),
    db.enterpriseProgress.findMany({ where }),
  ]);
  const byEnterprise = new Map(progress.map((p) => [p.enterpriseId, p]));
  const defaultDate = defaultSelfAssessmentDate(loaded);
  return enterprises.filter((e) => enterpriseOwes(obligation, byEnterprise.get(e.id), defaultDate));
}
