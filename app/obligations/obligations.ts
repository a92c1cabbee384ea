import type { Client } from '@temporalio/client';
import {
  acknowledgeSignal,
  obligationClosedSignal,
  planChangedSignal,
  workflowIds,
} from '../../workflows/definitions.js';
import type { PrismaClient } from '../../infra/db.js';
import { signalWorkflows } from '../../infra/workflow-signals.js';

/**
 * Writes that change an obligation, each followed by the signal that tells its workflow at once.
 * The database is the truth (the workflows re-check it before every step); the signal only makes
 * the ladder stop or recompute without waiting for the next step. A workflow not started yet (a draft
 * campaign) or already finished needs no telling: `signalWorkflows` reports it and the write stands.
 */

/** An office fulfilled an obligation (report submitted, phase task done): its ladder stops. */
export async function closeOfficeObligation(
  deps: { db: PrismaClient; client: Client },
  input: { campaignId: string; officeId: string; obligationKey: string; at?: Date },
): Promise<void> {
  const at = input.at ?? new Date();
  const { campaignId, officeId, obligationKey } = input;
  await deps.db.obligationState.upsert({
    where: { campaignId_officeId_obligationKey: { campaignId, officeId, obligationKey } },
    update: { status: 'done', doneAt: at },
    create: { campaignId, officeId, obligationKey, status: 'done', doneAt: at },
  });
  await signalWorkflows(deps.client, [workflowIds.office(campaignId, officeId)], obligationClosedSignal, {
    obligationKey,
  });
}

/** An approved extension: the obligation gets a new due date and its ladder is recomputed. */
export async function extendOfficeObligation(
  deps: { db: PrismaClient; client: Client },
  input: { campaignId: string; officeId: string; obligationKey: string; newDueDate: string },
): Promise<void> {
  const { campaignId, officeId, obligationKey, newDueDate } = input;
  await deps.db.obligationState.upsert({
    where: { campaignId_officeId_obligationKey: { campaignId, officeId, obligationKey } },
    update: { extendedDueDate: newDueDate },
    create: { campaignId, officeId, obligationKey, extendedDueDate: newDueDate },
  });
  await signalWorkflows(deps.client, [workflowIds.office(campaignId, officeId)], planChangedSignal);
}

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

/** The office head acknowledged an escalation: recorded now, and the escalation stops climbing. */
export async function acknowledgeEscalation(
  deps: { db: PrismaClient; client: Client },
  input: { escalationId: string; by: string; at?: Date },
): Promise<void> {
  const escalation = await deps.db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  if (escalation.acknowledgedAt) return;
  await deps.db.escalation.update({
    where: { id: escalation.id },
    data: { acknowledgedAt: input.at ?? new Date(), acknowledgedBy: input.by },
  });
  await signalWorkflows(deps.client, [escalation.workflowId], acknowledgeSignal, { by: input.by });
}
