import { describe, expect, it } from 'vitest';
import {
  assessedStateOn,
  createWorkingDayCalendar,
  defaultSupervision,
  enterprisesOwingInspection,
  inspectionCycles,
  isKeyEnterprise,
  majorHazardObligation,
  supervisionObligations,
  templateFor,
  validateTemplate,
  defaultTemplate,
  type AssessedEnterprise,
  type Assessment,
  type SupervisedEnterprise,
} from '../../domain/index.js';

const rules = defaultSupervision(2024);
const blue: AssessedEnterprise = { colour: 'blue', standardization: 'in-progress', assessments: [] };
const assessed = (
  assessedOn: string,
  colour: Assessment['colour'],
  previousColour: Assessment['previousColour'] = 'blue',
  standardization: Assessment['standardization'] = 'in-progress',
): Assessment => ({ assessedOn, colour, previousColour, standardization, previousStandardization: 'in-progress' });
const ends = (e: AssessedEnterprise) => inspectionCycles(rules, e).map((c) => c.to);

describe('differentiated supervision: inspection cycles', () => {
  it('a red enterprise in progress owes an inspection every month from May to November', () => {
    expect(ends({ ...blue, colour: 'red' })).toEqual([
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
    ]);
  });

  it('orange every two months, yellow quarterly, blue twice a year; the last cycle ends with the plan', () => {
    expect(ends({ ...blue, colour: 'orange' })).toEqual(['2024-06-30', '2024-08-31', '2024-10-31', '2024-11-30']);
    expect(ends({ ...blue, colour: 'yellow' })).toEqual(['2024-07-31', '2024-10-31', '2024-11-30']);
    expect(ends(blue)).toEqual(['2024-10-31', '2024-11-30']);
  });

  it('fewer inspections for an enterprise that completed standardization, more for one that has not started', () => {
    expect(ends({ ...blue, colour: 'red', standardization: 'completed' })).toHaveLength(4);
    expect(ends({ ...blue, colour: 'blue', standardization: 'not-started' })).toEqual([
      '2024-07-31',
      '2024-10-31',
      '2024-11-30',
    ]);
  });

  it('an enterprise registered mid-way owes the cycles ending after its first month, not those already past', () => {
    const red: AssessedEnterprise = { ...blue, colour: 'red', registeredOn: '2024-08-10' };
    expect(ends(red)).toEqual(['2024-09-30', '2024-10-31', '2024-11-30']);
    // Yellow's cycle August-October ends after August: it is owed.
    expect(ends({ ...blue, colour: 'yellow', registeredOn: '2024-08-10' })).toEqual(['2024-10-31', '2024-11-30']);
  });

  it('the registration day counts only within the inspection months: before May or after November, every cycle is owed', () => {
    const red: AssessedEnterprise = { ...blue, colour: 'red' };
    expect(ends({ ...red, registeredOn: '2024-05-01' })).toEqual(ends(red));
    expect(ends({ ...red, registeredOn: '2024-01-15' })).toEqual(ends(red));
    expect(ends({ ...red, registeredOn: '2026-12-07' })).toEqual(ends(red));
  });

  it('a re-assessment to a higher risk ends the running cycle at the end of its month (monthly for red)', () => {
    const e: AssessedEnterprise = { ...blue, colour: 'red', assessments: [assessed('2024-08-15', 'red')] };
    expect(ends(e)).toEqual(['2024-08-31', '2024-09-30', '2024-10-31', '2024-11-30']);
  });

  it('a re-assessment to a lower risk takes effect from the next cycle', () => {
    const e: AssessedEnterprise = {
      colour: 'blue',
      standardization: 'in-progress',
      assessments: [assessed('2024-06-10', 'blue', 'red')],
    };
    expect(ends(e)).toEqual(['2024-05-31', '2024-06-30', '2024-11-30']);
  });

  it('the state on a day is the latest assessment on or before it, else what held before the first one', () => {
    const e: AssessedEnterprise = {
      colour: 'red',
      standardization: 'completed',
      assessments: [
        assessed('2024-03-01', 'orange', 'yellow'),
        { ...assessed('2024-09-01', 'red', 'orange'), standardization: 'completed' },
      ],
    };
    expect(assessedStateOn(e, '2024-02-01')).toEqual({ colour: 'yellow', standardization: 'in-progress' });
    expect(assessedStateOn(e, '2024-03-01')).toEqual({ colour: 'orange', standardization: 'in-progress' });
    expect(assessedStateOn(e, '2024-12-01')).toEqual({ colour: 'red', standardization: 'completed' });
  });

  it('one inspection within a cycle fulfils it, one outside does not', () => {
    const red: SupervisedEnterprise = { ...blue, colour: 'red', id: 'e1', inspectedOn: ['2024-06-03'], visited: false };
    const facts = { enterprises: [red], plannedVisits: [], hazards: [] };
    expect(enterprisesOwingInspection(rules, facts, '2024-06-30')).toEqual([]);
    expect(enterprisesOwingInspection(rules, facts, '2024-05-31')).toEqual([red]);
  });
});

describe('supervision obligations', () => {
  const template = templateFor(2024, { supervision: {} });
  const calendar = createWorkingDayCalendar();
  const ctx = { template, calendar, campaignEndMs: Date.parse('2025-01-10T16:00:00Z') };

  it('key enterprises are red or orange and not yet standardized (the documented default)', () => {
    expect(isKeyEnterprise(rules, { colour: 'red', standardization: 'not-started' })).toBe(true);
    expect(isKeyEnterprise(rules, { colour: 'orange', standardization: 'in-progress' })).toBe(true);
    expect(isKeyEnterprise(rules, { colour: 'orange', standardization: 'completed' })).toBe(false);
    expect(isKeyEnterprise(rules, { colour: 'yellow', standardization: 'not-started' })).toBe(false);
  });

  it('one digest obligation per due date, whatever the number of enterprises or hazards', () => {
    const enterprises: SupervisedEnterprise[] = ['a', 'b', 'c'].map((id) => ({
      ...blue,
      colour: 'red',
      id,
      inspectedOn: [],
      visited: true,
    }));
    const hazards = ['h1', 'h2'].map((id) => ({
      id,
      enterpriseId: 'a',
      major: false,
      rectifyBy: '2024-06-14',
      rectifiedOn: null,
      verifiedOn: null,
      recordedAtMs: 0,
      progressAtMs: [],
    }));
    const keys = supervisionObligations(ctx, { enterprises, plannedVisits: [], hazards }).map((o) => o.key);
    expect(keys.filter((k) => k.startsWith('inspection:'))).toHaveLength(7);
    expect(keys.filter((k) => k.startsWith('hazard:'))).toEqual(['hazard:2024-06-14']);
  });

  it('the overdue notice and escalation of a supervision obligation are planned at the next send time', () => {
    const [june] = supervisionObligations(ctx, {
      enterprises: [{ ...blue, colour: 'orange', id: 'a', inspectedOn: [], visited: true }],
      plannedVisits: [],
      hazards: [],
    });
    // Due Sunday 30 June: overdue at 09:00 on Monday 1 July, escalation (hard deadline 2 July) at 09:00 on 3 July.
    expect(june!.steps.filter((s) => s.kind !== 'reminder').map((s) => s.at)).toEqual([
      '2024-07-01T09:00:00.000+08:00',
      '2024-07-03T09:00:00.000+08:00',
    ]);
  });

  it("a major hazard's listed supervision: the listing at once, then progress every 10 working days to the campaign's end", () => {
    const listedAt = Date.parse('2024-05-20T07:00:00Z');
    const o = majorHazardObligation(ctx, 10, { id: 'm', rectifyBy: '2024-07-31', recordedAtMs: listedAt });
    expect(o.steps[0]).toMatchObject({ key: 'listed', atMs: listedAt });
    expect(o.steps[1]).toMatchObject({ key: 'progress-1', localDate: '2024-06-03' });
    expect(o.steps.at(-1)!.atMs).toBeLessThanOrEqual(ctx.campaignEndMs);
  });

  it('without supervision rules no inspection or coverage is planned, but recorded hazards are still followed', () => {
    const plain = { ...ctx, template: defaultTemplate(2024) };
    const keys = supervisionObligations(plain, {
      enterprises: [{ ...blue, colour: 'red', id: 'a', inspectedOn: [], visited: false }],
      plannedVisits: [],
      hazards: [
        {
          id: 'h',
          enterpriseId: 'a',
          major: false,
          rectifyBy: '2024-06-14',
          rectifiedOn: null,
          verifiedOn: null,
          recordedAtMs: 0,
          progressAtMs: [],
        },
      ],
    }).map((o) => o.key);
    expect(keys).toEqual(['hazard:2024-06-14']);
  });
});

describe('supervision rules in the template', () => {
  it('{ supervision: {} } switches the documented defaults on; the plain default plan has none', () => {
    expect(templateFor(2024, { supervision: {} }).supervision).toEqual(defaultSupervision(2024));
    expect(defaultTemplate(2024).supervision).toBeUndefined();
  });

  it('names a last inspection month before the first, and an interval of 0 months', () => {
    const t = templateFor(2024, { supervision: {} });
    const r = validateTemplate({
      ...t,
      supervision: {
        ...t.supervision!,
        inspections: {
          ...t.supervision!.inspections,
          firstMonth: '2024-09',
          lastMonth: '2024-05',
          intervalMonths: {
            ...t.supervision!.inspections.intervalMonths,
            completed: { red: 0, orange: 4, yellow: 6, blue: 12 },
          },
        },
      },
    });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.errors.map((e) => e.path);
    expect(paths).toContain('supervision.inspections.lastMonth');
    expect(paths).toContain('supervision.inspections.intervalMonths.completed.red');
  });
});
