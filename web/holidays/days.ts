// The days of a year as the page draws them: each day's weekday and whether it is worked, from the plain
// Monday–Friday week and the exceptions the API lists (holidays, make-up working days, the bureau's entries).
import type { BureauEntry, ExceptionalDay, WorkingDayYear } from './api-types.js';

/** What a day looks like in the calendar (holidays.css `day-<kind>`). */
export type DayKind = 'work' | 'rest' | 'holiday' | 'makeup';

export interface DayView {
  /** YYYY-MM-DD */
  date: string;
  /** 1 Monday … 7 Sunday */
  weekday: number;
  day: number;
  working: boolean;
  kind: DayKind;
  name: string;
  /** the day is set by one of the bureau's entries */
  bureau: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The number of days of a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ISO weekday (1 Monday … 7 Sunday) of a day. */
export function weekdayOf(year: number, month: number, day: number): number {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

function kindOf(working: boolean, weekday: number, exception: ExceptionalDay | undefined): DayKind {
  if (working) return weekday >= 6 ? 'makeup' : 'work';
  return exception?.holidayName || weekday <= 5 ? 'holiday' : 'rest';
}

/** What the page looks a day up in: the exceptions and the bureau's entries, by date. */
export interface YearIndex {
  exceptions: ReadonlyMap<string, ExceptionalDay>;
  entries: ReadonlyMap<string, BureauEntry>;
}

export function indexYear(data: WorkingDayYear): YearIndex {
  return {
    exceptions: new Map(data.exceptions.map((e) => [e.date, e])),
    entries: new Map(data.bureauEntries.map((e) => [e.date, e])),
  };
}

/** Every day of a month (1–12). */
export function monthDays(data: WorkingDayYear, month: number, index: YearIndex): DayView[] {
  const days: DayView[] = [];
  for (let day = 1; day <= daysInMonth(data.year, month); day++) {
    const date = `${data.year}-${pad(month)}-${pad(day)}`;
    const weekday = weekdayOf(data.year, month, day);
    const exception = index.exceptions.get(date);
    const entry = index.entries.get(date);
    const working = exception ? exception.working : weekday <= 5;
    days.push({
      date,
      weekday,
      day,
      working,
      kind: kindOf(working, weekday, exception),
      name: exception?.holidayName ?? entry?.name ?? '',
      bureau: entry !== undefined || exception?.source === 'bureau',
    });
  }
  return days;
}
