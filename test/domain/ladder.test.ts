import { describe, it, expect } from 'vitest';
import {
  createWorkingDayCalendar,
  defaultTemplate,
  endOfLocalDay,
  ladderFor,
  resolveDueDate,
  type LadderStep,
} from '../../domain/index.js';

const cal = createWorkingDayCalendar();
const zone = 'Asia/Shanghai';
const rules = defaultTemplate(2024).ladder;

function summary(steps: LadderStep[]): string[] {
  return steps.map((s) => `${s.key}@${s.at}`);
}

describe('reminder ladder', () => {
  it('the April report due on 2024-05-02 inside Labour Day is reminded on 2024-04-28 and 2024-04-30, no due-day reminder', () => {
    const steps = ladderFor({
      dueDate: '2024-05-02',
      hardDueAt: endOfLocalDay('2024-05-03', zone).iso,
      ladder: rules,
      calendar: cal,
      timeZone: zone,
    });
    expect(summary(steps)).toEqual([
      'reminder-3wd@2024-04-28T09:00:00.000+08:00',
      'reminder-1wd@2024-04-30T09:00:00.000+08:00',
      'overdue@2024-05-03T00:00:00.000+08:00',
      'escalation@2024-05-04T00:00:00.000+08:00',
    ]);
    expect(steps[0]!.atMs).toBe(Date.UTC(2024, 3, 28, 1, 0));
    expect(steps.map((s) => s.localDate)).toEqual(['2024-04-28', '2024-04-30', '2024-05-03', '2024-05-04']);
  });

  it('the self-assessment due 2024-04-30 (a working Tuesday) is reminded 04-26, 04-29 and at 09:00 on the due day', () => {
    const steps = ladderFor({
      dueDate: '2024-04-30',
      hardDueAt: endOfLocalDay('2024-05-07', zone).ms,
      ladder: rules,
      calendar: cal,
      timeZone: zone,
    });
    expect(summary(steps)).toEqual([
      'reminder-3wd@2024-04-26T09:00:00.000+08:00',
      'reminder-1wd@2024-04-29T09:00:00.000+08:00',
      'reminder-due-day@2024-04-30T09:00:00.000+08:00',
      'overdue@2024-05-01T00:00:00.000+08:00',
      'escalation@2024-05-08T00:00:00.000+08:00',
    ]);
  });

  it('a calendar-day reminder landing on a holiday moves to the last working day before (7 days before 2024-10-08 is 10-01 → 09-30)', () => {
    const steps = ladderFor({
      dueDate: '2024-10-08',
      hardDueAt: endOfLocalDay('2024-10-10', zone).ms,
      ladder: { reminders: [{ days: 7, unit: 'calendar-days' }], remindOnDueDay: false, sendTime: '09:00' },
      calendar: cal,
      timeZone: zone,
    });
    expect(steps[0]).toMatchObject({ key: 'reminder-7cd', localDate: '2024-09-30' });
  });

  it('reminders landing on the same local day are merged, the first configured offset keeps its key', () => {
    // Due 2024-10-08: 8 calendar days before is 09-30 (a working Monday); 1 working day before is also 09-30.
    const steps = ladderFor({
      dueDate: '2024-10-08',
      hardDueAt: endOfLocalDay('2024-10-10', zone).ms,
      ladder: {
        reminders: [
          { days: 8, unit: 'calendar-days' },
          { days: 1, unit: 'working-days' },
          { days: 3, unit: 'working-days' },
        ],
        remindOnDueDay: true,
        sendTime: '09:00',
      },
      calendar: cal,
      timeZone: zone,
    });
    const reminders = steps.filter((s) => s.kind === 'reminder');
    expect(reminders.map((s) => [s.key, s.localDate])).toEqual([
      ['reminder-3wd', '2024-09-27'],
      ['reminder-8cd', '2024-09-30'],
      ['reminder-due-day', '2024-10-08'],
    ]);
    expect(reminders[1]!.mergedKeys).toEqual(['reminder-8cd', 'reminder-1wd']);
  });

  it('every reminder goes out on a working day at sendTime', () => {
    const steps = ladderFor({
      dueDate: '2024-10-02',
      hardDueAt: endOfLocalDay('2024-10-03', zone).ms,
      ladder: {
        reminders: [
          { days: 6, unit: 'calendar-days' },
          { days: 3, unit: 'working-days' },
          { days: 1, unit: 'calendar-days' },
        ],
        remindOnDueDay: true,
        sendTime: '08:30',
      },
      calendar: cal,
      timeZone: zone,
    });
    for (const s of steps.filter((x) => x.kind === 'reminder')) {
      expect(cal.isWorkingDay(s.localDate), s.key).toBe(true);
      expect(s.at).toMatch(/T08:30:00\.000\+08:00$/);
    }
    expect(steps.map((s) => s.key)).toEqual(['reminder-6cd', 'reminder-3wd', 'reminder-1cd', 'overdue', 'escalation']);
  });

  it("holidayRoll 'next-working-day' moves the April report from 2024-05-02 to 2024-05-06 before building the ladder", () => {
    expect(resolveDueDate('2024-05-02', 'next-working-day', cal)).toBe('2024-05-06');
    expect(resolveDueDate('2024-05-02', 'keep', cal)).toBe('2024-05-02');
    const steps = ladderFor({
      dueDate: '2024-05-02',
      holidayRoll: 'next-working-day',
      hardDueAt: endOfLocalDay('2024-05-07', zone).ms,
      ladder: rules,
      calendar: cal,
      timeZone: zone,
    });
    expect(steps.map((s) => [s.key, s.localDate])).toEqual([
      ['reminder-3wd', '2024-04-28'],
      ['reminder-1wd', '2024-04-30'],
      ['reminder-due-day', '2024-05-06'],
      ['overdue', '2024-05-07'],
      ['escalation', '2024-05-08'],
    ]);
  });

  it('drops reminders before notBefore and refuses a hard deadline before the due instant', () => {
    const steps = ladderFor({
      dueDate: '2024-03-04',
      hardDueAt: endOfLocalDay('2024-03-06', zone).ms,
      ladder: rules,
      calendar: cal,
      timeZone: zone,
      notBefore: '2024-02-28T00:00:00+08:00',
    });
    expect(steps[0]!.localDate).toBe('2024-02-28');
    expect(steps.filter((s) => s.kind === 'reminder')).toHaveLength(3);
    const late = ladderFor({
      dueDate: '2024-03-04',
      hardDueAt: endOfLocalDay('2024-03-06', zone).ms,
      ladder: rules,
      calendar: cal,
      timeZone: zone,
      notBefore: '2024-03-01T00:00:00+08:00',
    });
    expect(late.filter((s) => s.kind === 'reminder').map((s) => s.localDate)).toEqual(['2024-03-01', '2024-03-04']);
    expect(() =>
      ladderFor({
        dueDate: '2024-03-04',
        hardDueAt: endOfLocalDay('2024-03-03', zone).ms,
        ladder: rules,
        calendar: cal,
        timeZone: zone,
      }),
    ).toThrow(RangeError);
  });

  it('uses the offset of any IANA zone in `at`', () => {
    const steps = ladderFor({
      dueDate: '2024-07-15',
      hardDueAt: endOfLocalDay('2024-07-17', 'Europe/Berlin').ms,
      ladder: { reminders: [], remindOnDueDay: true, sendTime: '09:00' },
      calendar: cal,
      timeZone: 'Europe/Berlin',
    });
    expect(steps[0]!.at).toBe('2024-07-15T09:00:00.000+02:00');
  });
});
