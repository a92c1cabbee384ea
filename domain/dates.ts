/**
 * Calendar arithmetic on LocalDate strings ('YYYY-MM-DD') and zoned instants.
 *
 * LocalDate arithmetic is pure integer arithmetic on the proleptic Gregorian calendar (via Date.UTC and
 * getUTC* only), so it never depends on the process time zone. Instants are computed with luxon in an
 * explicit IANA zone.
 */
import { DateTime, IANAZone } from 'luxon';

/** 'YYYY-MM-DD' in the campaign time zone. */
export type LocalDate = string;
/** 'YYYY-MM'. */
export type YearMonth = string;

const DAY_MS = 86_400_000;
const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH_RE = /^(\d{4})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a LocalDate; undefined when malformed or impossible (e.g. 2024-02-30). */
export function parseLocalDate(value: unknown): { year: number; month: number; day: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isLocalDate(value: unknown): value is LocalDate {
  return parseLocalDate(value) !== undefined;
}

export function parseYearMonth(value: unknown): { year: number; month: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = YEAR_MONTH_RE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return { year, month };
}

export function isYearMonth(value: unknown): value is YearMonth {
  return parseYearMonth(value) !== undefined;
}

export function parseTime(value: unknown): { hour: number; minute: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIME_RE.exec(value);
  if (!m) return undefined;
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

// Checking a zone builds an Intl.DateTimeFormat; plans check the same few zones thousands of times.
const knownZones = new Map<string, boolean>();

export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0) return false;
  let valid = knownZones.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    knownZones.set(zone, valid);
  }
  return valid;
}

function requireDate(d: LocalDate): { year: number; month: number; day: number } {
  const p = parseLocalDate(d);
  if (!p) throw new RangeError(`not a valid LocalDate (YYYY-MM-DD): ${JSON.stringify(d)}`);
  return p;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function formatYearMonth(year: number, month: number): YearMonth {
  return `${pad(year, 4)}-${pad(month)}`;
}

/** Days since 1970-01-01. */
export function toEpochDay(d: LocalDate): number {
  const { year, month, day } = requireDate(d);
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function fromEpochDay(n: number): LocalDate {
  const dt = new Date(n * DAY_MS);
  return formatLocalDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(d: LocalDate, n: number): LocalDate {
  return fromEpochDay(toEpochDay(d) + n);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const wd = new Date(toEpochDay(d) * DAY_MS).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0; // zero-padded ISO strings sort chronologically
}

export function yearOf(d: LocalDate): number {
  return requireDate(d).year;
}

/** The month after `ym`. */
export function nextYearMonth(ym: YearMonth): YearMonth {
  const p = parseYearMonth(ym);
  if (!p) throw new RangeError(`not a valid YearMonth (YYYY-MM): ${JSON.stringify(ym)}`);
  return p.month === 12 ? formatYearMonth(p.year + 1, 1) : formatYearMonth(p.year, p.month + 1);
}

/** Every month from `first` to `last` inclusive (empty when last < first). */
export function monthsBetween(first: YearMonth, last: YearMonth): YearMonth[] {
  const out: YearMonth[] = [];
  for (let ym = first; ym <= last; ym = nextYearMonth(ym)) out.push(ym);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Instants

export interface Instant {
  /** ISO 8601 with the zone's offset, e.g. '2024-04-26T09:00:00.000+08:00'. */
  iso: string;
  /** Epoch milliseconds. */
  ms: number;
}

function zoned(d: LocalDate, hour: number, minute: number, zone: string): DateTime {
  if (!isValidTimeZone(zone)) throw new RangeError(`unknown time zone: ${JSON.stringify(zone)}`);
  const { year, month, day } = requireDate(d);
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!dt.isValid) throw new RangeError(`cannot place ${d} ${pad(hour)}:${pad(minute)} in ${zone}`);
  return dt;
}

function instantOf(dt: DateTime): Instant {
  const iso = dt.toISO();
  if (iso === null) throw new RangeError('invalid instant');
  return { iso, ms: dt.toMillis() };
}

/** The instant of local wall time `time` ('HH:mm') on day `d` in `zone`. */
export function atLocalTime(d: LocalDate, time: string, zone: string): Instant {
  const t = parseTime(time);
  if (!t) throw new RangeError(`not a valid time (HH:mm): ${JSON.stringify(time)}`);
  return instantOf(zoned(d, t.hour, t.minute, zone));
}

/** The first instant of local day `d` in `zone` (00:00, or the first existing time if a DST gap swallows midnight). */
export function startOfLocalDay(d: LocalDate, zone: string): Instant {
  return instantOf(zoned(d, 0, 0, zone).startOf('day'));
}

/**
 * The end of local day `d`, as an exclusive bound: the first instant of the next local day.
 * "X日前" deadlines end here; the obligation is overdue from this instant on.
 */
export function endOfLocalDay(d: LocalDate, zone: string): Instant {
  return startOfLocalDay(addDays(d, 1), zone);
}

/** The local date of an instant in `zone`. */
export function localDateOf(ms: number, zone: string): LocalDate {
  if (!isValidTimeZone(zone)) throw new RangeError(`unknown time zone: ${JSON.stringify(zone)}`);
  const dt = DateTime.fromMillis(ms, { zone });
  return formatLocalDate(dt.year, dt.month, dt.day);
}

/** Converts an ISO 8601 string (which must carry an offset or Z) or epoch ms into epoch ms. */
export function toEpochMs(instant: string | number): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant)) throw new RangeError(`not a finite epoch ms: ${instant}`);
    return instant;
  }
  // Without an explicit offset the string would be read in the process time zone: refuse it.
  const dt = /T[^+-]*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(instant)
    ? DateTime.fromISO(instant, { setZone: true })
    : DateTime.invalid('no offset');
  if (!dt.isValid) throw new RangeError(`not an ISO 8601 instant: ${JSON.stringify(instant)}`);
  return dt.toMillis();
}

/** ISO 8601 of `ms` with `zone`'s offset. */
export function isoInZone(ms: number, zone: string): string {
  return instantOf(DateTime.fromMillis(ms, { zone })).iso;
}
