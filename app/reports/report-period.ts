import { isYearMonth, type PlannedObligation } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { findObligation, withExtension } from '../campaigns/plan-obligations.js';
import { loadPlan, type LoadedPlan } from '../campaigns/plan-store.js';
import { ReportError } from './report-error.js';

import { YEAR_END_PERIOD } from '../../domain/page-links.js';

/** The year-end summary's period: one definition, shared with the pages' addresses. */
export { YEAR_END_PERIOD };

export interface ReportPeriod {
  period: string;
  obligationKey: string;
  /** The planned obligation with any approved extension of this office applied (when an office is given). */
  obligation: PlannedObligation;
  /** The month the tables' cumulative figures run to ('YYYY-MM'); December of the campaign year for year-end. */
  month: string;
}

/** The period of a campaign ('YYYY-MM' within its reporting months, or 'year-end'), or undefined. */
export function reportPeriod(
  loaded: LoadedPlan,
  period: string,
):
  | (Omit<ReportPeriod, 'obligation'> & {
      planned: PlannedObligation;
    })
  | undefined {
  const obligationKey =
    period === YEAR_END_PERIOD
      ? `year-end-summary:${loaded.campaign.year}`
      : isYearMonth(period)
        ? `monthly-report:${period}`
        : undefined;
  if (!obligationKey) return undefined;
  const planned = findObligation(loaded, obligationKey);
  if (!planned) return undefined;
  return { period, obligationKey, planned, month: period === YEAR_END_PERIOD ? `${loaded.campaign.year}-12` : period };
}

/** Loads the campaign plan and resolves the period; ReportError 404 when either does not exist. */
export async function loadReportPeriod(
  db: PrismaClient,
  campaignId: string,
  period: string,
): Promise<{ loaded: LoadedPlan; period: Omit<ReportPeriod, 'obligation'> & { planned: PlannedObligation } }> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } });
  if (!campaign) throw new ReportError(404, 'Not found', `campaign ${campaignId} does not exist`);
  const loaded = await loadPlan(db, campaignId);
  const resolved = reportPeriod(loaded, period);
  if (!resolved) {
    const mr = loaded.template.monthlyReport;
    throw new ReportError(
      404,
      'Not found',
      `${period} is not a reporting period of this campaign: use a month from ${mr.firstMonth} to ${mr.lastMonth} ` +
        `or '${YEAR_END_PERIOD}'`,
      [{ path: 'period', message: `not a reporting period (${mr.firstMonth}..${mr.lastMonth} or ${YEAR_END_PERIOD})` }],
    );
  }
  return { loaded, period: resolved };
}

/** The due instants of an obligation for one office, with its approved extension. */
export async function officeObligation(
  db: PrismaClient,
  loaded: LoadedPlan,
  planned: PlannedObligation,
  campaignId: string,
  officeId: string,
): Promise<{ obligation: PlannedObligation; status: string | undefined }> {
  const state = await db.obligationState.findUnique({
    where: { campaignId_officeId_obligationKey: { campaignId, officeId, obligationKey: planned.key } },
  });
  return { obligation: withExtension(loaded, planned, state?.extendedDueDate), status: state?.status };
}
