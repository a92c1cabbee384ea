/**
 * The reminder / overdue / escalation ladder of one obligation: a pure function of the due date, the hard
 * deadline, the ladder rules and the working-day calendar.
 */
import {
  addDays,
  atLocalTime,
  compareLocalDates,
  endOfLocalDay,
  isLocalDate,
  isoInZone,
  type LocalDate,
  localDateOf,
  toEpochMs,
} from './dates.js';
import type { HolidayRoll, LadderRules, ReminderOffset } from './template.js';
import type { WorkingDayCalendar } from './working-days.js';

export type StepKind = 'reminder' | 'overdue' | 'escalation';

export interface LadderStep {
  /** 'reminder-3wd', 'reminder-1wd', 'reminder-7cd', 'reminder-due-day', 'overdue', 'escalation'. */
  key: string;
  kind: StepKind;
  /** ISO 8601 with the zone's offset, e.g. '2024-04-26T09:00:00.000+08:00'. */
  at: string;
  atMs: number;
  /** Local date of `at` in the campaign zone. */
  localDate: LocalDate;
  /** Keys of reminders that fell on the same local day and were merged into this one (including this key). */
  mergedKeys?: string[];
}

export interface LadderArgs {
  /** The (already rolled, unless `holidayRoll` is given) due date: the obligation is due by the end of this local day. */
  dueDate: LocalDate;
  /** When escalation happens: the end of the hard-deadline day (ISO with offset, or epoch ms). */
  hardDueAt: string | number;
  ladder: Pick<LadderRules, 'reminders' | 'remindOnDueDay' | 'sendTime'>;
  calendar: WorkingDayCalendar;
  timeZone: string;
  /** When given, a due date on a non-working day is first moved as the template says. */
  holidayRoll?: HolidayRoll;
  /** Reminders before this instant (e.g. the campaign start) are dropped. */
  notBefore?: string | number;
}

export function reminderKey(r: ReminderOffset): string {
  return `reminder-${r.days}${r.unit === 'working-days' ? 'wd' : 'cd'}`;
}
export const DUE_DAY_REMINDER_KEY = 'reminder-due-day';
export const OVERDUE_KEY = 'overdue';
export const ESCALATION_KEY = 'escalation';

/** The effective due date: with 'next-working-day', a due date on a non-working day moves to the next working day. */
export function resolveDueDate(nominal: LocalDate, holidayRoll: HolidayRoll, calendar: WorkingDayCalendar): LocalDate {
  if (holidayRoll === 'next-working-day' && !calendar.isWorkingDay(nominal)) return calendar.nextWorkingDay(nominal);
  return nominal;
}

/** The local day on which a reminder goes out (always a working day, always strictly before the due date). */
export function reminderDate(dueDate: LocalDate, offset: ReminderOffset, calendar: WorkingDayCalendar): LocalDate {
  if (offset.unit === 'working-days') return calendar.addWorkingDays(dueDate, -offset.days);
  const target = addDays(dueDate, -offset.days);
  return calendar.isWorkingDay(target) ? target : calendar.previousWorkingDay(target);
}

/**
 * Builds the ladder:
 * - one reminder per configured offset at `sendTime` (N working days before = the N-th working day strictly
 *   before the due date; a calendar-day reminder on a non-working day moves to the last working day before it);
 * - a due-day reminder at `sendTime` when `remindOnDueDay` and the due day is a working day;
 * - reminders on the same local day are merged: the first configured offset keeps its key (the due-day
 *   reminder counts as the last offset);
 * - 'overdue' at the end of the due day (the first instant of the next local day);
 * - 'escalation' at `hardDueAt`.
 * Sorted by time; at equal times reminders come before 'overdue', which comes before 'escalation'.
 */
export function ladderFor(args: LadderArgs): LadderStep[] {
  const { calendar, timeZone, ladder } = args;
  if (!isLocalDate(args.dueDate))
    throw new RangeError(`dueDate is not a valid LocalDate: ${JSON.stringify(args.dueDate)}`);
  const dueDate = args.holidayRoll ? resolveDueDate(args.dueDate, args.holidayRoll, calendar) : args.dueDate;
  const dueAt = endOfLocalDay(dueDate, timeZone);
  const hardMs = toEpochMs(args.hardDueAt);
  if (hardMs < dueAt.ms)
    throw new RangeError(`hardDueAt ${isoInZone(hardMs, timeZone)} is before the due instant ${dueAt.iso}`);
  const notBeforeMs = args.notBefore === undefined ? undefined : toEpochMs(args.notBefore);

  // Candidate reminders in configuration order; the due-day reminder last.
  const candidates: { key: string; date: LocalDate }[] = ladder.reminders.map((r) => ({
    key: reminderKey(r),
    date: reminderDate(dueDate, r, calendar),
  }));
  if (ladder.remindOnDueDay && calendar.isWorkingDay(dueDate))
    candidates.push({ key: DUE_DAY_REMINDER_KEY, date: dueDate });

  const byDay = new Map<LocalDate, { key: string; merged: string[] }>();
  for (const c of candidates) {
    const existing = byDay.get(c.date);
    if (existing) {
      if (!existing.merged.includes(c.key)) existing.merged.push(c.key);
    } else byDay.set(c.date, { key: c.key, merged: [c.key] });
  }

  const steps: LadderStep[] = [];
  for (const [date, { key, merged }] of [...byDay].sort((a, b) => compareLocalDates(a[0], b[0]))) {
    const at = atLocalTime(date, ladder.sendTime, timeZone);
    if (notBeforeMs !== undefined && at.ms < notBeforeMs) continue;
    steps.push({
      key,
      kind: 'reminder',
      at: at.iso,
      atMs: at.ms,
      localDate: date,
      ...(merged.length > 1 ? { mergedKeys: merged } : {}),
    });
  }
  steps.push({
    key: OVERDUE_KEY,
    kind: 'overdue',
    at: dueAt.iso,
    atMs: dueAt.ms,
    localDate: localDateOf(dueAt.ms, timeZone),
  });
  steps.push({
    key: ESCALATION_KEY,
    kind: 'escalation',
    at: isoInZone(hardMs, timeZone),
    atMs: hardMs,
    localDate: localDateOf(hardMs, timeZone),
  });
  const rank: Record<StepKind, number> = { reminder: 0, overdue: 1, escalation: 2 };
  return steps.sort((a, b) => a.atMs - b.atMs || rank[a.kind] - rank[b.kind]);
}
