import { localDateOf } from '../../domain/index.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { loadPlan, planStampSql, type LoadedPlan } from '../campaigns/plan-store.js';
import { extensionInEffectSql } from '../extensions/extensions-in-effect.js';
import { supervisionFactsOf, supervisionFactsSql } from '../supervision/supervision-facts.js';
import { commitmentCompleteAtSql } from './commitment-complete.js';
import { officeObligationStatus, supervisionObligationStatus, type ObligationStatus } from './obligation-status.js';

export interface OfficeStatus {
  officeId: string;
  officeCode: string;
  officeName: string;
  unitType: string;
  asOf: string;
  nextDeadline: { key: string; title: string; dueDate: string } | null;
  openCount: number;
  lateItems: ObligationStatus[];
  obligations: ObligationStatus[];
  enterprises: { total: number; commitmentsComplete: number; plansSubmitted: number; selfAssessmentsSubmitted: number };
}

/** One office's row of the status query. */
interface OfficeRow {
  stamp: string | null;
  id: string;
  code: string;
  name: string;
  unitType: string;
  /** [obligationKey, status, doneAt (epoch ms), extended due date in effect at the instant] */
  states: [string, string, number | null, string | null][];
  /** [total, commitments complete, plans, self-assessments], as recorded by the instant. */
  enterprises: [number, number, number, number];
  supervision: string | null;
}

/** Which supervised campaigns read the enterprise register with their supervision facts (see `supervisionFactsSql`). */
const supervisedCampaigns = new Map<string, boolean>();

/**
 * Everything an office's status needs, for one office or all, in one query: the plan's stamp (so the cached plan
 * needs no round trip of its own), the stored obligation states with the extension in effect at `atMs` (the
 * latest the bureau had approved by then), the enterprise counts as recorded by then, and the supervision facts.
 */
function statusQuery(
  campaignId: string,
  atMs: number,
  options: { officeId?: string; supervisionWithEnterprises: boolean },
): Prisma.Sql {
  const at = new Date(atMs);
  const enterprises = Prisma.sql`(SELECT json_build_array(
          (SELECT count(*) FROM "Enterprise" e WHERE e."officeId" = o."id"),
          count(*) FILTER (WHERE ${commitmentCompleteAtSql('p', atMs)}),
          count(*) FILTER (WHERE p."planSubmittedAt" <= ${at}),
          count(*) FILTER (WHERE p."selfAssessmentSubmittedAt" <= ${at}))
        FROM "EnterpriseProgress" p WHERE p."campaignId" = ${campaignId} AND p."officeId" = o."id")`;
  return Prisma.sql`
    SELECT ${planStampSql(campaignId)} AS stamp, o."id", o."code", o."name", o."unitType",
      coalesce((SELECT json_agg(json_build_array(s."obligationKey", s."status",
          (extract(epoch FROM s."doneAt") * 1000)::bigint, ${extensionInEffectSql('s', atMs)}))
        FROM "ObligationState" s WHERE s."campaignId" = ${campaignId} AND s."officeId" = o."id"), '[]'::json) AS states,
      ${enterprises} AS enterprises,
      ${supervisionFactsSql(campaignId, Prisma.sql`o."id"`, { withEnterprises: options.supervisionWithEnterprises })}
    FROM "Office" o
    ${options.officeId ? Prisma.sql`WHERE o."id" = ${options.officeId}` : Prisma.empty}
    ORDER BY o."code"`;
}

/**
 * The status rows and the plan they are read against. The query reads the register with the supervision facts only
 * under a campaign with supervision rules, known from the plan; a plan changed since it was last seen is read again.
 */
async function readStatusRows(
  db: PrismaClient,
  campaignId: string,
  atMs: number,
  options: { officeId?: string },
): Promise<{ loaded: LoadedPlan; rows: OfficeRow[] }> {
  let supervised = supervisedCampaigns.get(campaignId) ?? false;
  for (;;) {
    const rows = await db.$queryRaw<OfficeRow[]>(
      statusQuery(campaignId, atMs, { ...options, supervisionWithEnterprises: supervised }),
    );
    const stamp = rows.length > 0 ? rows[0]!.stamp : await stampOf(db, campaignId);
    if (stamp === null) throw new ProblemError(404, 'Not found', `campaign ${campaignId} does not exist`);
    const loaded = await loadPlan(db, campaignId, stamp);
    const nowSupervised = loaded.template.supervision !== undefined;
    supervisedCampaigns.set(campaignId, nowSupervised);
    // Read with the register although the campaign has no supervision rules: facts to spare, nothing wrong.
    if (supervised || !nowSupervised) return { loaded, rows };
    supervised = true;
  }
}

async function stampOf(db: PrismaClient, campaignId: string): Promise<string | null> {
  const [row] = await db.$queryRaw<{ stamp: string | null }[]>`SELECT ${planStampSql(campaignId)} AS stamp`;
  return row?.stamp ?? null;
}

/**
 * What an office has open, its next deadline, its late items and its enterprises' progress, for every office (or the
 * one given) at `atMs`; 404 if the campaign is missing.
 */
export async function officeStatuses(
  db: PrismaClient,
  campaignId: string,
  options: { atMs: number; officeId?: string; language?: 'zh-CN' | 'en' },
): Promise<OfficeStatus[]> {
  const { loaded, rows } = await readStatusRows(
    db,
    campaignId,
    options.atMs,
    options.officeId ? { officeId: options.officeId } : {},
  );
  const today = localDateOf(options.atMs, loaded.template.timeZone);
  const asOf = new Date(options.atMs).toISOString();
  return rows.map((office) => {
    const states = office.states.map(([obligationKey, status, doneAtMs, extendedDueDate]) => ({
      obligationKey,
      status,
      doneAt: doneAtMs === null ? null : new Date(Number(doneAtMs)),
      extendedDueDate,
    }));
    const facts = office.supervision ? supervisionFactsOf(office.supervision) : undefined;
    const obligations = [
      ...officeObligationStatus(loaded, states, options.atMs, options.language, today),
      ...(facts ? supervisionObligationStatus(loaded, facts, options.atMs, options.language, today) : []),
    ];
    const open = obligations.filter((o) => o.state !== 'done');
    const upcoming = open.filter((o) => o.state === 'open').sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
    const [total, commitmentsComplete, plansSubmitted, selfAssessmentsSubmitted] = office.enterprises;
    return {
      officeId: office.id,
      officeCode: office.code,
      officeName: office.name,
      unitType: office.unitType,
      asOf,
      nextDeadline: upcoming ? { key: upcoming.key, title: upcoming.title, dueDate: upcoming.dueDate } : null,
      openCount: open.length,
      lateItems: open.filter((o) => o.state === 'overdue' || o.state === 'late'),
      obligations,
      enterprises: {
        total: Number(total),
        commitmentsComplete: Number(commitmentsComplete),
        plansSubmitted: Number(plansSubmitted),
        selfAssessmentsSubmitted: Number(selfAssessmentsSubmitted),
      },
    };
  });
}
