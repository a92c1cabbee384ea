/**
 * The on-time / late / missing list of a reporting period. `late` is decided at submission (submitted at or after
 * the end of the possibly extended due day) and recorded for every version; the list judges an office by its first
 * version.
 */
import type { PrismaClient } from '../../infra/db.js';
import { withExtension } from '../campaigns/plan-obligations.js';
import { extendedDueDatesAt } from '../extensions/extensions-in-effect.js';
import { periodReports, type OfficeRow, type PeriodReports } from './period-reports.js';

/** late-with-extension: after the notice's due day, within an approved extension. */
export type ReportingStatus = 'on-time' | 'late-with-extension' | 'late' | 'missing';

export interface StatusEntry {
  office: OfficeRow;
  status: ReportingStatus;
  /** Not submitted and the (extended) due day has passed. */
  overdue: boolean;
  /** Submitted after, or still missing at, the end of the hard-deadline day (escalated). */
  pastHardDeadline: boolean;
  dueDate: string;
  hardDueDate: string;
  extendedDueDate: string | null;
  firstSubmittedAt: Date | null;
  latestVersion: number | null;
}

/**
 * Whether an office's month counts against it (the circular criticises it): reported late, or still missing once
 * its (possibly extended) due day has passed. A month not yet due counts against nobody.
 */
export function countsAsLate(entry: Pick<StatusEntry, 'status' | 'overdue'>): boolean {
  return entry.status === 'late' || (entry.status === 'missing' && entry.overdue);
}

/** On-time / late / missing per office for a period, at `atMs` (for missing offices' overdue flag). */
export async function statusList(
  db: PrismaClient,
  campaignId: string,
  periodText: string,
  atMs: number = Date.now(),
): Promise<{ reports: PeriodReports; entries: StatusEntry[] }> {
  const reports = await periodReports(db, campaignId, periodText);
  // The deadlines that held at `atMs`: an extension approved later did not move them yet.
  const inEffect = await extendedDueDatesAt(db, { campaignId, obligationKey: reports.period.obligationKey }, atMs);
  const extensionOf = new Map([...inEffect].map(([key, date]) => [key.slice(0, key.indexOf('|')), date] as const));
  const submittedBy = new Map(reports.submitted.map((s) => [s.office.id, s]));
  const entries = reports.offices.map((office): StatusEntry => {
    const extended = extensionOf.get(office.id) ?? null;
    const o = withExtension(reports.loaded, reports.period.planned, extended);
    // Historical: a report first submitted after `atMs` was still missing at `atMs`.
    const submitted = submittedBy.get(office.id);
    const s = submitted && submitted.first.submittedAt.getTime() <= atMs ? submitted : undefined;
    const firstMs = s?.first.submittedAt.getTime();
    return {
      office,
      status: !s
        ? 'missing'
        : s.first.late
          ? 'late'
          : firstMs !== undefined &&
              o.dueDate !== reports.period.planned.dueDate &&
              firstMs >= reports.period.planned.dueAtMs
            ? 'late-with-extension'
            : 'on-time',
      overdue: !s && atMs >= o.dueAtMs,
      pastHardDeadline: firstMs === undefined ? atMs >= o.hardDueAtMs : firstMs >= o.hardDueAtMs,
      dueDate: o.dueDate,
      hardDueDate: o.hardDueDate,
      extendedDueDate: extended && extended !== reports.period.planned.nominalDueDate ? extended : null,
      firstSubmittedAt: s?.first.submittedAt ?? null,
      latestVersion: s?.latest.version ?? null,
    };
  });
  return { reports, entries };
}
