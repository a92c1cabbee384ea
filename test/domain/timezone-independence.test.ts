import { describe, it, expect, afterAll } from 'vitest';
import {
  addDays,
  buildPlan,
  createWorkingDayCalendar,
  defaultTemplate,
  isoWeekday,
  localDateOf,
  phaseAt,
  templateFor,
} from '../../domain/index.js';

// Node re-reads process.env.TZ when it is assigned at run time; every case below runs under each zone.
const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York'] as const;
const originalTZ = process.env.TZ;

function withProcessTZ<T>(tz: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

/** A representative set of plan facts, as plain strings so results can be compared across zones. */
function planFacts(): Record<string, unknown> {
  const cal = createWorkingDayCalendar([{ date: '2024-05-31', kind: 'holiday', name: '县内调整' }]);
  const plan = buildPlan(defaultTemplate(2024), cal);
  const rolled = buildPlan(templateFor(2024, { holidayRoll: 'next-working-day' }), cal);
  const get = (p: typeof plan, key: string) => p.obligations.find((o) => o.key === key)!;
  const reminders = (p: typeof plan, key: string) =>
    get(p, key)
      .steps.filter((s) => s.kind === 'reminder')
      .map((s) => s.at);
  return {
    startAt: plan.startAt,
    planningEnds: plan.phases[0]!.deadlineAt,
    planningEndsMs: plan.phases[0]!.deadlineAtMs,
    aprilReminders: reminders(plan, 'monthly-report:2024-04'),
    aprilEscalation: get(plan, 'monthly-report:2024-04').hardDueAt,
    septemberReminders: reminders(plan, 'monthly-report:2024-09'),
    decemberDue: get(plan, 'monthly-report:2024-12').dueAt,
    mayReminders: reminders(plan, 'monthly-report:2024-05'),
    yearEnd: get(plan, 'year-end-summary:2024').dueAt,
    rolledApril: get(rolled, 'monthly-report:2024-04').dueDate,
    phaseAtPlanningEnd: phaseAt(plan, plan.phases[0]!.deadlineAtMs - 1),
    phaseAtNextDay: phaseAt(plan, plan.phases[0]!.deadlineAtMs),
    make_up_sunday: cal.dayInfo('2024-04-28').working,
    may1: cal.dayInfo('2024-05-01').working,
    addDays: addDays('2024-03-09', 30), // crosses the US DST change of 2024-03-10
    weekday: isoWeekday('2024-11-03'), // the US DST end
    localDateOfMidnightShanghai: localDateOf(Date.UTC(2024, 4, 1, 16), 'Asia/Shanghai'),
  };
}

const EXPECTED = {
  startAt: '2024-02-28T00:00:00.000+08:00',
  planningEnds: '2024-03-16T00:00:00.000+08:00',
  planningEndsMs: Date.UTC(2024, 2, 15, 16),
  aprilReminders: ['2024-04-28T09:00:00.000+08:00', '2024-04-30T09:00:00.000+08:00'],
  aprilEscalation: '2024-05-04T00:00:00.000+08:00',
  septemberReminders: ['2024-09-27T09:00:00.000+08:00', '2024-09-30T09:00:00.000+08:00'],
  decemberDue: '2025-01-03T00:00:00.000+08:00',
  // the May report is due Sunday 2024-06-02; the bureau made Friday 2024-05-31 a holiday
  mayReminders: ['2024-05-28T09:00:00.000+08:00', '2024-05-30T09:00:00.000+08:00'],
  yearEnd: '2025-01-09T00:00:00.000+08:00',
  rolledApril: '2024-05-06',
  phaseAtPlanningEnd: 'planning',
  phaseAtNextDay: 'self-assessment',
  make_up_sunday: true,
  may1: false,
  addDays: '2024-04-08',
  weekday: 7,
  localDateOfMidnightShanghai: '2024-05-02',
};

describe('plan results do not depend on the process time zone', () => {
  afterAll(() => {
    if (originalTZ === undefined) delete process.env.TZ;
    else process.env.TZ = originalTZ;
  });

  for (const tz of ZONES) {
    it(`gives the 2024 plan facts with process.env.TZ=${tz}`, () => {
      const { facts, offset } = withProcessTZ(tz, () => ({
        facts: planFacts(),
        offset: new Date(2024, 0, 15, 12).getTimezoneOffset(),
      }));
      // the switch really took effect in this process
      expect(offset).toBe({ UTC: 0, 'Asia/Shanghai': -480, 'America/New_York': 300 }[tz]);
      expect(facts).toEqual(EXPECTED);
    });
  }

  it('restores the process time zone after each case', () => {
    expect(process.env.TZ).toBe(originalTZ);
  });
});
