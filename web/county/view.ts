import type { Campaign, Office } from '../shared/api-types.js';
import type { PageContext } from '../shared/shell.js';
import type { CampaignPhases, Extension, ReportingRates, StatusList, Totals } from './api-types.js';
import type { CountyText } from './text.js';

export type Context = PageContext<CountyText>;

/** What every section of the county page is drawn from: the context and the API's answers for one period. */
export interface View {
  ctx: Context;
  x: CountyText;
  campaign: Campaign & CampaignPhases;
  /** the campaign's time zone: every instant is shown in it */
  zone: string;
  /** YYYY-MM or year-end */
  period: string;
  statusList: StatusList;
  totals: Totals;
  rates: ReportingRates;
  /** pending extension requests of every office */
  extensions: Extension[];
  offices: Office[];
  /** `/campaigns/<id>` */
  base: string;
}
