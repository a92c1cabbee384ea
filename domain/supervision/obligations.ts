/**
 * The supervision obligations of one office (phases 3 and 4), from its records: each is a digest obligation on the
 * ordinary ladder — reminders before, an overdue notice, an escalation — listing what is still open at the step's
 * instant, one per office and due date, so the workflow holds no state per hazard or enterprise.
 *
 * - `inspection:<date>`: enterprises whose inspection cycle ends on <date> with no inspection in it (office);
 * - `guidance-visit:<date>`: guidance visits planned for <date> not yet recorded (office);
 * - `guidance-coverage`: key enterprises without any recorded guidance visit by the guidance phase's end (office);
 * - `hazard:<date>`: hazards to be rectified by <date> and not rectified (the enterprise's, followed by the office);
 * - `major-hazard:<id>`: a major hazard under listed supervision (挂牌督办): the bureau told at its recording, then a
 *   progress report owed every N working days, and once rectified the bureau's verification (销号) asked for, until
 *   the bureau verifies it.
 *
 * An overdue notice or escalation of these obligations is planned at its delivery instant (the next send time,
 * domain/notice-delivery.ts), so it is sent when it runs and what it lists is what is open then.
 */
import { atLocalTime, type LocalDate, localDateOf } from '../dates.js';
import type { LadderStep } from '../ladder.js';
import { stepDelivery } from '../notice-delivery.js';
import { planObligation, type PlannedObligation } from '../plan.js';
import type { CampaignTemplate } from '../template.js';
import type { WorkingDayCalendar } from '../working-days.js';
import { type AssessedEnterprise, assessedStateOn, uninspectedCycles } from './inspection-cycles.js';
import { defaultSupervision, isKeyEnterprise, type SupervisionRules } from './rules.js';

export type SupervisionKind = 'inspection' | 'guidance-visit' | 'guidance-coverage' | 'hazard' | 'major-hazard';

export const SUPERVISION_KINDS: readonly SupervisionKind[] = [
  'inspection',
  'guidance-visit',
  'guidance-coverage',
  'hazard',
  'major-hazard',
];

/** The supervision kind of an obligation key, or undefined for the plan's own obligations. */
export function supervisionKindOf(obligationKey: string): SupervisionKind | undefined {
  const kind = obligationKey.split(':')[0] as SupervisionKind;
  return SUPERVISION_KINDS.includes(kind) ? kind : undefined;
}

export interface SupervisedEnterprise extends AssessedEnterprise {
  id: string;
  /** Local days of its inspections in this campaign. */
  inspectedOn: LocalDate[];
  /** Whether a guidance visit to it was recorded in this campaign. */
  visited: boolean;
}

export interface PlannedVisit {
  id: string;
  enterpriseId: string;
  plannedFor: LocalDate;
  visitedOn: LocalDate | null;
}

export interface HazardRecord {
  id: string;
  enterpriseId: string;
  major: boolean;
  rectifyBy: LocalDate;
  rectifiedOn: LocalDate | null;
  verifiedOn: LocalDate | null;
  /** When it was recorded: a major hazard's listing notice goes to the bureau then. */
  recordedAtMs: number;
  /** When its progress reports were recorded. */
  progressAtMs: number[];
}

/** What an office's supervision obligations are computed from. */
export interface SupervisionFacts {
  enterprises: SupervisedEnterprise[];
  plannedVisits: PlannedVisit[];
  hazards: HazardRecord[];
}

export const NO_SUPERVISION_FACTS: SupervisionFacts = Object.freeze({
  enterprises: [],
  plannedVisits: [],
  hazards: [],
});

export interface SupervisionPlanContext {
  template: CampaignTemplate;
  calendar: WorkingDayCalendar;
  /** The instant after which nothing of this campaign is planned (a listed hazard's cadence stops there). */
  campaignEndMs: number;
}

/** Enterprises that owe the inspection due on `dueDate`. */
export function enterprisesOwingInspection(
  rules: SupervisionRules,
  facts: SupervisionFacts,
  dueDate: LocalDate,
): SupervisedEnterprise[] {
  return facts.enterprises.filter((e) => uninspectedCycles(rules, e, e.inspectedOn).some((c) => c.to === dueDate));
}

/** Planned visits of `date` not yet made. */
export function visitsOwed(facts: SupervisionFacts, date: LocalDate): PlannedVisit[] {
  return facts.plannedVisits.filter((v) => v.plannedFor === date && v.visitedOn === null);
}

/** Key enterprises (by their state on `date`, the guidance phase's deadline) without a recorded guidance visit. */
export function keyEnterprisesUnvisited(
  rules: SupervisionRules,
  facts: SupervisionFacts,
  date: LocalDate,
): SupervisedEnterprise[] {
  return facts.enterprises.filter((e) => !e.visited && isKeyEnterprise(rules, assessedStateOn(e, date)));
}

/** Hazards to be rectified by `date` and not rectified. */
export function hazardsOwed(facts: SupervisionFacts, date: LocalDate): HazardRecord[] {
  return facts.hazards.filter((h) => h.rectifyBy === date && h.rectifiedOn === null);
}

/** A major hazard still under listed supervision (not verified by the bureau). */
export function isListed(h: HazardRecord): boolean {
  return h.major && h.verifiedOn === null;
}

/** The guidance phase's deadline: key enterprises are to be visited by then. */
export function guidanceDeadline(template: CampaignTemplate): LocalDate {
  return template.phases.find((p) => p.key === 'guidance')!.deadline;
}

/** Overdue and escalation steps moved to their delivery instants (see the module comment). */
function deliveredSteps(o: PlannedObligation, ctx: SupervisionPlanContext): PlannedObligation {
  const { template, calendar } = ctx;
  const steps = o.steps
    .map((s): LadderStep => {
      const d = stepDelivery(s, template.ladder, calendar, template.timeZone);
      return d.atMs === s.atMs ? s : { ...s, at: d.at, atMs: d.atMs, localDate: d.localDate };
    })
    .sort((a, b) => a.atMs - b.atMs);
  return { ...o, steps };
}

type Spec = Omit<Parameters<typeof planObligation>[2], 'kind' | 'responsible'> & {
  responsible: 'office' | 'enterprise';
};

/**
 * Every office of a campaign owes the same obligations (an inspection cycle's end, a hazard's deadline), and an
 * office's schedule is planned again at each of its records: each is planned once per plan context. Callers only read
 * the obligations they get, as they read a plan's.
 */
const plannedByContext = new WeakMap<SupervisionPlanContext, Map<string, PlannedObligation>>();

function plan(ctx: SupervisionPlanContext, kind: SupervisionKind, spec: Spec): PlannedObligation {
  let planned = plannedByContext.get(ctx);
  if (!planned) plannedByContext.set(ctx, (planned = new Map<string, PlannedObligation>()));
  const id = `${kind}|${spec.key}`;
  let obligation = planned.get(id);
  if (!obligation) {
    obligation = deliveredSteps(
      planObligation(ctx.template, ctx.calendar, { ...spec, kind, responsible: spec.responsible }),
      ctx,
    );
    planned.set(id, obligation);
  }
  return obligation;
}

export function inspectionObligation(ctx: SupervisionPlanContext, dueDate: LocalDate): PlannedObligation {
  return plan(ctx, 'inspection', {
    key: `inspection:${dueDate}`,
    responsible: 'office',
    phase: 'enforcement',
    titleZh: `差异化监管检查（检查周期截至${dueDate}）`,
    titleEn: `Differentiated-supervision inspections (cycle ending ${dueDate})`,
    nominalDueDate: dueDate,
  });
}

export function guidanceVisitObligation(ctx: SupervisionPlanContext, date: LocalDate): PlannedObligation {
  return plan(ctx, 'guidance-visit', {
    key: `guidance-visit:${date}`,
    responsible: 'office',
    phase: 'guidance',
    titleZh: `计划于${date}开展的指导帮扶`,
    titleEn: `Guidance visits planned for ${date}`,
    nominalDueDate: date,
  });
}

export function guidanceCoverageObligation(ctx: SupervisionPlanContext): PlannedObligation {
  return plan(ctx, 'guidance-coverage', {
    key: 'guidance-coverage',
    responsible: 'office',
    phase: 'guidance',
    titleZh: '对重点企业开展指导帮扶',
    titleEn: 'Guidance visits to every key enterprise',
    nominalDueDate: guidanceDeadline(ctx.template),
  });
}

export function hazardObligation(ctx: SupervisionPlanContext, rectifyBy: LocalDate): PlannedObligation {
  return plan(ctx, 'hazard', {
    key: `hazard:${rectifyBy}`,
    responsible: 'enterprise',
    titleZh: `隐患整改（整改期限${rectifyBy}）`,
    titleEn: `Hazard rectification (due ${rectifyBy})`,
    nominalDueDate: rectifyBy,
  });
}

export const LISTED_STEP_KEY = 'listed';
export const progressStepKey = (n: number): string => `progress-${n}`;

/**
 * A major hazard's listed supervision: the listing notice at its recording, then a progress step every N working
 * days at the send time, until the campaign's end. Its due date is the hazard's rectification deadline (shown).
 */
export function majorHazardObligation(
  ctx: SupervisionPlanContext,
  everyWorkingDays: number,
  hazard: Pick<HazardRecord, 'id' | 'rectifyBy' | 'recordedAtMs'>,
): PlannedObligation {
  const { template, calendar } = ctx;
  const zone = template.timeZone;
  const base = planObligation(template, calendar, {
    key: `major-hazard:${hazard.id}`,
    kind: 'major-hazard',
    responsible: 'office',
    titleZh: `重大隐患挂牌督办（整改期限${hazard.rectifyBy}）`,
    titleEn: `Major hazard under listed supervision (rectify by ${hazard.rectifyBy})`,
    nominalDueDate: hazard.rectifyBy,
  });
  const listedDay = localDateOf(hazard.recordedAtMs, zone);
  const steps: LadderStep[] = [
    {
      key: LISTED_STEP_KEY,
      kind: 'reminder',
      at: new Date(hazard.recordedAtMs).toISOString(),
      atMs: hazard.recordedAtMs,
      localDate: listedDay,
    },
  ];
  let day = listedDay;
  for (let n = 1; ; n += 1) {
    day = calendar.addWorkingDays(day, everyWorkingDays);
    const at = atLocalTime(day, template.ladder.sendTime, zone);
    if (at.ms > ctx.campaignEndMs) break;
    steps.push({ key: progressStepKey(n), kind: 'reminder', at: at.iso, atMs: at.ms, localDate: day });
  }
  return { ...base, steps };
}

/**
 * Every supervision obligation of an office with something open now. Without supervision rules in the template the
 * records still count: planned visits and hazards are followed, inspections and coverage are not planned.
 */
export function supervisionObligations(ctx: SupervisionPlanContext, facts: SupervisionFacts): PlannedObligation[] {
  const rules = ctx.template.supervision;
  const out: PlannedObligation[] = [];
  if (rules) {
    const dueDates = new Set<LocalDate>();
    for (const e of facts.enterprises) {
      for (const c of uninspectedCycles(rules, e, e.inspectedOn)) dueDates.add(c.to);
    }
    for (const d of [...dueDates].sort()) out.push(inspectionObligation(ctx, d));
    if (keyEnterprisesUnvisited(rules, facts, guidanceDeadline(ctx.template)).length > 0)
      out.push(guidanceCoverageObligation(ctx));
  }
  const visitDates = new Set(facts.plannedVisits.filter((v) => v.visitedOn === null).map((v) => v.plannedFor));
  for (const d of [...visitDates].sort()) out.push(guidanceVisitObligation(ctx, d));
  const rectifyDates = new Set(facts.hazards.filter((h) => h.rectifiedOn === null).map((h) => h.rectifyBy));
  for (const d of [...rectifyDates].sort()) out.push(hazardObligation(ctx, d));
  const every = (rules ?? defaultSupervision(ctx.template.year)).majorHazardReportEveryWorkingDays;
  for (const h of facts.hazards.filter(isListed)) out.push(majorHazardObligation(ctx, every, h));
  return out;
}
