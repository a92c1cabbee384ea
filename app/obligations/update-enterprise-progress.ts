import type { Client } from '@temporalio/client';
import { isLocalDate } from '../../domain/index.js';
import type { EnterpriseProgress } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { ProblemError, type ProblemField } from '../problem.js';
import { isCommitmentComplete } from '../../domain/commitment.js';
import { recordEnterpriseProgress, type EnterpriseProgressUpdate } from './record-enterprise-progress.js';

const COPIES = ['copyArchiveAt', 'copyNoticeBoardAt', 'copyTownshipAt', 'copyCountyAt'] as const;

/**
 * What is wrong with an update, judged against the progress already stored: the commitment (承诺书) is
 * signed after the notice (告知书) is served and names its signatory, copies are filed once it is signed,
 * and the self-assessment date falls in the campaign year.
 */
function progressErrors(
  before: EnterpriseProgress | null,
  update: EnterpriseProgressUpdate,
  campaignYear: number,
): ProblemField[] {
  const merged = { ...before, ...update };
  const errors: ProblemField[] = [];
  if (merged.signedAt && !merged.noticeServedAt)
    errors.push({ path: 'signedAt', message: 'the notice (告知书) must be served before the commitment is signed' });
  if (update.signedAt && !merged.signatory)
    errors.push({ path: 'signatory', message: 'name the legal representative who signed' });
  for (const copy of COPIES) {
    if (update[copy] && !merged.signedAt)
      errors.push({ path: copy, message: 'a copy can only be filed once the commitment is signed' });
  }
  const date = update.committedSelfAssessmentDate;
  if (date) {
    if (!isLocalDate(date)) errors.push({ path: 'committedSelfAssessmentDate', message: 'is not a real date' });
    else if (!date.startsWith(`${campaignYear}-`))
      errors.push({ path: 'committedSelfAssessmentDate', message: `must fall in the campaign year ${campaignYear}` });
  }
  return errors;
}

/**
 * Checks an enterprise's progress update against what is stored (422 naming every bad field), records it
 * (signalling the office's workflow when its dates move) and returns the progress as now stored.
 */
export async function updateEnterpriseProgress(
  deps: { db: PrismaClient; client: Client },
  input: { campaignId: string; enterpriseId: string; update: EnterpriseProgressUpdate },
): Promise<{ progress: EnterpriseProgress; commitmentComplete: boolean }> {
  const { db } = deps;
  const loaded = await loadPlan(db, input.campaignId);
  const key = { campaignId: input.campaignId, enterpriseId: input.enterpriseId };
  const before = await db.enterpriseProgress.findUnique({ where: { campaignId_enterpriseId: key } });
  const errors = progressErrors(before, input.update, loaded.template.year);
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new ProblemError(422, 'Invalid progress', detail, errors);
  }
  await recordEnterpriseProgress(deps, input);
  const progress = await db.enterpriseProgress.findUniqueOrThrow({ where: { campaignId_enterpriseId: key } });
  return { progress, commitmentComplete: isCommitmentComplete(progress) };
}
