/**
 * County totals of the monthly tables: every cell summed over the reporting units, driven by the catalogue.
 * Amounts are summed in whole yuan (1/10,000 万元) so the total has no floating-point residue.
 */
import { buildTables, getCell } from './catalogue.js';
import type { MonthlyTables } from './schema.js';

const AMOUNT_SCALE = 10_000;

/** Tables with every cell 0: what a unit with nothing to report submits, and the total of no units. */
export function emptyMonthlyTables(): MonthlyTables {
  return buildTables(() => 0);
}

/** The cell-by-cell sum of the given units' tables (e.g. all townships, all county-level units, or the county). */
export function sumMonthlyTables(tables: readonly MonthlyTables[]): MonthlyTables {
  return buildTables((field) => {
    if (field.kind === 'count') return tables.reduce((sum, t) => sum + getCell(t, field.path), 0);
    const units = tables.reduce((sum, t) => sum + Math.round(getCell(t, field.path) * AMOUNT_SCALE), 0);
    return units / AMOUNT_SCALE;
  });
}
