import type { Client } from '@temporalio/client';
import { officesChangedSignal, planChangedSignal, workflowIds } from '../../workflows/definitions.js';
import { runningCampaignIds, signalRunningCampaigns } from '../campaigns/campaign-lifecycle.js';
import type { PrismaClient } from '../../infra/db.js';
import { signalWorkflows, type SignalReport } from '../../infra/workflow-signals.js';

/**
 * Every change to the organisation reaches every running campaign as soon as it is stored. Campaign and office
 * workflows read offices and enterprises from the database, but only when they start or are told: without a
 * signal a new office would never get its ladder, and an office gaining its first enterprise would never get
 * its enterprises' digests.
 */

interface Deps {
  db: PrismaClient;
  client: Client;
}

/** Offices were added (one, or an import): each running campaign workflow starts the office workflows missing. */
export function announceNewOffices(deps: Deps): Promise<SignalReport> {
  return signalRunningCampaigns(deps, officesChangedSignal);
}

/**
 * Enterprises were added to these offices, or moved between them: each office's workflow in every running
 * campaign reloads its schedule (an office's enterprise digests exist only while it has enterprises). An office
 * workflow not started yet reads the enterprises when it starts, so `missing` loses nothing.
 */
export async function announceEnterpriseChanges(deps: Deps, officeIds: readonly string[]): Promise<SignalReport> {
  const campaignIds = await runningCampaignIds(deps.db);
  const ids = campaignIds.flatMap((campaignId) =>
    [...new Set(officeIds)].map((officeId) => workflowIds.office(campaignId, officeId)),
  );
  return signalWorkflows(deps.client, ids, planChangedSignal);
}
