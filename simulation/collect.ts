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
  type WorkingDayCalendar,
} from '../domain/index.js';
import type { PrismaClient } from '../infra/db.js';
import type { CaughtMail } from '../dev/mail-catcher.js';
import type { SimulationOptions } from './options.js';
import type { OfficeBehaviour, ReportOutcome, Scenario } from './scenario.js';

export interface ActionRecord {
  atMs: number;
  /** Office code, enterprise code or 'bureau'. */
  actor: string;
  action: string;
  /** Obligation key or escalation id (`<office>/<key>`). */
  subject: string;
  detail?: string;
}

export type MailKind = 'reminder' | 'overdue' | 'escalation' | 'escalation-notice';
export type Recipient = 'contact' | 'head' | 'bureau';

export interface TimelineMail {
  /** The instant the step was planned for (X-Campaign-Step-At), with the campaign's offset. */
  at: string;
  date: LocalDate;
  office: string;
  to: string;
  recipient: Recipient;
  /** Obligation key; an escalation's own notices use `escalation:<office>/<key>`. */
  obligation: string;
  step: string;
  kind: MailKind;
  language: string;
  subject: string;
  /** Enterprise digests: the enterprises listed as still open. */
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
  /** What the simulated people did (reports, signatures, acknowledgements, the bureau's circulars). */
  actions: { at: string; actor: string; action: string; subject: string; detail?: string }[];
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
  };
  offices: OfficeSummary[];
  enterprises: {
    total: number;
    byBehaviour: Record<string, number>;
    bySize: Record<string, number>;
    byRiskColour: Record<string, number>;
    ownSelfAssessmentDate: number;
  };
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

export async function collectOutputs(input: {
  db: PrismaClient;
  campaignId: string;
  mails: CaughtMail[];
  scenario: Scenario;
  plan: CampaignPlan;
  calendar: WorkingDayCalendar;
  officeIds: Map<string, string>;
  actions: ActionRecord[];
  options: SimulationOptions;
}): Promise<{ timeline: Timeline; summary: Summary }> {
  const { db, campaignId, scenario, plan, calendar } = input;
  const zone = plan.timeZone;
  const iso = (ms: number) => isoInZone(workflowInstant(ms), zone);
  const codeOfOffice = new Map([...input.officeIds].map(([code, id]) => [id, code]));
  const officeByCode = new Map(scenario.offices.map((o) => [o.code, o]));
  const warnings: string[] = [...plan.warnings];

  const [records, stepRuns, events, escalationRows, states] = await Promise.all([
    db.mailMessage.findMany({ where: { campaignId } }),
    db.stepRun.findMany({ where: { campaignId } }),
    db.campaignEvent.findMany({ where: { campaignId } }),
    db.escalation.findMany({ where: { campaignId }, include: { events: true } }),
    db.obligationState.findMany({ where: { campaignId } }),
  ]);
  const recordByKey = new Map(records.map((r) => [r.idempotencyKey, r]));
  const unsent = records.filter((r) => r.state !== 'sent');
  if (unsent.length > 0) warnings.push(`${unsent.length} mails were recorded but not sent (${unsent[0]!.state})`);
  const digestBy = new Map(
    stepRuns.map((s) => [
      `${s.officeId}|${s.obligationKey}|${s.stepKey}`,
      ((s.detail as { enterprises?: string[] } | null)?.enterprises ?? []).slice().sort(),
    ]),
  );
  const escalationById = new Map(
    escalationRows.map((e) => {
      const office = codeOfOffice.get(e.officeId)!;
      return [e.id, { office, label: `${office}/${e.workflowId.split('/').slice(3).join('/')}` }];
    }),
  );

  // Mails, as the SMTP catcher received them; the mail log adds the language.
  const keys = new Set<string>();
  const mails: TimelineMail[] = input.mails.map((m) => {
    const key = m.headers['x-campaign-key'] ?? '';
    if (keys.has(key)) warnings.push(`mail ${key} was received twice`);
    keys.add(key);
    const record = recordByKey.get(key);
    if (!record) throw new Error(`a received mail has no record in the mail log: ${key || m.subject}`);
    const parts = key.split('/');
    const to = m.envelopeTo.join(',');
    const step = m.headers['x-campaign-step'] ?? '';
    let office: string;
    let obligation = m.headers['x-campaign-obligation'] ?? '';
    if (parts[1] === 'escalation') {
      const escalation = escalationById.get(parts[2]!);
      if (!escalation) throw new Error(`mail ${key} names an unknown escalation`);
      office = escalation.office;
      if (obligation.startsWith('escalation:')) obligation = `escalation:${escalation.label}`;
    } else {
      office = codeOfOffice.get(parts[1]!) ?? '';
    }
    const atMs = workflowInstant(Date.parse(m.headers['x-campaign-step-at'] ?? ''));
    const o = officeByCode.get(office);
    const recipient: Recipient = to === o?.contactEmail ? 'contact' : to === o?.headEmail ? 'head' : 'bureau';
    const enterprises = obligation.startsWith('enterprise-')
      ? digestBy.get(`${input.officeIds.get(office)}|${obligation}|${step}`)
      : undefined;
    return {
      at: isoInZone(atMs, zone),
      date: localDateOf(atMs, zone),
      office,
      to,
      recipient,
      obligation,
      step,
      kind: mailKind(step),
      language: record.language,
      subject: m.subject,
      ...(enterprises ? { enterprises } : {}),
    };
  });
  mails.sort(
    (a, b) =>
      compare(a.at, b.at) ||
      compare(a.office, b.office) ||
      compare(a.obligation, b.obligation) ||
      compare(a.step, b.step) ||
      compare(a.to, b.to),
  );

  const phases = events
    .map((e) => ({
      atMs: workflowInstant(e.at.getTime()),
      kind: e.kind,
      phase: (e.detail as { phase?: string } | null)?.phase ?? null,
    }))
    .sort((a, b) => a.atMs - b.atMs || compare(a.kind, b.kind))
    .map((e) => ({ at: isoInZone(e.atMs, zone), kind: e.kind, phase: e.phase }));

  const eventRank: Record<string, number> = { raised: 0, climbed: 1, acknowledged: 2, unacknowledged: 3 };
  const escalations: TimelineEscalation[] = escalationRows
    .map((e) => {
      const raised = e.events.find((ev) => ev.kind === 'raised');
      return {
        id: escalationById.get(e.id)!.label,
        office: escalationById.get(e.id)!.office,
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
          .sort((a, b) => a.atMs - b.atMs || (eventRank[a.kind] ?? 9) - (eventRank[b.kind] ?? 9) || a.level - b.level)
          .map((ev) => ({ at: isoInZone(ev.atMs, zone), kind: ev.kind, level: ev.level, detail: ev.detail })),
      };
    })
    .sort((a, b) => compare(a.raisedAt, b.raisedAt) || compare(a.id, b.id));

  const actions = input.actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.atMs - y.a.atMs || x.i - y.i)
    .map(({ a }) => ({
      at: isoInZone(a.atMs, zone),
      actor: a.actor,
      action: a.action,
      subject: a.subject,
      ...(a.detail !== undefined ? { detail: a.detail } : {}),
    }));

  const simulation: SimulationMeta = {
    year: input.options.year,
    seed: input.options.seed,
    offices: input.options.offices,
    enterprisesPerOffice: input.options.enterprisesPerOffice,
    timeZone: zone,
    campaignStart: plan.startAt,
    bureauEmail: scenario.bureauEmail,
  };
  const timeline: Timeline = { simulation, mails, phases, escalations, actions };

  // Summary per office.
  const doneAt = new Map(
    states.filter((s) => s.status === 'done').map((s) => [`${s.officeId}|${s.obligationKey}`, s.doneAt]),
  );
  const officeObligations = plan.obligations.filter((o) => o.responsible === 'office');
  const offices: OfficeSummary[] = scenario.offices.map((o) => {
    const id = input.officeIds.get(o.code)!;
    const outcome = (ob: PlannedObligation) => outcomeOf(ob, doneAt.get(`${id}|${ob.key}`)?.getTime());
    const own = mails.filter((m) => m.office === o.code);
    const ownObligation = (m: TimelineMail) =>
      !m.obligation.startsWith('enterprise-') && m.kind !== 'escalation-notice';
    const months: Record<string, ReportOutcome> = {};
    const phaseTasks: Record<string, ReportOutcome> = {};
    let yearEndSummary: ReportOutcome = 'missing';
    for (const ob of officeObligations) {
      if (ob.kind === 'monthly-report') months[ob.period!] = outcome(ob);
      else if (ob.kind === 'phase') phaseTasks[ob.phase!] = outcome(ob);
      else if (ob.kind === 'year-end-summary') yearEndSummary = outcome(ob);
    }
    const monthly = Object.values(months);
    const onTime = monthly.filter((m) => m === 'on-time').length;
    const late = monthly.filter((m) => m === 'late').length;
    const esc = escalations.filter((e) => e.office === o.code);
    return {
      code: o.code,
      name: o.name,
      unitType: o.unitType,
      language: o.language,
      enterprises: scenario.enterprises.filter((e) => e.officeCode === o.code).length,
      behaviour: o.behaviour,
      mails: {
        total: own.length,
        reminders: own.filter((m) => ownObligation(m) && m.kind === 'reminder').length,
        overdueNotices: own.filter((m) => ownObligation(m) && m.kind === 'overdue').length,
        bureauEscalations: own.filter((m) => ownObligation(m) && m.kind === 'escalation').length,
        escalationNotices: own.filter((m) => m.kind === 'escalation-notice').length,
        enterpriseDigests: own.filter((m) => m.obligation.startsWith('enterprise-')).length,
      },
      escalations: {
        total: esc.length,
        automatic: esc.filter((e) => e.origin === 'automatic').length,
        manual: esc.filter((e) => e.origin === 'manual').length,
        acknowledged: esc.filter((e) => e.status === 'acknowledged').length,
        unacknowledged: esc.filter((e) => e.status === 'unacknowledged').length,
        highestLevel: Math.max(0, ...esc.map((e) => e.level)),
      },
      monthlyReports: {
        total: monthly.length,
        onTime,
        late,
        missing: monthly.length - onTime - late,
        reportingRate: rate(onTime + late, monthly.length),
        onTimeRate: rate(onTime, monthly.length),
      },
      months,
      phaseTasks,
      yearEndSummary,
    };
  });

  const nonWorking = mails.filter((m) => !calendar.isWorkingDay(m.date)).length;
  const summary: Summary = {
    simulation,
    totals: {
      mails: mails.length,
      byKind: count(
        mails.map((m) => m.kind),
        ['reminder', 'overdue', 'escalation', 'escalation-notice'],
      ),
      byLanguage: count(mails.map((m) => m.language)),
      escalations: escalations.length,
      acknowledged: escalations.filter((e) => e.status === 'acknowledged').length,
      unacknowledged: escalations.filter((e) => e.status === 'unacknowledged').length,
      workingDayMails: mails.length - nonWorking,
      nonWorkingDayMails: nonWorking,
    },
    offices,
    enterprises: {
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
    },
    warnings,
  };
  return { timeline, summary };
}
