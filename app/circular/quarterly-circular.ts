import { localDateOf, startOfLocalDay } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { ProblemError } from '../problem.js';
import { countsAsLate, statusList, type ReportingStatus } from '../reports/status-list.js';
import { type OfficeRow } from '../reports/period-reports.js';

/** One office in the circular: its monthly-report status month by month and its escalations of the quarter. */
export interface CircularRow {
  office: OfficeRow;
  /** In the order of the circular's months. */
  statuses: ReportingStatus[];
  /** Months reported late or not at all. */
  late: number;
  escalated: number;
}

export interface QuarterlyCircular {
  campaignName: string;
  bureauName: string;
  /** The circular's date: the local day of the campaign's zone it is issued on. */
  issuedOn: string;
  year: number;
  /** 1 to 4. */
  quarter: number;
  /** The quarter's reporting months of the campaign (YYYY-MM). */
  months: string[];
  rows: CircularRow[];
  /** Names of the offices that reported every month on time (praised). */
  onTimeOffices: string[];
  /** Offices with a late or missing month, most late first (criticised). */
  lateOffices: CircularRow[];
}

/** The quarter's months that fall in the campaign's monthly reporting; 404 when there are none. */
function reportingMonths(quarterText: string, year: number, quarter: number, first: string, last: string): string[] {
  const months = [1, 2, 3]
    .map((i) => `${year}-${String((quarter - 1) * 3 + i).padStart(2, '0')}`)
    .filter((m) => m >= first && m <= last);
  if (months.length === 0) {
    throw new ProblemError(
      404,
      'Not found',
      `${quarterText} has no reporting month in this campaign (${first}..${last})`,
    );
  }
  return months;
}

/** Escalations raised per office during the quarter (local days of the campaign's zone). */
async function escalationsPerOffice(
  db: PrismaClient,
  campaignId: string,
  year: number,
  quarter: number,
  zone: string,
): Promise<Map<string, number>> {
  const afterQuarter = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
  const quarterStart = new Date(startOfLocalDay(`${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`, zone).ms);
  const quarterEnd = new Date(startOfLocalDay(afterQuarter, zone).ms);
  const escalations = await db.escalation.groupBy({
    by: ['officeId'],
    where: { campaignId, createdAt: { gte: quarterStart, lt: quarterEnd } },
    _count: { _all: true },
  });
  return new Map(escalations.map((e) => [e.officeId, e._count._all]));
}

/**
 * The bureau's quarterly circular (每季度一通报): for the reporting months of a quarter (`2024-Q2`), each office's
 * monthly reports and its escalations, with the offices to praise and to criticise. 404 if the campaign is
 * missing or the quarter has no reporting month.
 */
export async function quarterlyCircular(
  deps: { db: PrismaClient },
  input: { campaignId: string; quarter: string; atMs: number },
): Promise<QuarterlyCircular> {
  const { db } = deps;
  const { campaignId } = input;
  await findCampaign(db, campaignId);
  const loaded = await loadPlan(db, campaignId);
  const [year, quarter] = [Number(input.quarter.slice(0, 4)), Number(input.quarter.slice(6))];
  const { firstMonth, lastMonth } = loaded.template.monthlyReport;
  const months = reportingMonths(input.quarter, year, quarter, firstMonth, lastMonth);
  const lists = await Promise.all(months.map((m) => statusList(db, campaignId, m, input.atMs)));
  const escalationsBy = await escalationsPerOffice(db, campaignId, year, quarter, loaded.template.timeZone);
  const offices = lists[0]!.entries.map((e) => e.office);
  const rows = offices.map((office): CircularRow => {
    const entries = lists.map((l) => l.entries.find((e) => e.office.id === office.id));
    const statuses = entries.map((e) => e?.status ?? 'missing');
    const late = entries.filter((e) => e !== undefined && countsAsLate(e)).length;
    return { office, statuses, late, escalated: escalationsBy.get(office.id) ?? 0 };
  });
  return {
    campaignName: loaded.campaign.name,
    bureauName: loaded.campaign.bureauName,
    issuedOn: localDateOf(input.atMs, loaded.template.timeZone),
    year,
    quarter,
    months,
    rows,
    onTimeOffices: rows.filter((r) => r.late === 0).map((r) => r.office.name),
    lateOffices: rows.filter((r) => r.late > 0).sort((a, b) => b.late - a.late),
  };
}
