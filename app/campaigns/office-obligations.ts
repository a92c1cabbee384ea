import {
  NO_SUPERVISION_FACTS,
  supervisionObligations,
  type PlannedObligation,
  type SupervisionFacts,
} from '../../domain/index.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { defaultSelfAssessmentDate, selfAssessmentFor, withExtension } from './plan-obligations.js';
import { planStampSql, type LoadedPlan } from './plan-store.js';
import { supervisionFactsOf, supervisionFactsSql } from '../supervision/supervision-facts.js';
import { supervisionContext } from '../supervision/plan-context.js';

/** What decides an office's obligations besides the plan: its obligation states and its enterprises. */
export interface OfficeFacts {
  states: { obligationKey: string; status: string; extendedDueDate: string | null }[];
  enterpriseCount: number;
  /** Enterprises of the office per committed self-assessment date (null: none committed). */
  committedDates: { date: string | null; count: number }[];
  /** Its supervision records (phases 3 and 4). */
  supervision: SupervisionFacts;
}

/**
 * SQL select-list items (`enterpriseCount`, `states`, `committedDates`, `supervision`) that read an office's facts in
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
             '[]'::json)::text AS "committedDates",
    ${supervisionFactsSql(campaignId, officeId)}`;
}

/** The facts of a row selected with `officeFactsSql`. */
export function officeFactsOf(row: {
  enterpriseCount: number;
  states: string;
  committedDates: string;
  supervision?: string;
}): OfficeFacts {
  return {
    supervision: row.supervision === undefined ? NO_SUPERVISION_FACTS : supervisionFactsOf(row.supervision),
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
    { stamp: string | null; enterpriseCount: number; states: string; committedDates: string; supervision: string }[]
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
  const supervision = supervisionObligations(supervisionContext(loaded), facts.supervision);
  const stateByKey = new Map(states.map((s) => [s.obligationKey, s]));
  const own = loaded.plan.obligations
    .filter((o) => o.responsible === 'office' && (options.includeDone || stateByKey.get(o.key)?.status !== 'done'))
    .map((o) => withExtension(loaded, o, stateByKey.get(o.key)?.extendedDueDate));
  if (enterpriseCount === 0) return [...own, ...supervision];

  const defaultDate = defaultSelfAssessmentDate(loaded);
  const withOwnDate = committedDates.reduce((n, g) => n + (g.date ? g.count : 0), 0);
  const dates = new Set(committedDates.flatMap((g) => (g.date ? [g.date] : [])));
  if (withOwnDate < enterpriseCount) dates.add(defaultDate);
  const enterprise = loaded.plan.obligations.filter(
    (o) => o.responsible === 'enterprise' && o.kind !== 'enterprise-self-assessment',
  );
  const selfAssessments = [...dates].sort().map((date) => selfAssessmentFor(loaded, date));
  return [...own, ...enterprise, ...selfAssessments, ...supervision];
}
