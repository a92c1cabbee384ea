import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { heartbeat } from '@temporalio/activity';
import type { PrismaClient } from '../lib/db.js';
import { asJson } from '../lib/json.js';
import { loadPlan } from '../lib/plan-store.js';
import type { TemporalDeps } from './escalation.js';
import { workflowIds } from '../workflows/definitions.js';
import type { CampaignOverview } from './types.js';

interface Deps {
  db: PrismaClient;
  temporal: TemporalDeps;
}

/** Starting or signalling many workflows goes this many at a time: fast, without flooding the server. */
const FAN_OUT = 32;

async function forEachConcurrently<T>(items: T[], limit: number, action: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await action(item);
      if (next % 100 === 0) heartbeatIfInActivity(next);
    }
  });
  await Promise.all(runners);
}

function heartbeatIfInActivity(progress: number): void {
  try {
    heartbeat(progress);
  } catch {
    // called outside an activity (e.g. from the API): nothing to report to
  }
}

export async function loadCampaignOverview(deps: Deps, input: { campaignId: string }): Promise<CampaignOverview> {
  const loaded = await loadPlan(deps.db, input.campaignId);
  const officeCount = await deps.db.office.count();
  return {
    campaignId: input.campaignId,
    phases: loaded.plan.phases.map((p) => ({
      key: p.key,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      startAtMs: p.startAtMs,
      deadlineAtMs: p.deadlineAtMs,
    })),
    endAtMs: Math.max(...loaded.plan.obligations.map((o) => o.hardDueAtMs)),
    officeCount,
  };
}

export async function recordCampaignEvent(
  deps: Deps,
  input: { campaignId: string; atMs: number; kind: string; detail?: Record<string, unknown> },
): Promise<void> {
  await deps.db.campaignEvent.create({
    data: {
      campaignId: input.campaignId,
      at: new Date(input.atMs),
      kind: input.kind,
      ...(input.detail ? { detail: asJson(input.detail) } : {}),
    },
  });
}

/** Starts the workflow of every office that has none yet; an existing one is left alone. */
export async function ensureOfficeWorkflows(deps: Deps, input: { campaignId: string }): Promise<{ started: number }> {
  const offices = await deps.db.office.findMany({ select: { id: true }, orderBy: { code: 'asc' } });
  let started = 0;
  await forEachConcurrently(offices, FAN_OUT, async (office) => {
    try {
      await deps.temporal.client.workflow.start('officeWorkflow', {
        taskQueue: deps.temporal.taskQueue,
        workflowId: workflowIds.office(input.campaignId, office.id),
        args: [{ campaignId: input.campaignId, officeId: office.id }],
      });
      started += 1;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  });
  return { started };
}

/** Passes a plan change on to every office workflow of the campaign. */
export async function signalOfficeWorkflows(
  deps: Deps,
  input: { campaignId: string; signal: 'planChanged' },
): Promise<void> {
  const offices = await deps.db.office.findMany({ select: { id: true } });
  await forEachConcurrently(offices, FAN_OUT, async (office) => {
    try {
      await deps.temporal.client.workflow
        .getHandle(workflowIds.office(input.campaignId, office.id))
        .signal(input.signal);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  });
}
