/**
 * When a notice triggered at a deadline reaches people. The overdue notice (the end of the due day), the escalation
 * (the end of the hard-deadline day) and an escalation's climb (the end of its acknowledge-by day) all fall at
 * midnight, often on a weekend or a holiday. What they change is recorded at that instant (the step, the late
 * obligation, the escalation and its level); their mail goes out when people read it: at the ladder's send time on
 * the next working day, unless the campaign chose immediate delivery. Reminders are planned at the send time of a
 * working day already and are not moved.
 */
import { atLocalTime, isoInZone, type LocalDate, localDateOf } from './dates.js';
import type { StepKind } from './ladder.js';
import { DEFAULT_DEADLINE_NOTICE_DELIVERY, type LadderRules } from './template.js';
import type { WorkingDayCalendar } from './working-days.js';

/** When a mail goes out. */
export interface Delivery {
  /** ISO 8601 with the zone's offset, e.g. '2024-08-05T09:00:00.000+08:00'. */
  at: string;
  atMs: number;
  /** Local date of `at` in the campaign zone. */
  localDate: LocalDate;
}

/** The ladder settings the rule reads. */
export type DeliveryRules = Pick<LadderRules, 'sendTime' | 'deadlineNoticeDelivery'>;

/** Overdue notices and escalations are triggered at a deadline; reminders are not. */
export function isDeadlineNotice(kind: StepKind): boolean {
  return kind !== 'reminder';
}

/**
 * THE rule: a notice triggered at a deadline instant `triggeredAtMs` is delivered at `sendTime` on the first working
 * day whose send time is at or after the instant (so a deadline at 00:00 of a working day is delivered at 09:00 the
 * same day, one at 00:00 on a Saturday at 09:00 on Monday, one in a holiday week on the first working day after
 * it, a 调休 make-up Sunday included). With `deadlineNoticeDelivery: 'immediate'` it is delivered at the instant.
 */
export function deadlineNoticeDelivery(
  triggeredAtMs: number,
  rules: DeliveryRules,
  calendar: WorkingDayCalendar,
  timeZone: string,
): Delivery {
  if ((rules.deadlineNoticeDelivery ?? DEFAULT_DEADLINE_NOTICE_DELIVERY) === 'immediate') {
    return {
      at: isoInZone(triggeredAtMs, timeZone),
      atMs: triggeredAtMs,
      localDate: localDateOf(triggeredAtMs, timeZone),
    };
  }
  const day = localDateOf(triggeredAtMs, timeZone);
  if (calendar.isWorkingDay(day)) {
    const sameDay = atLocalTime(day, rules.sendTime, timeZone);
    if (sameDay.ms >= triggeredAtMs) return { at: sameDay.iso, atMs: sameDay.ms, localDate: day };
  }
  const next = calendar.nextWorkingDay(day);
  const at = atLocalTime(next, rules.sendTime, timeZone);
  return { at: at.iso, atMs: at.ms, localDate: next };
}

/** When the mail of a ladder step goes out: a reminder at its own instant, a deadline notice by the rule above. */
export function stepDelivery(
  step: { kind: StepKind; at: string; atMs: number; localDate: LocalDate },
  rules: DeliveryRules,
  calendar: WorkingDayCalendar,
  timeZone: string,
): Delivery {
  if (!isDeadlineNotice(step.kind)) return { at: step.at, atMs: step.atMs, localDate: step.localDate };
  return deadlineNoticeDelivery(step.atMs, rules, calendar, timeZone);
}

/**
 * Whether an office's deadline notice, recorded at its instant, is still mailed at its delivery instant: an overdue
 * notice only while its obligation is open and still overdue then (not fulfilled, not extended past the delivery),
 * an escalation always (it was raised at its instant and stands, whatever happened since).
 */
export function deadlineNoticeStillOwed(
  kind: StepKind,
  obligation: { done: boolean; dueAtMs: number },
  deliverAtMs: number,
): boolean {
  if (kind === 'escalation') return true;
  return !obligation.done && obligation.dueAtMs <= deliverAtMs;
}
