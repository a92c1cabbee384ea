import type { PrismaClient } from '../../infra/db.js';
import { campaignDetails, type CampaignDetails } from './campaign-details.js';

/** Every campaign, oldest first. */
export async function listCampaigns(deps: { db: PrismaClient }): Promise<CampaignDetails[]> {
  const campaigns = await deps.db.campaign.findMany({ orderBy: { createdAt: 'asc' } });
  return Promise.all(campaigns.map((campaign) => campaignDetails(deps.db, campaign)));
}
