/**
 * Campaign templates: the campaign calendar as data. The default is the 2024 plan of the Anxi County notice
 * of 2024-02-28 (特种设备制造企业安全生产标准化提升专项行动 2024年固本强基方案); the same plan for another year is
 * `defaultTemplate(year)`, and `templateFor(year, overrides)` changes any part of it.
 */
import {
  formatLocalDate,
  formatYearMonth,
  isValidTimeZone,
  type LocalDate,
  parseLocalDate,
  parseTime,
  parseYearMonth,
  type YearMonth,
} from './dates.js';

export type { LocalDate, YearMonth } from './dates.js';

export const PHASE_KEYS = ['planning', 'self-assessment', 'guidance', 'enforcement', 'summary'] as const;
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
}

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

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

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

/** The default plan for `year` with `overrides` merged on top (arrays replace), validated. Throws TemplateError. */
export function templateFor(year: number, overrides: DeepPartial<CampaignTemplate> = {}): CampaignTemplate {
  return parseTemplate(mergeDeep(defaultTemplate(year), overrides));
}

/** Validates and returns a template, or throws TemplateError naming every bad field. */
export function parseTemplate(input: unknown): CampaignTemplate {
  const r = validateTemplate(input);
  if (!r.ok) throw new TemplateError(r.errors);
  return r.template;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const MAX_REMINDER_DAYS = 90;
const MAX_HARD_WORKING_DAYS = 60;

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': [
    'year',
    'timeZone',
    'startDate',
    'phases',
    'monthlyReport',
    'yearEndSummary',
    'enterprise',
    'ladder',
    'holidayRoll',
  ],
  phase: ['key', 'nameZh', 'nameEn', 'deadline'],
  monthlyReport: ['firstMonth', 'lastMonth', 'dueDayOfNextMonth', 'hardDayOfNextMonth'],
  yearEndSummary: ['dueDate'],
  enterprise: ['commitmentPhase', 'planPhase', 'selfAssessmentPhase'],
  ladder: ['reminders', 'remindOnDueDay', 'sendTime', 'hardDeadlineWorkingDaysAfter', 'escalationAckWorkingDays'],
  reminder: ['days', 'unit'],
};

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * Checks the shape and the meaning of a template and names every bad field (`phases[1].deadline`,
 * `monthlyReport.firstMonth`, `ladder.reminders[0].days`, …). Unknown fields are errors too (they are
 * usually typos that would otherwise be silently ignored).
 *
 * Date window: every date of a campaign of year Y must lie between Y-1-01-01 and Y+1-12-31.
 */
export function validateTemplate(input: unknown): ValidationResult {
  const errors: ValidationIssue[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });

  if (!isPlainObject(input)) return { ok: false, errors: [{ path: '', message: 'must be an object' }] };

  const unknownKeys = (obj: Record<string, unknown>, path: string, known: readonly string[]) => {
    for (const k of Object.keys(obj)) if (!known.includes(k)) err(join(path, k), 'unknown field');
  };
  const object = (v: unknown, path: string, known: readonly string[]): Record<string, unknown> | undefined => {
    if (!isPlainObject(v)) {
      err(path, 'must be an object');
      return undefined;
    }
    unknownKeys(v, path, known);
    return v;
  };
  const int = (v: unknown, path: string, min: number, max: number, what = 'an integer'): number | undefined => {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      err(path, `must be ${what} between ${min} and ${max}`);
      return undefined;
    }
    if (v < min || v > max) {
      err(path, `must be ${what} between ${min} and ${max} (got ${v})`);
      return undefined;
    }
    return v;
  };
  const nonEmptyString = (v: unknown, path: string): string | undefined => {
    if (typeof v !== 'string' || v.trim() === '') {
      err(path, 'must be a non-empty string');
      return undefined;
    }
    return v;
  };

  unknownKeys(input, '', KNOWN_KEYS['']!);

  // year and the date window
  const year = int(input.year, 'year', MIN_YEAR, MAX_YEAR);
  const lo = year === undefined ? undefined : formatLocalDate(year - 1, 1, 1);
  const hi = year === undefined ? undefined : formatLocalDate(year + 1, 12, 31);
  const date = (v: unknown, path: string): LocalDate | undefined => {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      err(path, 'must be a date YYYY-MM-DD');
      return undefined;
    }
    if (!parseLocalDate(v)) {
      err(path, `${v} is not a real calendar date`);
      return undefined;
    }
    if (lo !== undefined && hi !== undefined && (v < lo || v > hi)) {
      err(path, `${v} is outside the campaign's range ${lo}..${hi}`);
      return undefined;
    }
    return v;
  };
  const month = (v: unknown, path: string): YearMonth | undefined => {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}$/.test(v)) {
      err(path, 'must be a month YYYY-MM');
      return undefined;
    }
    if (!parseYearMonth(v)) {
      err(path, `${v}: the month must be between 01 and 12`);
      return undefined;
    }
    if (lo !== undefined && hi !== undefined && (v < lo.slice(0, 7) || v > hi.slice(0, 7))) {
      err(path, `${v} is outside the campaign's range ${lo.slice(0, 7)}..${hi.slice(0, 7)}`);
      return undefined;
    }
    return v;
  };
  const phaseKey = (v: unknown, path: string): PhaseKey | undefined => {
    if (typeof v !== 'string' || !(PHASE_KEYS as readonly string[]).includes(v)) {
      err(path, `must be one of ${PHASE_KEYS.join(', ')}`);
      return undefined;
    }
    return v as PhaseKey;
  };

  // timeZone
  if (typeof input.timeZone !== 'string' || !isValidTimeZone(input.timeZone)) {
    err('timeZone', `must be an IANA time zone such as '${DEFAULT_TIME_ZONE}' (got ${JSON.stringify(input.timeZone)})`);
  }

  const startDate = date(input.startDate, 'startDate');

  // phases
  const deadlines: (LocalDate | undefined)[] = [];
  if (!Array.isArray(input.phases)) {
    err('phases', `must be an array of the ${PHASE_KEYS.length} phases ${PHASE_KEYS.join(', ')}`);
  } else {
    const phases: unknown[] = input.phases;
    if (phases.length !== PHASE_KEYS.length) {
      err(
        'phases',
        `must list exactly the ${PHASE_KEYS.length} phases ${PHASE_KEYS.join(', ')} (got ${phases.length})`,
      );
    }
    phases.forEach((raw, i) => {
      const path = join('phases', i);
      const p = object(raw, path, KNOWN_KEYS.phase!);
      if (!p) return;
      const expected = PHASE_KEYS[i];
      if (typeof p.key !== 'string' || !(PHASE_KEYS as readonly string[]).includes(p.key)) {
        err(join(path, 'key'), `unknown phase key ${JSON.stringify(p.key)}; expected '${expected ?? '(none)'}'`);
      } else if (p.key !== expected) {
        err(
          join(path, 'key'),
          expected
            ? `expected '${expected}' at position ${i + 1} (phases run ${PHASE_KEYS.join(' → ')}), got '${p.key}'`
            : `extra phase '${p.key}'`,
        );
      }
      nonEmptyString(p.nameZh, join(path, 'nameZh'));
      nonEmptyString(p.nameEn, join(path, 'nameEn'));
      deadlines[i] = date(p.deadline, join(path, 'deadline'));
    });
    // strictly increasing deadlines (compared with the last valid earlier one)
    let prev: { d: LocalDate; i: number } | undefined;
    deadlines.forEach((d, i) => {
      if (d === undefined) return;
      if (prev && d <= prev.d) {
        err(join(join('phases', i), 'deadline'), `${d} must be after the previous phase's deadline ${prev.d}`);
      }
      prev = { d, i };
    });
    const first = deadlines[0];
    if (startDate !== undefined && first !== undefined && startDate >= first) {
      err('startDate', `${startDate} must be before the first phase deadline ${first}`);
    }
  }

  // monthly report
  const mr = object(input.monthlyReport, 'monthlyReport', KNOWN_KEYS.monthlyReport!);
  if (mr) {
    const first = month(mr.firstMonth, 'monthlyReport.firstMonth');
    const last = month(mr.lastMonth, 'monthlyReport.lastMonth');
    if (first !== undefined && last !== undefined && last < first) {
      err('monthlyReport.lastMonth', `${last} is before firstMonth ${first}`);
    }
    const due = int(mr.dueDayOfNextMonth, 'monthlyReport.dueDayOfNextMonth', 1, 28, 'a day of the month');
    const hard = int(mr.hardDayOfNextMonth, 'monthlyReport.hardDayOfNextMonth', 1, 28, 'a day of the month');
    if (due !== undefined && hard !== undefined && hard < due) {
      err('monthlyReport.hardDayOfNextMonth', `${hard} is before dueDayOfNextMonth ${due}`);
    }
  }

  // year-end summary
  const ys = object(input.yearEndSummary, 'yearEndSummary', KNOWN_KEYS.yearEndSummary!);
  if (ys) {
    const d = date(ys.dueDate, 'yearEndSummary.dueDate');
    const lastPhase = deadlines[PHASE_KEYS.length - 1];
    if (d !== undefined && lastPhase !== undefined && d < lastPhase) {
      err('yearEndSummary.dueDate', `${d} is before the last phase deadline ${lastPhase}`);
    }
  }

  // enterprise
  const ent = object(input.enterprise, 'enterprise', KNOWN_KEYS.enterprise!);
  if (ent) {
    phaseKey(ent.commitmentPhase, 'enterprise.commitmentPhase');
    phaseKey(ent.planPhase, 'enterprise.planPhase');
    phaseKey(ent.selfAssessmentPhase, 'enterprise.selfAssessmentPhase');
  }

  // ladder
  const ladder = object(input.ladder, 'ladder', KNOWN_KEYS.ladder!);
  if (ladder) {
    if (!Array.isArray(ladder.reminders)) {
      err('ladder.reminders', 'must be an array of { days, unit } (may be empty)');
    } else {
      (ladder.reminders as unknown[]).forEach((raw, i) => {
        const path = join('ladder.reminders', i);
        const r = object(raw, path, KNOWN_KEYS.reminder!);
        if (!r) return;
        int(r.days, join(path, 'days'), 1, MAX_REMINDER_DAYS, 'a whole number of days');
        if (r.unit !== 'working-days' && r.unit !== 'calendar-days') {
          err(join(path, 'unit'), "must be 'working-days' or 'calendar-days'");
        }
      });
    }
    if (typeof ladder.remindOnDueDay !== 'boolean') err('ladder.remindOnDueDay', 'must be true or false');
    if (!parseTime(ladder.sendTime))
      err('ladder.sendTime', `must be a time HH:mm such as '09:00' (got ${JSON.stringify(ladder.sendTime)})`);
    int(
      ladder.hardDeadlineWorkingDaysAfter,
      'ladder.hardDeadlineWorkingDaysAfter',
      0,
      MAX_HARD_WORKING_DAYS,
      'a whole number of working days',
    );
    int(
      ladder.escalationAckWorkingDays,
      'ladder.escalationAckWorkingDays',
      1,
      MAX_HARD_WORKING_DAYS,
      'a whole number of working days',
    );
  }

  if (input.holidayRoll !== 'keep' && input.holidayRoll !== 'next-working-day') {
    err('holidayRoll', `must be 'keep' or 'next-working-day' (got ${JSON.stringify(input.holidayRoll)})`);
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, template: normalize(input as unknown as CampaignTemplate) };
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
    },
    holidayRoll: t.holidayRoll,
  };
}
