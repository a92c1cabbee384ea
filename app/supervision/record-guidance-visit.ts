import type { GuidanceTopic } from '../../domain/index.js';
import { visibleTo } from '../access/visible-to.js';
import { ProblemError } from '../problem.js';
import {
  announceSupervisionChange,
  nowOf,
  recordChecker,
  throwIfIssues,
  visibleEnterprise,
  type Recorder,
  type SupervisionDeps,
} from './supervision-records.js';

export interface VisitRecordInput {
  campaignId: string;
  visitedOn: string;
  team: string;
  findings: string;
  topics: GuidanceTopic[];
  /** The planned visit made; without it, a visit made without a plan for `enterpriseId`. */
  visitId?: string | undefined;
  enterpriseId?: string | undefined;
}

/** Records a guidance visit as made: its plan's reminders stop, and the enterprise counts as visited. */
export async function recordGuidanceVisit(deps: SupervisionDeps, input: VisitRecordInput, recorder: Recorder) {
  const { db } = deps;
  const check = await recordChecker(deps, input.campaignId);
  check.past('visitedOn', input.visitedOn);
  if ((input.visitId === undefined) === (input.enterpriseId === undefined)) {
    check.fail(
      'visitId',
      'give either the planned visit (visitId) or the enterprise visited without a plan (enterpriseId)',
    );
  }
  throwIfIssues(check);
  const made = {
    visitedOn: input.visitedOn,
    team: input.team,
    findings: input.findings,
    topics: [...new Set(input.topics)],
    visitedAt: new Date(nowOf(deps)),
  };
  let visit;
  if (input.visitId !== undefined) {
    const planned = await db.guidanceVisit.findFirst({
      where: { id: input.visitId, campaignId: input.campaignId, ...visibleTo(recorder.ownOfficeId) },
    });
    if (!planned) throw new ProblemError(404, 'Not found', `guidance visit ${input.visitId} does not exist`);
    if (planned.visitedOn !== null) {
      throw new ProblemError(
        409,
        'Already recorded',
        `guidance visit ${planned.id} was recorded on ${planned.visitedOn}`,
      );
    }
    // Only while still planned: of two records of it sent at once, the second finds it made (409).
    const { count } = await db.guidanceVisit.updateMany({ where: { id: planned.id, visitedOn: null }, data: made });
    visit = await db.guidanceVisit.findUniqueOrThrow({ where: { id: planned.id } });
    if (count === 0) {
      throw new ProblemError(
        409,
        'Already recorded',
        `guidance visit ${planned.id} was recorded on ${visit.visitedOn}`,
      );
    }
  } else {
    const enterprise = await visibleEnterprise(db, input.enterpriseId!, recorder);
    visit = await db.guidanceVisit.create({
      data: {
        campaignId: input.campaignId,
        officeId: enterprise.officeId,
        enterpriseId: enterprise.id,
        recordedBy: recorder.by,
        createdAt: made.visitedAt,
        ...made,
      },
    });
  }
  await announceSupervisionChange(deps.client, input.campaignId, visit.officeId);
  return visit;
}
