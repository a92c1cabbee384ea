import { planCalendarEvents, toICalendar } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { obligationsOfOffice } from '../campaigns/office-obligations.js';
import { ProblemError } from '../problem.js';

/**
 * An office's deadlines as an iCalendar feed (RFC 5545), for staff to subscribe to; obligations already done
 * are included. 404 if the campaign or the office is missing.
 */
export async function officeCalendarFeed(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; language: 'zh' | 'en' },
): Promise<{ officeCode: string; ics: string }> {
  const { db } = deps;
  await findCampaign(db, input.campaignId);
  const loaded = await loadPlan(db, input.campaignId);
  const office = await db.office.findUnique({ where: { id: input.officeId } });
  if (!office) throw new ProblemError(404, 'Not found', `office ${input.officeId} does not exist`);
  const obligations = await obligationsOfOffice(db, loaded, loaded.campaign.id, office.id, { includeDone: true });
  const lang = input.language;
  const ics = toICalendar({
    name: lang === 'en' ? `${loaded.campaign.name}: ${office.name}` : `${loaded.campaign.name}（${office.name}）`,
    events: planCalendarEvents(
      { timeZone: loaded.template.timeZone, obligations },
      { uidSuffix: `@${loaded.campaign.id}.${office.id}`, lang },
    ),
    dtstamp: Date.now(),
  });
  return { officeCode: office.code, ics };
}
