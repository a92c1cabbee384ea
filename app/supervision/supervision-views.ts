import { localDateOf, type GuidanceTopic, type LocalDate } from '../../domain/index.js';
import type {
  EnforcementAction,
  GuidanceVisit,
  Hazard,
  HazardProgress,
  Inspection,
  Prisma,
  RiskAssessment,
} from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { campaignZone } from './supervision-records.js';

/**
 * The supervision records as the API answers them (instants as ISO strings), and where a hazard stands: what the
 * supervision list and the answers of the supervision writes share.
 */

/** Where a hazard stands on a day (see hazardState). */
export const HAZARD_STATES = ['open', 'overdue', 'rectified', 'awaiting-verification', 'verified'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

/**
 * Where a hazard stands on `today` (a local day of the campaign's zone): verified by the bureau; rectified and, when
 * major, awaiting the bureau's verification (销号); not rectified and past its deadline (overdue) or not (open).
 */
export function hazardState(
  hazard: Pick<Hazard, 'major' | 'rectifyBy' | 'rectifiedOn' | 'verifiedOn'>,
  today: LocalDate,
): HazardState {
  if (hazard.verifiedOn !== null) return 'verified';
  if (hazard.rectifiedOn !== null) return hazard.major ? 'awaiting-verification' : 'rectified';
  return today > hazard.rectifyBy ? 'overdue' : 'open';
}

/** Today in the campaign's zone by the given clock, with the zone; 404 for a campaign that does not exist. */
export async function campaignToday(
  db: PrismaClient,
  campaignId: string,
  atMs: number,
): Promise<{ today: LocalDate; timeZone: string }> {
  const timeZone = await campaignZone(db, campaignId);
  return { today: localDateOf(atMs, timeZone), timeZone };
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function assessmentView(a: RiskAssessment) {
  return {
    id: a.id,
    enterpriseId: a.enterpriseId,
    officeId: a.officeId,
    colour: a.colour,
    previousColour: a.previousColour,
    standardization: a.standardization,
    previousStandardization: a.previousStandardization,
    assessedOn: a.assessedOn,
    note: a.note,
    recordedBy: a.recordedBy,
    recordedAt: a.recordedAt.toISOString(),
  };
}

export function visitView(v: GuidanceVisit) {
  return {
    id: v.id,
    campaignId: v.campaignId,
    officeId: v.officeId,
    enterpriseId: v.enterpriseId,
    state: v.visitedOn === null ? ('planned' as const) : ('made' as const),
    plannedFor: v.plannedFor,
    visitedOn: v.visitedOn,
    team: v.team,
    topics: v.topics as GuidanceTopic[],
    findings: v.findings,
    recordedBy: v.recordedBy,
    createdAt: v.createdAt.toISOString(),
    visitedAt: iso(v.visitedAt),
  };
}

export function inspectionView(i: Inspection) {
  return {
    id: i.id,
    campaignId: i.campaignId,
    officeId: i.officeId,
    enterpriseId: i.enterpriseId,
    inspectedOn: i.inspectedOn,
    inspectors: i.inspectors as string[],
    result: i.result,
    note: i.note,
    recordedBy: i.recordedBy,
    recordedAt: i.recordedAt.toISOString(),
  };
}

export function progressView(p: HazardProgress) {
  return {
    id: p.id,
    hazardId: p.hazardId,
    reportedOn: p.reportedOn,
    note: p.note,
    reportedBy: p.reportedBy,
    reportedAt: p.reportedAt.toISOString(),
  };
}

export function hazardView(h: Hazard & { progress: HazardProgress[] }, today: LocalDate) {
  return {
    id: h.id,
    campaignId: h.campaignId,
    officeId: h.officeId,
    enterpriseId: h.enterpriseId,
    inspectionId: h.inspectionId,
    source: h.source,
    description: h.description,
    major: h.major,
    state: hazardState(h, today),
    foundOn: h.foundOn,
    rectifyBy: h.rectifyBy,
    rectifiedOn: h.rectifiedOn,
    rectificationNote: h.rectificationNote,
    verifiedOn: h.verifiedOn,
    verifiedBy: h.verifiedBy,
    recordedBy: h.recordedBy,
    recordedAt: h.recordedAt.toISOString(),
    rectifiedAt: iso(h.rectifiedAt),
    verifiedAt: iso(h.verifiedAt),
    progress: h.progress.map(progressView),
  };
}
export type HazardView = ReturnType<typeof hazardView>;

export function enforcementView(e: EnforcementAction) {
  return {
    id: e.id,
    campaignId: e.campaignId,
    officeId: e.officeId,
    enterpriseId: e.enterpriseId,
    kind: e.kind,
    takenOn: e.takenOn,
    fineYuan: e.fineYuan,
    persons: e.persons,
    note: e.note,
    recordedBy: e.recordedBy,
    recordedAt: e.recordedAt.toISOString(),
  };
}

/** The campaign's hazards that `where` selects, by finding, with their progress reports and their state at `atMs`. */
export async function hazardsAt(
  db: PrismaClient,
  campaignId: string,
  where: Prisma.HazardWhereInput,
  atMs: number,
): Promise<HazardView[]> {
  const { today } = await campaignToday(db, campaignId, atMs);
  const hazards = await db.hazard.findMany({
    where: { AND: [{ campaignId }, where] },
    include: { progress: { orderBy: [{ reportedOn: 'asc' }, { reportedAt: 'asc' }] } },
    orderBy: [{ foundOn: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }],
  });
  return hazards.map((h) => hazardView(h, today));
}
