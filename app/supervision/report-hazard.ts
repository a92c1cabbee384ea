import {
  announceSupervisionChange,
  nowOf,
  recordChecker,
  throwIfIssues,
  visibleEnterprise,
  type Recorder,
  type SupervisionDeps,
} from './supervision-records.js';

export interface SelfReportedHazardInput {
  campaignId: string;
  enterpriseId: string;
  foundOn: string;
  description: string;
  major: boolean;
  rectifyBy: string;
}

/** Records a hazard the enterprise found itself (自查隐患): followed to its rectification like any other. */
export async function reportHazard(deps: SupervisionDeps, input: SelfReportedHazardInput, recorder: Recorder) {
  const check = await recordChecker(deps, input.campaignId);
  const foundOn = check.past('foundOn', input.foundOn);
  check.notBefore('rectifyBy', check.date('rectifyBy', input.rectifyBy), foundOn, 'its finding');
  throwIfIssues(check);
  const enterprise = await visibleEnterprise(deps.db, input.enterpriseId, recorder);
  const hazard = await deps.db.hazard.create({
    data: {
      campaignId: input.campaignId,
      officeId: enterprise.officeId,
      enterpriseId: enterprise.id,
      source: 'self-report',
      description: input.description,
      major: input.major,
      foundOn: foundOn!,
      rectifyBy: input.rectifyBy,
      recordedBy: recorder.by,
      recordedAt: new Date(nowOf(deps)),
    },
  });
  await announceSupervisionChange(deps.client, input.campaignId, enterprise.officeId);
  return hazard;
}
