import type { Client } from '@temporalio/client';
import type { CampaignTemplate } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { asJson } from '../../infra/json.js';
import { planChangedSignal } from '../../workflows/definitions.js';
import { campaignDetails, type CampaignDetails } from './campaign-details.js';
import { signalRunningCampaigns } from './campaign-lifecycle.js';
import { checkedTemplate } from './checked-template.js';
import { findCampaign } from './find-campaign.js';

export interface CampaignChanges {
  name?: string;
  bureauName?: string;
  bureauEmail?: string;
  bureauLanguage?: string;
  /** Changes to the campaign's current template; arrays replace. */
  template?: Record<string, unknown>;
}

/**
 * Edits a campaign (deadlines, the reminder ladder, the bureau contact); a running campaign's workflow is
 * signalled so that it recomputes its timers. 404 if missing, 422 if the changed template is invalid.
 */
export async function updateCampaign(
  deps: { db: PrismaClient; client: Client },
  campaignId: string,
  changes: CampaignChanges,
): Promise<CampaignDetails> {
  const { db } = deps;
  const current = await findCampaign(db, campaignId);
  const { template: overrides, ...fields } = changes;
  const template = overrides ? checkedTemplate(current.template as unknown as CampaignTemplate, overrides) : undefined;
  const campaign = await db.campaign.update({
    where: { id: current.id },
    data: { ...fields, ...(template ? { template: asJson(template) } : {}) },
  });
  const { finished } = await signalRunningCampaigns(deps, planChangedSignal, { campaignId: campaign.id });
  // Its workflow had ended: the edit is stored and the answer shows the campaign as it now stands, finished.
  return campaignDetails(db, finished.length > 0 ? await findCampaign(db, campaign.id) : campaign);
}
