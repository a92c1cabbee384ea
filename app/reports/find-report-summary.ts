import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';

export interface ReportSummaryFile {
  content: Buffer;
  mimeType: string;
  fileName: string;
  sha256: string;
}

/** The sealed written summary of one version of an office's report, as uploaded, or 404. */
export async function findReportSummary(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; period: string; version: number },
): Promise<ReportSummaryFile> {
  const { campaignId, officeId, period, version } = input;
  const row = await deps.db.monthlyReport.findUnique({
    where: { campaignId_officeId_period_version: { campaignId, officeId, period, version } },
    select: { summaryContent: true, summaryMimeType: true, summaryFileName: true, summarySha256: true },
  });
  if (!row) throw new ProblemError(404, 'Not found', `version ${version} of ${period} does not exist`);
  return {
    content: Buffer.from(row.summaryContent),
    mimeType: row.summaryMimeType,
    fileName: row.summaryFileName,
    sha256: row.summarySha256,
  };
}
