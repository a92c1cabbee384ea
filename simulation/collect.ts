/**
 * Turns what the simulated year left behind (the mails the SMTP catcher received, the database rows the
 * activities wrote) into timeline.json and summary.json. Deterministic: everything is sorted, instants
 * are workflow time, offices and escalations are named by codes, never by database UUIDs.
 */
import {
  isoInZone,
  localDateOf,
  type CampaignPlan,
  type LocalDate,
  type PlannedObligation,
  type SupervisionRules,
  type WorkingDayCalendar,
} from '../domain/index.js';
import type { CampaignEvent, Escalation, EscalationEvent, MailMessage, StepRun } from '../generated/prisma/client.js';
import type { PrismaClient } from '../infra/db.js';
import type { CaughtMail } from '../dev/mail-catcher.js';
import type { SimulationOptions } from './options.js';
import type { OfficeBehaviour, ReportOutcome, Scenario, ScenarioOffice } from './scenario.js';
import {
  collectSupervision,
  supervisionKindOfMail,
  type SupervisionCounts,
  type TimelineHazard,
} from './supervision-collect.js';

export interface ActionRecord {
  atMs: number;
  /** Office code, enterprise code or 'bureau'. */
  actor: string;
  action: string;
  /** Obligation key or escalation id (`<office>/<key>`). */
  subject: string;
  detail?: string;
}

/** `listed`: a major hazard's listed supervision (挂牌督办): its listing, progress and verification requests. */
export type MailKind = 'reminder' | 'overdue' | 'escalation' | 'escalation-notice' | 'listed';
export type Recipient = 'contact' | 'head' | 'bureau';

export interface TimelineMail {
  /**
   * The instant the mail was planned to go out (X-Campaign-Step-At), with the campaign's offset: a reminder's step
   * instant; an overdue notice's or escalation's delivery instant (the next working day's send time, by default).
   */
  at: string;
  date: LocalDate;
  office: string;
  to: string;
  recipient: Recipient;
  /**
   * Obligation key; an escalation's own notices use `escalation:<office>/<key>`, a major hazard's listed supervision
   * `major-hazard:<hazard label>`.
   */
  obligation: string;
  step: string;
  kind: MailKind;
  language: string;
  subject: string;
  /** Enterprise and supervision digests: the enterprises listed as still open. */
  enterprises?: string[];
}

export interface TimelineEscalation {
  /** `<office>/<obligation key>` (automatic) or `<office>/circular:<quarter>` (the bureau's quarterly circular). */
  id: string;
  office: string;
  origin: string;
  obligation: string | null;
  reason: string;
  raisedAt: string;
  level: number;
  ackBy: string;
  status: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  events: { at: string; kind: string; level: number; detail: string | null }[];
}

export interface Timeline {
  simulation: SimulationMeta;
  mails: TimelineMail[];
  /** CampaignEvent rows: started, each phase change, finished. */
  phases: { at: string; kind: string; phase: string | null }[];
  escalations: TimelineEscalation[];
  /** What the simulated people did (reports, signatures, acknowledgements, the bureau's circulars, supervision). */
  actions: { at: string; actor: string; action: string; subject: string; detail?: string }[];
  /** Every hazard recorded in phases 3 and 4, with its outcome at the end of the year. */
  hazards: TimelineHazard[];
}

export interface SimulationMeta {
  year: number;
  seed: number;
  offices: number;
  enterprisesPerOffice: number;
  timeZone: string;
  campaignStart: string;
  bureauEmail: string;
}

export interface OfficeSummary {
  code: string;
  name: string;
  unitType: string;
  language: string;
  enterprises: number;
  behaviour: OfficeBehaviour;
  /** Every mail about the office in `total`; the others count the plan's own obligations (supervision: below). */
  mails: {
    total: number;
    reminders: number;
    overdueNotices: number;
    /** Escalation reports about this office to the bureau at hard deadlines. */
    bureauEscalations: number;
    /** Escalation notices of each level (to the office head, copy to the bureau). */
    escalationNotices: number;
    /** Digests about the office's enterprises (all steps). */
    enterpriseDigests: number;
  };
  escalations: {
    total: number;
    automatic: number;
    manual: number;
    acknowledged: number;
    unacknowledged: number;
    highestLevel: number;
  };
  monthlyReports: {
    total: number;
    onTime: number;
    late: number;
    missing: number;
    /** (on time + late) / total */
    reportingRate: number;
    onTimeRate: number;
  };
  /** Outcome per reporting month (YYYY-MM): in by the due date, by the hard deadline, or not at all. */
  months: Record<string, ReportOutcome>;
  phaseTasks: Record<string, ReportOutcome>;
  yearEndSummary: ReportOutcome;
  /** Phases 3 and 4: its supervision records and the mails they caused. */
  supervision: SupervisionCounts;
}

export interface Summary {
  simulation: SimulationMeta;
  totals: {
    mails: number;
    byKind: Record<MailKind, number>;
    byLanguage: Record<string, number>;
    escalations: number;
    acknowledged: number;
    unacknowledged: number;
    workingDayMails: number;
    nonWorkingDayMails: number;
    /** Mails planned to go out between 00:00 and 07:00 local time. */
    nightMails: number;
  };
  offices: OfficeSummary[];
  enterprises: {
    total: number;
    byBehaviour: Record<string, number>;
    bySize: Record<string, number>;
    byRiskColour: Record<string, number>;
    ownSelfAssessmentDate: number;
  };
  /** Phases 3 and 4 county-wide: the offices' supervision counts added up. */
  supervision: SupervisionCounts;
  warnings: string[];
}

const MINUTE = 60_000;

/**
 * Workflow-side instants (escalation notices, phase changes, escalation events) are Date.now() inside a
 * workflow: the test server's clock runs on in real time for the few milliseconds a task takes after a
 * timer fires. Every scripted and planned instant is on a whole minute, so flooring to the minute gives
 * the same bytes on every run.
 */
export function workflowInstant(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

export function mailKind(step: string): MailKind {
  if (step.startsWith('reminder')) return 'reminder';
  if (step === 'listed' || step.startsWith('progress-')) return 'listed';
  if (step === 'overdue') return 'overdue';
  if (step.startsWith('escalation-level')) return 'escalation-notice';
  return 'escalation';
}

/** The outcome of one office obligation from its stored state: in by the due instant, by the hard deadline, or not. */
export function outcomeOf(o: PlannedObligation, doneAtMs: number | undefined): ReportOutcome {
  if (doneAtMs === undefined) return 'missing';
  if (doneAtMs < o.dueAtMs) return 'on-time';
  if (doneAtMs < o.hardDueAtMs) return 'late';
  return 'missing';
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function count<T extends string>(items: T[], keys: readonly T[] = []): Record<T, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<T, number>;
  for (const item of [...items].sort()) out[item] = (out[item] ?? 0) + 1;
  return out;
}

function rate(n: number, of: number): number {
  return of === 0 ? 0 : Math.round((n / of) * 1000) / 1000;
}

interface CollectInput {
  db: PrismaClient;
  campaignId: string;
  mails: CaughtMail[];
  scenario: Scenario;
  plan: CampaignPlan;
  calendar: WorkingDayCalendar;
  officeIds: Map<string, string>;
  /** enterprise code → database id */
  enterpriseIds: Map<string, string>;
  /** hazard label → database id */
  hazardIds: Map<string, string>;
  rules: SupervisionRules | undefined;
  actions: ActionRecord[];
  options: SimulationOptions;
}

/** An escalation by codes: its office and its label `<office>/<key>`. */
interface EscalationName {
  office: string;
  label: string;
}

export async function collectOutputs(input: CollectInput): Promise<{ timeline: Timeline; summary: Summary }> {
  const { db, campaignId, scenario, plan, calendar } = input;
  const zone = plan.timeZone;
  const codeOfOffice = new Map([...input.officeIds].map(([code, id]) => [id, code]));
  const warnings: string[] = [...plan.warnings];

  const [records, stepRuns, events, escalationRows, states] = await Promise.all([
    db.mailMessage.findMany({ where: { campaignId } }),
    db.stepRun.findMany({ where: { campaignId } }),
    db.campaignEvent.findMany({ where: { campaignId } }),
    db.escalation.findMany({ where: { campaignId }, include: { events: true } }),
    db.obligationState.findMany({ where: { campaignId } }),
  ]);
  const unsent = records.filter((r) => r.state !== 'sent');
  if (unsent.length > 0) warnings.push(`${unsent.length} mails were recorded but not sent (${unsent[0]!.state})`);
  const escalationNames = new Map(
    escalationRows.map((e): [string, EscalationName] => {
      const office = codeOfOffice.get(e.officeId)!;
      return [e.id, { office, label: `${office}/${e.workflowId.split('/').slice(3).join('/')}` }];
    }),
  );

  const mails = timelineMails(input, { records, stepRuns, escalationNames, codeOfOffice, warnings });
  const escalations = timelineEscalations(escalationRows, escalationNames, zone);
  const supervision = await collectSupervision(
    {
      ...input,
      campaignEndMs: Math.max(...plan.obligations.map((o) => o.hardDueAtMs)),
      timeZone: zone,
    },
    mails,
    escalations,
  );
  const simulation = simulationMeta(input);
  const timeline: Timeline = {
    simulation,
    mails,
    phases: timelinePhases(events, zone),
    escalations,
    actions: timelineActions(input.actions, zone),
    hazards: supervision.hazards,
  };

  const doneAt = new Map(
    states.filter((s) => s.status === 'done').map((s) => [`${s.officeId}|${s.obligationKey}`, s.doneAt]),
  );
  const offices = scenario.offices.map((o) =>
    officeSummary(o, {
      scenario,
      plan,
      mails,
      escalations,
      doneAt,
      officeId: input.officeIds.get(o.code)!,
      supervision: supervision.offices.get(o.code)!,
    }),
  );
  const summary: Summary = {
    simulation,
    totals: summaryTotals(mails, escalations, calendar),
    offices,
    enterprises: enterpriseCounts(scenario),
    supervision: supervision.totals,
    warnings,
  };
  return { timeline, summary };
}

type EscalationRow = Escalation & { events: EscalationEvent[] };

/** Mails, as the SMTP catcher received them; the mail log adds the language. Warns of a mail received twice. */
function timelineMails(
  input: CollectInput,
  facts: {
    records: MailMessage[];
    stepRuns: StepRun[];
    escalationNames: Map<string, EscalationName>;
    codeOfOffice: Map<string, string>;
    warnings: string[];
  },
): TimelineMail[] {
  const recordByKey = new Map(facts.records.map((r) => [r.idempotencyKey, r]));
  const digestBy = new Map(
    facts.stepRuns.map((s) => [
      `${s.officeId}|${s.obligationKey}|${s.stepKey}`,
      // Enterprise digests list `enterprises`, supervision digests `items` (enterprise codes).
      digestEnterprises(s.detail as { enterprises?: string[]; items?: string[] } | null),
    ]),
  );
  const officeByCode = new Map(input.scenario.offices.map((o) => [o.code, o]));
  const hazardLabel = new Map([...input.hazardIds].map(([label, id]) => [id, label]));
  const zone = input.plan.timeZone;
  const keys = new Set<string>();
  const mails = input.mails.map((m): TimelineMail => {
    const key = m.headers['x-campaign-key'] ?? '';
    if (keys.has(key)) facts.warnings.push(`mail ${key} was received twice`);
    keys.add(key);
    const record = recordByKey.get(key);
    if (!record) throw new Error(`a received mail has no record in the mail log: ${key || m.subject}`);
    const to = m.envelopeTo.join(',');
    const step = m.headers['x-campaign-step'] ?? '';
    const { office, obligation } = mailSubject(m, key, facts);
    const atMs = workflowInstant(Date.parse(m.headers['x-campaign-step-at'] ?? ''));
    const o = officeByCode.get(office);
    const recipient: Recipient = to === o?.contactEmail ? 'contact' : to === o?.headEmail ? 'head' : 'bureau';
    const digest =
      obligation.startsWith('enterprise-') ||
      (supervisionKindOfMail(obligation) !== undefined &&
        !obligation.startsWith('escalation:') &&
        !obligation.startsWith('major-hazard:'));
    const enterprises = digest ? digestBy.get(`${input.officeIds.get(office)}|${obligation}|${step}`) : undefined;
    return {
      at: isoInZone(atMs, zone),
      date: localDateOf(atMs, zone),
      office,
      to,
      recipient,
      obligation: obligation.startsWith('major-hazard:')
        ? `major-hazard:${hazardLabel.get(obligation.slice('major-hazard:'.length)) ?? '?'}`
        : obligation,
      step,
      kind: mailKind(step),
      language: record.language,
      subject: m.subject,
      ...(enterprises ? { enterprises } : {}),
    };
  });
  return mails.sort(
    (a, b) =>
      compare(a.at, b.at) ||
      compare(a.office, b.office) ||
      compare(a.obligation, b.obligation) ||
      compare(a.step, b.step) ||
      compare(a.to, b.to),
  );
}

function digestEnterprises(detail: { enterprises?: string[]; items?: string[] } | null): string[] {
  return [...(detail?.enterprises ?? detail?.items ?? [])].sort();
}

/**
 * The office code and obligation a mail is about. Its key names the office by database id, or the
 * escalation whose notice it is: escalation notices name the escalation by its label instead.
 */
function mailSubject(
  m: CaughtMail,
  key: string,
  facts: { escalationNames: Map<string, EscalationName>; codeOfOffice: Map<string, string> },
): { office: string; obligation: string } {
  const parts = key.split('/');
  const obligation = m.headers['x-campaign-obligation'] ?? '';
  if (parts[1] !== 'escalation') return { office: facts.codeOfOffice.get(parts[1]!) ?? '', obligation };
  const escalation = facts.escalationNames.get(parts[2]!);
  if (!escalation) throw new Error(`mail ${key} names an unknown escalation`);
  return {
    office: escalation.office,
    obligation: obligation.startsWith('escalation:') ? `escalation:${escalation.label}` : obligation,
  };
}

function timelinePhases(events: CampaignEvent[], zone: string): Timeline['phases'] {
  return events
    .map((e) => ({
      atMs: workflowInstant(e.at.getTime()),
      kind: e.kind,
      phase: (e.detail as { phase?: string } | null)?.phase ?? null,
    }))
    .sort((a, b) => a.atMs - b.atMs || compare(a.kind, b.kind))
    .map((e) => ({ at: isoInZone(e.atMs, zone), kind: e.kind, phase: e.phase }));
}

const EVENT_RANK: Record<string, number> = { raised: 0, climbed: 1, acknowledged: 2, unacknowledged: 3 };

function timelineEscalations(
  rows: EscalationRow[],
  names: Map<string, EscalationName>,
  zone: string,
): TimelineEscalation[] {
  const iso = (ms: number) => isoInZone(workflowInstant(ms), zone);
  return rows
    .map((e) => {
      const raised = e.events.find((ev) => ev.kind === 'raised');
      return {
        id: names.get(e.id)!.label,
        office: names.get(e.id)!.office,
        origin: e.origin,
        obligation: e.obligationKey,
        reason: e.reason,
        raisedAt: iso(raised ? raised.at.getTime() : e.createdAt.getTime()),
        level: e.level,
        ackBy: iso(e.ackBy.getTime()),
        status: e.status,
        acknowledgedAt: e.acknowledgedAt ? iso(e.acknowledgedAt.getTime()) : null,
        acknowledgedBy: e.acknowledgedBy,
        events: e.events
          .map((ev) => ({ atMs: workflowInstant(ev.at.getTime()), kind: ev.kind, level: ev.level, detail: ev.detail }))
          .sort((a, b) => a.atMs - b.atMs || (EVENT_RANK[a.kind] ?? 9) - (EVENT_RANK[b.kind] ?? 9) || a.level - b.level)
          .map((ev) => ({ at: isoInZone(ev.atMs, zone), kind: ev.kind, level: ev.level, detail: ev.detail })),
      };
    })
    .sort((a, b) => compare(a.raisedAt, b.raisedAt) || compare(a.id, b.id));
}

function timelineActions(actions: ActionRecord[], zone: string): Timeline['actions'] {
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.atMs - y.a.atMs || x.i - y.i)
    .map(({ a }) => ({
      at: isoInZone(a.atMs, zone),
      actor: a.actor,
      action: a.action,
      subject: a.subject,
      ...(a.detail !== undefined ? { detail: a.detail } : {}),
    }));
}

function simulationMeta(input: CollectInput): SimulationMeta {
  return {
    year: input.options.year,
    seed: input.options.seed,
    offices: input.options.offices,
    enterprisesPerOffice: input.options.enterprisesPerOffice,
    timeZone: input.plan.timeZone,
    campaignStart: input.plan.startAt,
    bureauEmail: input.scenario.bureauEmail,
  };
}

function officeSummary(
  o: ScenarioOffice,
  facts: {
    scenario: Scenario;
    plan: CampaignPlan;
    mails: TimelineMail[];
    escalations: TimelineEscalation[];
    /** `<office id>|<obligation key>` → when it was done */
    doneAt: Map<string, Date | null>;
    officeId: string;
    supervision: SupervisionCounts;
  },
): OfficeSummary {
  const { months, phaseTasks, yearEndSummary } = officeOutcomes(facts.plan, (ob) =>
    outcomeOf(ob, facts.doneAt.get(`${facts.officeId}|${ob.key}`)?.getTime()),
  );
  return {
    code: o.code,
    name: o.name,
    unitType: o.unitType,
    language: o.language,
    enterprises: facts.scenario.enterprises.filter((e) => e.officeCode === o.code).length,
    behaviour: o.behaviour,
    mails: officeMailCounts(facts.mails.filter((m) => m.office === o.code)),
    escalations: officeEscalationCounts(facts.escalations.filter((e) => e.office === o.code)),
    monthlyReports: monthlyReportCounts(Object.values(months)),
    months,
    phaseTasks,
    yearEndSummary,
    supervision: facts.supervision,
  };
}

function officeOutcomes(plan: CampaignPlan, outcome: (ob: PlannedObligation) => ReportOutcome) {
  const months: Record<string, ReportOutcome> = {};
  const phaseTasks: Record<string, ReportOutcome> = {};
  let yearEndSummary: ReportOutcome = 'missing';
  for (const ob of plan.obligations.filter((o) => o.responsible === 'office')) {
    if (ob.kind === 'monthly-report') months[ob.period!] = outcome(ob);
    else if (ob.kind === 'phase') phaseTasks[ob.phase!] = outcome(ob);
    else if (ob.kind === 'year-end-summary') yearEndSummary = outcome(ob);
  }
  return { months, phaseTasks, yearEndSummary };
}

function officeMailCounts(all: TimelineMail[]): OfficeSummary['mails'] {
  // The plan's own obligations of the office: not its enterprises' digests, not the notices of its escalations.
  const own = all.filter((m) => supervisionKindOfMail(m.obligation) === undefined);
  const ownObligation = (m: TimelineMail) => !m.obligation.startsWith('enterprise-') && m.kind !== 'escalation-notice';
  return {
    total: all.length,
    reminders: own.filter((m) => ownObligation(m) && m.kind === 'reminder').length,
    overdueNotices: own.filter((m) => ownObligation(m) && m.kind === 'overdue').length,
    bureauEscalations: own.filter((m) => ownObligation(m) && m.kind === 'escalation').length,
    escalationNotices: own.filter((m) => m.kind === 'escalation-notice').length,
    enterpriseDigests: own.filter((m) => m.obligation.startsWith('enterprise-')).length,
  };
}

function officeEscalationCounts(esc: TimelineEscalation[]): OfficeSummary['escalations'] {
  return {
    total: esc.length,
    automatic: esc.filter((e) => e.origin === 'automatic').length,
    manual: esc.filter((e) => e.origin === 'manual').length,
    acknowledged: esc.filter((e) => e.status === 'acknowledged').length,
    unacknowledged: esc.filter((e) => e.status === 'unacknowledged').length,
    highestLevel: Math.max(0, ...esc.map((e) => e.level)),
  };
}

function monthlyReportCounts(monthly: ReportOutcome[]): OfficeSummary['monthlyReports'] {
  const onTime = monthly.filter((m) => m === 'on-time').length;
  const late = monthly.filter((m) => m === 'late').length;
  return {
    total: monthly.length,
    onTime,
    late,
    missing: monthly.length - onTime - late,
    reportingRate: rate(onTime + late, monthly.length),
    onTimeRate: rate(onTime, monthly.length),
  };
}

function summaryTotals(
  mails: TimelineMail[],
  escalations: TimelineEscalation[],
  calendar: WorkingDayCalendar,
): Summary['totals'] {
  const nonWorking = mails.filter((m) => !calendar.isWorkingDay(m.date)).length;
  return {
    mails: mails.length,
    byKind: count(
      mails.map((m) => m.kind),
      ['reminder', 'overdue', 'escalation', 'escalation-notice', 'listed'],
    ),
    byLanguage: count(mails.map((m) => m.language)),
    escalations: escalations.length,
    acknowledged: escalations.filter((e) => e.status === 'acknowledged').length,
    unacknowledged: escalations.filter((e) => e.status === 'unacknowledged').length,
    workingDayMails: mails.length - nonWorking,
    nonWorkingDayMails: nonWorking,
    nightMails: mails.filter((m) => m.at.slice(11, 16) < '07:00').length,
  };
}

function enterpriseCounts(scenario: Scenario): Summary['enterprises'] {
  return {
    total: scenario.enterprises.length,
    byBehaviour: count(
      scenario.enterprises.map((e) => e.behaviour),
      ['early', 'late', 'never'],
    ),
    bySize: count(
      scenario.enterprises.map((e) => e.sizeClass),
      ['above-size', 'medium', 'small-micro'],
    ),
    byRiskColour: count(
      scenario.enterprises.map((e) => e.riskColour),
      ['red', 'orange', 'yellow', 'blue'],
    ),
    ownSelfAssessmentDate: scenario.enterprises.filter((e) => e.ownSelfAssessmentDate !== undefined).length,
  };
}
