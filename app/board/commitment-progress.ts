import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { defaultSelfAssessmentDate } from '../campaigns/plan-obligations.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { officeStatuses } from '../status/office-statuses.js';

export interface OfficeCommitmentProgress {
  officeId: string;
  officeCode: string;
  officeName: string;
  unitType: string;
  /** Enterprises the office supervises. */
  total: number;
  /** Notice served, commitment signed and all four copies filed. */
  commitmentsComplete: number;
  plansSubmitted: number;
  selfAssessmentsSubmitted: number;
}

export interface CommitmentProgress {
  /** Enterprise commitments are due by this local day ('' when the plan has none). */
  commitmentDueDate: string;
  /** The default self-assessment date (end of its phase). */
  selfAssessmentDueDate: string;
  offices: OfficeCommitmentProgress[];
}

/**
 * Each office's enterprises: commitments complete, plans and self-assessments filed, for every office (or the
 * one given) at `atMs`. 404 if the campaign is missing.
 */
export async function commitmentProgress(
  deps: { db: PrismaClient },
  input: { campaignId: string; atMs: number; officeId?: string },
): Promise<CommitmentProgress> {
  const { db } = deps;
  await findCampaign(db, input.campaignId);
  const loaded = await loadPlan(db, input.campaignId);
  const statuses = await officeStatuses(db, input.campaignId, {
    atMs: input.atMs,
    ...(input.officeId ? { officeId: input.officeId } : {}),
  });
  const commitment = loaded.plan.obligations.find((o) => o.kind === 'enterprise-commitment');
  return {
    commitmentDueDate: commitment?.dueDate ?? '',
    selfAssessmentDueDate: defaultSelfAssessmentDate(loaded),
    offices: statuses.map((s) => ({
      officeId: s.officeId,
      officeCode: s.officeCode,
      officeName: s.officeName,
      unitType: s.unitType,
      ...s.enterprises,
    })),
  };
}
