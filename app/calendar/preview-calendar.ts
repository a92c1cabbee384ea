import { buildPlan, type CampaignTemplate } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { checkedTemplate } from '../campaigns/checked-template.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { plannedStepsOfPlan, type PlannedStepEntry, type PlannedStepsQuery } from './planned-steps.js';

/**
 * The dry-run of a change before it is made: every planned step as the calendar (plannedSteps) would list it once the
 * campaign's template had `overrides` merged in, exactly as `updateCampaign` merges and checks them (a 422 naming
 * every bad field otherwise). Nothing is stored and no workflow is told. 404 if the campaign or the office is missing.
 */
export async function previewCalendar(
  deps: { db: PrismaClient },
  input: { overrides: Record<string, unknown> | undefined; query: PlannedStepsQuery },
): Promise<{ total: number; warnings: string[]; entries: PlannedStepEntry[] }> {
  const { db } = deps;
  const current = await findCampaign(db, input.query.campaignId);
  const template = checkedTemplate(current.template as unknown as CampaignTemplate, input.overrides);
  const stored = await loadPlan(db, current.id);
  const changed = { ...stored, template, plan: buildPlan(template, stored.calendar) };
  return plannedStepsOfPlan(deps, changed, input.query);
}
