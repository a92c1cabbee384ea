import type { Campaign } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { loadPlan } from './plan-store.js';

/** A campaign as the bureau sees it: its row and the warnings of its plan (e.g. a year without holiday data). */
export type CampaignDetails = Campaign & { warnings: string[] };

/** Adds the plan's warnings to a campaign row just read or written. */
export async function campaignDetails(db: PrismaClient, campaign: Campaign): Promise<CampaignDetails> {
  const loaded = await loadPlan(db, campaign.id);
  return { ...campaign, warnings: loaded.plan.warnings };
}
