import type { Client } from '@temporalio/client';
import { planChangedSignal, workflowIds } from '../../workflows/definitions.js';
import type { PrismaClient } from '../../infra/db.js';
import { signalWorkflows } from '../../infra/workflow-signals.js';

export type EnterpriseProgressUpdate = Partial<{
  noticeServedAt: Date;
  noticeServedBy: string;
  signedAt: Date;
  signatory: string;
  committedSelfAssessmentDate: string;
  copyArchiveAt: Date;
  copyNoticeBoardAt: Date;
  copyTownshipAt: Date;
  copyCountyAt: Date;
  planSubmittedAt: Date;
  selfAssessmentSubmittedAt: Date;
}>;

/**
 * Records an enterprise's progress (annex 1 and 2, plan, self-assessment). Digests list the
 * enterprises still open when they are sent, so only a new self-assessment date needs a recompute.
 */
export async function recordEnterpriseProgress(
  deps: { db: PrismaClient; client: Client },
  input: { campaignId: string; enterpriseId: string; update: EnterpriseProgressUpdate },
): Promise<void> {
  const enterprise = await deps.db.enterprise.findUniqueOrThrow({ where: { id: input.enterpriseId } });
  const key = { campaignId: input.campaignId, enterpriseId: input.enterpriseId };
  const before = await deps.db.enterpriseProgress.findUnique({ where: { campaignId_enterpriseId: key } });
  await deps.db.enterpriseProgress.upsert({
    where: { campaignId_enterpriseId: key },
    update: input.update,
    create: { ...key, officeId: enterprise.officeId, ...input.update },
  });
  const newDate = input.update.committedSelfAssessmentDate;
  if (newDate !== undefined && newDate !== before?.committedSelfAssessmentDate) {
    await signalWorkflows(deps.client, [workflowIds.office(input.campaignId, enterprise.officeId)], planChangedSignal);
  }
}
