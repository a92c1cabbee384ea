import { Value } from '@sinclair/typebox/value';
import { describe, it, expect } from 'vitest';
import { CampaignTemplateOverridesSchema, CampaignTemplateSchema } from '../../domain/template-schema.js';
import {
  defaultTemplate,
  parseTemplate,
  PHASE_KEYS,
  TemplateError,
  templateFor,
  validateTemplate,
  type CampaignTemplate,
} from '../../domain/index.js';

function errorsOf(input: unknown): Record<string, string> {
  const r = validateTemplate(input);
  if (r.ok) return {};
  return Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
}

/** The 2024 default with values set at paths like 'phases[1].deadline' (any value, even of the wrong type). */
function mutate(changes: Record<string, unknown>): unknown {
  const t: unknown = structuredClone(defaultTemplate(2024));
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
    let target = t as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
    target[keys[keys.length - 1]!] = value;
  }
  return t;
}

describe('the default template is the 2024 notice plan', () => {
  it('has the five phases with the notice deadlines 03-15, 04-30, 09-30, 11-30, 12-31', () => {
    const t = defaultTemplate();
    expect(t.year).toBe(2024);
    expect(t.timeZone).toBe('Asia/Shanghai');
    expect(t.startDate).toBe('2024-02-28');
    expect(t.phases.map((p) => [p.key, p.nameZh, p.deadline])).toEqual([
      ['planning', '前期统筹谋划', '2024-03-15'],
      ['self-assessment', '企业自评自改', '2024-04-30'],
      ['guidance', '部门指导帮扶', '2024-09-30'],
      ['enforcement', '精准执法推动', '2024-11-30'],
      ['summary', '全面总结完善', '2024-12-31'],
    ]);
  });

  it('reports monthly from March to December by the 2nd (late after the 3rd) and sums up by 2025-01-08', () => {
    const t = defaultTemplate(2024);
    expect(t.monthlyReport).toEqual({
      firstMonth: '2024-03',
      lastMonth: '2024-12',
      dueDayOfNextMonth: 2,
      hardDayOfNextMonth: 3,
    });
    expect(t.yearEndSummary.dueDate).toBe('2025-01-08');
    expect(t.enterprise).toEqual({
      commitmentPhase: 'planning',
      planPhase: 'planning',
      selfAssessmentPhase: 'self-assessment',
    });
    expect(t.ladder).toEqual({
      reminders: [
        { days: 3, unit: 'working-days' },
        { days: 1, unit: 'working-days' },
      ],
      remindOnDueDay: true,
      sendTime: '09:00',
      hardDeadlineWorkingDaysAfter: 2,
      escalationAckWorkingDays: 5,
      // Overdue notices and escalations, reached at midnight, are mailed at 09:00 on the next working day.
      deadlineNoticeDelivery: 'next-send-time',
    });
    expect(t.holidayRoll).toBe('keep');
    expect(validateTemplate(t).ok).toBe(true);
  });

  it('is the same plan for 2025 or 2026 with one parameter', () => {
    const t = defaultTemplate(2026);
    expect(t.startDate).toBe('2026-02-28');
    expect(t.phases.map((p) => p.deadline)).toEqual([
      '2026-03-15',
      '2026-04-30',
      '2026-09-30',
      '2026-11-30',
      '2026-12-31',
    ]);
    expect(t.monthlyReport.lastMonth).toBe('2026-12');
    expect(t.yearEndSummary.dueDate).toBe('2027-01-08');
    expect(templateFor(2025).phases[0]!.deadline).toBe('2025-03-15');
  });
});

describe('templateFor merges overrides onto the default', () => {
  it('changes single fields and keeps the rest', () => {
    const t = templateFor(2024, {
      holidayRoll: 'next-working-day',
      ladder: { sendTime: '08:30' },
      monthlyReport: { hardDayOfNextMonth: 5 },
    });
    expect(t.holidayRoll).toBe('next-working-day');
    expect(t.ladder.sendTime).toBe('08:30');
    expect(t.ladder.reminders).toHaveLength(2);
    expect(t.monthlyReport).toMatchObject({ dueDayOfNextMonth: 2, hardDayOfNextMonth: 5 });
  });

  it('replaces arrays as a whole', () => {
    const t = templateFor(2024, { ladder: { reminders: [{ days: 7, unit: 'calendar-days' }] } });
    expect(t.ladder.reminders).toEqual([{ days: 7, unit: 'calendar-days' }]);
  });

  it('does not let overrides mutate the default', () => {
    const t = templateFor(2024, { phases: defaultTemplate(2024).phases.map((p) => ({ ...p, nameEn: 'x' })) });
    expect(t.phases[0]!.nameEn).toBe('x');
    expect(defaultTemplate(2024).phases[0]!.nameEn).not.toBe('x');
  });

  it('throws a TemplateError naming the bad field', () => {
    expect(() => templateFor(2024, { monthlyReport: { dueDayOfNextMonth: 31 } })).toThrow(TemplateError);
    let caught: unknown;
    try {
      templateFor(2024, { timeZone: 'Asia/Beijing' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as TemplateError).errors.map((x) => x.path)).toEqual(['timeZone']);
  });
});

describe('invalid templates name each bad field', () => {
  it('reports several errors at once with their paths', () => {
    const bad = mutate({
      timeZone: 'Mars/Olympus',
      'phases[1].deadline': '2024-02-30',
      'phases[3].deadline': '2024-09-01', // before guidance 2024-09-30
      'monthlyReport.firstMonth': '2024-13',
      'monthlyReport.hardDayOfNextMonth': 1, // before the due day 2
      'ladder.reminders[0].days': -3,
      'ladder.reminders[1].days': 1.5,
      'ladder.sendTime': '9am',
      holidayRoll: 'previous-working-day',
    });
    const errs = errorsOf(bad);
    expect(Object.keys(errs).sort()).toEqual(
      [
        'timeZone',
        'phases[1].deadline',
        'phases[3].deadline',
        'monthlyReport.firstMonth',
        'monthlyReport.hardDayOfNextMonth',
        'ladder.reminders[0].days',
        'ladder.reminders[1].days',
        'ladder.sendTime',
        'holidayRoll',
      ].sort(),
    );
    expect(errs['phases[1].deadline']).toMatch(/not a real calendar date/);
    expect(errs['phases[3].deadline']).toMatch(/after the previous phase/);
    expect(errs['monthlyReport.firstMonth']).toMatch(/01 and 12/);
  });

  it('rejects wrong phase keys, wrong order and a wrong number of phases', () => {
    const swapped = mutate({
      'phases[2].key': 'enforcement',
      'phases[3].key': 'guidance',
      'phases[4].key': 'wrap-up',
    });
    expect(Object.keys(errorsOf(swapped)).sort()).toEqual(['phases[2].key', 'phases[3].key', 'phases[4].key']);
    const four = { ...defaultTemplate(2024), phases: defaultTemplate(2024).phases.slice(0, 4) };
    expect(errorsOf(four)).toHaveProperty('phases');
  });

  it('rejects lastMonth before firstMonth and days outside 1–28', () => {
    const errs = errorsOf(
      mutate({
        'monthlyReport.lastMonth': '2024-02',
        'monthlyReport.dueDayOfNextMonth': 0,
        'monthlyReport.hardDayOfNextMonth': 29,
      }),
    );
    expect(Object.keys(errs).sort()).toEqual([
      'monthlyReport.dueDayOfNextMonth',
      'monthlyReport.hardDayOfNextMonth',
      'monthlyReport.lastMonth',
    ]);
  });

  it('rejects a year that is not an integer between 2000 and 2100', () => {
    expect(errorsOf(mutate({ year: 2024.5 }))).toHaveProperty('year');
    expect(errorsOf(mutate({ year: 1999 }))).toHaveProperty('year');
    expect(errorsOf(mutate({ year: '2024' }))).toHaveProperty('year');
  });

  it('rejects dates outside a sensible range of the campaign year and malformed dates', () => {
    const errs = errorsOf(
      mutate({
        'yearEndSummary.dueDate': '2042-01-08',
        startDate: '2024/02/28',
        'monthlyReport.lastMonth': '2027-01',
      }),
    );
    expect(Object.keys(errs).sort()).toEqual(['monthlyReport.lastMonth', 'startDate', 'yearEndSummary.dueDate']);
    expect(errs['yearEndSummary.dueDate']).toMatch(/outside the campaign's range 2023-01-01..2025-12-31/);
  });

  it('rejects a start on or after the first deadline and a year-end summary before the last phase', () => {
    const errs = errorsOf(
      mutate({
        startDate: '2024-03-15',
        'yearEndSummary.dueDate': '2024-12-30',
      }),
    );
    expect(Object.keys(errs).sort()).toEqual(['startDate', 'yearEndSummary.dueDate']);
  });

  it('rejects bad ladder and enterprise settings and unknown fields', () => {
    const errs = errorsOf(
      mutate({
        'ladder.reminders[0].unit': 'weeks',
        'ladder.remindOnDueDay': 'yes',
        'ladder.hardDeadlineWorkingDaysAfter': -1,
        'ladder.escalationAckWorkingDays': 0,
        'enterprise.selfAssessmentPhase': 'audit',
        'ladder.sendtime': '09:00',
      }),
    );
    expect(Object.keys(errs).sort()).toEqual(
      [
        'ladder.reminders[0].unit',
        'ladder.remindOnDueDay',
        'ladder.hardDeadlineWorkingDaysAfter',
        'ladder.escalationAckWorkingDays',
        'enterprise.selfAssessmentPhase',
        'ladder.sendtime',
      ].sort(),
    );
  });

  it('rejects non-objects and missing sections', () => {
    expect(validateTemplate(null)).toEqual({ ok: false, errors: [{ path: '', message: 'must be an object' }] });
    const { ladder: _l, ...noLadder } = defaultTemplate(2024);
    expect(Object.keys(errorsOf(noLadder))).toEqual(['ladder']);
  });

  it('parseTemplate returns a clean copy of a valid template and throws TemplateError otherwise', () => {
    const t: CampaignTemplate = parseTemplate(defaultTemplate(2025));
    expect(t.phases.map((p) => p.key)).toEqual([...PHASE_KEYS]);
    expect(() => parseTemplate({ ...defaultTemplate(2025), holidayRoll: 'never' })).toThrow(/holidayRoll/);
  });
});

describe('the template schema (documented in OpenAPI) and the cross-field rules', () => {
  it('accepts the default template of any year, and overrides of any part of it', () => {
    for (const year of [2000, 2024, 2026, 2100]) {
      expect(Value.Check(CampaignTemplateSchema, defaultTemplate(year))).toBe(true);
      expect(Value.Check(CampaignTemplateOverridesSchema, defaultTemplate(year))).toBe(true);
    }
    expect(Value.Check(CampaignTemplateOverridesSchema, {})).toBe(true);
    expect(Value.Check(CampaignTemplateOverridesSchema, { ladder: { sendTime: '08:30' } })).toBe(true);
    expect(Value.Check(CampaignTemplateOverridesSchema, { ladder: { sendtime: '08:30' } })).toBe(false);
    expect(Value.Check(CampaignTemplateOverridesSchema, { ladder: { reminders: [{ days: 3 }] } })).toBe(false);
  });

  it('refuses more than ten reminders before one deadline (rule: bounded ladder)', () => {
    const reminders = Array.from({ length: 11 }, (_, i) => ({ days: i + 1, unit: 'working-days' }));
    expect(Object.keys(errorsOf(mutate({ 'ladder.reminders': reminders })))).toEqual(['ladder.reminders']);
    expect(validateTemplate(mutate({ 'ladder.reminders': reminders.slice(0, 10) })).ok).toBe(true);
  });

  it('names a missing field once, and an unknown one as unknown', () => {
    const { holidayRoll: _h, ...noRoll } = defaultTemplate(2024);
    const r = validateTemplate({ ...noRoll, extra: 1 });
    expect(r.ok ? [] : [...r.errors].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'extra', message: 'unknown field' },
      { path: 'holidayRoll', message: 'is required' },
    ]);
  });

  it('says what a field must be and what it got', () => {
    const errs = errorsOf(
      mutate({ 'monthlyReport.dueDayOfNextMonth': '5', 'ladder.remindOnDueDay': 'true', 'phases[0].nameZh': ' ' }),
    );
    expect(Object.keys(errs).sort()).toEqual([
      'ladder.remindOnDueDay',
      'monthlyReport.dueDayOfNextMonth',
      'phases[0].nameZh',
    ]);
    expect(errs['monthlyReport.dueDayOfNextMonth']).toBe('must be a day of the month between 1 and 28 (got "5")');
    expect(errs['ladder.remindOnDueDay']).toMatch(/^must be true or false.*\(got "true"\)$/);
    expect(errs['phases[0].nameZh']).toBe('must be a non-empty string (got " ")');
  });

  it('leaves a badly shaped field to the schema: each field is named once', () => {
    const r = validateTemplate(
      mutate({ 'phases[1].deadline': '2024/04/30', timeZone: 8, 'monthlyReport.lastMonth': 5 }),
    );
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.errors.map((e) => e.path);
    expect(paths.sort()).toEqual(['monthlyReport.lastMonth', 'phases[1].deadline', 'timeZone']);
  });

  it('checks the cross-field rules on an otherwise well-formed template', () => {
    const errs = errorsOf(
      mutate({
        'phases[0].key': 'self-assessment',
        'phases[1].key': 'planning',
        'phases[2].deadline': '2024-04-30', // not after self-assessment's 2024-04-30
        'monthlyReport.firstMonth': '2022-12', // before the campaign's range
      }),
    );
    expect(Object.keys(errs).sort()).toEqual([
      'monthlyReport.firstMonth',
      'phases[0].key',
      'phases[1].key',
      'phases[2].deadline',
    ]);
    expect(errs['phases[0].key']).toMatch(/expected 'planning' at position 1/);
    expect(errs['phases[1].key']).toMatch(/expected 'self-assessment' at position 2/);
    expect(errs['phases[2].deadline']).toBe("2024-04-30 must be after the previous phase's deadline 2024-04-30");
    expect(errs['monthlyReport.firstMonth']).toBe("2022-12 is outside the campaign's range 2023-01..2025-12");
  });
});
