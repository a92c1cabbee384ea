import { describe, it, expect } from 'vitest';
import {
  emptyMonthlyTables,
  FIELD_CATALOGUE,
  getCell,
  sumMonthlyTables,
  validateMonthlyTables,
} from '../../../domain/reports/index.js';
import { sampleTables } from './fixtures.js';

describe('county totals', () => {
  it('county totals are the sum of the offices', () => {
    const a = sampleTables();
    const b = sampleTables();
    b.annex3.modelPosts.county.womensModel = 4;
    b.annex4.enforcement.fines.amount = 0.1;
    const c = sampleTables();
    c.annex4.enforcement.fines.amount = 0.2;
    const total = sumMonthlyTables([a, b, c]);
    for (const f of FIELD_CATALOGUE) {
      const expected = [a, b, c].reduce((s, t) => s + getCell(t, f.path), 0);
      expect(getCell(total, f.path)).toBeCloseTo(expected, 6);
    }
    expect(total.annex3.enterprises.total).toBe(180);
    expect(total.annex3.modelPosts.county.womensModel).toBe(6);
    expect(total.annex4.enforcement.fines.amount).toBe(12.6456); // exact, no floating-point residue
  });

  it('the sum of consistent reports is itself a consistent report', () => {
    expect(validateMonthlyTables(sumMonthlyTables([sampleTables(), sampleTables()])).ok).toBe(true);
  });

  it('empty tables are all zeros and the total of no offices', () => {
    const empty = emptyMonthlyTables();
    for (const f of FIELD_CATALOGUE) expect(getCell(empty, f.path)).toBe(0);
    expect(sumMonthlyTables([])).toEqual(empty);
    expect(sumMonthlyTables([sampleTables()])).toEqual(sampleTables());
  });
});
