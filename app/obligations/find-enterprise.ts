import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { ProblemError } from '../problem.js';
import { visibleTo } from '../access/visible-to.js';

/**
 * The enterprise a progress update is about, or 404 (the campaign first, then the enterprise). Read on its
 * own so that the route can check the caller may write to the enterprise's office before anything changes.
 */
export async function findEnterprise(
  deps: { db: PrismaClient },
  input: { campaignId: string; enterpriseId: string; ownOfficeId?: string | undefined },
): Promise<{ id: string; officeId: string }> {
  await findCampaign(deps.db, input.campaignId);
  const enterprise = await deps.db.enterprise.findFirst({
    where: { id: input.enterpriseId, ...visibleTo(input.ownOfficeId) },
    select: { id: true, officeId: true },
  });
  if (!enterprise) throw new ProblemError(404, 'Not found', `enterprise ${input.enterpriseId} does not exist`);
  return enterprise;
}
