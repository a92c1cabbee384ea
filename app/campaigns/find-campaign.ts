import type { Campaign } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';

/** The campaign a request is about, or 404 naming it. */
export async function findCampaign(db: PrismaClient, id: string): Promise<Campaign> {
  const campaign = await db.campaign.findUnique({ where: { id } });
  if (!campaign) throw new ProblemError(404, 'Not found', `campaign ${id} does not exist`);
  return campaign;
}
