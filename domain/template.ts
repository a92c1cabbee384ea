/**
 * Campaign templates: the campaign calendar as data. The default is the 2024 plan of the Anxi County notice
 * of 2024-02-28 (特种设备制造企业安全生产标准化提升专项行动 2024年固本强基方案); the same plan for another year is
 * `defaultTemplate(year)`, and `templateFor(year, overrides)` changes any part of it.
 */
import type { Static } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import {
  formatLocalDate,
  formatYearMonth,
  isValidTimeZone,
  type LocalDate,
  parseLocalDate,
  type YearMonth,
} from './dates.js';
import { CampaignTemplateSchema, DEFAULT_TIME_ZONE, PHASE_KEYS } from './template-schema.js';
import { defaultSupervision, type SupervisionRules } from './supervision/rules.js';

export type { LocalDate, YearMonth } from './dates.js';

export { PHASE_KEYS, DEFAULT_TIME_ZONE, CampaignTemplateSchema } from './template-schema.js';
export type PhaseKey = (typeof PHASE_KEYS)[number];

export type ReminderUnit = 'working-days' | 'calendar-days';
export interface ReminderOffset {
  days: number;
  unit: ReminderUnit;
}

export interface LadderRules {
  /** Reminders before the due date. */
  reminders: ReminderOffset[];
  /** 09:00 (sendTime) on the due day, if the due day is a working day. */
  remindOnDueDay: boolean;
  /** 'HH:mm' local time at which reminders go out. */
  sendTime: string;
  /** Hard deadline = end of the n-th working day after the due date (every obligation except the monthly report). */
  hardDeadlineWorkingDaysAfter: number;
  /** Default acknowledgement period of an escalation, in working days. */
  escalationAckWorkingDays: number;
  /**
   * When a notice triggered at a deadline (overdue, escalation, a climb) is mailed: at `sendTime` on the next
   * working day (the default, also when absent: templates stored before the setting existed) or at once.
   * The rule is domain/notice-delivery.ts.
   */
  deadlineNoticeDelivery?: DeadlineNoticeDelivery;
}

export type DeadlineNoticeDelivery = 'next-send-time' | 'immediate';
export const DEFAULT_DEADLINE_NOTICE_DELIVERY: DeadlineNoticeDelivery = 'next-send-time';

export type HolidayRoll = 'keep' | 'next-working-day';

export interface PhaseDefinition {
  key: PhaseKey;
  nameZh: string;
  nameEn: string;
  /** Last day of the phase ("X日前": the phase ends at the end of this local day). */
  deadline: LocalDate;
}

export interface CampaignTemplate {
  year: number;
  timeZone: string;
  startDate: LocalDate;
  phases: PhaseDefinition[];
  monthlyReport: { firstMonth: YearMonth; lastMonth: YearMonth; dueDayOfNextMonth: number; hardDayOfNextMonth: number };
  yearEndSummary: { dueDate: LocalDate };
  enterprise: { commitmentPhase: PhaseKey; planPhase: PhaseKey; selfAssessmentPhase: PhaseKey };
  ladder: LadderRules;
  holidayRoll: HolidayRoll;
  /** Phases 3 and 4: inspections, key enterprises, listed hazards (domain/supervision/rules.ts). Absent: none planned. */
  supervision?: SupervisionRules;
}

export type DeepPartial<T> = T extends (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export interface ValidationIssue {
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; template: CampaignTemplate } | { ok: false; errors: ValidationIssue[] };

export class TemplateError extends Error {
  readonly errors: ValidationIssue[];
  constructor(errors: ValidationIssue[]) {
    super(`invalid campaign template: ${errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`);
    this.name = 'TemplateError';
    this.errors = errors;
  }
}

const PHASE_NAMES: Record<PhaseKey, { nameZh: string; nameEn: string; month: number; day: number }> = {
  planning: { nameZh: '前期统筹谋划', nameEn: 'Planning and coordination', month: 3, day: 15 },
  'self-assessment': {
    nameZh: '企业自评自改',
    nameEn: 'Enterprise self-assessment and self-correction',
    month: 4,
    day: 30,
  },
  guidance: { nameZh: '部门指导帮扶', nameEn: 'Departmental guidance and assistance', month: 9, day: 30 },
  enforcement: { nameZh: '精准执法推动', nameEn: 'Targeted enforcement', month: 11, day: 30 },
  summary: { nameZh: '全面总结完善', nameEn: 'Overall summary and improvement', month: 12, day: 31 },
};

/** The 2024 notice plan, with the same months and days in `year`. */
export function defaultTemplate(year = 2024): CampaignTemplate {
  return {
    year,
    timeZone: DEFAULT_TIME_ZONE,
    startDate: formatLocalDate(year, 2, 28),
    phases: PHASE_KEYS.map((key) => {
      const p = PHASE_NAMES[key];
      return { key, nameZh: p.nameZh, nameEn: p.nameEn, deadline: formatLocalDate(year, p.month, p.day) };
    }),
    monthlyReport: {
      firstMonth: formatYearMonth(year, 3),
      lastMonth: formatYearMonth(year, 12),
      dueDayOfNextMonth: 2,
      hardDayOfNextMonth: 3,
    },
    yearEndSummary: { dueDate: formatLocalDate(year + 1, 1, 8) },
    enterprise: { commitmentPhase: 'planning', planPhase: 'planning', selfAssessmentPhase: 'self-assessment' },
    ladder: {
      reminders: [
        { days: 3, unit: 'working-days' },
        { days: 1, unit: 'working-days' },
      ],
      remindOnDueDay: true,
      sendTime: '09:00',
      hardDeadlineWorkingDaysAfter: 2,
      escalationAckWorkingDays: 5,
      deadlineNoticeDelivery: DEFAULT_DEADLINE_NOTICE_DELIVERY,
    },
    holidayRoll: 'keep',
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: plain objects merge key by key, arrays and scalars replace, `undefined` leaves the base value. */
export function mergeDeep<T>(base: T, overrides: unknown): T {
  if (overrides === undefined) return structuredClone(base);
  if (!isPlainObject(base) || !isPlainObject(overrides)) return structuredClone(overrides) as T;
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    out[k] = k in out ? mergeDeep(out[k], v) : structuredClone(v);
  }
  return out as T;
}

/**
 * `overrides` merged onto `base` (see mergeDeep). A template without supervision rules that is given some starts from
 * the documented defaults of its year, so `{ supervision: {} }` switches them on as documented.
 */
export function mergeTemplate<T extends { year?: unknown; supervision?: unknown }>(base: T, overrides: unknown): T {
  const wantsSupervision = isPlainObject(overrides) && overrides['supervision'] !== undefined;
  const start =
    wantsSupervision && base.supervision === undefined && typeof base.year === 'number'
      ? { ...base, supervision: defaultSupervision(base.year) }
      : base;
  return mergeDeep(start, overrides);
}

/** The default plan for `year` with `overrides` merged on top (arrays replace), validated. Throws TemplateError. */
export function templateFor(year: number, overrides: DeepPartial<CampaignTemplate> = {}): CampaignTemplate {
  return parseTemplate(mergeTemplate(defaultTemplate(year), overrides));
}

/** Validates and returns a template, or throws TemplateError naming every bad field. */
export function parseTemplate(input: unknown): CampaignTemplate {
  const r = validateTemplate(input);
  if (!r.ok) throw new TemplateError(r.errors);
  return r.template;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation: the shape is CampaignTemplateSchema (template-schema.ts); here are the rules a JSON schema cannot say.

// The interfaces above and the schema describe the same template: tsc fails here if they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<Static<typeof CampaignTemplateSchema>, CampaignTemplate> = true;
void sameShape;

/** `/phases/1/deadline` → `phases[1].deadline`. */
function pathOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

function messageOf(e: ValueError): string {
  const got = e.value === null || typeof e.value !== 'object' ? ` (got ${JSON.stringify(e.value)})` : '';
  switch (e.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return 'unknown field';
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.Object:
      return 'must be an object';
    case ValueErrorType.Array:
      return `must be an array of ${e.schema.description ?? 'items'}`;
    case ValueErrorType.ArrayMinItems:
    case ValueErrorType.ArrayMaxItems:
      return `must list ${e.schema.description ?? e.message} (got ${(e.value as unknown[]).length})`;
    default:
      return e.schema.description === undefined ? e.message : `must be ${e.schema.description}${got}`;
  }
}

/** The schema's complaints, one per path (the first: a missing field is "required", not also of the wrong type). */
function shapeErrors(input: unknown): ValidationIssue[] {
  const byPath = new Map<string, string>();
  for (const e of Value.Errors(CampaignTemplateSchema, input)) {
    const path = pathOf(e.path);
    if (!byPath.has(path)) byPath.set(path, messageOf(e));
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

/**
 * Checks the shape (CampaignTemplateSchema) and the meaning of a template and names every bad field
 * (`phases[1].deadline`, `monthlyReport.firstMonth`, `ladder.reminders[0].days`, …). The cross-field rules only
 * look at fields whose shape is right, so a field is named once.
 *
 * Date window: every date of a campaign of year Y must lie between Y-1-01-01 and Y+1-12-31.
 */
export function validateTemplate(input: unknown): ValidationResult {
  if (!isPlainObject(input)) return { ok: false, errors: [{ path: '', message: 'must be an object' }] };
  const errors = shapeErrors(input);
  const t = input as unknown as DeepPartial<CampaignTemplate>;
  const check = fieldChecker(errors, t.year);

  const timeZone = check.ok('timeZone', t.timeZone);
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    check.err('timeZone', `must be an IANA time zone such as '${DEFAULT_TIME_ZONE}' (got ${JSON.stringify(timeZone)})`);
  }
  const startDate = check.date('startDate', t.startDate);
  const deadlines = checkPhases(check, Array.isArray(t.phases) ? t.phases : []);
  const first = deadlines[0];
  if (startDate !== undefined && first !== undefined && startDate >= first) {
    check.err('startDate', `${startDate} must be before the first phase deadline ${first}`);
  }
  checkMonthlyReport(check, t.monthlyReport);
  checkYearEndSummary(check, t.yearEndSummary, deadlines[PHASE_KEYS.length - 1]);
  checkSupervision(check, t.supervision);

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, template: normalize(input as unknown as CampaignTemplate) };
}

/** What the cross-field rules use to read fields and report problems; every problem lands in one list. */
interface FieldChecker {
  err(path: string, message: string): void;
  /** The value at `path` if the schema found it well formed (then it has the schema's type), else undefined. */
  ok<T>(path: string, v: T | undefined): T | undefined;
  /** A well-formed, real date inside the campaign's date window, else undefined (and named if it is not). */
  date(path: string, v: LocalDate | undefined): LocalDate | undefined;
  /** A well-formed month inside the campaign's date window, else undefined (and named if it is not). */
  month(path: string, v: YearMonth | undefined): YearMonth | undefined;
}

/**
 * A checker appending to `errors` (the schema's complaints). A path named once is not checked again, so a
 * field gets one message; without a well-formed year there is no date window to check against.
 */
function fieldChecker(errors: ValidationIssue[], rawYear: number | undefined): FieldChecker {
  const bad = new Set(errors.map((e) => e.path));
  const err = (path: string, message: string) => {
    errors.push({ path, message });
    bad.add(path);
  };
  const ok = <T>(path: string, v: T | undefined): T | undefined => (v === undefined || bad.has(path) ? undefined : v);

  const year = ok('year', rawYear);
  const lo = year === undefined ? undefined : formatLocalDate(year - 1, 1, 1);
  const hi = year === undefined ? undefined : formatLocalDate(year + 1, 12, 31);
  const inRange = (path: string, v: string | undefined, l = lo, h = hi): string | undefined => {
    if (v === undefined || l === undefined || h === undefined || (v >= l && v <= h)) return v;
    err(path, `${v} is outside the campaign's range ${l}..${h}`);
    return undefined;
  };
  const date = (path: string, v: LocalDate | undefined): LocalDate | undefined => {
    if (ok(path, v) === undefined) return undefined;
    if (!parseLocalDate(v)) return void err(path, `${v} is not a real calendar date`);
    return inRange(path, v);
  };
  const month = (path: string, v: YearMonth | undefined) =>
    inRange(path, ok(path, v), lo?.slice(0, 7), hi?.slice(0, 7));
  return { err, ok, date, month };
}

/**
 * Each phase key at its place, deadlines strictly increasing. A deadline is compared with the last valid
 * earlier one, so one bad deadline is not also blamed on the phase after it. Returns the valid deadlines.
 */
function checkPhases(
  check: FieldChecker,
  phases: (DeepPartial<PhaseDefinition> | undefined)[],
): (LocalDate | undefined)[] {
  let prev: LocalDate | undefined;
  return phases.map((p, i) => {
    const path = `phases[${i}]`;
    const key = check.ok(`${path}.key`, p?.key);
    const expected = PHASE_KEYS[i];
    if (key !== undefined && key !== expected) {
      check.err(
        `${path}.key`,
        expected
          ? `expected '${expected}' at position ${i + 1} (phases run ${PHASE_KEYS.join(' → ')}), got '${key}'`
          : `extra phase '${key}'`,
      );
    }
    const d = check.date(`${path}.deadline`, p?.deadline);
    if (d !== undefined && prev !== undefined && d <= prev) {
      check.err(`${path}.deadline`, `${d} must be after the previous phase's deadline ${prev}`);
    }
    if (d !== undefined) prev = d;
    return d;
  });
}

function checkMonthlyReport(check: FieldChecker, mr: DeepPartial<CampaignTemplate['monthlyReport']> | undefined): void {
  const firstMonth = check.month('monthlyReport.firstMonth', mr?.firstMonth);
  const lastMonth = check.month('monthlyReport.lastMonth', mr?.lastMonth);
  if (firstMonth !== undefined && lastMonth !== undefined && lastMonth < firstMonth) {
    check.err('monthlyReport.lastMonth', `${lastMonth} is before firstMonth ${firstMonth}`);
  }
  const due = check.ok('monthlyReport.dueDayOfNextMonth', mr?.dueDayOfNextMonth);
  const hard = check.ok('monthlyReport.hardDayOfNextMonth', mr?.hardDayOfNextMonth);
  if (due !== undefined && hard !== undefined && hard < due) {
    check.err('monthlyReport.hardDayOfNextMonth', `${hard} is before dueDayOfNextMonth ${due}`);
  }
}

/** The year-end summary closes the campaign: it may not be due before the last phase ends. */
function checkYearEndSummary(
  check: FieldChecker,
  yearEndSummary: DeepPartial<CampaignTemplate['yearEndSummary']> | undefined,
  lastPhaseDeadline: LocalDate | undefined,
): void {
  const summary = check.date('yearEndSummary.dueDate', yearEndSummary?.dueDate);
  if (summary !== undefined && lastPhaseDeadline !== undefined && summary < lastPhaseDeadline) {
    check.err('yearEndSummary.dueDate', `${summary} is before the last phase deadline ${lastPhaseDeadline}`);
  }
}

function checkSupervision(check: FieldChecker, s: DeepPartial<SupervisionRules> | undefined): void {
  const first = check.month('supervision.inspections.firstMonth', s?.inspections?.firstMonth);
  const last = check.month('supervision.inspections.lastMonth', s?.inspections?.lastMonth);
  if (first !== undefined && last !== undefined && last < first) {
    check.err('supervision.inspections.lastMonth', `${last} is before firstMonth ${first}`);
  }
}

/** A fresh copy holding only the known fields. */
function normalize(t: CampaignTemplate): CampaignTemplate {
  return {
    year: t.year,
    timeZone: t.timeZone,
    startDate: t.startDate,
    phases: t.phases.map((p) => ({ key: p.key, nameZh: p.nameZh, nameEn: p.nameEn, deadline: p.deadline })),
    monthlyReport: {
      firstMonth: t.monthlyReport.firstMonth,
      lastMonth: t.monthlyReport.lastMonth,
      dueDayOfNextMonth: t.monthlyReport.dueDayOfNextMonth,
      hardDayOfNextMonth: t.monthlyReport.hardDayOfNextMonth,
    },
    yearEndSummary: { dueDate: t.yearEndSummary.dueDate },
    enterprise: {
      commitmentPhase: t.enterprise.commitmentPhase,
      planPhase: t.enterprise.planPhase,
      selfAssessmentPhase: t.enterprise.selfAssessmentPhase,
    },
    ladder: {
      reminders: t.ladder.reminders.map((r) => ({ days: r.days, unit: r.unit })),
      remindOnDueDay: t.ladder.remindOnDueDay,
      sendTime: t.ladder.sendTime,
      hardDeadlineWorkingDaysAfter: t.ladder.hardDeadlineWorkingDaysAfter,
      escalationAckWorkingDays: t.ladder.escalationAckWorkingDays,
      deadlineNoticeDelivery: t.ladder.deadlineNoticeDelivery ?? DEFAULT_DEADLINE_NOTICE_DELIVERY,
    },
    holidayRoll: t.holidayRoll,
    ...(t.supervision ? { supervision: structuredClone(t.supervision) } : {}),
  };
}
