/**
 * The supervision part of summary.json and timeline.json: per office what its records say at the end of the year —
 * inspection cycles due, inspected and missed (domain/supervision/inspection-cycles.ts on the stored assessment
 * history), hazards by outcome, major hazards verified or still listed, guidance visits, enforcement actions by kind —
 * and the supervision mails it caused, counted from the mail log. Deterministic: hazards are named by their scenario
 * labels, never by database ids.
 */
import {
  inspectionCycles,
  localDateOf,
  supervisionKindOf,
  type Assessment,
  type LocalDate,
  type RiskColour,
  type StandardizationState,
  type SupervisionKind,
  type SupervisionRules,
} from '../domain/index.js';
import type { PrismaClient } from '../infra/db.js';

export type HazardState = 'on-time' | 'late' | 'never' | 'open';

export interface TimelineHazard {
  /** The scenario's label, `<office>-H<n>`. */
  label: string;
  office: string;
  enterprise: string;
  source: string;
  major: boolean;
  description: string;
  foundOn: LocalDate;
  rectifyBy: LocalDate;
  rectifiedOn: LocalDate | null;
  verifiedOn: LocalDate | null;
  /** Rectified by its deadline, after it, not by the end of the campaign, or not yet due then. */
  outcome: HazardState;
  /** A major hazard still under listed supervision (挂牌督办) at the end: not verified by the bureau. */
  listed: boolean;
  progressReports: number;
}

export interface SupervisionCounts {
  assessments: { total: number; reassessments: number };
  inspections: {
    /** Inspection cycles of the office's enterprises within the plan's inspection months. */
    cyclesDue: number;
    /** Cycles with an inspection in them. */
    cyclesInspected: number;
    cyclesMissed: number;
    /** Inspection records. */
    recorded: number;
  };
  hazards: {
    total: number;
    fromInspections: number;
    selfReported: number;
    onTime: number;
    late: number;
    never: number;
    open: number;
    major: number;
    majorVerified: number;
    majorListed: number;
  };
  guidanceVisits: { planned: number; recorded: number; plannedNotRecorded: number };
  enforcement: { total: number; byKind: Record<string, number>; finesWanYuan: number };
  /** Supervision mails received, by what they are; escalation notices are those of supervision escalations. */
  mails: {
    total: number;
    reminders: number;
    overdueNotices: number;
    bureauEscalations: number;
    escalationNotices: number;
    /** 挂牌督办: the listing to the bureau, progress requests to the office, verification requests to the bureau. */
    listed: { listing: number; progressRequests: number; verificationRequests: number };
    byObligation: Record<SupervisionKind, number>;
  };
  /** Escalations raised over supervision obligations. */
  escalations: number;
}

/** The fields of a timeline mail this module reads. */
interface MailFacts {
  office: string;
  obligation: string;
  step: string;
  kind: string;
  recipient: string;
}

const OBLIGATION_KINDS: readonly SupervisionKind[] = [
  'inspection',
  'guidance-visit',
  'guidance-coverage',
  'hazard',
  'major-hazard',
];
const ENFORCEMENT_SHOWN = ['fine', 'warning-talk', 'suspension'];

/**
 * The supervision obligation a mail is about: its own, or for an escalation notice (`escalation:<office>/<key>`) the
 * escalated obligation's; undefined for the plan's own obligations.
 */
export function supervisionKindOfMail(obligation: string): SupervisionKind | undefined {
  if (obligation.startsWith('escalation:')) return supervisionKindOf(obligation.slice(obligation.indexOf('/') + 1));
  return supervisionKindOf(obligation);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface SupervisionInput {
  db: PrismaClient;
  campaignId: string;
  /** office code → id, enterprise code → id, hazard label → id */
  officeIds: Map<string, string>;
  enterpriseIds: Map<string, string>;
  hazardIds: Map<string, string>;
  rules: SupervisionRules | undefined;
  /** The last instant of the campaign: a hazard due by then and not rectified was never rectified. */
  campaignEndMs: number;
  timeZone: string;
}

export interface SupervisionOutput {
  hazards: TimelineHazard[];
  /** office code → what its records and mails say */
  offices: Map<string, SupervisionCounts>;
  totals: SupervisionCounts;
}

/** Reads the supervision records of the campaign and counts them, with the mails, per office and in total. */
export async function collectSupervision(
  input: SupervisionInput,
  mails: MailFacts[],
  escalations: { office: string; obligation: string | null }[],
): Promise<SupervisionOutput> {
  const { db, campaignId } = input;
  const officeIdList = [...input.officeIds.values()];
  const [enterprises, assessments, inspections, hazardRows, visits, actions] = await Promise.all([
    db.enterprise.findMany({ where: { officeId: { in: officeIdList } } }),
    db.riskAssessment.findMany({
      where: { officeId: { in: officeIdList } },
      orderBy: [{ assessedOn: 'asc' }, { recordedAt: 'asc' }],
    }),
    db.inspection.findMany({ where: { campaignId } }),
    db.hazard.findMany({ where: { campaignId }, include: { progress: true } }),
    db.guidanceVisit.findMany({ where: { campaignId } }),
    db.enforcementAction.findMany({ where: { campaignId } }),
  ]);
  const officeCode = new Map([...input.officeIds].map(([code, id]) => [id, code]));
  const enterpriseCode = new Map([...input.enterpriseIds].map(([code, id]) => [id, code]));
  const hazardLabel = new Map([...input.hazardIds].map(([label, id]) => [id, label]));
  const endDate = localDateOf(input.campaignEndMs, input.timeZone);

  const hazards = hazardRows
    .map((h): TimelineHazard => {
      const outcome: HazardState =
        h.rectifiedOn !== null
          ? h.rectifiedOn <= h.rectifyBy
            ? 'on-time'
            : 'late'
          : h.rectifyBy < endDate
            ? 'never'
            : 'open';
      return {
        label: hazardLabel.get(h.id) ?? `${officeCode.get(h.officeId)}-?`,
        office: officeCode.get(h.officeId)!,
        enterprise: enterpriseCode.get(h.enterpriseId)!,
        source: h.source,
        major: h.major,
        description: h.description,
        foundOn: h.foundOn,
        rectifyBy: h.rectifyBy,
        rectifiedOn: h.rectifiedOn,
        verifiedOn: h.verifiedOn,
        outcome,
        listed: h.major && h.verifiedOn === null,
        progressReports: h.progress.length,
      };
    })
    .sort((a, b) => compare(a.office, b.office) || compare(a.foundOn, b.foundOn) || compare(a.label, b.label));

  const offices = new Map<string, SupervisionCounts>();
  for (const [code, officeId] of input.officeIds) {
    const own = enterprises.filter((e) => e.officeId === officeId);
    const history = (enterpriseId: string) => assessments.filter((a) => a.enterpriseId === enterpriseId);
    const cycles = input.rules
      ? own.flatMap((e) => {
          const inspected = inspections.filter((i) => i.enterpriseId === e.id).map((i) => i.inspectedOn);
          return inspectionCycles(input.rules!, {
            colour: e.riskColour as RiskColour,
            standardization: e.standardization as StandardizationState,
            assessments: history(e.id).map((a): Assessment => ({
              assessedOn: a.assessedOn,
              colour: a.colour as RiskColour,
              previousColour: a.previousColour as RiskColour,
              standardization: a.standardization as StandardizationState,
              previousStandardization: a.previousStandardization as StandardizationState,
            })),
          }).map((c) => inspected.some((d) => d >= c.from && d <= c.to));
        })
      : [];
    const ownAssessments = assessments.filter((a) => a.officeId === officeId);
    const ownVisits = visits.filter((v) => v.officeId === officeId && v.plannedFor !== null);
    const ownActions = actions.filter((a) => a.officeId === officeId);
    offices.set(code, {
      assessments: {
        total: ownAssessments.length,
        reassessments: ownAssessments.length - new Set(ownAssessments.map((a) => a.enterpriseId)).size,
      },
      inspections: {
        cyclesDue: cycles.length,
        cyclesInspected: cycles.filter(Boolean).length,
        cyclesMissed: cycles.filter((x) => !x).length,
        recorded: inspections.filter((i) => i.officeId === officeId).length,
      },
      hazards: hazardCounts(hazards.filter((h) => h.office === code)),
      guidanceVisits: {
        planned: ownVisits.length,
        recorded: ownVisits.filter((v) => v.visitedOn !== null).length,
        plannedNotRecorded: ownVisits.filter((v) => v.visitedOn === null).length,
      },
      enforcement: {
        total: ownActions.length,
        byKind: countKinds(ownActions.map((a) => a.kind)),
        finesWanYuan: round2(ownActions.reduce((n, a) => n + (a.fineYuan ?? 0), 0) / 10_000),
      },
      mails: mailCounts(mails.filter((m) => m.office === code)),
      escalations: escalations.filter(
        (e) => e.office === code && e.obligation !== null && supervisionKindOf(e.obligation) !== undefined,
      ).length,
    });
  }
  return { hazards, offices, totals: addCounts([...offices.values()]) };
}

function hazardCounts(hazards: TimelineHazard[]): SupervisionCounts['hazards'] {
  const n = (p: (h: TimelineHazard) => boolean) => hazards.filter(p).length;
  return {
    total: hazards.length,
    fromInspections: n((h) => h.source === 'inspection'),
    selfReported: n((h) => h.source === 'self-report'),
    onTime: n((h) => h.outcome === 'on-time'),
    late: n((h) => h.outcome === 'late'),
    never: n((h) => h.outcome === 'never'),
    open: n((h) => h.outcome === 'open'),
    major: n((h) => h.major),
    majorVerified: n((h) => h.major && h.verifiedOn !== null),
    majorListed: n((h) => h.listed),
  };
}

function countKinds(kinds: string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(ENFORCEMENT_SHOWN.map((k) => [k, 0]));
  for (const k of [...kinds].sort()) out[k] = (out[k] ?? 0) + 1;
  return out;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A mail of a listed major hazard: the listing, or a cadence step asking the office (progress) or the bureau. */
function mailCounts(mails: MailFacts[]): SupervisionCounts['mails'] {
  const own = mails.filter((m) => supervisionKindOfMail(m.obligation) !== undefined);
  const n = (p: (m: MailFacts) => boolean) => own.filter(p).length;
  const listed = (m: MailFacts) => m.kind === 'listed';
  return {
    total: own.length,
    reminders: n((m) => m.kind === 'reminder'),
    overdueNotices: n((m) => m.kind === 'overdue'),
    bureauEscalations: n((m) => m.kind === 'escalation'),
    escalationNotices: n((m) => m.kind === 'escalation-notice'),
    listed: {
      listing: n((m) => listed(m) && m.step === 'listed'),
      progressRequests: n((m) => listed(m) && m.step !== 'listed' && m.recipient !== 'bureau'),
      verificationRequests: n((m) => listed(m) && m.step !== 'listed' && m.recipient === 'bureau'),
    },
    byObligation: Object.fromEntries(
      OBLIGATION_KINDS.map((k) => [k, n((m) => supervisionKindOfMail(m.obligation) === k)]),
    ) as Record<SupervisionKind, number>,
  };
}

/** The sum of counts, key by key (nested objects too); fines stay to the hundredth of 万元. */
export function addCounts(list: SupervisionCounts[]): SupervisionCounts {
  const add = (a: unknown, b: unknown): unknown => {
    if (typeof a === 'number' && typeof b === 'number') return round2(a + b);
    const x = (a ?? {}) as Record<string, unknown>;
    const y = (b ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
    return Object.fromEntries(keys.map((k) => [k, add(x[k] ?? (typeof y[k] === 'number' ? 0 : {}), y[k] ?? 0)]));
  };
  return list.reduce((sum, c) => add(sum, c) as SupervisionCounts, emptyCounts());
}

function emptyCounts(): SupervisionCounts {
  return {
    assessments: { total: 0, reassessments: 0 },
    inspections: { cyclesDue: 0, cyclesInspected: 0, cyclesMissed: 0, recorded: 0 },
    hazards: {
      total: 0,
      fromInspections: 0,
      selfReported: 0,
      onTime: 0,
      late: 0,
      never: 0,
      open: 0,
      major: 0,
      majorVerified: 0,
      majorListed: 0,
    },
    guidanceVisits: { planned: 0, recorded: 0, plannedNotRecorded: 0 },
    enforcement: { total: 0, byKind: Object.fromEntries(ENFORCEMENT_SHOWN.map((k) => [k, 0])), finesWanYuan: 0 },
    mails: {
      total: 0,
      reminders: 0,
      overdueNotices: 0,
      bureauEscalations: 0,
      escalationNotices: 0,
      listed: { listing: 0, progressRequests: 0, verificationRequests: 0 },
      byObligation: Object.fromEntries(OBLIGATION_KINDS.map((k) => [k, 0])) as Record<SupervisionKind, number>,
    },
    escalations: 0,
  };
}
