import type { PrismaClient } from '../../infra/db.js';
import { visibleTo } from '../access/visible-to.js';
import { ProblemError } from '../problem.js';
import {
  assessmentView,
  campaignToday,
  enforcementView,
  hazardsAt,
  inspectionView,
  visitView,
} from './supervision-views.js';

export interface SupervisionListInput {
  campaignId: string;
  officeId: string;
  /** The office staff's own office (undefined for the bureau and viewers): another office is answered 404. */
  ownOfficeId?: string | undefined;
  /** The instant hazards' states are judged at (the app's clock), as a local day of the campaign's zone. */
  atMs: number;
}

/**
 * An office's supervision records in a campaign (phases 3 and 4): its guidance visits planned and made, its
 * inspections, its hazards with where each stands today and its progress reports, its enforcement actions, and its
 * enterprises with their colour, standardization and assessment history. 404 for a campaign or office that does not
 * exist, and for another office than the office staff's own.
 */
export async function listSupervision(deps: { db: PrismaClient }, input: SupervisionListInput) {
  const { db } = deps;
  const { today, timeZone } = await campaignToday(db, input.campaignId, input.atMs);
  const office =
    input.ownOfficeId === undefined || input.ownOfficeId === input.officeId
      ? await db.office.findUnique({ where: { id: input.officeId }, select: { id: true } })
      : null;
  if (!office) throw new ProblemError(404, 'Not found', `office ${input.officeId} does not exist`);
  const records = { AND: [{ campaignId: input.campaignId, officeId: office.id }, visibleTo(input.ownOfficeId)] };
  const [visits, inspections, hazards, actions, enterprises] = await Promise.all([
    db.guidanceVisit.findMany({
      where: records,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
    db.inspection.findMany({ where: records, orderBy: [{ inspectedOn: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }] }),
    hazardsAt(db, input.campaignId, records, input.atMs),
    db.enforcementAction.findMany({
      where: records,
      orderBy: [{ takenOn: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }],
    }),
    db.enterprise.findMany({
      where: { AND: [{ officeId: office.id }, visibleTo(input.ownOfficeId)] },
      orderBy: { code: 'asc' },
    }),
  ]);
  const assessments = await db.riskAssessment.findMany({
    where: { enterpriseId: { in: enterprises.map((e) => e.id) } },
    orderBy: [{ assessedOn: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }],
  });
  const historyOf = new Map(enterprises.map((e) => [e.id, [] as ReturnType<typeof assessmentView>[]]));
  for (const a of assessments) historyOf.get(a.enterpriseId)?.push(assessmentView(a));
  return {
    campaignId: input.campaignId,
    officeId: office.id,
    asOf: new Date(input.atMs).toISOString(),
    today,
    timeZone,
    guidanceVisits: visits.map(visitView),
    inspections: inspections.map(inspectionView),
    hazards,
    enforcementActions: actions.map(enforcementView),
    enterprises: enterprises.map((e) => ({
      id: e.id,
      code: e.code,
      name: e.name,
      colour: e.riskColour,
      standardization: e.standardization,
      assessments: historyOf.get(e.id)!,
    })),
  };
}
export type SupervisionList = Awaited<ReturnType<typeof listSupervision>>;
