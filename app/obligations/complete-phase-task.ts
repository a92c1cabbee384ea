import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { findObligation } from '../campaigns/plan-obligations.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { ProblemError } from '../problem.js';
import { closeOfficeObligation } from './close-office-obligation.js';

/**
 * An office marks one of its plan's tasks done by hand (reports are closed by submitting them instead):
 * 404 when the campaign or the obligation does not exist, else the obligation closes and its reminders stop.
 */
export async function completePhaseTask(
  deps: { db: PrismaClient; client: Client },
  input: { campaignId: string; officeId: string; obligationKey: string; at?: Date },
): Promise<void> {
  await findCampaign(deps.db, input.campaignId);
  const loaded = await loadPlan(deps.db, input.campaignId);
  if (!findObligation(loaded, input.obligationKey)) {
    throw new ProblemError(404, 'Not found', `the plan has no obligation ${input.obligationKey}`);
  }
  await closeOfficeObligation(deps, {
    campaignId: input.campaignId,
    officeId: input.officeId,
    obligationKey: input.obligationKey,
    ...(input.at ? { at: input.at } : {}),
  });
}
