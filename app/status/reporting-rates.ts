import { monthsBetween } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { statusList, type StatusEntry } from '../reports/status-list.js';
import { YEAR_END_PERIOD } from '../reports/report-period.js';

/** A reporting status, or `upcoming`: not reported and not yet due. */
type RateStatus = StatusEntry['status'] | 'upcoming';

export interface PeriodRate {
  period: string;
  dueDate: string;
  counts: Record<string, number>;
  /** Share of offices that reported on time (incl. within an extension) once due; 0 when none is due. */
  rate: number;
}

export interface OfficeRates {
  officeId: string;
  officeCode: string;
  officeName: string;
  byPeriod: Record<string, string>;
}

function rateStatus(entry: StatusEntry): RateStatus {
  return entry.status === 'missing' && !entry.overdue ? 'upcoming' : entry.status;
}

function periodRate(period: string, dueDate: string, counts: Record<string, number>): PeriodRate {
  const due = counts['on-time']! + counts['late-with-extension']! + counts.late! + counts.missing!;
  return {
    period,
    dueDate,
    counts,
    rate: due === 0 ? 0 : (counts['on-time']! + counts['late-with-extension']!) / due,
  };
}

/**
 * Reporting rates at `atMs`, per period (every month of the monthly reports, then the year-end summary) and
 * per office: on time, late with extension, late, missing, upcoming. Every office, or the one given. 404 if the
 * campaign is missing.
 */
export async function reportingRates(
  deps: { db: PrismaClient },
  input: { campaignId: string; atMs: number; officeId?: string },
): Promise<{ periods: PeriodRate[]; offices: OfficeRates[] }> {
  const { db } = deps;
  await findCampaign(db, input.campaignId);
  const { template } = await loadPlan(db, input.campaignId);
  const periods = [
    ...monthsBetween(template.monthlyReport.firstMonth, template.monthlyReport.lastMonth),
    YEAR_END_PERIOD,
  ];
  const rows = new Map<string, OfficeRates>();
  const summary: PeriodRate[] = [];
  for (const period of periods) {
    const { entries, reports } = await statusList(db, input.campaignId, period, input.atMs);
    const counts: Record<string, number> = { 'on-time': 0, 'late-with-extension': 0, late: 0, missing: 0, upcoming: 0 };
    for (const e of entries) {
      if (input.officeId && e.office.id !== input.officeId) continue;
      const status = rateStatus(e);
      counts[status] = (counts[status] ?? 0) + 1;
      const row = rows.get(e.office.id) ?? {
        officeId: e.office.id,
        officeCode: e.office.code,
        officeName: e.office.name,
        byPeriod: {},
      };
      row.byPeriod[period] = status;
      rows.set(e.office.id, row);
    }
    summary.push(periodRate(period, reports.period.planned.dueDate, counts));
  }
  return { periods: summary, offices: [...rows.values()].sort((a, b) => a.officeCode.localeCompare(b.officeCode)) };
}
