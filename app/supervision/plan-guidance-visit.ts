import type { GuidanceTopic } from '../../domain/index.js';
import {
  announceSupervisionChange,
  nowOf,
  recordChecker,
  throwIfIssues,
  visibleEnterprise,
  type Recorder,
  type SupervisionDeps,
} from './supervision-records.js';

export interface PlannedVisitInput {
  campaignId: string;
  enterpriseId: string;
  plannedFor: string;
  team: string;
  topics: GuidanceTopic[];
}

/** Plans a guidance visit (phase 3): the office is reminded of it until it is recorded as made. */
export async function planGuidanceVisit(deps: SupervisionDeps, input: PlannedVisitInput, recorder: Recorder) {
  const check = await recordChecker(deps, input.campaignId);
  check.date('plannedFor', input.plannedFor);
  throwIfIssues(check);
  const enterprise = await visibleEnterprise(deps.db, input.enterpriseId, recorder);
  const visit = await deps.db.guidanceVisit.create({
    data: {
      campaignId: input.campaignId,
      officeId: enterprise.officeId,
      enterpriseId: enterprise.id,
      plannedFor: input.plannedFor,
      team: input.team,
      topics: [...new Set(input.topics)],
      recordedBy: recorder.by,
      createdAt: new Date(nowOf(deps)),
    },
  });
  await announceSupervisionChange(deps.client, input.campaignId, enterprise.officeId);
  return visit;
}
