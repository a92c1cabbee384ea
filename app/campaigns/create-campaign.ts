import { defaultTemplate } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { asJson } from '../../infra/json.js';
import { campaignDetails, type CampaignDetails } from './campaign-details.js';
import { checkedTemplate } from './checked-template.js';

export interface NewCampaign {
  name: string;
  year: number;
  bureauName?: string;
  bureauEmail: string;
  bureauLanguage?: string;
  /** Changes to the default template of the year; arrays replace. */
  template?: Record<string, unknown>;
}

/** Creates a draft campaign from the default template of its year; nothing is stored if the template is invalid. */
export async function createCampaign(deps: { db: PrismaClient }, input: NewCampaign): Promise<CampaignDetails> {
  const { template: overrides, ...fields } = input;
  const template = checkedTemplate(defaultTemplate(fields.year), overrides);
  const campaign = await deps.db.campaign.create({ data: { ...fields, template: asJson(template) } });
  return campaignDetails(deps.db, campaign);
}
