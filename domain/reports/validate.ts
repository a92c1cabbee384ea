/**
 * Validation of a reporting unit's monthly progress tables (annex 3 and 4). Pure: no clock, no I/O.
 *
 * Reports every bad field at once, each with its exact dotted path:
 * 1. shape: unknown fields, groups that are not objects;
 * 2. cells: blank (undefined, null) — "a blank is an error, none is 0"; not a JSON number (text such as "12" or
 *    full-width "１２" is refused: the JSON contract says number, and whoever builds the JSON, a form or a sheet
 *    reader, turns what a person typed into one); negative; not a whole number (counts); more than 4 decimals (the
 *    万元 amount);
 * 3. consistency between cells (CONSISTENCY_RULES), checked only where the cells involved are themselves valid;
 * 4. cumulative figures may not go down from the unit's previous month, unless a correction reason is given.
 */
import {
  buildTables,
  cumulativeBaseMonth,
  cumulativeCarriesOver,
  FIELD_CATALOGUE,
  type FieldSpec,
  fieldSpec,
  getCell,
  PROGRAMME_START_MONTH,
} from './catalogue.js';
import { type FieldPath, MAX_CELL_AMOUNT, MAX_CELL_COUNT, type MonthlyTables, MonthlyTablesSchema } from './schema.js';

export interface ValidationError {
  /** Dotted path of the offending field, e.g. 'annex3.enterprises.total'; '' for the whole input. */
  path: string;
  message: string;
}

export type MonthlyTablesResult = { ok: true; value: MonthlyTables } | { ok: false; errors: ValidationError[] };

export interface ValidateOptions {
  /** The same unit's tables for its previous reporting month: cumulative figures may not fall below them. */
  previous?: MonthlyTables;
  /** A non-blank reason allows cumulative figures to go down (a correction of earlier months' figures). */
  correctionReason?: string;
  /** The reporting month ('YYYY-MM') of the tables being validated. With it, figures cumulative since January are
   *  not compared with a previous month from before that January (they start again with the campaign year). */
  month?: string;
  /** The reporting month of `previous`; defaults to the month before `month`. */
  previousMonth?: string;
  /** The same unit's tables for a later month it has already reported (an earlier month submitted late):
   *  cumulative figures may not rise above them either. Needs `month` and `nextMonth`. */
  next?: MonthlyTables;
  nextMonth?: string;
}

/** A relation between cells that the annexes and their notes require. */
export type ConsistencyRule =
  /** `total` must equal the sum of `parts`; the error goes on `total`. */
  | { kind: 'sum'; total: FieldPath; parts: FieldPath[]; why: string }
  /** `part` may not exceed `whole`; the error goes on `part`. */
  | { kind: 'notAbove'; part: FieldPath; whole: FieldPath; why: string }
  /** When `when` is above 0, `then` must be above 0 too; the error goes on `then`. */
  | { kind: 'positiveIfPositive'; when: FieldPath; then: FieldPath; why: string };

export const CONSISTENCY_RULES: readonly ConsistencyRule[] = [
  {
    kind: 'sum',
    total: 'annex3.enterprises.total',
    parts: ['annex3.enterprises.aboveSize', 'annex3.enterprises.medium', 'annex3.enterprises.smallMicro'],
    why: 'the enterprise total is the sum of the three size classes (规上 + 中等 + 小微)',
  },
  {
    kind: 'notAbove',
    part: 'annex4.oneEnterpriseOnePolicy.threeLists.rectifiedHazards',
    whole: 'annex4.oneEnterpriseOnePolicy.threeLists.selfFoundHazards',
    why: 'rectified hazards cannot exceed the hazards found',
  },
  {
    kind: 'sum',
    total: 'annex4.oneEnterpriseOnePolicy.fourColourRisk.enterprises',
    parts: [
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.red',
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.orange',
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.yellow',
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.blue',
    ],
    why: 'every enterprise under four-colour supervision has exactly one overall colour (注4)',
  },
  {
    kind: 'notAbove',
    part: 'annex4.enforcement.hazardsRectified',
    whole: 'annex4.enforcement.hazardsFound',
    why: 'rectified hazards cannot exceed the hazards found',
  },
  {
    kind: 'notAbove',
    part: 'annex4.enforcement.majorHazards.rectified',
    whole: 'annex4.enforcement.majorHazards.hazards',
    why: 'rectified major hazards cannot exceed the major hazards under listed supervision',
  },
  {
    kind: 'notAbove',
    part: 'annex4.enforcement.majorHazards.enterprises',
    whole: 'annex4.enforcement.majorHazards.hazards',
    why: 'every enterprise listed for supervision is listed for at least one major hazard',
  },
  {
    kind: 'positiveIfPositive',
    when: 'annex4.enforcement.majorHazards.hazards',
    then: 'annex4.enforcement.majorHazards.enterprises',
    why: 'a major hazard under listed supervision belongs to a listed enterprise',
  },
  {
    kind: 'positiveIfPositive',
    when: 'annex4.enforcement.fines.amount',
    then: 'annex4.enforcement.fines.enterprises',
    why: 'a fine amount needs at least one enterprise fined',
  },
  {
    kind: 'positiveIfPositive',
    when: 'annex4.enforcement.fines.enterprises',
    then: 'annex4.enforcement.fines.amount',
    why: 'enterprises fined need a fine amount',
  },
];

const BLANK = 'blank; enter 0 for none (若无则填0)';
const AMOUNT_SCALE = 10_000; // 4 decimals of 万元 = whole yuan

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * JSON numbers are doubles (RFC 8259), so an amount is judged by its value: 0.11230000000000001, which a client's
 * own arithmetic produces for 0.1123, is 0.1123; 1.23456 has a fifth decimal and is refused.
 */
function decimalsOfNumber(n: number): number | 'more' {
  const scaled = n * AMOUNT_SCALE;
  const tolerance = Math.max(1e-7, Math.abs(scaled) * Number.EPSILON * 8);
  return Math.abs(scaled - Math.round(scaled)) <= tolerance ? 4 : 'more';
}

/** Parses one cell; returns the normalised number or an error message. */
export function parseCell(raw: unknown, kind: FieldSpec['kind']): { value: number } | { error: string } {
  let n: number;
  let decimals: number | 'more' = 0;
  if (raw === undefined || raw === null) return { error: BLANK };
  if (typeof raw === 'string') {
    if (raw.trim() === '') return { error: BLANK };
    return { error: `must be a JSON number such as 3 or 0.5, not the text ${JSON.stringify(raw)}` };
  } else if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { error: `not a finite number: ${String(raw)}` };
    n = raw;
    decimals = Number.isInteger(n) ? 0 : decimalsOfNumber(n);
  } else {
    return {
      error: `not a number: ${typeof raw === 'object' ? (Array.isArray(raw) ? 'a list' : 'an object') : typeof raw}`,
    };
  }
  if (n < 0) return { error: `negative (${n}); must be 0 or more` };
  if (n === 0) return { value: 0 }; // also turns -0 into 0
  if (kind === 'count') {
    if (decimals !== 0) return { error: `must be a whole number, got ${n}` };
    if (n > MAX_CELL_COUNT) return { error: `too large: ${n}; at most ${MAX_CELL_COUNT}` };
    return { value: n };
  }
  if (decimals === 'more' || decimals > 4) return { error: `at most 4 decimals (万元, i.e. whole yuan), got ${raw}` };
  if (n > MAX_CELL_AMOUNT) return { error: `too large: ${n}; at most ${MAX_CELL_AMOUNT} (万元)` };
  const units = Math.round(n * AMOUNT_SCALE);
  return { value: units / AMOUNT_SCALE };
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
}

/** Walks the input along the schema: reports unknown fields and non-object groups, parses every cell. */
function readCells(input: unknown, errors: ValidationError[]): Map<FieldPath, number> {
  const values = new Map<FieldPath, number>();
  const visit = (node: SchemaNode, raw: unknown, path: string[]) => {
    const at = path.join('.');
    if (!node.properties) {
      const spec = fieldSpec(at as FieldPath);
      const parsed = parseCell(raw, spec.kind);
      if ('error' in parsed) errors.push({ path: at, message: `${spec.labelZh}: ${parsed.error}` });
      else values.set(spec.path, parsed.value);
      return;
    }
    const known = Object.keys(node.properties);
    let children: Record<string, unknown> = {};
    if (raw !== undefined && raw !== null) {
      // undefined/null groups fall through: each of their cells is reported blank
      if (!isPlainObject(raw)) {
        errors.push({ path: at, message: `expected an object with the fields ${known.join(', ')}` });
        return;
      }
      for (const key of Object.keys(raw)) {
        if (!known.includes(key)) {
          errors.push({
            path: at ? `${at}.${key}` : key,
            message: `unknown field; expected one of ${known.join(', ')}`,
          });
        }
      }
      children = raw;
    }
    for (const key of known) visit(node.properties[key] as SchemaNode, children[key], [...path, key]);
  };
  visit(MonthlyTablesSchema as SchemaNode, input, []);
  return values;
}

const fmt = (n: number) => String(n);

function checkRules(values: Map<FieldPath, number>, errors: ValidationError[]) {
  for (const rule of CONSISTENCY_RULES) {
    if (rule.kind === 'sum') {
      const total = values.get(rule.total);
      const parts = rule.parts.map((p) => values.get(p));
      if (total === undefined || parts.some((p) => p === undefined)) continue;
      const sum = (parts as number[]).reduce((a, b) => a + b, 0);
      if (sum !== total) {
        errors.push({
          path: rule.total,
          message:
            `${fieldSpec(rule.total).labelZh}: ${total} must equal ${rule.parts.join(' + ')} = ` +
            `${(parts as number[]).map(fmt).join(' + ')} = ${sum}; ${rule.why}`,
        });
      }
    } else if (rule.kind === 'notAbove') {
      const part = values.get(rule.part);
      const whole = values.get(rule.whole);
      if (part === undefined || whole === undefined || part <= whole) continue;
      errors.push({
        path: rule.part,
        message: `${fieldSpec(rule.part).labelZh}: ${part} may not exceed ${rule.whole} (${whole}); ${rule.why}`,
      });
    } else {
      const when = values.get(rule.when);
      const then = values.get(rule.then);
      if (when === undefined || then === undefined || !(when > 0) || then > 0) continue;
      errors.push({
        path: rule.then,
        message: `${fieldSpec(rule.then).labelZh}: ${then} must be above 0 because ${rule.when} is ${when}; ${rule.why}`,
      });
    }
  }
}

const YEAR_MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthBefore(ym: string): string {
  const m = YEAR_MONTH_RE.exec(ym);
  if (!m) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(ym)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  return month === 1 ? `${year - 1}-12` : `${m[1]}-${String(month - 1).padStart(2, '0')}`;
}

function sinceLabel(spec: FieldSpec, month: string | undefined): string {
  if (spec.cumulativeSince === 'programme-start') return `cumulative since ${PROGRAMME_START_MONTH}`;
  return month
    ? `cumulative since ${cumulativeBaseMonth('year-start', Number(month.slice(0, 4)))}`
    : 'cumulative since January of the campaign year';
}

function checkCumulative(values: Map<FieldPath, number>, options: ValidateOptions, errors: ValidationError[]) {
  const { previous, month } = options;
  if (!previous) return;
  if (typeof options.correctionReason === 'string' && options.correctionReason.trim() !== '') return;
  if (month !== undefined && !YEAR_MONTH_RE.test(month)) {
    throw new RangeError(`options.month is not a month (YYYY-MM): ${JSON.stringify(month)}`);
  }
  const previousMonth = options.previousMonth ?? (month === undefined ? undefined : monthBefore(month));
  if (previousMonth !== undefined && !YEAR_MONTH_RE.test(previousMonth)) {
    throw new RangeError(`options.previousMonth is not a month (YYYY-MM): ${JSON.stringify(previousMonth)}`);
  }
  for (const spec of FIELD_CATALOGUE) {
    if (spec.cumulativeSince === null) continue;
    if (month !== undefined && previousMonth !== undefined) {
      // the previous report counted from an earlier base
      if (!cumulativeCarriesOver(spec.cumulativeSince, month, previousMonth)) continue;
    }
    const now = values.get(spec.path);
    const before = getCell(previous, spec.path) as unknown;
    if (now === undefined || typeof before !== 'number' || !Number.isFinite(before) || now >= before) continue;
    errors.push({
      path: spec.path,
      message:
        `${spec.labelZh}: ${now} is below the previous month's ${before}` +
        `${previousMonth ? ` (${previousMonth})` : ''}; the figure is ${sinceLabel(spec, month)} and may not go down ` +
        'without a correction reason',
    });
  }
}

/** The cumulative rule backwards: a month reported after a later one may not carry more than that later month. */
function checkCumulativeAgainstNext(
  values: Map<FieldPath, number>,
  options: ValidateOptions,
  errors: ValidationError[],
) {
  const { next, month, nextMonth } = options;
  if (!next || month === undefined || nextMonth === undefined) return;
  if (typeof options.correctionReason === 'string' && options.correctionReason.trim() !== '') return;
  for (const spec of FIELD_CATALOGUE) {
    if (spec.cumulativeSince === null) continue;
    if (month < cumulativeBaseMonth(spec.cumulativeSince, Number(nextMonth.slice(0, 4)))) continue;
    const now = values.get(spec.path);
    const after = getCell(next, spec.path) as unknown;
    if (now === undefined || typeof after !== 'number' || !Number.isFinite(after) || now <= after) continue;
    errors.push({
      path: spec.path,
      message:
        `${spec.labelZh}: ${now} is above the later month's ${after} (${nextMonth}); the figure is ` +
        `${sinceLabel(spec, month)} and may not be higher in an earlier month without a correction reason`,
    });
  }
}

/**
 * Validates and normalises a unit's monthly tables. Returns every error at once; on success the value has exactly
 * the schema's fields, in schema order, with numbers (numeric strings converted, amounts rounded to 4 decimals).
 */
export function validateMonthlyTables(input: unknown, options: ValidateOptions = {}): MonthlyTablesResult {
  const errors: ValidationError[] = [];
  if (input !== undefined && input !== null && !isPlainObject(input)) {
    return { ok: false, errors: [{ path: '', message: 'expected an object with the fields annex3, annex4' }] };
  }
  const values = readCells(input, errors);
  checkRules(values, errors);
  checkCumulative(values, options, errors);
  checkCumulativeAgainstNext(values, options, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: buildTables((f) => values.get(f.path) as number) };
}
