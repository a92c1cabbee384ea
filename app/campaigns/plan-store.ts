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

/**
 * Obligations derived from a plan (an extension's ladder, a committed self-assessment date) depend on
 * nothing else, and a thousand offices ask for the same few: computed once per plan version. Callers
 * only read obligations, as they read `plan.obligations`.
 */
const derived = new WeakMap<LoadedPlan, Map<string, PlannedObligation>>();

function derive(loaded: LoadedPlan, key: string, compute: () => PlannedObligation): PlannedObligation {
  let known = derived.get(loaded);
  if (!known) derived.set(loaded, (known = new Map<string, PlannedObligation>()));
  let obligation = known.get(key);
  if (!obligation) known.set(key, (obligation = compute()));
  return obligation;
}

/** The obligation with an approved extension applied: same key, new due date, ladder recomputed. */
export function withExtension(
  loaded: LoadedPlan,
  obligation: PlannedObligation,
  extendedDueDate: string | null | undefined,
): PlannedObligation {
  if (!extendedDueDate || extendedDueDate === obligation.nominalDueDate) return obligation;
  return derive(loaded, `extended|${obligation.key}|${extendedDueDate}`, () =>
    planObligation(loaded.template, loaded.calendar, {
      key: obligation.key,
      kind: obligation.kind,
      responsible: obligation.responsible,
      titleZh: obligation.titleZh,
      titleEn: obligation.titleEn,
      nominalDueDate: extendedDueDate,
      ...(obligation.period !== undefined ? { period: obligation.period } : {}),
      ...(obligation.phase !== undefined ? { phase: obligation.phase } : {}),
    }),
  );
}

/** The self-assessment obligation for enterprises that committed to `date`. */
export function selfAssessmentFor(loaded: LoadedPlan, date: string): PlannedObligation {
  return derive(loaded, `self-assessment|${date}`, () =>
    selfAssessmentObligation(loaded.template, loaded.calendar, date),
  );
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

/** What decides an office's obligations besides the plan: its obligation states and its enterprises. */
export interface OfficeFacts {
  states: { obligationKey: string; status: string; extendedDueDate: string | null }[];
  enterpriseCount: number;
  /** Enterprises of the office per committed self-assessment date (null: none committed). */
  committedDates: { date: string | null; count: number }[];
}

/**
 * SQL select-list items (`enterpriseCount`, `states`, `committedDates`) that read an office's facts in
 * the caller's query, so that schedule, step and status code need one round trip instead of three.
 */
export function officeFactsSql(campaignId: string, officeId: string): Prisma.Sql {
  return Prisma.sql`
    (SELECT count(*)::int FROM "Enterprise" e WHERE e."officeId" = ${officeId}) AS "enterpriseCount",
    coalesce((SELECT json_agg(json_build_object('obligationKey', s."obligationKey", 'status', s.status,
                                                'extendedDueDate', s."extendedDueDate"))
              FROM "ObligationState" s WHERE s."campaignId" = ${campaignId} AND s."officeId" = ${officeId}),
             '[]'::json)::text AS states,
    coalesce((SELECT json_agg(json_build_object('date', g.date, 'count', g.count))
              FROM (SELECT p."committedSelfAssessmentDate" AS date, count(*)::int AS count
                    FROM "EnterpriseProgress" p WHERE p."campaignId" = ${campaignId} AND p."officeId" = ${officeId}
                    GROUP BY 1) g),
             '[]'::json)::text AS "committedDates"`;
}

/** The facts of a row selected with `officeFactsSql`. */
export function officeFactsOf(row: { enterpriseCount: number; states: string; committedDates: string }): OfficeFacts {
  return {
    enterpriseCount: Number(row.enterpriseCount),
    states: JSON.parse(row.states) as OfficeFacts['states'],
    committedDates: JSON.parse(row.committedDates) as OfficeFacts['committedDates'],
  };
}

/** An office's facts and the plan stamp, in one round trip. */
export async function loadOfficeFacts(
  db: PrismaClient,
  campaignId: string,
  officeId: string,
): Promise<{ stamp: string | null; facts: OfficeFacts }> {
  const [row] = await db.$queryRaw<
    { stamp: string | null; enterpriseCount: number; states: string; committedDates: string }[]
  >`SELECT ${planStampSql(campaignId)} AS stamp, ${officeFactsSql(campaignId, officeId)}`;
  return { stamp: row!.stamp, facts: officeFactsOf(row!) };
}

/** Every obligation an office answers for in this campaign, enterprise ones grouped by due date. */
export async function obligationsOfOffice(
  db: PrismaClient,
  loaded: LoadedPlan,
  campaignId: string,
  officeId: string,
  options: { includeDone?: boolean } = {},
): Promise<PlannedObligation[]> {
  return officeObligations(loaded, (await loadOfficeFacts(db, campaignId, officeId)).facts, options);
}

/** Every obligation an office answers for, from its facts (see `obligationsOfOffice`). */
export function officeObligations(
  loaded: LoadedPlan,
  facts: OfficeFacts,
  options: { includeDone?: boolean } = {},
): PlannedObligation[] {
  const { states, enterpriseCount, committedDates } = facts;
  const stateByKey = new Map(states.map((s) => [s.obligationKey, s]));
  const own = loaded.plan.obligations
    .filter((o) => o.responsible === 'office' && (options.includeDone || stateByKey.get(o.key)?.status !== 'done'))
    .map((o) => withExtension(loaded, o, stateByKey.get(o.key)?.extendedDueDate));
  if (enterpriseCount === 0) return own;

  const defaultDate = defaultSelfAssessmentDate(loaded);
  const withOwnDate = committedDates.reduce((n, g) => n + (g.date ? g.count : 0), 0);
  const dates = new Set(committedDates.flatMap((g) => (g.date ? [g.date] : [])));
  if (withOwnDate < enterpriseCount) dates.add(defaultDate);
  const enterprise = loaded.plan.obligations.filter(
    (o) => o.responsible === 'enterprise' && o.kind !== 'enterprise-self-assessment',
  );
  const selfAssessments = [...dates].sort().map((date) => selfAssessmentFor(loaded, date));
  return [...own, ...enterprise, ...selfAssessments];
}
