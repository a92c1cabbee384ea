import {
  buildPlan,
  createWorkingDayCalendar,
  parseTemplate,
  planObligation,
  selfAssessmentObligation,
  type CampaignPlan,
  type CampaignTemplate,
  type PlannedObligation,
  type WorkingDayCalendar,
  type WorkingDayEntry,
} from '../domain/index.js';
import type { PrismaClient } from './db.js';

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

export async function loadPlan(db: PrismaClient, campaignId: string): Promise<LoadedPlan> {
  // One round trip tells whether the cached plan is still current: every activity calls this.
  const [row] = await db.$queryRaw<{ stamp: string }[]>`
    SELECT c."updatedAt"::text || '/' || coalesce((SELECT max(h."createdAt")::text FROM "HolidayOverride" h), '-')
           || '/' || (SELECT count(*) FROM "HolidayOverride")::text AS stamp
    FROM "Campaign" c WHERE c.id = ${campaignId}`;
  if (!row) throw new Error(`campaign ${campaignId} does not exist`);
  const stamp = row.stamp;
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

/** The obligation with an approved extension applied: same key, new due date, ladder recomputed. */
export function withExtension(
  loaded: LoadedPlan,
  obligation: PlannedObligation,
  extendedDueDate: string | null | undefined,
): PlannedObligation {
  if (!extendedDueDate || extendedDueDate === obligation.nominalDueDate) return obligation;
  return planObligation(loaded.template, loaded.calendar, {
    key: obligation.key,
    kind: obligation.kind,
    responsible: obligation.responsible,
    titleZh: obligation.titleZh,
    titleEn: obligation.titleEn,
    nominalDueDate: extendedDueDate,
    ...(obligation.period !== undefined ? { period: obligation.period } : {}),
    ...(obligation.phase !== undefined ? { phase: obligation.phase } : {}),
  });
}

/** The self-assessment obligation for enterprises that committed to `date`. */
export function selfAssessmentFor(loaded: LoadedPlan, date: string): PlannedObligation {
  return selfAssessmentObligation(loaded.template, loaded.calendar, date);
}

/** The default self-assessment date: the end of the template's self-assessment phase. */
export function defaultSelfAssessmentDate(loaded: LoadedPlan): string {
  const phase = loaded.template.phases.find((p) => p.key === loaded.template.enterprise.selfAssessmentPhase);
  return phase!.deadline;
}

/** Finds an obligation of the plan by key, including per-date self-assessment keys. */
export function findObligation(loaded: LoadedPlan, key: string): PlannedObligation | undefined {
  const planned = loaded.plan.obligations.find((o) => o.key === key);
  if (planned) return planned;
  const match = /^enterprise-self-assessment:(\d{4}-\d{2}-\d{2})$/.exec(key);
  return match ? selfAssessmentFor(loaded, match[1]!) : undefined;
}

/** Every obligation an office answers for in this campaign, enterprise ones grouped by due date. */
export async function obligationsOfOffice(
  db: PrismaClient,
  loaded: LoadedPlan,
  campaignId: string,
  officeId: string,
  options: { includeDone?: boolean } = {},
): Promise<PlannedObligation[]> {
  const [states, enterpriseCount, committedDates] = await Promise.all([
    db.obligationState.findMany({ where: { campaignId, officeId } }),
    db.enterprise.count({ where: { officeId } }),
    db.enterpriseProgress.groupBy({
      by: ['committedSelfAssessmentDate'],
      where: { campaignId, officeId },
      _count: { _all: true },
    }),
  ]);
  const stateByKey = new Map(states.map((s) => [s.obligationKey, s]));
  const own = loaded.plan.obligations
    .filter((o) => o.responsible === 'office' && (options.includeDone || stateByKey.get(o.key)?.status !== 'done'))
    .map((o) => withExtension(loaded, o, stateByKey.get(o.key)?.extendedDueDate));
  if (enterpriseCount === 0) return own;

  const defaultDate = defaultSelfAssessmentDate(loaded);
  const withOwnDate = committedDates.reduce((n, g) => n + (g.committedSelfAssessmentDate ? g._count._all : 0), 0);
  const dates = new Set(
    committedDates.flatMap((g) => (g.committedSelfAssessmentDate ? [g.committedSelfAssessmentDate] : [])),
  );
  if (withOwnDate < enterpriseCount) dates.add(defaultDate);
  const enterprise = loaded.plan.obligations.filter(
    (o) => o.responsible === 'enterprise' && o.kind !== 'enterprise-self-assessment',
  );
  const selfAssessments = [...dates].sort().map((date) => selfAssessmentFor(loaded, date));
  return [...own, ...enterprise, ...selfAssessments];
}
