/**
 * An independent statement of the campaign's reminder rules (SPEC.md, "Reminders and escalation"), for the
 * model-based test. It deliberately does not call the product's ladder or plan functions. Only the
 * working-day calendar (which days are 调休 working days / holidays) comes from `domain/`: re-typing China's
 * holiday tables here would be unreasonable and is data, not rule.
 */
import { DateTime } from 'luxon';
import { createWorkingDayCalendar } from '../../domain/index.js';
import { ZONE } from './campaign.js';

const calendar = createWorkingDayCalendar();

export const isWorkingDay = (date: string): boolean => calendar.isWorkingDay(date);

export function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: ZONE }).plus({ days }).toISODate()!;
}

/** The n-th working day strictly before (n < 0) or after (n > 0) `date`. */
export function workingDaysFrom(date: string, n: number): string {
  const step = n < 0 ? -1 : 1;
  let d = date;
  for (let left = Math.abs(n); left > 0;) {
    d = plusDays(d, step);
    if (isWorkingDay(d)) left -= 1;
  }
  return d;
}

/** The instant of local wall time `hhmm` on `date` (Asia/Shanghai). */
export function at(date: string, hhmm: string): number {
  return DateTime.fromISO(`${date}T${hhmm}`, { zone: ZONE }).toMillis();
}

/** The end of local day `date` = the first instant of the next day. */
export const endOfDay = (date: string): number => at(plusDays(date, 1), '00:00');

export interface ModelStep {
  step: string;
  kind: 'reminder' | 'overdue' | 'escalation';
  /** The local date its mail goes out. */
  date: string;
  /** The step's instant: a reminder's send time, the deadline of an overdue notice or escalation. */
  atMs: number;
  /** When its mail goes out: a reminder at its instant, a deadline notice at the next working day's send time. */
  deliverAtMs: number;
}

/** The first working day from `date` on (`date` itself if it is one). */
function workingDayFrom(date: string): string {
  return isWorkingDay(date) ? date : workingDaysFrom(date, 1);
}

/**
 * The ladder of one office obligation due by the end of `dueDate`:
 * - reminders 3 and 1 working days before the due date, and on the due day if it is a working day, at the send
 *   time in force on that day (`sendTimeOn`);
 * - the overdue notice at the end of the due day;
 * - the escalation at the end of the hard-deadline day;
 * - the mails of those two at the send time of the first working day from the day after that end on (a deadline at
 *   00:00 of a working day: 09:00 that day).
 */
export function modelLadder(dueDate: string, hardDate: string, sendTimeOn: (date: string) => string): ModelStep[] {
  const reminder = (step: string, date: string): ModelStep => {
    const atMs = at(date, sendTimeOn(date));
    return { step, kind: 'reminder', date, atMs, deliverAtMs: atMs };
  };
  const deadline = (step: 'overdue' | 'escalation', lastDay: string): ModelStep => {
    const date = workingDayFrom(plusDays(lastDay, 1));
    return { step, kind: step, date, atMs: endOfDay(lastDay), deliverAtMs: at(date, sendTimeOn(date)) };
  };
  const steps = [
    reminder('reminder-3wd', workingDaysFrom(dueDate, -3)),
    reminder('reminder-1wd', workingDaysFrom(dueDate, -1)),
  ];
  if (isWorkingDay(dueDate)) steps.push(reminder('reminder-due-day', dueDate));
  steps.push(deadline('overdue', dueDate));
  steps.push(deadline('escalation', hardDate));
  return steps;
}

/** The modelled office obligations of the 2024 campaign: the five phase tasks, ten monthly reports, the year-end summary. */
export interface ModelObligation {
  key: string;
  kind: 'phase' | 'monthly-report' | 'year-end-summary';
  /** Nominal due date from the plan (phase deadlines can be moved by the bureau). */
  nominalDue: string;
}

export const PHASE_DEADLINES: Record<string, string> = {
  planning: '2024-03-15',
  'self-assessment': '2024-04-30',
  guidance: '2024-09-30',
  enforcement: '2024-11-30',
  summary: '2024-12-31',
};

export function initialObligations(): ModelObligation[] {
  const out: ModelObligation[] = Object.entries(PHASE_DEADLINES).map(([phase, deadline]) => ({
    key: `phase:${phase}`,
    kind: 'phase',
    nominalDue: deadline,
  }));
  for (let m = 3; m <= 12; m++) {
    const next = m === 12 ? '2025-01' : `2024-${String(m + 1).padStart(2, '0')}`;
    out.push({
      key: `monthly-report:2024-${String(m).padStart(2, '0')}`,
      kind: 'monthly-report',
      nominalDue: `${next}-02`,
    });
  }
  out.push({ key: 'year-end-summary:2024', kind: 'year-end-summary', nominalDue: '2025-01-08' });
  return out;
}

/**
 * The hard deadline: a monthly report is late past the end of the 3rd of the next month (the 'keep' holiday
 * rule: the notice's date stands); every other obligation 2 working days after its due date.
 */
export function hardDate(o: ModelObligation, dueDate: string): string {
  if (o.kind === 'monthly-report') return `${o.nominalDue.slice(0, 8)}03`;
  return workingDaysFrom(dueDate, 2);
}
