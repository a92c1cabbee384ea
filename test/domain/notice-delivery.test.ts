import { describe, expect, it } from 'vitest';
import {
  buildPlan,
  createWorkingDayCalendar,
  deadlineNoticeDelivery,
  deadlineNoticeStillOwed,
  defaultTemplate,
  isDeadlineNotice,
  stepDelivery,
  templateFor,
  toEpochMs,
  validateTemplate,
} from '../../domain/index.js';

const calendar = createWorkingDayCalendar();
const zone = 'Asia/Shanghai';
const ladder = defaultTemplate(2024).ladder;

/** The delivery instant of a notice triggered at `instant` (ISO with offset), as ISO with the zone's offset. */
const deliveredAt = (instant: string, rules = ladder, cal = calendar, timeZone = zone) =>
  deadlineNoticeDelivery(toEpochMs(instant), rules, cal, timeZone).at;

describe('when a notice triggered at a deadline is delivered', () => {
  it('delivers a Saturday-midnight escalation at 09:00 on Monday', () => {
    // The July report's hard deadline is the end of Saturday 2024-08-03: its escalation at Sunday 00:00, and the
    // overdue notice of the report due Friday 2024-08-02 at Saturday 00:00.
    expect(deliveredAt('2024-08-04T00:00:00+08:00')).toBe('2024-08-05T09:00:00.000+08:00');
    expect(deliveredAt('2024-08-03T00:00:00+08:00')).toBe('2024-08-05T09:00:00.000+08:00');
    const delivery = deadlineNoticeDelivery(toEpochMs('2024-08-03T00:00:00+08:00'), ladder, calendar, zone);
    expect(delivery).toEqual({
      at: '2024-08-05T09:00:00.000+08:00',
      atMs: Date.UTC(2024, 7, 5, 1, 0),
      localDate: '2024-08-05',
    });
  });

  it('delivers a notice due at 00:00 on a working day at 09:00 the same day', () => {
    // The March report, due Tuesday 2024-04-02: overdue from Wednesday 00:00.
    expect(deliveredAt('2024-04-03T00:00:00+08:00')).toBe('2024-04-03T09:00:00.000+08:00');
  });

  it('delivers a notice triggered exactly at the send time at that instant, and one after it on the next working day', () => {
    expect(deliveredAt('2024-04-03T09:00:00+08:00')).toBe('2024-04-03T09:00:00.000+08:00');
    // Wednesday after 09:00, before Qingming (2024-04-04..06): the make-up working Sunday 2024-04-07.
    expect(deliveredAt('2024-04-03T09:00:01+08:00')).toBe('2024-04-07T09:00:00.000+08:00');
    // Friday afternoon: Monday morning.
    expect(deliveredAt('2024-08-02T15:00:00+08:00')).toBe('2024-08-05T09:00:00.000+08:00');
  });

  it('skips the 调休 holiday week', () => {
    // National Day 2024-10-01..07: the September report's escalation lands on the first working day after it.
    expect(deliveredAt('2024-10-01T00:00:00+08:00')).toBe('2024-10-08T09:00:00.000+08:00');
    expect(deliveredAt('2024-10-04T00:00:00+08:00')).toBe('2024-10-08T09:00:00.000+08:00');
    // Spring Festival 2024-02-10..17 is followed by a make-up working Sunday, 2024-02-18: delivered then.
    expect(deliveredAt('2024-02-10T00:00:00+08:00')).toBe('2024-02-18T09:00:00.000+08:00');
    // Qingming 2024-04-04..06: the March report's escalation (Thursday 00:00) on the make-up Sunday 2024-04-07.
    expect(deliveredAt('2024-04-04T00:00:00+08:00')).toBe('2024-04-07T09:00:00.000+08:00');
    // A make-up working Saturday (2024-05-11) is a working day like any other.
    expect(deliveredAt('2024-05-11T00:00:00+08:00')).toBe('2024-05-11T09:00:00.000+08:00');
  });

  it('delivers at once when the campaign chose immediate delivery', () => {
    const immediate = { ...ladder, deadlineNoticeDelivery: 'immediate' as const };
    expect(deliveredAt('2024-08-03T00:00:00+08:00', immediate)).toBe('2024-08-03T00:00:00.000+08:00');
    expect(deliveredAt('2024-10-01T00:00:00+08:00', immediate)).toBe('2024-10-01T00:00:00.000+08:00');
  });

  it('delivers at the next send time when the setting is absent, as in templates stored before it existed', () => {
    const { deadlineNoticeDelivery: _absent, ...stored } = ladder;
    expect(deliveredAt('2024-08-03T00:00:00+08:00', stored)).toBe('2024-08-05T09:00:00.000+08:00');
  });

  it("follows the campaign's send time, the bureau's holiday corrections and the campaign's time zone", () => {
    expect(deliveredAt('2024-08-03T00:00:00+08:00', { ...ladder, sendTime: '08:30' })).toBe(
      '2024-08-05T08:30:00.000+08:00',
    );
    const corrected = createWorkingDayCalendar([{ date: '2024-08-05', kind: 'holiday', name: '防汛停工' }]);
    expect(deliveredAt('2024-08-03T00:00:00+08:00', ladder, corrected)).toBe('2024-08-06T09:00:00.000+08:00');
    expect(deliveredAt('2024-08-03T00:00:00+02:00', ladder, calendar, 'Europe/Berlin')).toBe(
      '2024-08-05T09:00:00.000+02:00',
    );
  });

  it('leaves reminders where the ladder puts them and moves only overdue notices and escalations', () => {
    expect(isDeadlineNotice('reminder')).toBe(false);
    expect(isDeadlineNotice('overdue')).toBe(true);
    expect(isDeadlineNotice('escalation')).toBe(true);
    const plan = buildPlan(defaultTemplate(2024), calendar);
    const july = plan.obligations.find((o) => o.key === 'monthly-report:2024-07')!;
    expect(july.steps.map((s) => [s.key, s.at, stepDelivery(s, ladder, calendar, zone).at])).toEqual([
      ['reminder-3wd', '2024-07-30T09:00:00.000+08:00', '2024-07-30T09:00:00.000+08:00'],
      ['reminder-1wd', '2024-08-01T09:00:00.000+08:00', '2024-08-01T09:00:00.000+08:00'],
      ['reminder-due-day', '2024-08-02T09:00:00.000+08:00', '2024-08-02T09:00:00.000+08:00'],
      ['overdue', '2024-08-03T00:00:00.000+08:00', '2024-08-05T09:00:00.000+08:00'],
      ['escalation', '2024-08-04T00:00:00.000+08:00', '2024-08-05T09:00:00.000+08:00'],
    ]);
  });

  it('drops an overdue notice whose obligation was fulfilled or extended before delivery, never an escalation', () => {
    const deliverAtMs = toEpochMs('2024-08-05T09:00:00+08:00');
    const dueAtMs = toEpochMs('2024-08-03T00:00:00+08:00');
    expect(deadlineNoticeStillOwed('overdue', { done: false, dueAtMs }, deliverAtMs)).toBe(true);
    expect(deadlineNoticeStillOwed('overdue', { done: true, dueAtMs }, deliverAtMs)).toBe(false);
    const extended = toEpochMs('2024-08-10T00:00:00+08:00');
    expect(deadlineNoticeStillOwed('overdue', { done: false, dueAtMs: extended }, deliverAtMs)).toBe(false);
    expect(deadlineNoticeStillOwed('escalation', { done: true, dueAtMs }, deliverAtMs)).toBe(true);
  });
});

describe('the template setting deadlineNoticeDelivery', () => {
  it("defaults to 'next-send-time' and accepts 'immediate'", () => {
    expect(defaultTemplate(2024).ladder.deadlineNoticeDelivery).toBe('next-send-time');
    expect(templateFor(2024, { ladder: { deadlineNoticeDelivery: 'immediate' } }).ladder.deadlineNoticeDelivery).toBe(
      'immediate',
    );
  });

  it('fills the default into a stored template that predates it, and names a wrong value', () => {
    const { deadlineNoticeDelivery: _absent, ...oldLadder } = defaultTemplate(2024).ladder;
    const stored = validateTemplate({ ...defaultTemplate(2024), ladder: oldLadder });
    expect(stored.ok && stored.template.ladder.deadlineNoticeDelivery).toBe('next-send-time');
    const wrong = validateTemplate({
      ...defaultTemplate(2024),
      ladder: { ...oldLadder, deadlineNoticeDelivery: 'later' },
    });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.errors.map((e) => e.path)).toEqual(['ladder.deadlineNoticeDelivery']);
    expect(!wrong.ok && wrong.errors[0]!.message).toMatch(/^must be 'next-send-time' .* or 'immediate'/);
  });
});
