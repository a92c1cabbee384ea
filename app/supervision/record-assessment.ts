import type { RiskColour, StandardizationState } from '../../domain/index.js';
import { announceEnterpriseChanges } from '../organisation/announce-changes.js';
import {
  nowOf,
  recordChecker,
  throwIfIssues,
  visibleEnterprise,
  type Recorder,
  type SupervisionDeps,
} from './supervision-records.js';

export interface AssessmentInput {
  campaignId: string;
  enterpriseId: string;
  colour: RiskColour;
  standardization: StandardizationState;
  assessedOn: string;
  note?: string | undefined;
}

/**
 * Records an overall risk assessment (整体评估) of an enterprise: its colour and standardization status from
 * `assessedOn` on. The history keeps every assessment; the register shows the latest by date; the enterprise's
 * office workflows reload, so its inspection plan moves (domain/supervision/inspection-cycles.ts).
 */
export async function recordAssessment(deps: SupervisionDeps, input: AssessmentInput, recorder: Recorder) {
  const { db } = deps;
  const check = await recordChecker(deps, input.campaignId);
  const assessedOn = check.past('assessedOn', input.assessedOn);
  throwIfIssues(check);
  const enterprise = await visibleEnterprise(db, input.enterpriseId, recorder);
  const assessment = await db.$transaction(async (tx) => {
    const later = await tx.riskAssessment.findFirst({
      where: { enterpriseId: enterprise.id, assessedOn: { gt: assessedOn! } },
      orderBy: [{ assessedOn: 'asc' }, { recordedAt: 'asc' }],
    });
    const before = await tx.riskAssessment.findFirst({
      where: { enterpriseId: enterprise.id, assessedOn: { lte: assessedOn! } },
      orderBy: [{ assessedOn: 'desc' }, { recordedAt: 'desc' }],
    });
    // What held before this one: the assessment it follows, or (when it is the oldest) what the register held then.
    const previous = before
      ? { colour: before.colour, standardization: before.standardization }
      : later
        ? { colour: later.previousColour, standardization: later.previousStandardization }
        : { colour: enterprise.riskColour, standardization: enterprise.standardization };
    const row = await tx.riskAssessment.create({
      data: {
        enterpriseId: enterprise.id,
        officeId: enterprise.officeId,
        colour: input.colour,
        previousColour: previous.colour,
        standardization: input.standardization,
        previousStandardization: previous.standardization,
        assessedOn: assessedOn!,
        note: input.note ?? null,
        recordedBy: recorder.by,
        recordedAt: new Date(nowOf(deps)),
      },
    });
    if (later) {
      await tx.riskAssessment.update({
        where: { id: later.id },
        data: { previousColour: input.colour, previousStandardization: input.standardization },
      });
    } else {
      await tx.enterprise.update({
        where: { id: enterprise.id },
        data: { riskColour: input.colour, standardization: input.standardization },
      });
    }
    return row;
  });
  await announceEnterpriseChanges(deps, [enterprise.officeId]);
  return assessment;
}
