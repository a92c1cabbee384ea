import { describe, it, expect } from 'vitest';
import {
  buildPlan,
  createWorkingDayCalendar,
  escalationAckDeadline,
  defaultTemplate,
  localDateOf,
  PACKAGE_YEARS,
  phaseAt,
  selfAssessmentObligation,
  templateFor,
  TemplateError,
  type CampaignPlan,
  type PlannedObligation,
} from '../../domain/index.js';

const cal = createWorkingDayCalendar();
const plan2024 = buildPlan(defaultTemplate(2024), cal);

function ob(plan: CampaignPlan, key: string): PlannedObligation {
  const o = plan.obligations.find((x) => x.key === key);
  if (!o) throw new Error(`no obligation ${key}`);
  return o;
}
const reminderDays = (o: PlannedObligation) => o.steps.filter((s) => s.kind === 'reminder').map((s) => s.localDate);

describe('the 2024 campaign calendar', () => {
  it('starts at the start of 2024-02-28 local time', () => {
    expect(plan2024.startAt).toBe('2024-02-28T00:00:00.000+08:00');
    expect(plan2024.startAtMs).toBe(Date.UTC(2024, 1, 27, 16));
  });

  it('the planning phase ends at the end of 2024-03-15 local time', () => {
    const p = plan2024.phases[0]!;
    expect(p).toMatchObject({
      key: 'planning',
      nameZh: '前期统筹谋划',
      startDate: '2024-02-28',
      deadline: '2024-03-15',
    });
    expect(p.deadlineAt).toBe('2024-03-16T00:00:00.000+08:00');
    expect(p.deadlineAtMs).toBe(Date.UTC(2024, 2, 15, 16));
  });

  it('each phase starts the day after the previous deadline', () => {
    expect(plan2024.phases.map((p) => [p.key, p.startDate, p.deadline])).toEqual([
      ['planning', '2024-02-28', '2024-03-15'],
      ['self-assessment', '2024-03-16', '2024-04-30'],
      ['guidance', '2024-05-01', '2024-09-30'],
      ['enforcement', '2024-10-01', '2024-11-30'],
      ['summary', '2024-12-01', '2024-12-31'],
    ]);
  });

  it('phaseAt: not started before 2024-02-28, planning until the end of 03-15, finished after 2024-12-31', () => {
    const at = (iso: string) => phaseAt(plan2024, Date.parse(iso));
    expect(at('2024-02-27T23:59:59+08:00')).toBe('not-started');
    expect(at('2024-02-28T00:00:00+08:00')).toBe('planning');
    expect(at('2024-03-15T23:59:59.999+08:00')).toBe('planning');
    expect(at('2024-03-16T00:00:00+08:00')).toBe('self-assessment');
    expect(at('2024-10-01T08:00:00+08:00')).toBe('enforcement');
    expect(at('2024-12-31T23:00:00+08:00')).toBe('summary');
    expect(at('2025-01-01T00:00:00+08:00')).toBe('finished');
  });

  it('plans phases, ten monthly reports, the year-end summary and the enterprise obligations with stable keys', () => {
    expect(plan2024.obligations.map((o) => o.key)).toEqual([
      'phase:planning',
      'phase:self-assessment',
      'phase:guidance',
      'phase:enforcement',
      'phase:summary',
      ...['03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `monthly-report:2024-${m}`),
      'year-end-summary:2024',
      'enterprise-commitment',
      'enterprise-plan',
      'enterprise-self-assessment:2024-04-30',
    ]);
    expect(plan2024.warnings).toEqual([]);
  });

  it('the March report is due by the end of 2024-04-02 and escalates after the end of 04-03', () => {
    const o = ob(plan2024, 'monthly-report:2024-03');
    expect(o).toMatchObject({
      kind: 'monthly-report',
      period: '2024-03',
      nominalDueDate: '2024-04-02',
      dueDate: '2024-04-02',
    });
    expect(o.dueAt).toBe('2024-04-03T00:00:00.000+08:00');
    expect(o.hardDueAt).toBe('2024-04-04T00:00:00.000+08:00');
    expect(o.steps.map((s) => s.key)).toEqual([
      'reminder-3wd',
      'reminder-1wd',
      'reminder-due-day',
      'overdue',
      'escalation',
    ]);
    expect(reminderDays(o)).toEqual(['2024-03-28', '2024-04-01', '2024-04-02']);
  });

  it('the April report due on 2024-05-02 inside Labour Day stays due then and is reminded on 2024-04-28 and 2024-04-30', () => {
    const o = ob(plan2024, 'monthly-report:2024-04');
    expect(o.dueDate).toBe('2024-05-02');
    expect(o.hardDueDate).toBe('2024-05-03');
    expect(reminderDays(o)).toEqual(['2024-04-28', '2024-04-30']);
    expect(o.steps.find((s) => s.kind === 'overdue')!.at).toBe('2024-05-03T00:00:00.000+08:00');
    expect(o.steps.find((s) => s.kind === 'escalation')!.at).toBe('2024-05-04T00:00:00.000+08:00');
  });

  it('the September report due 2024-10-02 inside National Day is reminded on 2024-09-27 and 2024-09-30', () => {
    const o = ob(plan2024, 'monthly-report:2024-09');
    expect(o.dueDate).toBe('2024-10-02');
    expect(reminderDays(o)).toEqual(['2024-09-27', '2024-09-30']);
    expect(o.steps.some((s) => s.key === 'reminder-due-day')).toBe(false);
  });

  it('the December report is due 2025-01-02 with 2025-01-01 a holiday (1 working day before is 2024-12-31)', () => {
    const o = ob(plan2024, 'monthly-report:2024-12');
    expect(o.nominalDueDate).toBe('2025-01-02');
    expect(o.dueAt).toBe('2025-01-03T00:00:00.000+08:00');
    expect(reminderDays(o)).toEqual(['2024-12-27', '2024-12-31', '2025-01-02']);
  });

  it('the year-end summary is due 2025-01-08 and escalates after 2 working days (end of 2025-01-10)', () => {
    const o = ob(plan2024, 'year-end-summary:2024');
    expect(o.dueDate).toBe('2025-01-08');
    expect(o.hardDueDate).toBe('2025-01-10');
    expect(o.hardDueAt).toBe('2025-01-11T00:00:00.000+08:00');
  });

  it('a phase deadline escalates 2 working days later: guidance 2024-09-30 → end of 2024-10-09 (after National Day)', () => {
    const o = ob(plan2024, 'phase:guidance');
    expect(o.hardDueDate).toBe('2024-10-09');
    expect(reminderDays(o)).toEqual(['2024-09-26', '2024-09-29', '2024-09-30']); // 09-29 is a make-up Sunday
  });

  it('the enforcement phase ends on Saturday 2024-11-30: no due-day reminder, escalation after Tuesday 2024-12-03', () => {
    const o = ob(plan2024, 'phase:enforcement');
    expect(reminderDays(o)).toEqual(['2024-11-27', '2024-11-29']);
    expect(o.hardDueDate).toBe('2024-12-03');
  });

  it('enterprises commit and plan by the end of phase 1 and self-assess by the end of phase 2', () => {
    expect(ob(plan2024, 'enterprise-commitment')).toMatchObject({
      dueDate: '2024-03-15',
      responsible: 'enterprise',
      phase: 'planning',
    });
    expect(ob(plan2024, 'enterprise-plan')).toMatchObject({ dueDate: '2024-03-15' });
    expect(ob(plan2024, 'enterprise-self-assessment:2024-04-30')).toMatchObject({
      kind: 'enterprise-self-assessment',
      dueDate: '2024-04-30',
      hardDueDate: '2024-05-07',
    });
  });

  it("an enterprise's own committed self-assessment date (Saturday 2024-04-20) becomes its obligation", () => {
    // 2024-04-20 is an ordinary Saturday: no due-day reminder; 1 working day before is Friday 04-19.
    const o = selfAssessmentObligation(defaultTemplate(2024), cal, '2024-04-20');
    expect(o.key).toBe('enterprise-self-assessment:2024-04-20');
    expect(reminderDays(o)).toEqual(['2024-04-17', '2024-04-19']);
    expect(o.hardDueDate).toBe('2024-04-23');
    expect(() => selfAssessmentObligation(defaultTemplate(2024), cal, '2024-04-31')).toThrow(RangeError);
  });

  it('steps are sorted by time and every reminder is on a working day at 09:00 local time', () => {
    for (const o of plan2024.obligations) {
      const ms = o.steps.map((s) => s.atMs);
      expect(ms, o.key).toEqual([...ms].sort((a, b) => a - b));
      for (const s of o.steps.filter((x) => x.kind === 'reminder')) {
        expect(cal.isWorkingDay(s.localDate), `${o.key} ${s.key}`).toBe(true);
        expect(s.at.slice(11)).toBe('09:00:00.000+08:00');
        expect(localDateOf(s.atMs, 'Asia/Shanghai')).toBe(s.localDate);
        expect(s.atMs).toBeGreaterThanOrEqual(plan2024.startAtMs);
      }
      expect(o.steps.at(-2)!.key).toBe('overdue');
      expect(o.steps.at(-1)!.key).toBe('escalation');
      expect(o.steps.at(-2)!.atMs).toBe(o.dueAtMs);
      expect(o.steps.at(-1)!.atMs).toBe(o.hardDueAtMs);
    }
  });
});

describe('escalation acknowledgement', () => {
  it('an escalation raised at the start of 2024-05-04 must be acknowledged within 5 working days: by the end of 2024-05-10', () => {
    const t = defaultTemplate(2024);
    const at = ob(plan2024, 'monthly-report:2024-04').hardDueAtMs; // 2024-05-04T00:00+08:00, inside Labour Day
    // working days after 05-04: 05-06, 05-07, 05-08, 05-09, 05-10
    expect(escalationAckDeadline(t, cal, at)).toEqual({
      date: '2024-05-10',
      at: '2024-05-11T00:00:00.000+08:00',
      atMs: Date.UTC(2024, 4, 10, 16),
    });
    expect(escalationAckDeadline(t, cal, at, 6).date).toBe('2024-05-11'); // the make-up Saturday
  });
});

describe("holidayRoll 'next-working-day'", () => {
  const rolled = buildPlan(templateFor(2024, { holidayRoll: 'next-working-day' }), cal);

  it('moves the April report to 2024-05-06, keeps the nominal date and a working day of grace before escalation', () => {
    const o = ob(rolled, 'monthly-report:2024-04');
    expect(o.nominalDueDate).toBe('2024-05-02');
    expect(o.dueDate).toBe('2024-05-06');
    expect(o.dueAt).toBe('2024-05-07T00:00:00.000+08:00');
    expect(o.hardDueDate).toBe('2024-05-07');
    expect(reminderDays(o)).toEqual(['2024-04-28', '2024-04-30', '2024-05-06']);
  });

  it('moves the September report to 2024-10-08 and the enforcement phase (Saturday 2024-11-30) to 2024-12-02', () => {
    expect(ob(rolled, 'monthly-report:2024-09').dueDate).toBe('2024-10-08');
    expect(ob(rolled, 'phase:enforcement')).toMatchObject({
      nominalDueDate: '2024-11-30',
      dueDate: '2024-12-02',
      hardDueDate: '2024-12-04',
    });
    expect(rolled.phases[3]!.deadline).toBe('2024-11-30'); // the phase calendar itself stays as the notice says
  });

  it('leaves due dates on working days alone', () => {
    expect(ob(rolled, 'monthly-report:2024-03').dueDate).toBe('2024-04-02');
  });
});

describe('other years', () => {
  it('the same plan for 2025 is one parameter', () => {
    const p = buildPlan(defaultTemplate(2025), cal);
    expect(p.year).toBe(2025);
    expect(p.phases[0]!.deadlineAt).toBe('2025-03-16T00:00:00.000+08:00');
    expect(ob(p, 'monthly-report:2025-12').dueDate).toBe('2026-01-02'); // a 2026 New Year holiday
    expect(ob(p, 'year-end-summary:2025').dueDate).toBe('2026-01-08');
    // 2025 Labour Day 05-01..05-05, make-up Sunday 04-27: the April report due 05-02 is reminded 04-28 and 04-30.
    expect(reminderDays(ob(p, 'monthly-report:2025-04'))).toEqual(['2025-04-28', '2025-04-30']);
    expect(p.warnings).toEqual([]);
  });

  it('a 2026 plan touches 2027; a year without holiday data falls back to Monday–Friday with a warning', () => {
    const last = PACKAGE_YEARS[PACKAGE_YEARS.length - 1]!;
    const p = buildPlan(defaultTemplate(last), cal);
    expect(p.holidayData.map((h) => h.coverage)).toEqual(['package', 'none']);
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toContain(`No holiday data for ${last + 1}`);
    // The year-end summary falls on the weekday rule: due on the 8 January of the following year anyway.
    expect(ob(p, `year-end-summary:${last}`).dueDate).toBe(`${last + 1}-01-08`);
  });

  it('a year with bureau entries is covered and needs no warning', () => {
    const last = PACKAGE_YEARS[PACKAGE_YEARS.length - 1]!;
    const c = createWorkingDayCalendar([{ date: `${last + 1}-01-01`, kind: 'holiday', name: '元旦' }]);
    expect(buildPlan(defaultTemplate(last), c).warnings).toEqual([]);
  });

  it('2030 has no data at all: two warnings, and plain Monday–Friday arithmetic', () => {
    const p = buildPlan(defaultTemplate(2030), cal);
    expect(p.holidayData).toEqual([
      { year: 2030, coverage: 'none' },
      { year: 2031, coverage: 'none' },
    ]);
    expect(p.warnings).toHaveLength(2);
    // 2030-05-02 is a Thursday: without data it is an ordinary working day with a due-day reminder.
    expect(reminderDays(ob(p, 'monthly-report:2030-04'))).toEqual(['2030-04-29', '2030-05-01', '2030-05-02']);
  });

  it('bureau entries override the package in the plan', () => {
    // The bureau declares 2024-04-30 a county holiday: the April report's 1-working-day reminder moves to 04-29.
    const c = createWorkingDayCalendar([{ date: '2024-04-30', kind: 'holiday', name: '县内调休' }]);
    const o = ob(buildPlan(defaultTemplate(2024), c), 'monthly-report:2024-04');
    expect(reminderDays(o)).toEqual(['2024-04-26', '2024-04-29']);
  });

  it('buildPlan validates the template', () => {
    const bad = { ...defaultTemplate(2024), timeZone: 'Asia/Beijing' };
    expect(() => buildPlan(bad, cal)).toThrow(TemplateError);
  });

  it('changing reminder offsets and the send time is data, not code', () => {
    const p = buildPlan(
      templateFor(2024, {
        ladder: { reminders: [{ days: 7, unit: 'calendar-days' }], sendTime: '08:30', remindOnDueDay: false },
      }),
      cal,
    );
    const o = ob(p, 'monthly-report:2024-09');
    // 7 calendar days before 2024-10-02 is Wednesday 09-25.
    expect(o.steps.map((s) => `${s.key}@${s.at}`)).toEqual([
      'reminder-7cd@2024-09-25T08:30:00.000+08:00',
      'overdue@2024-10-03T00:00:00.000+08:00',
      'escalation@2024-10-04T00:00:00.000+08:00',
    ]);
  });
});
