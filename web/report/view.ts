import type { Campaign, Office } from '../shared/api-types.js';
import type { PageContext } from '../shared/shell.js';
import type { ObligationStatus, OfficeReport, ReportLayout } from './api-types.js';
import type { ReportText } from './text.js';

export type Context = PageContext<ReportText>;

/** What every part of the report page is drawn from: one office's report obligation of one period. */
export interface View {
  ctx: Context;
  x: ReportText;
  campaign: Campaign;
  office: Office;
  /** 'YYYY-MM' or 'year-end' */
  period: string;
  obligation: ObligationStatus;
  /** The versions sent for the period; null when none has been. */
  report: OfficeReport | null;
  layout: ReportLayout;
  /** the signed-in user may send this office's report (the bureau, or the office's own staff) */
  canWrite: boolean;
  /** the campaign's time zone: every instant is shown in it */
  zone: string;
  /** `/campaigns/<id>/offices/<id>/reports/<period>` */
  reportPath: string;
}
