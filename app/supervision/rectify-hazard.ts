import { ProblemError } from '../problem.js';
import {
  announceSupervisionChange,
  nowOf,
  recordChecker,
  throwIfIssues,
  visibleHazard,
  type Recorder,
  type SupervisionDeps,
} from './supervision-records.js';

/**
 * Records a hazard as rectified: its reminders stop. A major hazard stays under listed supervision until the bureau
 * verifies it; from now on its cadence asks the bureau to.
 */
export async function rectifyHazard(
  deps: SupervisionDeps,
  input: { campaignId: string; hazardId: string; rectifiedOn: string; note?: string | undefined },
  recorder: Recorder,
) {
  const hazard = await visibleHazard(deps.db, input.campaignId, input.hazardId, recorder);
  if (hazard.rectifiedOn !== null) {
    throw new ProblemError(409, 'Already rectified', `hazard ${hazard.id} was rectified on ${hazard.rectifiedOn}`);
  }
  const check = await recordChecker(deps, input.campaignId);
  check.notBefore('rectifiedOn', check.past('rectifiedOn', input.rectifiedOn), hazard.foundOn, 'its finding');
  throwIfIssues(check);
  // Only while still not rectified: of two rectifications sent at once, the second finds it done (409).
  const { count } = await deps.db.hazard.updateMany({
    where: { id: hazard.id, rectifiedOn: null },
    data: { rectifiedOn: input.rectifiedOn, rectificationNote: input.note ?? null, rectifiedAt: new Date(nowOf(deps)) },
  });
  const updated = await deps.db.hazard.findUniqueOrThrow({ where: { id: hazard.id } });
  if (count === 0) {
    throw new ProblemError(409, 'Already rectified', `hazard ${hazard.id} was rectified on ${updated.rectifiedOn}`);
  }
  await announceSupervisionChange(deps.client, input.campaignId, hazard.officeId);
  return updated;
}
