import { Type } from '@sinclair/typebox';
import type { Campaign } from '../generated/prisma/client.js';
import type { PrismaClient } from '../lib/db.js';
import { ProblemError } from '../lib/problem.js';
import type { AppDeps } from './deps.js';

/** The campaign a route is about, or 404 naming it. */
export async function findCampaign(db: PrismaClient, id: string): Promise<Campaign> {
  const campaign = await db.campaign.findUnique({ where: { id } });
  if (!campaign) throw new ProblemError(404, 'Not found', `campaign ${id} does not exist`);
  return campaign;
}

/** `?asOf=`: read the state at another instant than now (status views, the board, metrics tests). */
export const AsOfInstant = Type.String({ format: 'date-time', description: 'evaluate at this instant instead of now' });

/** The instant a read is evaluated at: the caller's asOf, or now by the app's clock (which tests pin). */
export function instantOf(deps: AppDeps, asOf: string | undefined): number {
  return asOf ? Date.parse(asOf) : (deps.clock ?? Date.now)();
}
