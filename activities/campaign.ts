import { markCampaignsFinished } from '../app/campaigns/campaign-lifecycle.js';
import type { PrismaClient } from '../infra/db.js';
import { asJson } from '../infra/json.js';
import { loadPlan } from '../app/campaigns/plan-store.js';
import { forEachConcurrently, signalWorkflows, startWorkflowOnce } from '../infra/workflow-signals.js';
import type { TemporalDeps } from '../infra/workflow-signals.js';
import { workflowIds } from '../workflows/definitions.js';
import type { CampaignOverview } from '../workflows/types.js';

interface Deps {
  db: PrismaClient;
  temporal: TemporalDeps;
}

/** Starting many workflows goes this many at a time: fast, without flooding the server. */
const FAN_OUT = 32;

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

/**
 * Records what the campaign workflow did. Its `finished` event is the workflow's last step: the campaign is
 * marked finished with it, so the API, the board and /metrics stop showing it as running.
 */
export async function recordCampaignEvent(
  deps: Deps,
  input: { campaignId: string; atMs: number; kind: string; detail?: Record<string, unknown> },
): Promise<void> {
  const event = deps.db.campaignEvent.create({
    data: {
      campaignId: input.campaignId,
      at: new Date(input.atMs),
      kind: input.kind,
      ...(input.detail ? { detail: asJson(input.detail) } : {}),
    },
  });
  if (input.kind === 'finished') {
    await deps.db.$transaction([event, markCampaignsFinished(deps.db, { id: input.campaignId })]);
  } else {
    await event;
  }
}

/**
 * Starts the workflow of every office that has none yet. An existing one is left alone, also one that has
 * ended (its ladder is over): run again from its start it would send a catch-up digest of long-past items.
 */
export async function ensureOfficeWorkflows(deps: Deps, input: { campaignId: string }): Promise<{ started: number }> {
  const offices = await deps.db.office.findMany({ select: { id: true }, orderBy: { code: 'asc' } });
  let started = 0;
  await forEachConcurrently(offices, FAN_OUT, async (office) => {
    const outcome = await startWorkflowOnce(deps.temporal.client, 'officeWorkflow', {
      taskQueue: deps.temporal.taskQueue,
      workflowId: workflowIds.office(input.campaignId, office.id),
      args: [{ campaignId: input.campaignId, officeId: office.id }],
    });
    if (outcome === 'started') started += 1;
  });
  return { started };
}

/** Passes a plan change on to every office workflow of the campaign. */
export async function signalOfficeWorkflows(
  deps: Deps,
  input: { campaignId: string; signal: 'planChanged' },
): Promise<void> {
  const offices = await deps.db.office.findMany({ select: { id: true } });
  const ids = offices.map((office) => workflowIds.office(input.campaignId, office.id));
  // An office workflow not started yet reads the new plan when it starts; one that has ended has nothing to redo.
  await signalWorkflows(deps.temporal.client, ids, input.signal);
}
