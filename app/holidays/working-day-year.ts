import { addDays, type DaySource, type WorkingDayEntry, type YearCoverage } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { loadCalendar } from '../campaigns/plan-store.js';

/** A day that differs from a plain Monday–Friday week. */
export interface ExceptionalDay {
  date: string;
  weekday: number;
  working: boolean;
  holidayName?: string;
  makeUpWorkday: boolean;
  source: DaySource;
}

export interface WorkingDayYear {
  year: number;
  /** Who supplies the year's holiday data; none: Monday–Friday assumed. */
  coverage: YearCoverage;
  bureauEntries: WorkingDayEntry[];
  exceptions: ExceptionalDay[];
}

/** A year's holidays and make-up working days (the holiday package with the bureau's entries on top). */
export async function workingDayYear(deps: { db: PrismaClient }, year: number): Promise<WorkingDayYear> {
  const calendar = await loadCalendar(deps.db);
  const exceptions: ExceptionalDay[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
    const info = calendar.dayInfo(d);
    const plain = info.weekday <= 5;
    if (info.working !== plain || info.holidayName) {
      exceptions.push({
        date: d,
        weekday: info.weekday,
        working: info.working,
        ...(info.holidayName ? { holidayName: info.holidayName } : {}),
        makeUpWorkday: info.makeUpWorkday,
        source: info.source,
      });
    }
  }
  return {
    year,
    coverage: calendar.coverage(year),
    bureauEntries: calendar.entries.filter((e) => e.date.startsWith(`${year}-`)),
    exceptions,
  };
}
