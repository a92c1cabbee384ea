import type { Prisma } from '../../generated/prisma/client.js';

/**
 * The office's latest version of its nearest earlier reported period in the campaign (normally the previous month;
 * if the office skipped a month, the month before that): what a submission's cumulative figures are compared with
 * (submit-report.ts) and what an office's new form starts its cumulative figures from (office-report-workbook.ts).
 * 'year-end' sorts after every month, so the year-end summary's is the last month reported.
 */
export function findPreviousReport(
  db: Pick<Prisma.TransactionClient, 'monthlyReport'>,
  office: { campaignId: string; officeId: string },
  period: string,
): Promise<{ period: string; tables: unknown } | null> {
  return db.monthlyReport.findFirst({
    where: { campaignId: office.campaignId, officeId: office.officeId, period: { lt: period } },
    orderBy: [{ period: 'desc' }, { version: 'desc' }],
    select: { period: true, tables: true },
  });
}
