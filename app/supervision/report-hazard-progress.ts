import { ProblemError } from '../problem.js';
import {
  nowOf,
  recordChecker,
  throwIfIssues,
  visibleHazard,
  type Recorder,
  type SupervisionDeps,
} from './supervision-records.js';

/**
 * The office's progress report on a major hazard under listed supervision: the next cadence step asks for none if a
 * report came since the step before it.
 */
export async function reportHazardProgress(
  deps: SupervisionDeps,
  input: { campaignId: string; hazardId: string; reportedOn: string; note: string },
  recorder: Recorder,
) {
  const hazard = await visibleHazard(deps.db, input.campaignId, input.hazardId, recorder);
  if (!hazard.major) throw new ProblemError(409, 'Not listed', `hazard ${hazard.id} is not a major hazard`);
  if (hazard.verifiedOn !== null) {
    throw new ProblemError(409, 'Already verified', `hazard ${hazard.id} was verified on ${hazard.verifiedOn}`);
  }
  const check = await recordChecker(deps, input.campaignId);
  check.notBefore('reportedOn', check.past('reportedOn', input.reportedOn), hazard.foundOn, 'its finding');
  throwIfIssues(check);
  return deps.db.hazardProgress.create({
    data: {
      hazardId: hazard.id,
      reportedOn: input.reportedOn,
      note: input.note,
      reportedBy: recorder.by,
      reportedAt: new Date(nowOf(deps)),
    },
  });
}
