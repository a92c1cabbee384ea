/**
 * Working-day calendar for mainland China: statutory holidays and make-up working days (调休).
 *
 * Data sources, in order of precedence per date:
 *  1. bureau entries (corrections or a year's schedule the bureau typed in, e.g. next year's schedule
 *     published in November/December before the package is updated);
 *  2. the `chinese-days` package's pre-built data file (dist/chinese-days.json);
 *  3. Monday–Friday, for years neither source covers.
 *
 * Why the data file and not the package's functions: the package's runtime API builds its tables with
 * local-time `Date` getters, so in a process running west of UTC (e.g. TZ=America/New_York) it answers
 * for the wrong day ('2024-05-01' is looked up as 2024-04-30, and 2024-04-28 is not a make-up day).
 * The pre-built JSON holds the same data keyed by 'YYYY-MM-DD' and is independent of the process zone.
 */
import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addDays, isoWeekday, isLocalDate, type LocalDate, yearOf } from './dates.js';

export interface WorkingDayEntry {
  date: LocalDate;
  kind: 'holiday' | 'workday';
  /** e.g. '劳动节' or '劳动节调休上班'. */
  name: string;
}

export type DaySource = 'bureau' | 'package' | 'weekdays-only';
export type YearCoverage = 'bureau' | 'package' | 'none';

export interface DayInfo {
  date: LocalDate;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  working: boolean;
  /** Holiday name (Chinese) when the day is a declared holiday; undefined for ordinary days and weekends. */
  holidayName?: string;
  /** English holiday name when the source has one. */
  holidayNameEn?: string;
  /** A Saturday/Sunday declared a working day (调休上班). */
  makeUpWorkday: boolean;
  /** Name attached to a make-up working day (the holiday it compensates), when known. */
  makeUpFor?: string;
  /** A weekday holiday that is paid back by a make-up working day (调休 in lieu). */
  inLieu: boolean;
  /** Where the answer came from. */
  source: DaySource;
}

export interface WorkingDayCalendar {
  isWorkingDay(d: LocalDate): boolean;
  dayInfo(d: LocalDate): DayInfo;
  /** The last working day strictly before `d`. */
  previousWorkingDay(d: LocalDate): LocalDate;
  /** The first working day strictly after `d`. */
  nextWorkingDay(d: LocalDate): LocalDate;
  /** n > 0: the n-th working day strictly after d; n < 0: the |n|-th working day strictly before d; n = 0: d. */
  addWorkingDays(d: LocalDate, n: number): LocalDate;
  /** Who supplies the holiday data of `year`: bureau entries first, then the package, else none (Monday–Friday). */
  coverage(year: number): YearCoverage;
  /** The bureau entries in force (validated, sorted by date). */
  readonly entries: readonly WorkingDayEntry[];
}

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}

const pkg: PackageData = packageData;

/** Years the `chinese-days` package has holiday or make-up-day data for, derived from its data file. */
export const PACKAGE_YEARS: readonly number[] = Object.freeze(
  [...new Set([...Object.keys(pkg.holidays), ...Object.keys(pkg.workdays)].map((d) => Number(d.slice(0, 4))))].sort(
    (a, b) => a - b,
  ),
);
const packageYearSet = new Set(PACKAGE_YEARS);

/** Package names look like "Labour Day,劳动节,2" (English, Chinese, length). */
function splitPackageName(raw: string): { en?: string; zh?: string } {
  const parts = raw.split(',');
  const en = parts[0]?.trim();
  const zh = parts[1]?.trim();
  return { ...(en ? { en } : {}), ...(zh ? { zh } : {}) };
}

export class WorkingDayEntryError extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super(`invalid working-day entries: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'WorkingDayEntryError';
  }
}

/** Checks bureau entries; returns every problem with a path like `[2].date`. */
export function validateWorkingDayEntries(entries: unknown): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (!Array.isArray(entries)) return [{ path: '', message: 'must be an array of { date, kind, name }' }];
  const seen = new Map<string, number>();
  entries.forEach((raw: unknown, i) => {
    const p = `[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      errors.push({ path: p, message: 'must be an object { date, kind, name }' });
      return;
    }
    const e = raw as Record<string, unknown>;
    if (!isLocalDate(e.date)) errors.push({ path: `${p}.date`, message: 'must be a real date YYYY-MM-DD' });
    else {
      const prev = seen.get(e.date);
      if (prev !== undefined) errors.push({ path: `${p}.date`, message: `duplicates entry [${prev}] for ${e.date}` });
      seen.set(e.date, i);
    }
    if (e.kind !== 'holiday' && e.kind !== 'workday') {
      errors.push({ path: `${p}.kind`, message: "must be 'holiday' or 'workday'" });
    }
    if (typeof e.name !== 'string') errors.push({ path: `${p}.name`, message: 'must be a string' });
  });
  return errors;
}

export function createWorkingDayCalendar(entries: WorkingDayEntry[] = []): WorkingDayCalendar {
  const errors = validateWorkingDayEntries(entries);
  if (errors.length > 0) throw new WorkingDayEntryError(errors);
  const bureau = indexBureauEntries(entries);

  const coverage = (year: number): YearCoverage =>
    bureau.years.has(year) ? 'bureau' : packageYearSet.has(year) ? 'package' : 'none';

  const dayInfo = (d: LocalDate): DayInfo => {
    if (!isLocalDate(d)) throw new RangeError(`not a valid LocalDate (YYYY-MM-DD): ${JSON.stringify(d)}`);
    const weekday = isoWeekday(d);
    const entry = bureau.byDate.get(d);
    if (entry) return bureauDayInfo(entry, weekday);
    return packageDayInfo(d, weekday) ?? ordinaryDayInfo(d, weekday, coverage(yearOf(d)));
  };

  const isWorkingDay = (d: LocalDate): boolean => dayInfo(d).working;

  return {
    isWorkingDay,
    dayInfo,
    ...workingDayArithmetic(isWorkingDay),
    coverage,
    entries: bureau.sorted,
  };
}

interface BureauIndex {
  byDate: Map<LocalDate, WorkingDayEntry>;
  /** Years with at least one bureau entry: coverage() names the bureau as their source. */
  years: Set<number>;
  sorted: readonly WorkingDayEntry[];
}

/** Copies the (validated) entries, so later changes to the caller's array do not change the calendar. */
function indexBureauEntries(entries: WorkingDayEntry[]): BureauIndex {
  const byDate = new Map<LocalDate, WorkingDayEntry>();
  const years = new Set<number>();
  for (const e of entries) {
    byDate.set(e.date, { date: e.date, kind: e.kind, name: e.name });
    years.add(yearOf(e.date));
  }
  const sorted = Object.freeze([...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1)));
  return { byDate, years, sorted };
}

/** A bureau entry names the day: a holiday, or a working day (a make-up day when it falls on a weekend). */
function bureauDayInfo(entry: WorkingDayEntry, weekday: number): DayInfo {
  const isWeekend = weekday >= 6;
  const working = entry.kind === 'workday';
  return {
    date: entry.date,
    weekday,
    working,
    ...(!working && entry.name ? { holidayName: entry.name } : {}),
    makeUpWorkday: working && isWeekend,
    ...(working && isWeekend && entry.name ? { makeUpFor: entry.name } : {}),
    inLieu: false,
    source: 'bureau',
  };
}

/** The package's answer for a day it declares a holiday or a make-up working day; undefined for any other day. */
function packageDayInfo(d: LocalDate, weekday: number): DayInfo | undefined {
  if (!packageYearSet.has(yearOf(d))) return undefined;
  const isWeekend = weekday >= 6;
  const workday = pkg.workdays[d];
  if (workday !== undefined) {
    const n = splitPackageName(workday);
    return {
      date: d,
      weekday,
      working: true,
      makeUpWorkday: isWeekend,
      ...(n.zh ? { makeUpFor: n.zh } : {}),
      inLieu: false,
      source: 'package',
    };
  }
  const holiday = pkg.holidays[d];
  if (holiday !== undefined) {
    const n = splitPackageName(holiday);
    return {
      date: d,
      weekday,
      working: false,
      ...(n.zh ? { holidayName: n.zh } : {}),
      ...(n.en ? { holidayNameEn: n.en } : {}),
      makeUpWorkday: false,
      inLieu: pkg.inLieuDays[d] !== undefined,
      source: 'package',
    };
  }
  return undefined;
}

/** A day no source declares: Monday–Friday work; the source is whoever covers its year, if anyone. */
function ordinaryDayInfo(d: LocalDate, weekday: number, coverage: YearCoverage): DayInfo {
  return {
    date: d,
    weekday,
    working: weekday < 6,
    makeUpWorkday: false,
    inLieu: false,
    source: coverage === 'none' ? 'weekdays-only' : coverage,
  };
}

// Any 7 consecutive days contain a weekday; entries can only make whole runs of them holidays, and no
// real schedule has a year without working days. The bound only protects against absurd bureau data.
const MAX_SCAN = 800;

function workingDayArithmetic(
  isWorkingDay: (d: LocalDate) => boolean,
): Pick<WorkingDayCalendar, 'previousWorkingDay' | 'nextWorkingDay' | 'addWorkingDays'> {
  const step = (d: LocalDate, dir: 1 | -1): LocalDate => {
    let cur = d;
    for (let i = 0; i < MAX_SCAN; i++) {
      cur = addDays(cur, dir);
      if (isWorkingDay(cur)) return cur;
    }
    throw new RangeError(`no working day within ${MAX_SCAN} days ${dir > 0 ? 'after' : 'before'} ${d}`);
  };

  const addWorkingDays = (d: LocalDate, n: number): LocalDate => {
    if (!Number.isInteger(n)) throw new RangeError(`working-day count must be an integer: ${n}`);
    if (!isLocalDate(d)) throw new RangeError(`not a valid LocalDate (YYYY-MM-DD): ${JSON.stringify(d)}`);
    let cur = d;
    const dir = n > 0 ? 1 : -1;
    for (let i = 0; i < Math.abs(n); i++) cur = step(cur, dir);
    return cur;
  };

  return {
    previousWorkingDay: (d) => step(d, -1),
    nextWorkingDay: (d) => step(d, 1),
    addWorkingDays,
  };
}
