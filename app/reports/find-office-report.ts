import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { loadReportPeriod } from './report-period.js';
import { REPORT_META, type ReportMeta } from './period-reports.js';

/**
 * An office's report for a period: every version oldest first (without the file bytes) and the latest;
 * 404 when the campaign or the period does not exist or the office has not submitted it.
 */
export async function findOfficeReport(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; period: string },
): Promise<{ latest: ReportMeta; versions: ReportMeta[] }> {
  const { campaignId, officeId, period } = input;
  await loadReportPeriod(deps.db, campaignId, period);
  const versions = await deps.db.monthlyReport.findMany({
    where: { campaignId, officeId, period },
    orderBy: { version: 'asc' },
    select: REPORT_META,
  });
  const latest = versions[versions.length - 1];
  if (!latest) throw new ProblemError(404, 'Not found', `office ${officeId} has not submitted ${period}`);
  return { latest, versions };
}
