import type { PrismaClient } from '../../infra/db.js';
import { campaignDetails, type CampaignDetails } from './campaign-details.js';
import { findCampaign } from './find-campaign.js';

/** One campaign with its full template, or 404. */
export async function getCampaign(deps: { db: PrismaClient }, campaignId: string): Promise<CampaignDetails> {
  return campaignDetails(deps.db, await findCampaign(deps.db, campaignId));
}
