/**
 * The annex figures an office's supervision records determine (issue #17): what its inspections, hazards, enforcement
 * actions and risk assessments in a campaign add up to for a reported month, and how a submitted figure that differs
 * from them is explained. Pure: the caller reads the records (app/reports/record-figures.ts).
 *
 * Counting follows the annex notes: a cumulative figure counts the records dated from the first day of its base month
 * (cumulativeBaseMonth: January of the campaign year for annex 4's 执法激励约束 and the self-found and rectified
 * hazards, 注3) to the last day of the reported month. The four-colour counts are a state, not events: the office's
 * enterprises by the colour in effect on the month's last day (assessedStateOn).
 *
 * - 检查企业（家次）: inspections; 发现隐患: hazards found by inspection; 督促整改隐患: of those, rectified by the month's
 *   end.
 * - 重大隐患挂牌督办: 企业数 the distinct enterprises with a major hazard found, 隐患数 the major hazards found (by
 *   inspection or self-reported), 整改数 of those, verified (销号) by the bureau by the month's end.
 * - 罚款: 企业数 the fines, 金额 their whole yuan summed, then in 万元 (exact: 4 decimals are whole yuan).
 * - 移送司法机关（人次）: the persons of the judicial referrals; every other action counts once (家次) under its kind.
 * - 自查隐患 / 整改隐患 (一企一策, 三张清单): self-reported hazards found, and of those rectified by the month's end.
 *
 * Against the table's own rules (validate.ts CONSISTENCY_RULES) the figures hold by construction — rectified hazards
 * are a subset of those found, distinct enterprises are at most their hazards, every enterprise has exactly one
 * colour — except one the records cannot promise: a fine recorded without an amount gives 罚款企业数 > 0 with 金额 0
 * ("enterprises fined need a fine amount"). And the four-colour counts, cumulative since the programme start by the
 * schema, may fall from one month to the next when an enterprise is re-assessed: the cumulative check then asks for
 * a correction reason.
 */
import { daysInMonth, formatLocalDate, type LocalDate, parseYearMonth, type YearMonth } from '../dates.js';
import { isPlainText, PLAIN_TEXT_RULE } from '../input-rules.js';
import { type AssessedEnterprise, assessedStateOn } from '../supervision/inspection-cycles.js';
import type { RiskColour } from '../supervision/rules.js';
import { cumulativeBaseMonth, FIELD_CATALOGUE, type FieldSpec, fieldSpec, isFieldPath } from './catalogue.js';
import type { FieldPath } from './schema.js';
import { parseCell, type ValidationError } from './validate.js';
import type { EnforcementKind } from '../supervision/record-rules.js';

/** Hazard.source: found by an inspection, or reported by the enterprise's own check (自查). */
export type HazardSource = 'inspection' | 'self-report';

export interface RecordedInspection {
  inspectedOn: LocalDate;
}

export interface RecordedHazard {
  enterpriseId: string;
  /** 'inspection' | 'self-report'; any other value counts only where the source does not matter (major hazards). */
  source: string;
  major: boolean;
  foundOn: LocalDate;
  rectifiedOn: LocalDate | null;
  /** The bureau's verification (销号) of a major hazard. */
  verifiedOn: LocalDate | null;
}

export interface RecordedAction {
  /** An EnforcementKind; any other value counts nowhere. */
  kind: string;
  takenOn: LocalDate;
  /** A fine in whole yuan. */
  fineYuan: number | null;
  /** Persons referred to judicial organs. */
  persons: number | null;
}

/** The records of one office in one campaign, and its enterprises with their register colour and assessments. */
export interface OfficeRecords {
  inspections: readonly RecordedInspection[];
  hazards: readonly RecordedHazard[];
  actions: readonly RecordedAction[];
  enterprises: readonly AssessedEnterprise[];
}

export interface RecordPeriod {
  /** The month the figures run to ('YYYY-MM'; December of the campaign year for the year-end summary). */
  month: YearMonth;
  campaignYear: number;
}

const E = 'annex4.enforcement';
const POLICY = 'annex4.oneEnterpriseOnePolicy';

/** The action kinds counted once each (家次), by the cell they count in. */
const COUNTED_ACTIONS = {
  suspension: `${E}.suspendedForRectification`,
  licence: `${E}.licencesSuspendedOrRevoked`,
  closure: `${E}.closedDown`,
  'exposed-case': `${E}.typicalCasesExposed`,
  'warning-talk': `${E}.warningTalks`,
  incentive: `${E}.incentivisedUnits`,
  constraint: `${E}.constrainedUnits`,
} as const satisfies Partial<Record<EnforcementKind, FieldPath>>;

const COLOUR_CELLS = {
  red: `${POLICY}.fourColourRisk.red`,
  orange: `${POLICY}.fourColourRisk.orange`,
  yellow: `${POLICY}.fourColourRisk.yellow`,
  blue: `${POLICY}.fourColourRisk.blue`,
} as const satisfies Record<RiskColour, FieldPath>;

const DETERMINED = new Set<string>([
  `${E}.inspectedEnterprises`,
  `${E}.hazardsFound`,
  `${E}.hazardsRectified`,
  `${E}.majorHazards.enterprises`,
  `${E}.majorHazards.hazards`,
  `${E}.majorHazards.rectified`,
  `${E}.fines.enterprises`,
  `${E}.fines.amount`,
  `${E}.referredToJudiciary`,
  ...Object.values(COUNTED_ACTIONS),
  `${POLICY}.threeLists.selfFoundHazards`,
  `${POLICY}.threeLists.rectifiedHazards`,
  `${POLICY}.fourColourRisk.enterprises`,
  ...Object.values(COLOUR_CELLS),
]);

/** Every cell the records determine, in catalogue order. */
export const RECORD_FIELDS: readonly FieldPath[] = Object.freeze(
  FIELD_CATALOGUE.map((f) => f.path).filter((path) => DETERMINED.has(path)),
);

function lastDayOf(month: YearMonth): LocalDate {
  const p = parseYearMonth(month);
  if (!p) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  return formatLocalDate(p.year, p.month, daysInMonth(p.year, p.month));
}

/** The days a cumulative cell counts records of: from its base month's first day to the reported month's last. */
function countingRange(path: FieldPath, period: RecordPeriod): { from: LocalDate; to: LocalDate } {
  const since = fieldSpec(path).cumulativeSince;
  if (since === null) throw new RangeError(`${path} is not cumulative: it counts no records by date`);
  return { from: `${cumulativeBaseMonth(since, period.campaignYear)}-01`, to: lastDayOf(period.month) };
}

const within = (date: LocalDate, range: { from: LocalDate; to: LocalDate }) => date >= range.from && date <= range.to;
const doneBy = (date: LocalDate | null, day: LocalDate) => date !== null && date <= day;

/** The enforcement block (执法激励约束). */
function enforcementFigures(records: OfficeRecords, period: RecordPeriod, out: Map<FieldPath, number>): void {
  /** The items dated within the counting range of `path`. */
  const dated = <T>(items: readonly T[], dateOf: (item: T) => LocalDate, path: FieldPath): T[] => {
    const range = countingRange(path, period);
    return items.filter((item) => within(dateOf(item), range));
  };
  const endOf = (path: FieldPath) => countingRange(path, period).to;
  out.set(
    `${E}.inspectedEnterprises`,
    dated(records.inspections, (i) => i.inspectedOn, `${E}.inspectedEnterprises`).length,
  );

  const byInspection = records.hazards.filter((h) => h.source === 'inspection');
  const found = dated(byInspection, (h) => h.foundOn, `${E}.hazardsFound`);
  out.set(`${E}.hazardsFound`, found.length);
  out.set(`${E}.hazardsRectified`, found.filter((h) => doneBy(h.rectifiedOn, endOf(`${E}.hazardsRectified`))).length);

  const major = dated(
    records.hazards.filter((h) => h.major),
    (h) => h.foundOn,
    `${E}.majorHazards.hazards`,
  );
  out.set(`${E}.majorHazards.enterprises`, new Set(major.map((h) => h.enterpriseId)).size);
  out.set(`${E}.majorHazards.hazards`, major.length);
  const verifiedBy = endOf(`${E}.majorHazards.rectified`);
  out.set(`${E}.majorHazards.rectified`, major.filter((h) => doneBy(h.verifiedOn, verifiedBy)).length);

  const taken = (kind: EnforcementKind, path: FieldPath) =>
    dated(
      records.actions.filter((a) => a.kind === kind),
      (a) => a.takenOn,
      path,
    );
  out.set(`${E}.fines.enterprises`, taken('fine', `${E}.fines.enterprises`).length);
  // Whole yuan summed as integers first, then in 万元: exactly the 4 decimals the cell allows.
  const yuan = taken('fine', `${E}.fines.amount`).reduce((sum, a) => sum + (a.fineYuan ?? 0), 0);
  out.set(`${E}.fines.amount`, yuan / 10_000);
  const persons = taken('judicial-referral', `${E}.referredToJudiciary`).reduce((sum, a) => sum + (a.persons ?? 0), 0);
  out.set(`${E}.referredToJudiciary`, persons);
  for (const [kind, path] of Object.entries(COUNTED_ACTIONS) as [EnforcementKind, FieldPath][]) {
    out.set(path, taken(kind, path).length);
  }
}

/** 一企一策: the self-found hazards of the three lists and the four-colour counts. */
function policyFigures(records: OfficeRecords, period: RecordPeriod, out: Map<FieldPath, number>): void {
  const found = countingRange(`${POLICY}.threeLists.selfFoundHazards`, period);
  const selfFound = records.hazards.filter((h) => h.source === 'self-report' && within(h.foundOn, found));
  out.set(`${POLICY}.threeLists.selfFoundHazards`, selfFound.length);
  const rectifiedBy = countingRange(`${POLICY}.threeLists.rectifiedHazards`, period).to;
  out.set(`${POLICY}.threeLists.rectifiedHazards`, selfFound.filter((h) => doneBy(h.rectifiedOn, rectifiedBy)).length);

  const lastDay = lastDayOf(period.month);
  const colours = records.enterprises.map((e) => assessedStateOn(e, lastDay).colour);
  let total = 0;
  for (const [colour, path] of Object.entries(COLOUR_CELLS) as [RiskColour, FieldPath][]) {
    const count = colours.filter((c) => c === colour).length;
    out.set(path, count);
    total += count;
  }
  out.set(`${POLICY}.fourColourRisk.enterprises`, total);
}

/** The figure of every cell the records determine (RECORD_FIELDS), in catalogue order. */
export function figuresFromRecords(records: OfficeRecords, period: RecordPeriod): Map<FieldPath, number> {
  const figures = new Map<FieldPath, number>();
  enforcementFigures(records, period, figures);
  policyFigures(records, period, figures);
  return new Map(RECORD_FIELDS.map((path) => [path, figures.get(path) ?? 0]));
}

// ---------------------------------------------------------------------------------------------------------------
// A submission beside the computed figures.

/** A reported figure that differs from the records, with the office's reason. */
export interface FigureDeviation {
  path: FieldPath;
  computed: number;
  reported: number;
  reason: string;
}

export const MAX_FIGURE_REASON_LENGTH = 2000;
/** Where the reasons travel in a submission. */
export const FIGURE_REASONS_FIELD = 'figureReasons';

/** The value of each of `paths` in submitted tables (not yet validated), where that cell holds a valid figure. */
export function reportedFigures(tables: unknown, paths: readonly FieldPath[]): Map<FieldPath, number> {
  const out = new Map<FieldPath, number>();
  for (const path of paths) {
    let node: unknown = tables;
    for (const key of path.split('.')) {
      node =
        typeof node === 'object' && node !== null && !Array.isArray(node)
          ? (node as Record<string, unknown>)[key]
          : undefined;
    }
    const parsed = parseCell(node, fieldSpec(path).kind);
    if ('value' in parsed) out.set(path, parsed.value);
  }
  return out;
}

/** Equal as the cell stores them: counts exactly, amounts to the yuan. */
function sameFigure(a: number, b: number, kind: FieldSpec['kind']): boolean {
  return kind === 'count' ? a === b : Math.round(a * 10_000) === Math.round(b * 10_000);
}

const reasonAt = (key: string) => `${FIGURE_REASONS_FIELD}.${key}`;

/** The reasons as given: an object of texts; errors for anything else. A blank text is no reason. */
function readReasons(reasons: unknown, errors: ValidationError[]): Map<string, string> {
  const out = new Map<string, string>();
  if (reasons === undefined || reasons === null) return out;
  if (typeof reasons !== 'object' || Array.isArray(reasons)) {
    errors.push({
      path: FIGURE_REASONS_FIELD,
      message: 'must be an object naming cells, e.g. {"annex4.enforcement.fines.amount": "a fine paid in two parts"}',
    });
    return out;
  }
  const entries = Object.entries(reasons as Record<string, unknown>);
  if (entries.length > FIELD_CATALOGUE.length) {
    errors.push({ path: FIGURE_REASONS_FIELD, message: `at most ${FIELD_CATALOGUE.length} reasons, one per cell` });
    return out;
  }
  for (const [key, value] of entries) {
    if (!isFieldPath(key)) {
      errors.push({ path: reasonAt(key), message: 'not a cell of annex 3 or annex 4' });
    } else if (typeof value !== 'string') {
      errors.push({ path: reasonAt(key), message: 'must be text: why the figure differs from the records' });
    } else if (value.trim().length > MAX_FIGURE_REASON_LENGTH) {
      errors.push({ path: reasonAt(key), message: `at most ${MAX_FIGURE_REASON_LENGTH} characters` });
    } else if (!isPlainText(value)) {
      errors.push({ path: reasonAt(key), message: PLAIN_TEXT_RULE });
    } else if (value.trim() !== '') {
      out.set(key, value.trim());
    }
  }
  return out;
}

/**
 * The reported figures that differ from the records, each with its reason; or the errors: a differing figure without
 * a reason (on the cell's path), a reason for a figure that equals the records, for a cell the records do not
 * determine or for no cell at all (on `figureReasons.<key>`). `computed` undefined: the campaign keeps no records,
 * so no reason is taken. A cell whose reported value is itself invalid is left to the table's validation.
 */
export function figureDeviations(
  computed: ReadonlyMap<FieldPath, number> | undefined,
  reported: ReadonlyMap<FieldPath, number>,
  reasons: unknown,
): { deviations: FigureDeviation[]; errors: ValidationError[] } {
  const errors: ValidationError[] = [];
  const given = readReasons(reasons, errors);
  const deviations: FigureDeviation[] = [];
  for (const [path, value] of computed ?? []) {
    const figure = reported.get(path);
    const spec = fieldSpec(path);
    const reason = given.get(path);
    if (figure === undefined) continue;
    if (sameFigure(figure, value, spec.kind)) {
      if (reason !== undefined) {
        errors.push({
          path: reasonAt(path),
          message: `the figure equals the records (computed ${value}): a reason is only for a figure that differs`,
        });
      }
    } else if (reason === undefined) {
      errors.push({
        path,
        message:
          `${spec.labelZh}: ${figure} differs from the records (computed ${value}): give a reason in ` +
          `${FIGURE_REASONS_FIELD} (与系统记录不一致，请说明原因)`,
      });
    } else {
      deviations.push({ path, computed: value, reported: figure, reason });
    }
  }
  for (const key of given.keys()) {
    if (computed?.has(key as FieldPath)) continue;
    errors.push({
      path: reasonAt(key),
      message: computed
        ? 'not a figure computed from the records: only those take a reason'
        : 'this campaign keeps no supervision records: no figure is computed from them',
    });
  }
  return { deviations, errors };
}
