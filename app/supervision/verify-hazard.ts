import { ProblemError } from '../problem.js';
import {
  announceSupervisionChange,
  nowOf,
  recordChecker,
  throwIfIssues,
  visibleHazard,
  type SupervisionDeps,
} from './supervision-records.js';

/** The bureau verifies a rectified major hazard (销号): its listed supervision ends. Only the bureau calls it. */
export async function verifyHazard(
  deps: SupervisionDeps,
  input: { campaignId: string; hazardId: string; verifiedOn: string },
  recorder: { by: string },
) {
  const hazard = await visibleHazard(deps.db, input.campaignId, input.hazardId, {});
  if (!hazard.major) throw new ProblemError(409, 'Not listed', `hazard ${hazard.id} is not a major hazard`);
  if (hazard.verifiedOn !== null) {
    throw new ProblemError(409, 'Already verified', `hazard ${hazard.id} was verified on ${hazard.verifiedOn}`);
  }
  if (hazard.rectifiedOn === null) {
    throw new ProblemError(
      409,
      'Not rectified',
      `hazard ${hazard.id} is not rectified yet: record its rectification first`,
    );
  }
  const check = await recordChecker(deps, input.campaignId);
  check.notBefore('verifiedOn', check.past('verifiedOn', input.verifiedOn), hazard.rectifiedOn, 'its rectification');
  throwIfIssues(check);
  // Only while still not verified: of two verifications sent at once, the second finds it done (409).
  const { count } = await deps.db.hazard.updateMany({
    where: { id: hazard.id, verifiedOn: null },
    data: { verifiedOn: input.verifiedOn, verifiedBy: recorder.by, verifiedAt: new Date(nowOf(deps)) },
  });
  const updated = await deps.db.hazard.findUniqueOrThrow({ where: { id: hazard.id } });
  if (count === 0) {
    throw new ProblemError(409, 'Already verified', `hazard ${hazard.id} was verified on ${updated.verifiedOn}`);
  }
  await announceSupervisionChange(deps.client, input.campaignId, hazard.officeId);
  return updated;
}
