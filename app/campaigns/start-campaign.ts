import type { PrismaClient } from '../../infra/db.js';
import { startWorkflowOnce, type TemporalDeps } from '../../infra/workflow-signals.js';
import { workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import { ProblemError } from '../problem.js';
import { findCampaign } from './find-campaign.js';

/**
 * Starts the campaign: its workflow walks the phases and gives every office its reminder ladder. 404 if the
 * campaign is missing; 409 if it has finished or its workflow was already started (the workflow ID is the
 * business key, so a second start never runs a second workflow).
 */
export async function startCampaign(
  deps: { db: PrismaClient; temporal: TemporalDeps; clock?: () => number },
  campaignId: string,
): Promise<{ workflowId: string }> {
  const { db, temporal } = deps;
  const campaign = await findCampaign(db, campaignId);
  if (campaign.status === 'finished') {
    throw new ProblemError(409, 'Already finished', `campaign ${campaign.id} has finished; create a new campaign`);
  }
  const workflowId = workflowIds.campaign(campaign.id);
  const started = await startWorkflowOnce(temporal.client, campaignWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [{ campaignId: campaign.id }],
  });
  if (started === 'exists') {
    throw new ProblemError(409, 'Already started', `campaign ${campaign.id} is already running`);
  }
  await db.campaign.update({
    where: { id: campaign.id },
    data: { status: 'running', workflowId, startedAt: new Date(deps.clock?.() ?? Date.now()) },
  });
  return { workflowId };
}
