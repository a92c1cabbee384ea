import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { loadReportPeriod } from './report-period.js';

/**
 * The 404s of a submission (campaign, period, office), checked before its multipart body is read so that a
 * wrong address is named as such rather than as a malformed body.
 */
export async function checkReportTarget(
  deps: { db: PrismaClient },
  target: { campaignId: string; officeId: string; period: string },
): Promise<void> {
  await loadReportPeriod(deps.db, target.campaignId, target.period);
  const office = await deps.db.office.findUnique({ where: { id: target.officeId }, select: { id: true } });
  if (!office) throw new ProblemError(404, 'Not found', `office ${target.officeId} does not exist`);
}
