import {
  announceSupervisionChange,
  nowOf,
  recordChecker,
  throwIfIssues,
  visibleEnterprise,
  type Recorder,
  type SupervisionDeps,
} from './supervision-records.js';

export interface FoundHazard {
  description: string;
  major: boolean;
  rectifyBy: string;
}

export interface InspectionInput {
  campaignId: string;
  enterpriseId: string;
  inspectedOn: string;
  inspectors: string[];
  note?: string | undefined;
  /** The hazards it found: each followed to its rectification from now on. */
  hazards: FoundHazard[];
}

/**
 * Records an inspection and the hazards it found, together or not at all. It fulfils the enterprise's inspection
 * cycle; each hazard gets its rectification ladder, and a major one goes under listed supervision (挂牌督办).
 */
export async function recordInspection(deps: SupervisionDeps, input: InspectionInput, recorder: Recorder) {
  const { db } = deps;
  const check = await recordChecker(deps, input.campaignId);
  const inspectedOn = check.past('inspectedOn', input.inspectedOn);
  input.hazards.forEach((h, i) => {
    check.notBefore(
      `hazards[${i}].rectifyBy`,
      check.date(`hazards[${i}].rectifyBy`, h.rectifyBy),
      inspectedOn,
      'the inspection',
    );
  });
  throwIfIssues(check);
  const enterprise = await visibleEnterprise(db, input.enterpriseId, recorder);
  const at = new Date(nowOf(deps));
  const result = await db.$transaction(async (tx) => {
    const inspection = await tx.inspection.create({
      data: {
        campaignId: input.campaignId,
        officeId: enterprise.officeId,
        enterpriseId: enterprise.id,
        inspectedOn: inspectedOn!,
        inspectors: input.inspectors,
        result: input.hazards.length > 0 ? 'hazards-found' : 'compliant',
        note: input.note ?? null,
        recordedBy: recorder.by,
        recordedAt: at,
      },
    });
    const hazards = [];
    for (const h of input.hazards) {
      hazards.push(
        await tx.hazard.create({
          data: {
            campaignId: input.campaignId,
            officeId: enterprise.officeId,
            enterpriseId: enterprise.id,
            inspectionId: inspection.id,
            source: 'inspection',
            description: h.description,
            major: h.major,
            foundOn: inspectedOn!,
            rectifyBy: h.rectifyBy,
            recordedBy: recorder.by,
            recordedAt: at,
          },
        }),
      );
    }
    return { inspection, hazards };
  });
  await announceSupervisionChange(deps.client, input.campaignId, enterprise.officeId);
  return result;
}
