// What the holiday page's parts are drawn from.
import type { PageContext } from '../shared/shell.js';
import type { CampaignRoll, WorkingDayYear } from './api-types.js';
import type { YearIndex } from './days.js';
import type { HolidaysText } from './text.js';

export type Context = PageContext<HolidaysText>;

export interface View {
  ctx: Context;
  x: HolidaysText;
  year: number;
  data: WorkingDayYear;
  index: YearIndex;
  /** the running campaigns: they reschedule when the bureau saves */
  running: CampaignRoll[];
}
