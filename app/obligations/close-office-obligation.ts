import type { Client } from '@temporalio/client';
import { obligationClosedSignal, workflowIds } from '../../workflows/definitions.js';
import type { PrismaClient } from '../../infra/db.js';
import { signalWorkflows } from '../../infra/workflow-signals.js';

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
