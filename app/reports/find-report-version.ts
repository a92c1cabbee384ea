import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { REPORT_META, type ReportMeta } from './period-reports.js';

/** One version of an office's report with its tables (without the file bytes), or 404. */
export async function findReportVersion(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; period: string; version: number },
): Promise<ReportMeta> {
  const { campaignId, officeId, period, version } = input;
  const row = await deps.db.monthlyReport.findUnique({
    where: { campaignId_officeId_period_version: { campaignId, officeId, period, version } },
    select: REPORT_META,
  });
  if (!row) throw new ProblemError(404, 'Not found', `version ${version} of ${period} does not exist`);
  return row;
}
