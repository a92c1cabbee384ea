import { escalationAckDeadline } from '../../domain/index.js';
import { startWorkflowOnce, type TemporalDeps } from '../../infra/workflow-signals.js';
import type { PrismaClient } from '../../infra/db.js';
import { workflowIds } from '../../workflows/definitions.js';
import type { EscalationStart, EscalationWorkflowInput } from '../../workflows/types.js';
import { loadPlan, type LoadedPlan } from '../campaigns/plan-store.js';

interface Deps {
  db: PrismaClient;
  temporal: TemporalDeps;
}

/** The default acknowledge-by instant: the end of the n-th working day after the day it is raised. */
export function defaultAckBy(loaded: LoadedPlan, fromMs: number): number {
  return escalationAckDeadline(loaded.template, loaded.calendar, fromMs).atMs;
}

/**
 * Records an escalation and starts its workflow. The workflow ID is the business key, so raising the
 * same escalation twice (a retried activity, a step run again, a double click) starts one workflow and one
 * record — also once the first has been settled and its workflow has ended.
 */
export async function startEscalation(
  deps: Deps,
  input: EscalationStart,
): Promise<{ escalationId: string; workflowId: string }> {
  const { db, temporal } = deps;
  const key = input.escalationKey ?? input.obligationKey;
  if (!key) throw new Error('an escalation needs an obligation key or an escalation key');
  const workflowId = workflowIds.escalation(input.campaignId, input.officeId, key);
  const loaded = await loadPlan(db, input.campaignId);
  const ackByMs = input.ackByMs ?? defaultAckBy(loaded, input.raisedAtMs);
  const escalation = await db.escalation.upsert({
    where: { workflowId },
    update: {},
    create: {
      campaignId: input.campaignId,
      officeId: input.officeId,
      obligationKey: input.obligationKey ?? null,
      origin: input.origin,
      level: input.level,
      reason: input.reason,
      ackBy: new Date(ackByMs),
      workflowId,
      events: { create: { at: new Date(input.raisedAtMs), kind: 'raised', level: input.level, detail: input.reason } },
    },
  });
  const args: EscalationWorkflowInput = {
    escalationId: escalation.id,
    campaignId: input.campaignId,
    officeId: input.officeId,
    level: escalation.level,
    ackByMs: escalation.ackBy.getTime(),
  };
  await startWorkflowOnce(temporal.client, 'escalationWorkflow', {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [args],
  });
  return { escalationId: escalation.id, workflowId };
}
