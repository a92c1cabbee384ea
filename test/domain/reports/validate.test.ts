import { describe, it, expect } from 'vitest';
import {
  emptyMonthlyTables,
  FIELD_CATALOGUE,
  type MonthlyTables,
  type MonthlyTablesResult,
  validateMonthlyTables,
} from '../../../domain/reports/index.js';
import { asInput, deletePath, sampleTables } from './fixtures.js';

function errorsOf(result: MonthlyTablesResult) {
  if (result.ok) throw new Error('expected the tables to be rejected');
  return result.errors;
}
function valueOf(result: MonthlyTablesResult): MonthlyTables {
  if (!result.ok) throw new Error(`expected the tables to be accepted: ${JSON.stringify(result.errors)}`);
  return result.value;
}
const paths = (result: MonthlyTablesResult) => errorsOf(result).map((e) => e.path);

describe('validateMonthlyTables: cells', () => {
  it('accepts a complete, consistent report unchanged', () => {
    const t = sampleTables();
    expect(valueOf(validateMonthlyTables(asInput(t)))).toEqual(t);
  });

  it('a blank cell is an error naming its path', () => {
    for (const blank of [undefined, null, '', '   ', '\t']) {
      const result = validateMonthlyTables(asInput(sampleTables(), { 'annex3.modelTowns.county': blank }));
      expect(errorsOf(result)).toEqual([
        { path: 'annex3.modelTowns.county', message: expect.stringContaining('blank; enter 0 for none') as string },
      ]);
    }
    const missing = asInput(sampleTables());
    deletePath(missing, 'annex4.enforcement.fines.amount');
    expect(paths(validateMonthlyTables(missing))).toEqual(['annex4.enforcement.fines.amount']);
  });

  it('a missing group reports each of its cells as blank', () => {
    const input = asInput(sampleTables());
    deletePath(input, 'annex3.enterprises');
    expect(paths(validateMonthlyTables(input))).toEqual([
      'annex3.enterprises.total',
      'annex3.enterprises.aboveSize',
      'annex3.enterprises.medium',
      'annex3.enterprises.smallMicro',
    ]);
    expect(paths(validateMonthlyTables({}))).toHaveLength(FIELD_CATALOGUE.length);
  });

  it('0 is accepted where there is none', () => {
    const empty = emptyMonthlyTables();
    expect(valueOf(validateMonthlyTables(asInput(empty)))).toEqual(empty);
  });

  it('refuses a number written as text, naming the cell (rule: cells are JSON numbers)', () => {
    for (const text of ['12', ' 7 ', '１２', '0.5000', '+3', '0']) {
      const errors = errorsOf(
        validateMonthlyTables(asInput(sampleTables(), { 'annex4.fourSpecifications.safetyChecklists': text })),
      );
      expect(errors.map((e) => e.path)).toEqual(['annex4.fourSpecifications.safetyChecklists']);
      expect(errors[0]!.message).toMatch(/must be a JSON number/);
    }
  });

  it('refuses a figure above any a county reaches, so county totals stay exact (rule: bounded cells)', () => {
    const count = errorsOf(
      validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.closedDown': 2 ** 53 + 2 })),
    );
    expect(count.map((e) => e.path)).toEqual(['annex4.enforcement.closedDown']);
    const amount = errorsOf(
      validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.fines.amount': 1e12 })),
    );
    expect(amount.map((e) => e.path)).toEqual(['annex4.enforcement.fines.amount']);
  });

  it('judges an amount by its value as a JSON number: float noise is not a fifth decimal (rule: 4 decimals)', () => {
    const amount = (value: number) =>
      validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.fines.amount': value }));
    expect(valueOf(amount(JSON.parse('0.11230000000000001') as number)).annex4.enforcement.fines.amount).toBe(0.1123);
    expect(paths(amount(1.12345))).toEqual(['annex4.enforcement.fines.amount']);
  });

  it('a cell that is not a number is rejected', () => {
    const bad: unknown[] = ['abc', '1,000', '12abc', '1e3', '0x10', true, [], {}, Number.NaN, Number.POSITIVE_INFINITY];
    for (const value of bad) {
      expect(paths(validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.closedDown': value })))).toEqual(
        ['annex4.enforcement.closedDown'],
      );
    }
  });

  it('negative numbers are rejected', () => {
    for (const value of [-1, -0.5]) {
      const errors = errorsOf(
        validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.warningTalks': value })),
      );
      expect(errors).toEqual([
        { path: 'annex4.enforcement.warningTalks', message: expect.stringMatching(/negative/) as string },
      ]);
    }
  });

  it('a count must be a whole number', () => {
    for (const value of [1.5, 2.5, 0.1]) {
      expect(paths(validateMonthlyTables(asInput(sampleTables(), { 'annex3.benchmarks.city.medium': value })))).toEqual(
        ['annex3.benchmarks.city.medium'],
      );
    }
    expect(
      valueOf(validateMonthlyTables(asInput(sampleTables(), { 'annex3.benchmarks.city.medium': 3.0 }))).annex3
        .benchmarks.city.medium,
    ).toBe(3);
  });

  it('the fine amount accepts 4 decimals and rejects 5', () => {
    const ok = (amount: unknown) =>
      valueOf(validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.fines.amount': amount }))).annex4
        .enforcement.fines.amount;
    expect(ok(1.2345)).toBe(1.2345);
    expect(ok(0.0001)).toBe(0.0001);
    expect(ok(0.1 + 0.2)).toBe(0.3); // floating-point residue is not a fifth decimal
    expect(ok(12345678.1234)).toBe(12345678.1234);
    for (const amount of [1.23456, 0.00001]) {
      const errors = errorsOf(
        validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.fines.amount': amount })),
      );
      expect(errors).toEqual([
        { path: 'annex4.enforcement.fines.amount', message: expect.stringContaining('at most 4 decimals') as string },
      ]);
    }
  });

  it('unknown fields are rejected', () => {
    const input = asInput(sampleTables());
    setExtra(input, 'annex3.enterprises', 'large', 3);
    setExtra(input, 'annex4', 'annex5', {});
    input.comment = 'hello';
    expect(paths(validateMonthlyTables(input))).toEqual(['comment', 'annex3.enterprises.large', 'annex4.annex5']);
  });

  it('a group that is not an object is an error on the group', () => {
    const input = asInput(sampleTables());
    (input.annex4 as Record<string, unknown>).fourSpecifications = 4;
    expect(errorsOf(validateMonthlyTables(input))).toEqual([
      { path: 'annex4.fourSpecifications', message: expect.stringContaining('expected an object') as string },
    ]);
    expect(paths(validateMonthlyTables([]))).toEqual(['']);
  });

  it('every error is reported at once, not only the first', () => {
    const input = asInput(sampleTables(), {
      'annex3.enterprises.medium': '',
      'annex3.standardization.local.compliant': 'abc',
      'annex4.enforcement.fines.amount': 0.123456,
      'annex4.enforcement.hazardsRectified': 81,
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.red': 3,
    });
    setExtra(input, 'annex4.enforcement', 'extra', 1);
    expect(paths(validateMonthlyTables(input))).toEqual([
      'annex3.enterprises.medium',
      'annex3.standardization.local.compliant',
      'annex4.enforcement.extra',
      'annex4.enforcement.fines.amount',
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.enterprises',
      'annex4.enforcement.hazardsRectified',
    ]);
  });
});

describe('validateMonthlyTables: consistency', () => {
  it('enterprise total must equal the three size classes', () => {
    const errors = errorsOf(validateMonthlyTables(asInput(sampleTables(), { 'annex3.enterprises.total': 59 })));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('annex3.enterprises.total');
    expect(errors[0]?.message).toContain(
      'annex3.enterprises.aboveSize + annex3.enterprises.medium + annex3.enterprises.smallMicro',
    );
    expect(errors[0]?.message).toContain('10 + 20 + 30 = 60');
  });

  it('a sum is not checked while one of its cells is itself invalid', () => {
    expect(paths(validateMonthlyTables(asInput(sampleTables(), { 'annex3.enterprises.medium': '' })))).toEqual([
      'annex3.enterprises.medium',
    ]);
  });

  it('rectified hazards may not exceed found hazards', () => {
    const cases = [
      [
        'annex4.oneEnterpriseOnePolicy.threeLists.rectifiedHazards',
        121,
        'annex4.oneEnterpriseOnePolicy.threeLists.selfFoundHazards',
      ],
      ['annex4.enforcement.hazardsRectified', 81, 'annex4.enforcement.hazardsFound'],
      ['annex4.enforcement.majorHazards.rectified', 5, 'annex4.enforcement.majorHazards.hazards'],
    ] as const;
    for (const [path, value, whole] of cases) {
      const errors = errorsOf(validateMonthlyTables(asInput(sampleTables(), { [path]: value })));
      expect(errors).toHaveLength(1);
      expect(errors[0]?.path).toBe(path);
      expect(errors[0]?.message).toContain(whole);
    }
    // equal is fine: every hazard found has been rectified
    const t = valueOf(validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.hazardsRectified': 80 })));
    expect(t.annex4.enforcement.hazardsRectified).toBe(80);
  });

  it('four colours must add up to the total', () => {
    const errors = errorsOf(
      validateMonthlyTables(asInput(sampleTables(), { 'annex4.oneEnterpriseOnePolicy.fourColourRisk.blue': 24 })),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('annex4.oneEnterpriseOnePolicy.fourColourRisk.enterprises');
    for (const colour of ['red', 'orange', 'yellow', 'blue']) {
      expect(errors[0]?.message).toContain(`annex4.oneEnterpriseOnePolicy.fourColourRisk.${colour}`);
    }
    expect(errors[0]?.message).toContain('2 + 8 + 15 + 24 = 49');
  });

  it('listed enterprises may not exceed listed major hazards, and listed hazards need a listed enterprise', () => {
    expect(
      paths(validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.majorHazards.enterprises': 5 }))),
    ).toEqual(['annex4.enforcement.majorHazards.enterprises']);
    expect(
      paths(validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.majorHazards.enterprises': 0 }))),
    ).toEqual(['annex4.enforcement.majorHazards.enterprises']);
  });

  it('a fine amount and the enterprises fined go together', () => {
    expect(
      paths(validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.fines.enterprises': 0 }))),
    ).toEqual(['annex4.enforcement.fines.enterprises']);
    expect(paths(validateMonthlyTables(asInput(sampleTables(), { 'annex4.enforcement.fines.amount': 0 })))).toEqual([
      'annex4.enforcement.fines.amount',
    ]);
  });
});

describe('validateMonthlyTables: cumulative figures', () => {
  const previous = sampleTables();

  it('a cumulative figure may not drop below last month without a correction reason', () => {
    const errors = errorsOf(
      validateMonthlyTables(
        asInput(sampleTables(), {
          'annex3.standardization.national.level1': 1, // since 2021-08, was 2
          'annex4.enforcement.hazardsFound': 79, // since January, was 80
        }),
        { previous },
      ),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'annex3.standardization.national.level1',
      'annex4.enforcement.hazardsFound',
    ]);
    expect(errors[0]?.message).toMatch(/1 is below the previous month's 2/);
    expect(errors[0]?.message).toContain('2021-08');
    expect(errors[1]?.message).toMatch(/79 is below the previous month's 80/);
  });

  it('a correction reason allows the drop', () => {
    const input = asInput(sampleTables(), { 'annex3.standardization.national.level1': 1 });
    expect(validateMonthlyTables(input, { previous, correctionReason: '  ' }).ok).toBe(false);
    const t = valueOf(validateMonthlyTables(input, { previous, correctionReason: '2月重复统计1家，予以更正' }));
    expect(t.annex3.standardization.national.level1).toBe(1);
  });

  it('the enterprise counts are not cumulative and may go down', () => {
    const input = asInput(sampleTables(), { 'annex3.enterprises.total': 59, 'annex3.enterprises.smallMicro': 29 });
    expect(validateMonthlyTables(input, { previous }).ok).toBe(true);
  });

  it('figures cumulative since January start again with the campaign year; those since 2021-08 do not', () => {
    const january = asInput(sampleTables(), {
      'annex4.enforcement.hazardsFound': 0,
      'annex4.enforcement.hazardsRectified': 0,
      'annex3.standardization.national.level1': 1,
    });
    expect(paths(validateMonthlyTables(january, { previous, month: '2025-01' }))).toEqual([
      'annex3.standardization.national.level1',
    ]);
    expect(paths(validateMonthlyTables(january, { previous, month: '2025-02' }))).toEqual([
      'annex3.standardization.national.level1',
      'annex4.enforcement.hazardsFound',
      'annex4.enforcement.hazardsRectified',
    ]);
    expect(paths(validateMonthlyTables(january, { previous, month: '2025-02', previousMonth: '2024-12' }))).toEqual([
      'annex3.standardization.national.level1',
    ]);
  });
});

function setExtra(input: Record<string, unknown>, groupPath: string, key: string, value: unknown) {
  let node = input;
  for (const k of groupPath.split('.')) node = node[k] as Record<string, unknown>;
  node[key] = value;
}
