import type { Client } from '@temporalio/client';
import { planChangedSignal, workflowIds } from '../../workflows/definitions.js';
import type { PrismaClient } from '../../infra/db.js';
import { signalWorkflows } from '../../infra/workflow-signals.js';

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
