/**
 * What an office's annex form is pre-filled with before the office types anything. Pure: the caller reads the
 * register and the stored reports.
 *
 * - The latest version of the period, when there is one: all of its figures, so a correction starts from what was
 *   sent.
 * - Otherwise, when the campaign keeps supervision records, the figures its records determine (record-figures.ts:
 *   annex 4's enforcement block, the self-found hazards and the four-colour counts): what the office's inspections,
 *   hazards, actions and assessments add up to, which a submission is compared with.
 * - Otherwise, the counts the enterprise register knows, where the annexes ask for exactly those counts
 *   (REGISTER_FIELDS): the office's enterprises by size class with their total (annex 3 企业数量) and by overall risk
 *   colour with their total (annex 4 四色安全风险分级动态监管). Only when the register holds an enterprise of the
 *   office: an empty register knows nothing, and 0 would look like an answer.
 * - Cumulative figures the register does not give: the office's nearest earlier reported period's figures (the
 *   period its cumulative check compares with), unless the figure counts again since then (a year-start figure in a
 *   new year), so the office adds only this month's numbers.
 * - Everything else is left blank: "a blank is an error" makes the office enter it.
 */
import { cumulativeCarriesOver, FIELD_CATALOGUE, getCell } from './catalogue.js';
import type { FieldPath, MonthlyTables } from './schema.js';

/** An enterprise as the register keeps it (Enterprise.sizeClass, Enterprise.riskColour). */
export interface RegisterEnterprise {
  sizeClass: string;
  riskColour: string;
}

const SIZE_CLASSES = ['above-size', 'medium', 'small-micro'];
const RISK_COLOURS = ['red', 'orange', 'yellow', 'blue'];

/**
 * The cells the register fills and which enterprises each counts. A total counts the enterprises its parts count, so
 * the pre-filled totals always meet the sum rules (total = 规上 + 中等 + 小微; 企业数量 = 红 + 橙 + 黄 + 蓝).
 */
export const REGISTER_FIELDS: Readonly<Partial<Record<FieldPath, (e: RegisterEnterprise) => boolean>>> = {
  'annex3.enterprises.total': (e) => SIZE_CLASSES.includes(e.sizeClass),
  'annex3.enterprises.aboveSize': (e) => e.sizeClass === 'above-size',
  'annex3.enterprises.medium': (e) => e.sizeClass === 'medium',
  'annex3.enterprises.smallMicro': (e) => e.sizeClass === 'small-micro',
  'annex4.oneEnterpriseOnePolicy.fourColourRisk.enterprises': (e) => RISK_COLOURS.includes(e.riskColour),
  'annex4.oneEnterpriseOnePolicy.fourColourRisk.red': (e) => e.riskColour === 'red',
  'annex4.oneEnterpriseOnePolicy.fourColourRisk.orange': (e) => e.riskColour === 'orange',
  'annex4.oneEnterpriseOnePolicy.fourColourRisk.yellow': (e) => e.riskColour === 'yellow',
  'annex4.oneEnterpriseOnePolicy.fourColourRisk.blue': (e) => e.riskColour === 'blue',
};

/** Where a pre-filled figure comes from, in order of precedence. */
export type PrefillSource = 'sent' | 'records' | 'register' | 'previous';

export interface PrefillInput {
  /** The month the period's cumulative figures run to ('YYYY-MM'; December for the year-end summary). */
  month: string;
  /** The office's latest version of this period, if it has sent one. */
  sent?: MonthlyTables | undefined;
  /** The office's latest version of its nearest earlier reported period. */
  previous?: { period: string; tables: MonthlyTables } | undefined;
  /** The office's enterprises in the register. */
  register: readonly RegisterEnterprise[];
  /** The figures the office's supervision records determine (figuresFromRecords), when the campaign keeps them. */
  records?: ReadonlyMap<FieldPath, number> | undefined;
}

/** The pre-filled value of every cell that gets one, and where it comes from; a cell not in the map stays blank. */
export function prefillCells(input: PrefillInput): Map<FieldPath, { value: number; from: PrefillSource }> {
  const out = new Map<FieldPath, { value: number; from: PrefillSource }>();
  const numberAt = (tables: MonthlyTables, path: FieldPath): number | undefined => {
    const value = getCell(tables, path) as unknown;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  };
  if (input.sent) {
    for (const f of FIELD_CATALOGUE) {
      const value = numberAt(input.sent, f.path);
      if (value !== undefined) out.set(f.path, { value, from: 'sent' });
    }
    return out;
  }
  const { previous, register, records } = input;
  for (const f of FIELD_CATALOGUE) {
    const recorded = records?.get(f.path);
    if (recorded !== undefined) {
      out.set(f.path, { value: recorded, from: 'records' });
      continue;
    }
    const counts = REGISTER_FIELDS[f.path];
    if (counts && register.length > 0) {
      out.set(f.path, { value: register.filter(counts).length, from: 'register' });
      continue;
    }
    if (
      f.cumulativeSince === null ||
      !previous ||
      !cumulativeCarriesOver(f.cumulativeSince, input.month, previous.period)
    ) {
      continue;
    }
    const value = numberAt(previous.tables, f.path);
    if (value !== undefined) out.set(f.path, { value, from: 'previous' });
  }
  return out;
}
