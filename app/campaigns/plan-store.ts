import {
  buildPlan,
  createWorkingDayCalendar,
  parseTemplate,
  type CampaignPlan,
  type CampaignTemplate,
  type WorkingDayCalendar,
  type WorkingDayEntry,
} from '../../domain/index.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';

export interface LoadedPlan {
  campaign: { id: string; name: string; year: number; bureauName: string; bureauEmail: string; bureauLanguage: string };
  template: CampaignTemplate;
  calendar: WorkingDayCalendar;
  plan: CampaignPlan;
}

/** The working-day calendar with the bureau's stored corrections on top of the holiday package. */
export async function loadCalendar(db: PrismaClient): Promise<WorkingDayCalendar> {
  const rows = await db.holidayOverride.findMany({ orderBy: { date: 'asc' } });
  return createWorkingDayCalendar(
    rows.map((r): WorkingDayEntry => ({ date: r.date, kind: r.kind as WorkingDayEntry['kind'], name: r.name })),
  );
}

// A thousand office workflows load the same plan within seconds of a start or a plan change: compute it once.
const cache = new Map<string, { stamp: string; value: Promise<LoadedPlan> }>();

/**
 * A scalar SQL expression that changes whenever the campaign's plan may have changed (the campaign row
 * or the bureau's working-day entries): NULL when the campaign does not exist. Activities select it in
 * their own query and pass it to `loadPlan`, which then needs no round trip of its own on a cache hit.
 */
export function planStampSql(campaignId: string): Prisma.Sql {
  return Prisma.sql`(SELECT c."updatedAt"::text || '/' || coalesce((SELECT max(h."createdAt")::text FROM "HolidayOverride" h), '-')
           || '/' || (SELECT count(*) FROM "HolidayOverride")::text
    FROM "Campaign" c WHERE c.id = ${campaignId})`;
}

/**
 * The campaign's plan, computed once per version. `stamp` is the value of `planStampSql` when the
 * caller has already selected it; otherwise one round trip reads it.
 */
export async function loadPlan(db: PrismaClient, campaignId: string, stamp?: string | null): Promise<LoadedPlan> {
  if (stamp === undefined) {
    const [row] = await db.$queryRaw<{ stamp: string | null }[]>`SELECT ${planStampSql(campaignId)} AS stamp`;
    stamp = row?.stamp ?? null;
  }
  if (stamp === null) throw new Error(`campaign ${campaignId} does not exist`);
  const hit = cache.get(campaignId);
  if (hit && hit.stamp === stamp) return hit.value;
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) throw new Error(`campaign ${campaignId} does not exist`);
  const value = (async () => {
    const template = parseTemplate(campaign.template);
    const calendar = await loadCalendar(db);
    return {
      campaign: {
        id: campaign.id,
        name: campaign.name,
        year: campaign.year,
        bureauName: campaign.bureauName,
        bureauEmail: campaign.bureauEmail,
        bureauLanguage: campaign.bureauLanguage,
      },
      template,
      calendar,
      plan: buildPlan(template, calendar),
    };
  })();
  cache.set(campaignId, { stamp, value });
  value.catch(() => cache.delete(campaignId));
  return value;
}
