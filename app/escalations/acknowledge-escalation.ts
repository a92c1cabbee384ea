import type { Client } from '@temporalio/client';
import { acknowledgeSignal } from '../../workflows/definitions.js';
import type { PrismaClient } from '../../infra/db.js';
import { signalWorkflows } from '../../infra/workflow-signals.js';

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
