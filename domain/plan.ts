/**
 * The campaign plan: every phase and every dated obligation of a campaign, with its reminder ladder, computed
 * from a template and a working-day calendar. Pure: no clock, no I/O; every instant is explicit.
 */
import { phaseKeyAt } from './workflow-safe/phase-windows.js';
import {
  addDays,
  endOfLocalDay,
  isLocalDate,
  type LocalDate,
  localDateOf,
  monthsBetween,
  nextYearMonth,
  formatLocalDate,
  parseYearMonth,
  startOfLocalDay,
  yearOf,
  type YearMonth,
} from './dates.js';
import { ladderFor, type LadderStep, resolveDueDate } from './ladder.js';
import { type CampaignTemplate, parseTemplate, type PhaseKey } from './template.js';
import type { WorkingDayCalendar, YearCoverage } from './working-days.js';

/** Every kind of obligation; the last five are phases 3 and 4, from the supervision records (domain/supervision). */
export const OBLIGATION_KINDS = [
  'phase',
  'monthly-report',
  'year-end-summary',
  'enterprise-commitment',
  'enterprise-plan',
  'enterprise-self-assessment',
  'inspection',
  'guidance-visit',
  'guidance-coverage',
  'hazard',
  'major-hazard',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** Who must fulfil an obligation: a supervision office (市场监管所) or an enterprise. */
export type ResponsibleParty = 'office' | 'enterprise';

export interface PlannedObligation {
  /** Stable business key: 'phase:planning', 'monthly-report:2024-03', 'year-end-summary:2024', 'enterprise-commitment',
   *  'enterprise-plan', 'enterprise-self-assessment:2024-04-30'. */
  key: string;
  kind: ObligationKind;
  period?: YearMonth;
  phase?: PhaseKey;
  responsible: ResponsibleParty;
  titleZh: string;
  titleEn: string;
  /** The date the notice/template puts the deadline on. */
  nominalDueDate: LocalDate;
  /** The effective due date (differs from nominalDueDate only with holidayRoll 'next-working-day'). */
  dueDate: LocalDate;
  /** End of the due day = the instant the obligation becomes overdue (first instant of the next local day). */
  dueAt: string;
  dueAtMs: number;
  /** The last day before escalation. */
  hardDueDate: LocalDate;
  /** End of the hard-deadline day = the escalation instant. */
  hardDueAt: string;
  hardDueAtMs: number;
  steps: LadderStep[];
}

export interface PlannedPhase {
  key: PhaseKey;
  nameZh: string;
  nameEn: string;
  /** First local day of the phase (the campaign start for the first phase). */
  startDate: LocalDate;
  startAt: string;
  startAtMs: number;
  /** Last local day of the phase. */
  deadline: LocalDate;
  /** End of the deadline day (exclusive): the first instant of the next local day. */
  deadlineAt: string;
  deadlineAtMs: number;
}

export interface CampaignPlan {
  year: number;
  timeZone: string;
  startAt: string;
  startAtMs: number;
  phases: PlannedPhase[];
  /** Phases, monthly reports, the year-end summary, then the default enterprise obligations. */
  obligations: PlannedObligation[];
  /** Human-readable warnings, e.g. a year the plan touches has no holiday data. */
  warnings: string[];
  /** Holiday-data coverage of every year from the campaign start to the last planned step. */
  holidayData: { year: number; coverage: YearCoverage }[];
}

/** How an obligation's hard deadline is derived. */
export type HardDeadlineRule =
  | { kind: 'working-days-after'; days: number }
  /** A fixed nominal date (the monthly report's "3日前"); rolled like the due date, never before it. */
  | { kind: 'date'; nominalDate: LocalDate };

export interface ObligationSpec {
  key: string;
  kind: ObligationKind;
  responsible: ResponsibleParty;
  titleZh: string;
  titleEn: string;
  nominalDueDate: LocalDate;
  period?: YearMonth;
  phase?: PhaseKey;
  /** Default: the template's `ladder.hardDeadlineWorkingDaysAfter` working days after the due date. */
  hard?: HardDeadlineRule;
}

/**
 * Plans one obligation: effective due date, due and hard instants, ladder. Reminders before `notBefore`
 * (e.g. the campaign start) are dropped.
 */
export function planObligation(
  template: CampaignTemplate,
  calendar: WorkingDayCalendar,
  spec: ObligationSpec,
  notBefore?: number,
): PlannedObligation {
  const zone = template.timeZone;
  if (!isLocalDate(spec.nominalDueDate)) {
    throw new RangeError(`${spec.key}: due date is not a valid LocalDate: ${JSON.stringify(spec.nominalDueDate)}`);
  }
  const dueDate = resolveDueDate(spec.nominalDueDate, template.holidayRoll, calendar);
  const hard = spec.hard ?? { kind: 'working-days-after', days: template.ladder.hardDeadlineWorkingDaysAfter };
  let hardDueDate: LocalDate;
  if (hard.kind === 'working-days-after') {
    hardDueDate = calendar.addWorkingDays(dueDate, hard.days);
  } else {
    hardDueDate = resolveDueDate(hard.nominalDate, template.holidayRoll, calendar);
    // Rolling both dates of a holiday-bound pair would erase the grace between "due" and "late":
    // keep at least the next working day when the nominal dates had a grace period.
    if (hard.nominalDate > spec.nominalDueDate && hardDueDate <= dueDate)
      hardDueDate = calendar.nextWorkingDay(dueDate);
    if (hardDueDate < dueDate) hardDueDate = dueDate;
  }
  const dueAt = endOfLocalDay(dueDate, zone);
  const hardDueAt = endOfLocalDay(hardDueDate, zone);
  const steps = ladderFor({
    dueDate,
    hardDueAt: hardDueAt.ms,
    ladder: template.ladder,
    calendar,
    timeZone: zone,
    ...(notBefore !== undefined ? { notBefore } : {}),
  });
  return {
    key: spec.key,
    kind: spec.kind,
    ...(spec.period !== undefined ? { period: spec.period } : {}),
    ...(spec.phase !== undefined ? { phase: spec.phase } : {}),
    responsible: spec.responsible,
    titleZh: spec.titleZh,
    titleEn: spec.titleEn,
    nominalDueDate: spec.nominalDueDate,
    dueDate,
    dueAt: dueAt.iso,
    dueAtMs: dueAt.ms,
    hardDueDate,
    hardDueAt: hardDueAt.iso,
    hardDueAtMs: hardDueAt.ms,
    steps,
  };
}

function phaseDeadline(template: CampaignTemplate, key: PhaseKey): LocalDate {
  const p = template.phases.find((ph) => ph.key === key);
  if (!p) throw new RangeError(`template has no phase '${key}'`);
  return p.deadline;
}

function monthTitleZh(ym: YearMonth): string {
  const p = parseYearMonth(ym)!;
  return `${p.year}年${p.month}月`;
}

/**
 * The self-assessment obligation of one enterprise, due on the date it committed to in its 承诺书
 * (key 'enterprise-self-assessment:<date>'). Reminders before `options.notBefore` (epoch ms) are dropped.
 */
export function selfAssessmentObligation(
  template: CampaignTemplate,
  calendar: WorkingDayCalendar,
  committedDate: LocalDate,
  options: { notBefore?: number } = {},
): PlannedObligation {
  if (!isLocalDate(committedDate))
    throw new RangeError(`committed date is not a valid LocalDate: ${JSON.stringify(committedDate)}`);
  return planObligation(
    template,
    calendar,
    {
      key: `enterprise-self-assessment:${committedDate}`,
      kind: 'enterprise-self-assessment',
      responsible: 'enterprise',
      phase: template.enterprise.selfAssessmentPhase,
      titleZh: '完成安全生产标准化年度自评并形成正式自评报告',
      titleEn: 'Complete the annual standardization self-assessment and file the self-assessment report',
      nominalDueDate: committedDate,
    },
    options.notBefore,
  );
}

/** Builds the whole campaign plan. The template is validated first (throws TemplateError). */
export function buildPlan(input: CampaignTemplate, calendar: WorkingDayCalendar): CampaignPlan {
  const template = parseTemplate(input);
  const zone = template.timeZone;
  const startAt = startOfLocalDay(template.startDate, zone);
  const phases = plannedPhases(template);
  // Reminders that would fall before the campaign starts are never sent.
  const obligations = defaultObligationSpecs(template).map((s) => planObligation(template, calendar, s, startAt.ms));
  obligations.push(
    selfAssessmentObligation(template, calendar, phaseDeadline(template, template.enterprise.selfAssessmentPhase), {
      notBefore: startAt.ms,
    }),
  );
  const { holidayData, warnings } = holidayDataOfPlan(template, calendar, phases, obligations);
  return {
    year: template.year,
    timeZone: zone,
    startAt: startAt.iso,
    startAtMs: startAt.ms,
    phases,
    obligations,
    warnings,
    holidayData,
  };
}

/** Each phase starts the day after the previous phase's deadline; the first starts with the campaign. */
function plannedPhases(template: CampaignTemplate): PlannedPhase[] {
  const zone = template.timeZone;
  const phases: PlannedPhase[] = [];
  template.phases.forEach((p, i) => {
    const prev = phases[i - 1];
    const startDate = prev ? addDays(prev.deadline, 1) : template.startDate;
    const s = startOfLocalDay(startDate, zone);
    const end = endOfLocalDay(p.deadline, zone);
    phases.push({
      key: p.key,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      startDate,
      startAt: s.iso,
      startAtMs: s.ms,
      deadline: p.deadline,
      deadlineAt: end.iso,
      deadlineAtMs: end.ms,
    });
  });
  return phases;
}

/**
 * Every obligation of the plan except the enterprise self-assessment (its date is the one each enterprise
 * commits to, so it is planned by selfAssessmentObligation). The order is the plan's order.
 */
function defaultObligationSpecs(template: CampaignTemplate): ObligationSpec[] {
  return [
    ...phaseTaskSpecs(template),
    ...monthlyReportSpecs(template),
    yearEndSummarySpec(template),
    ...enterpriseSpecs(template),
  ];
}

function phaseTaskSpecs(template: CampaignTemplate): ObligationSpec[] {
  return template.phases.map((p, i) => ({
    key: `phase:${p.key}`,
    kind: 'phase',
    phase: p.key,
    responsible: 'office',
    titleZh: `${p.nameZh}阶段工作`,
    titleEn: `Phase ${i + 1} tasks: ${p.nameEn}`,
    nominalDueDate: p.deadline,
  }));
}

/** The report of a month is due early in the next month, with its own hard day ("3日前") instead of the ladder's. */
function monthlyReportSpecs(template: CampaignTemplate): ObligationSpec[] {
  const mr = template.monthlyReport;
  return monthsBetween(mr.firstMonth, mr.lastMonth).map((ym) => {
    const next = parseYearMonth(nextYearMonth(ym))!;
    return {
      key: `monthly-report:${ym}`,
      kind: 'monthly-report',
      period: ym,
      responsible: 'office',
      titleZh: `${monthTitleZh(ym)}工作总结及工作进展月报表`,
      titleEn: `Monthly work summary and progress tables for ${ym}`,
      nominalDueDate: formatLocalDate(next.year, next.month, mr.dueDayOfNextMonth),
      hard: { kind: 'date', nominalDate: formatLocalDate(next.year, next.month, mr.hardDayOfNextMonth) },
    };
  });
}

function yearEndSummarySpec(template: CampaignTemplate): ObligationSpec {
  return {
    key: `year-end-summary:${template.year}`,
    kind: 'year-end-summary',
    responsible: 'office',
    titleZh: `${template.year}年度工作总结及有关报表`,
    titleEn: `Annual work summary ${template.year} with the report tables`,
    nominalDueDate: template.yearEndSummary.dueDate,
  };
}

/** The commitment and the plan every enterprise owes by the deadline of the phase the template names. */
function enterpriseSpecs(template: CampaignTemplate): ObligationSpec[] {
  const ent = template.enterprise;
  return [
    {
      key: 'enterprise-commitment',
      kind: 'enterprise-commitment',
      phase: ent.commitmentPhase,
      responsible: 'enterprise',
      titleZh: '送达告知书并签订《关于加强安全生产标准化建设承诺书》（四份备案）',
      titleEn: 'Notice served and standardization commitment signed (four copies filed)',
      nominalDueDate: phaseDeadline(template, ent.commitmentPhase),
    },
    {
      key: 'enterprise-plan',
      kind: 'enterprise-plan',
      phase: ent.planPhase,
      responsible: 'enterprise',
      titleZh: `编制${template.year}年标准化创建、运行、提升计划`,
      titleEn: `Enterprise ${template.year} standardization plan`,
      nominalDueDate: phaseDeadline(template, ent.planPhase),
    },
  ];
}

/**
 * Holiday-data coverage of every year from the campaign start to the plan's last instant, with a warning per
 * year that has none: its working days are then only a guess (Monday–Friday).
 */
function holidayDataOfPlan(
  template: CampaignTemplate,
  calendar: WorkingDayCalendar,
  phases: PlannedPhase[],
  obligations: PlannedObligation[],
): Pick<CampaignPlan, 'holidayData' | 'warnings'> {
  const lastMs = Math.max(
    ...obligations.flatMap((o) => o.steps.map((s) => s.atMs)),
    ...phases.map((p) => p.deadlineAtMs),
  );
  const firstYear = yearOf(template.startDate);
  const lastYear = yearOf(localDateOf(lastMs, template.timeZone));
  const holidayData: CampaignPlan['holidayData'] = [];
  const warnings: string[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    const coverage = calendar.coverage(y);
    holidayData.push({ year: y, coverage });
    if (coverage === 'none') warnings.push(noHolidayDataWarning(y));
  }
  return { holidayData, warnings };
}

function noHolidayDataWarning(year: number): string {
  return (
    `No holiday data for ${year}: working days in ${year} are assumed to be Monday–Friday. ` +
    `Add the State Council's ${year} holiday schedule (放假安排) as bureau entries. ` +
    `/ ${year}年暂无节假日数据，暂按周一至周五计算工作日，请录入${year}年国务院节假日安排。`
  );
}

/**
 * The phase running at `atMs`. A phase runs from the end of the previous phase's deadline day (the campaign
 * start for the first phase) up to the end of its own deadline day, exclusive.
 */
export function phaseAt(plan: CampaignPlan, atMs: number): PhaseKey | 'not-started' | 'finished' {
  return phaseKeyAt(plan.phases, atMs) as PhaseKey | 'not-started' | 'finished';
}

/** The local date of an instant in a zone (re-exported convenience). */
export { localDateOf } from './dates.js';

/**
 * Default acknowledgement deadline of an escalation raised at `escalatedAtMs`: the end of the
 * `ladder.escalationAckWorkingDays`-th working day after the local day of the escalation (or `workingDays` if given).
 */
export function escalationAckDeadline(
  template: Pick<CampaignTemplate, 'timeZone' | 'ladder'>,
  calendar: WorkingDayCalendar,
  escalatedAtMs: number,
  workingDays: number = template.ladder.escalationAckWorkingDays,
): { date: LocalDate; at: string; atMs: number } {
  const date = calendar.addWorkingDays(localDateOf(escalatedAtMs, template.timeZone), workingDays);
  const end = endOfLocalDay(date, template.timeZone);
  return { date, at: end.iso, atMs: end.ms };
}
