/**
 * The supervision of phases 3 and 4 (部门指导帮扶, 精准执法推动) in the simulated county, and its script. Drawn from
 * the scenario's PRNG after the county itself, so a seed's offices and enterprises stay what they were:
 *
 * - every enterprise's overall risk assessment (整体评估) just before the inspections start, and one re-assessment per
 *   office in the middle of the inspection months;
 * - each enterprise's inspection cycles (domain/supervision/inspection-cycles.ts, on the whole assessment history)
 *   inspected or missed as its office's diligence says: a punctual office inspects every cycle;
 * - hazards found at inspections and reported by the enterprises themselves (自查), rectified on time, late or never,
 *   one major hazard verified by the bureau (销号) and one left under listed supervision (挂牌督办);
 * - planned guidance visits to the key enterprises, one of them never recorded;
 * - the enforcement actions that follow: a warning talk for a hazard never rectified, a suspension for the major one,
 *   a fine for a late rectification.
 *
 * Pure: no I/O, no clocks. Each office's hazards have distinct rectification deadlines and its visits distinct days,
 * so an obligation `hazard:<date>` or `guidance-visit:<date>` of an office is about exactly one of them.
 */
import {
  addDays,
  assessedStateOn,
  atLocalTime,
  guidanceCoverageObligation,
  guidanceVisitObligation,
  hazardObligation,
  inspectionCycles,
  inspectionObligation,
  isKeyEnterprise,
  monthsBetween,
  nextYearMonth,
  type Assessment,
  type EnforcementKind,
  type LocalDate,
  type PlannedObligation,
  type RiskColour,
  type StandardizationState,
  type SupervisionPlanContext,
  type SupervisionRules,
  type WorkingDayCalendar,
} from '../domain/index.js';
import type { Prng } from './prng.js';

export type HazardOutcome = 'on-time' | 'late' | 'never';

/** An assessment the office records, with what held before it (the register, or the assessment it follows). */
export interface ScenarioAssessment extends Assessment {
  office: string;
  enterprise: string;
  reassessment: boolean;
}

/** One inspection cycle of an enterprise: inspected on `inspectedOn`, or missed. */
export interface ScenarioCycle {
  office: string;
  enterprise: string;
  from: LocalDate;
  /** The cycle's last day: the obligation `inspection:<to>`. */
  to: LocalDate;
  inspectedOn?: LocalDate;
}

export interface ScenarioHazard {
  /** `<office>-H<n>`, numbered by finding within the office. */
  label: string;
  office: string;
  enterprise: string;
  source: 'inspection' | 'self-report';
  description: string;
  major: boolean;
  foundOn: LocalDate;
  rectifyBy: LocalDate;
  outcome: HazardOutcome;
  rectifiedOn?: LocalDate;
  /** A major hazard: the office's progress reports. */
  progressOn: LocalDate[];
  /** A major hazard the bureau verifies (销号); undefined: it stays listed. */
  verifiedOn?: LocalDate;
}

export interface ScenarioVisit {
  office: string;
  enterprise: string;
  /** The day the office records the plan. */
  plannedOn: LocalDate;
  plannedFor: LocalDate;
  /** The day it records the visit as made; undefined: never. */
  visitedOn?: LocalDate;
}

export interface ScenarioEnforcement {
  office: string;
  enterprise: string;
  kind: EnforcementKind;
  takenOn: LocalDate;
  fineYuan?: number;
  /** The hazard it follows. */
  hazard?: string;
}

export interface ScenarioSupervision {
  assessments: ScenarioAssessment[];
  cycles: ScenarioCycle[];
  hazards: ScenarioHazard[];
  visits: ScenarioVisit[];
  enforcement: ScenarioEnforcement[];
}

/** What a supervision person does at a local wall-clock time; instants are epoch ms. */
export type SupervisionAction =
  | {
      atMs: number;
      kind: 'assess';
      office: string;
      enterprise: string;
      assessedOn: LocalDate;
      colour: RiskColour;
      standardization: StandardizationState;
      reassessment: boolean;
    }
  | { atMs: number; kind: 'inspect'; office: string; enterprise: string; inspectedOn: LocalDate; hazards: string[] }
  | { atMs: number; kind: 'report-hazard'; office: string; hazard: string }
  | { atMs: number; kind: 'rectify-hazard'; office: string; hazard: string }
  | { atMs: number; kind: 'hazard-progress'; office: string; hazard: string; reportedOn: LocalDate }
  | { atMs: number; kind: 'verify-hazard'; office: string; hazard: string }
  | { atMs: number; kind: 'plan-visit'; office: string; enterprise: string; plannedFor: LocalDate }
  | {
      atMs: number;
      kind: 'record-visit';
      office: string;
      enterprise: string;
      plannedFor: LocalDate;
      visitedOn: LocalDate;
    }
  | {
      atMs: number;
      kind: 'enforce';
      office: string;
      enterprise: string;
      action: EnforcementKind;
      takenOn: LocalDate;
      fineYuan?: number;
      hazard?: string;
    };

// Local wall-clock times, away from the 09:00 steps, the 10:00 acknowledgements and the 12:00 reports.
const VERIFY_TIME = '10:45';
const SELF_REPORT_TIME = '11:30';
const VISIT_PLAN_TIME = '14:00';
const ASSESS_TIME = '14:30';
const INSPECTION_TIME = '15:00';
const RECTIFY_TIME = '16:00';
const PROGRESS_TIME = '16:30';
const VISIT_TIME = '17:00';
const ENFORCE_TIME = '17:30';

const COLOURS: readonly RiskColour[] = ['red', 'orange', 'yellow', 'blue'];
const HAZARDS = [
  '压力容器安全阀未定期校验',
  '起重机械限位器失效',
  '气瓶库房未设置泄漏报警装置',
  '车间安全出口堵塞',
  '特种作业人员无证上岗',
  '电气线路私拉乱接',
  '场内机动车辆未定期检验',
  '安全生产责任制未落实到岗位',
];
const MAJOR_HAZARDS = ['承压部件焊缝存在裂纹仍投入使用', '起重机械制动器失效仍在作业', '焊接车间动火作业无审批'];

/** How often an office misses an inspection cycle, by its reporting archetype: a punctual office never does. */
const CYCLE_PATTERN: Record<string, readonly boolean[]> = {
  'on-time': [true],
  late: [true, true, true, true, false],
  irregular: [true, true, true, false],
  never: [true, true, false],
};
/** Hazards of the other offices, county-wide: the first six hold every outcome twice. */
const HAZARD_OUTCOMES: readonly HazardOutcome[] = ['on-time', 'late', 'never', 'on-time', 'late', 'never'];

export interface SupervisionCounty {
  /** In order; `reporting` is the office's reporting archetype (on-time offices supervise punctually). */
  offices: { code: string; reporting: string }[];
  /** In order; `riskColour` is the register's colour before any assessment. */
  enterprises: { code: string; officeCode: string; riskColour: RiskColour }[];
}

function workingDayOnOrBefore(calendar: WorkingDayCalendar, d: LocalDate): LocalDate {
  return calendar.isWorkingDay(d) ? d : calendar.previousWorkingDay(d);
}

function workingDayOnOrAfter(calendar: WorkingDayCalendar, d: LocalDate): LocalDate {
  return calendar.isWorkingDay(d) ? d : calendar.nextWorkingDay(d);
}

function workingDaysBetween(calendar: WorkingDayCalendar, from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) days.push(d);
  return days;
}

/** The first working day on or after `d` not in `used` (which it joins). */
function freeWorkingDay(calendar: WorkingDayCalendar, d: LocalDate, used: Set<LocalDate>): LocalDate {
  let day = workingDayOnOrAfter(calendar, d);
  while (used.has(day)) day = calendar.nextWorkingDay(day);
  used.add(day);
  return day;
}

function lastDayOfMonth(ym: string): LocalDate {
  return addDays(`${nextYearMonth(ym)}-01`, -1);
}

/** The days the supervision year turns on, from the rules and the plan. */
interface SupervisionDays {
  /** Initial assessments: the last working day before the first inspection month. */
  assessOn: LocalDate;
  /** Re-assessments: the working day on or after the 15th of the fourth inspection month. */
  reassessOn: LocalDate;
  /** Hazards are found at inspections up to the end of the month before the last inspection month. */
  hazardCutoff: LocalDate;
  /** Self-reported hazards and guidance visits fall on these working days. */
  selfReportDays: LocalDate[];
  visitDays: LocalDate[];
  guidanceDeadline: LocalDate;
}

function supervisionDays(
  rules: SupervisionRules,
  guidanceEnds: LocalDate,
  calendar: WorkingDayCalendar,
): SupervisionDays {
  const months = monthsBetween(rules.inspections.firstMonth, rules.inspections.lastMonth);
  const month = (i: number) => months[Math.min(i, months.length - 1)]!;
  const hazardCutoff = months.length > 1 ? lastDayOfMonth(month(months.length - 2)) : lastDayOfMonth(month(0));
  const visitEnd = addDays(guidanceEnds, -14);
  return {
    assessOn: workingDayOnOrBefore(calendar, addDays(`${month(0)}-01`, -1)),
    reassessOn: workingDayOnOrAfter(calendar, `${month(3)}-15`),
    hazardCutoff,
    selfReportDays: workingDaysBetween(calendar, `${month(1)}-01`, lastDayOfMonth(month(4))),
    visitDays: workingDaysBetween(calendar, `${month(1)}-01`, visitEnd < `${month(1)}-01` ? guidanceEnds : visitEnd),
    guidanceDeadline: guidanceEnds,
  };
}

/** Everything the county's supervision does in the year; every draw comes from `rng`, in a fixed order. */
export function buildSupervision(
  rng: Prng,
  county: SupervisionCounty,
  rules: SupervisionRules,
  guidanceEnds: LocalDate,
  calendar: WorkingDayCalendar,
): ScenarioSupervision {
  const days = supervisionDays(rules, guidanceEnds, calendar);
  const assessments = drawAssessments(rng, county, days);
  const history = (code: string) => assessments.filter((a) => a.enterprise === code);
  const registerOf = new Map(county.enterprises.map((e) => [e.code, e]));
  const assessed = (code: string) => ({
    colour: registerOf.get(code)!.riskColour,
    standardization: 'in-progress' as const,
    assessments: history(code),
  });
  const cycles = drawCycles(rng, county, rules, calendar, assessed);
  const hazards = drawHazards(rng, county, cycles, days, calendar);
  const visits = drawVisits(rng, county, rules, days, calendar, assessed);
  return { assessments, cycles, hazards, visits, enforcement: drawEnforcement(rng, county, hazards, calendar) };
}

function drawAssessments(rng: Prng, county: SupervisionCounty, days: SupervisionDays): ScenarioAssessment[] {
  const states = rng.balanced<StandardizationState>(
    ['in-progress', 'in-progress', 'not-started', 'completed'],
    county.enterprises.length,
  );
  const out: ScenarioAssessment[] = county.enterprises.map((e, i) => ({
    office: e.officeCode,
    enterprise: e.code,
    assessedOn: days.assessOn,
    colour: rng.chance(0.25) ? rng.pick(COLOURS.filter((c) => c !== e.riskColour)) : e.riskColour,
    previousColour: e.riskColour,
    standardization: states[i]!,
    previousStandardization: 'in-progress',
    reassessment: false,
  }));
  for (const office of county.offices) {
    const own = out.filter((a) => a.office === office.code);
    if (own.length === 0) continue;
    const first = rng.pick(own);
    out.push({
      office: office.code,
      enterprise: first.enterprise,
      assessedOn: days.reassessOn,
      colour: rng.pick(COLOURS.filter((c) => c !== first.colour)),
      previousColour: first.colour,
      standardization: first.standardization,
      previousStandardization: first.standardization,
      reassessment: true,
    });
  }
  return out;
}

type AssessedOf = (code: string) => Parameters<typeof inspectionCycles>[1];

function drawCycles(
  rng: Prng,
  county: SupervisionCounty,
  rules: SupervisionRules,
  calendar: WorkingDayCalendar,
  assessed: AssessedOf,
): ScenarioCycle[] {
  const out: ScenarioCycle[] = [];
  for (const office of county.offices) {
    const own = county.enterprises
      .filter((e) => e.officeCode === office.code)
      .flatMap((e) => inspectionCycles(rules, assessed(e.code)).map((c) => ({ ...c, enterprise: e.code })));
    const inspected = rng.balanced(CYCLE_PATTERN[office.reporting] ?? CYCLE_PATTERN['late']!, own.length);
    own.forEach((c, i) => {
      const cycle: ScenarioCycle = { office: office.code, enterprise: c.enterprise, from: c.from, to: c.to };
      if (inspected[i]) {
        // A working day of the cycle's last month, by the 25th.
        const monthStart = `${c.to.slice(0, 7)}-01`;
        const choices = workingDaysBetween(
          calendar,
          c.from > monthStart ? c.from : monthStart,
          `${c.to.slice(0, 7)}-25`,
        );
        cycle.inspectedOn = choices.length > 0 ? rng.pick(choices) : workingDayOnOrBefore(calendar, c.to);
      }
      out.push(cycle);
    });
  }
  return out;
}

function drawHazards(
  rng: Prng,
  county: SupervisionCounty,
  cycles: ScenarioCycle[],
  days: SupervisionDays,
  calendar: WorkingDayCalendar,
): ScenarioHazard[] {
  const byOffice: ScenarioHazard[][] = [];
  for (const office of county.offices) {
    const enterprises = county.enterprises.filter((e) => e.officeCode === office.code);
    if (enterprises.length === 0) continue;
    const candidates = cycles.filter(
      (c) => c.office === office.code && c.inspectedOn !== undefined && c.inspectedOn <= days.hazardCutoff,
    );
    const n = Math.min(candidates.length, Math.max(2, Math.round(enterprises.length / 2)));
    const found: Pick<ScenarioHazard, 'enterprise' | 'foundOn' | 'source'>[] = rng
      .shuffle(candidates)
      .slice(0, n)
      .map((c) => ({ enterprise: c.enterprise, foundOn: c.inspectedOn!, source: 'inspection' }));
    if (days.selfReportDays.length > 0) {
      found.push({
        enterprise: rng.pick(enterprises).code,
        foundOn: rng.pick(days.selfReportDays),
        source: 'self-report',
      });
    }
    found.sort((a, b) => (a.foundOn < b.foundOn ? -1 : a.foundOn > b.foundOn ? 1 : a.source < b.source ? -1 : 1));
    const used = new Set<LocalDate>();
    byOffice.push(
      found.map((f, i) => ({
        label: `${office.code}-H${i + 1}`,
        office: office.code,
        ...f,
        description: rng.pick(HAZARDS),
        major: false,
        rectifyBy: freeWorkingDay(calendar, addDays(f.foundOn, rng.pick([14, 21, 30])), used),
        outcome: 'on-time',
        progressOn: [],
      })),
    );
  }
  const punctual = new Set(county.offices.filter((o) => o.reporting === 'on-time').map((o) => o.code));
  const others = byOffice.flat().filter((h) => !punctual.has(h.office));
  rng.balanced(HAZARD_OUTCOMES, others.length).forEach((outcome, i) => (others[i]!.outcome = outcome));
  for (const h of byOffice.flat()) {
    if (h.outcome === 'on-time') {
      const earliest = calendar.nextWorkingDay(h.foundOn);
      const drawn = calendar.addWorkingDays(h.rectifyBy, -rng.int(1, 4));
      h.rectifiedOn = drawn < earliest ? earliest : drawn;
    } else if (h.outcome === 'late') {
      h.rectifiedOn = calendar.addWorkingDays(h.rectifyBy, rng.int(1, 5));
    }
  }
  listMajorHazards(rng, others, calendar);
  return byOffice.flat();
}

/**
 * One hazard rectified is major and verified by the bureau 11 to 14 working days after its rectification (after at
 * least one request to verify it); one never rectified is major and stays listed. Each office reports progress once,
 * five working days after the listing, so the first progress step asks for none.
 */
function listMajorHazards(rng: Prng, others: ScenarioHazard[], calendar: WorkingDayCalendar): void {
  const verified = others.find((h) => h.outcome !== 'never');
  const listed =
    others.find((h) => h.outcome === 'never' && h.office !== verified?.office) ??
    others.find((h) => h.outcome === 'never');
  for (const h of [verified, listed]) {
    if (!h) continue;
    h.major = true;
    h.description = rng.pick(MAJOR_HAZARDS);
    h.progressOn = [calendar.addWorkingDays(h.foundOn, 5)];
  }
  if (verified) verified.verifiedOn = calendar.addWorkingDays(verified.rectifiedOn!, rng.int(11, 14));
}

function drawVisits(
  rng: Prng,
  county: SupervisionCounty,
  rules: SupervisionRules,
  days: SupervisionDays,
  calendar: WorkingDayCalendar,
  assessed: AssessedOf,
): ScenarioVisit[] {
  const out: ScenarioVisit[] = [];
  for (const office of county.offices) {
    const used = new Set<LocalDate>();
    const key = county.enterprises.filter(
      (e) =>
        e.officeCode === office.code &&
        isKeyEnterprise(rules, assessedStateOn(assessed(e.code), days.guidanceDeadline)),
    );
    for (const e of key) {
      const free = days.visitDays.filter((d) => !used.has(d));
      if (free.length === 0) break;
      const plannedFor = rng.pick(free);
      used.add(plannedFor);
      out.push({
        office: office.code,
        enterprise: e.code,
        plannedOn: calendar.addWorkingDays(plannedFor, -10),
        plannedFor,
        // A late-reporting office records its visits the working day after.
        visitedOn: office.reporting === 'late' ? calendar.nextWorkingDay(plannedFor) : plannedFor,
      });
    }
  }
  // One planned visit is never recorded: the last of the first office that never reports (or is least punctual).
  const rank = ['never', 'irregular', 'late'];
  const careless = county.offices
    .filter((o) => rank.includes(o.reporting) && out.some((v) => v.office === o.code))
    .sort((a, b) => rank.indexOf(a.reporting) - rank.indexOf(b.reporting))[0];
  const forgotten = careless ? out.filter((v) => v.office === careless.code).at(-1) : undefined;
  if (forgotten) delete forgotten.visitedOn;
  return out;
}

/**
 * A hazard never rectified brings a warning talk (约谈) five working days after its deadline, a suspension (停产停业)
 * for a major one; the first late rectification of each office a fine.
 */
function drawEnforcement(
  rng: Prng,
  county: SupervisionCounty,
  hazards: ScenarioHazard[],
  calendar: WorkingDayCalendar,
): ScenarioEnforcement[] {
  const out: ScenarioEnforcement[] = [];
  for (const office of county.offices) {
    const own = hazards.filter((h) => h.office === office.code);
    for (const h of own.filter((x) => x.outcome === 'never')) {
      out.push({
        office: h.office,
        enterprise: h.enterprise,
        kind: h.major ? 'suspension' : 'warning-talk',
        takenOn: calendar.addWorkingDays(h.rectifyBy, 5),
        hazard: h.label,
      });
    }
    const late = own.find((x) => x.outcome === 'late');
    if (late) {
      out.push({
        office: late.office,
        enterprise: late.enterprise,
        kind: 'fine',
        takenOn: calendar.addWorkingDays(late.rectifiedOn!, 2),
        fineYuan: rng.pick([10_000, 20_000, 30_000, 50_000]),
        hazard: late.label,
      });
    }
  }
  return out;
}

/** What the county's supervision does, at its local times (unsorted). */
export function supervisionScript(sup: ScenarioSupervision, zone: string): SupervisionAction[] {
  const at = (date: LocalDate, time: string) => atLocalTime(date, time, zone).ms;
  const out: SupervisionAction[] = [];
  for (const a of sup.assessments) {
    out.push({
      atMs: at(a.assessedOn, ASSESS_TIME),
      kind: 'assess',
      office: a.office,
      enterprise: a.enterprise,
      assessedOn: a.assessedOn,
      colour: a.colour,
      standardization: a.standardization,
      reassessment: a.reassessment,
    });
  }
  for (const c of sup.cycles) {
    if (c.inspectedOn === undefined) continue;
    const found = sup.hazards.filter(
      (h) => h.source === 'inspection' && h.enterprise === c.enterprise && h.foundOn === c.inspectedOn,
    );
    out.push({
      atMs: at(c.inspectedOn, INSPECTION_TIME),
      kind: 'inspect',
      office: c.office,
      enterprise: c.enterprise,
      inspectedOn: c.inspectedOn,
      hazards: found.map((h) => h.label),
    });
  }
  for (const h of sup.hazards) out.push(...hazardActions(h, at));
  for (const v of sup.visits) {
    const common = { office: v.office, enterprise: v.enterprise, plannedFor: v.plannedFor };
    out.push({ atMs: at(v.plannedOn, VISIT_PLAN_TIME), kind: 'plan-visit', ...common });
    if (v.visitedOn)
      out.push({ atMs: at(v.visitedOn, VISIT_TIME), kind: 'record-visit', ...common, visitedOn: v.visitedOn });
  }
  for (const e of sup.enforcement) {
    out.push({
      atMs: at(e.takenOn, ENFORCE_TIME),
      kind: 'enforce',
      office: e.office,
      enterprise: e.enterprise,
      action: e.kind,
      takenOn: e.takenOn,
      ...(e.fineYuan !== undefined ? { fineYuan: e.fineYuan } : {}),
      ...(e.hazard !== undefined ? { hazard: e.hazard } : {}),
    });
  }
  return out;
}

function hazardActions(h: ScenarioHazard, at: (date: LocalDate, time: string) => number): SupervisionAction[] {
  const out: SupervisionAction[] = [];
  const ref = { office: h.office, hazard: h.label };
  if (h.source === 'self-report') out.push({ atMs: at(h.foundOn, SELF_REPORT_TIME), kind: 'report-hazard', ...ref });
  for (const d of h.progressOn) {
    out.push({ atMs: at(d, PROGRESS_TIME), kind: 'hazard-progress', ...ref, reportedOn: d });
  }
  if (h.rectifiedOn) out.push({ atMs: at(h.rectifiedOn, RECTIFY_TIME), kind: 'rectify-hazard', ...ref });
  if (h.verifiedOn) out.push({ atMs: at(h.verifiedOn, VERIFY_TIME), kind: 'verify-hazard', ...ref });
  return out;
}

/**
 * The instants at which the supervision obligations the script can leave open raise their escalations (their last
 * step, at the delivery instant): the driver looks for new escalations half an hour later, in time to acknowledge
 * them the same morning.
 */
export function supervisionEscalationInstants(
  sup: ScenarioSupervision,
  rules: SupervisionRules,
  ctx: SupervisionPlanContext,
): number[] {
  const obligations: PlannedObligation[] = [
    ...monthsBetween(rules.inspections.firstMonth, rules.inspections.lastMonth).map((ym) =>
      inspectionObligation(ctx, lastDayOfMonth(ym)),
    ),
    ...[...new Set(sup.hazards.map((h) => h.rectifyBy))].map((d) => hazardObligation(ctx, d)),
    ...[...new Set(sup.visits.map((v) => v.plannedFor))].map((d) => guidanceVisitObligation(ctx, d)),
    guidanceCoverageObligation(ctx),
  ];
  const instants = obligations.flatMap((o) => o.steps.filter((s) => s.kind === 'escalation').map((s) => s.atMs));
  return [...new Set(instants)].sort((a, b) => a - b);
}
