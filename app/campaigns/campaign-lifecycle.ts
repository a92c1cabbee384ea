import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import type { PrismaClient } from '../../infra/db.js';
import { SignalError, signalWorkflows, type SignalReport } from '../../infra/workflow-signals.js';

/**
 * A campaign's lifecycle: `draft` (created, nothing sent), `running` (its workflow was started) and `finished`
 * (its workflow has ended). The product learns the end two ways: the campaign workflow's last step records its
 * `finished` event and marks the campaign (activities/campaign.ts), and a signal that finds the workflow ended —
 * one that finished under an earlier version, or was terminated — marks it too.
 */
export type CampaignStatus = 'draft' | 'running' | 'finished';

/** Marks running campaigns finished (by ID or by workflow ID); one already marked, or a draft, is left alone. */
export function markCampaignsFinished(db: PrismaClient, where: { id: string } | { workflowId: { in: string[] } }) {
  return db.campaign.updateMany({ where: { ...where, status: 'running' }, data: { status: 'finished' } });
}

/**
 * Signals the workflow of every running campaign (or of the one given); a campaign whose workflow is found
 * finished is marked finished. Returns what the signal did; a workflow that could not be reached at all
 * throws a `SignalError` after the others were signalled.
 */
export async function signalRunningCampaigns(
  deps: { db: PrismaClient; client: Client },
  signal: SignalDefinition,
  only: { campaignId?: string } = {},
): Promise<SignalReport> {
  const campaigns = await deps.db.campaign.findMany({
    where: { ...(only.campaignId ? { id: only.campaignId } : {}), status: 'running', workflowId: { not: null } },
    select: { workflowId: true },
    orderBy: { createdAt: 'asc' },
  });
  const workflowIds = campaigns.map((c) => c.workflowId!);
  try {
    return await markFinished(deps.db, await signalWorkflows(deps.client, workflowIds, signal));
  } catch (error) {
    if (error instanceof SignalError) await markFinished(deps.db, error.report);
    throw error;
  }
}

async function markFinished(db: PrismaClient, report: SignalReport): Promise<SignalReport> {
  if (report.finished.length > 0) await markCampaignsFinished(db, { workflowId: { in: report.finished } });
  return report;
}

/** The IDs of the campaigns whose workflows run: the ones an organisation change concerns. */
export async function runningCampaignIds(db: PrismaClient): Promise<string[]> {
  const campaigns = await db.campaign.findMany({
    where: { status: 'running' },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  return campaigns.map((c) => c.id);
}
