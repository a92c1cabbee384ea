import { checkEnforcementAction, type EnforcementKind } from '../../domain/index.js';
import {
  nowOf,
  recordChecker,
  throwIfIssues,
  visibleEnterprise,
  type Recorder,
  type SupervisionDeps,
} from './supervision-records.js';

export interface EnforcementActionInput {
  campaignId: string;
  enterpriseId: string;
  kind: EnforcementKind;
  takenOn: string;
  fineYuan?: number | undefined;
  persons?: number | undefined;
  note?: string | undefined;
}

/** Records an enforcement, incentive or constraint action against an enterprise (annex 4 执法激励约束). */
export async function recordEnforcementAction(
  deps: SupervisionDeps,
  input: EnforcementActionInput,
  recorder: Recorder,
) {
  const check = await recordChecker(deps, input.campaignId);
  check.past('takenOn', input.takenOn);
  checkEnforcementAction(check, input);
  throwIfIssues(check);
  const enterprise = await visibleEnterprise(deps.db, input.enterpriseId, recorder);
  return deps.db.enforcementAction.create({
    data: {
      campaignId: input.campaignId,
      officeId: enterprise.officeId,
      enterpriseId: enterprise.id,
      kind: input.kind,
      takenOn: input.takenOn,
      fineYuan: input.fineYuan ?? null,
      persons: input.persons ?? null,
      note: input.note ?? null,
      recordedBy: recorder.by,
      recordedAt: new Date(nowOf(deps)),
    },
  });
}
