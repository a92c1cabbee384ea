import type { Campaign, Escalation, Office } from '../shared/api-types.js';
import type { PageContext } from '../shared/shell.js';
import type { Extension, NextMails, OfficeStatus } from './api-types.js';
import type { OfficeText } from './text.js';

export type Context = PageContext<OfficeText>;

/** What every section of the office page is drawn from: the context and the API's answers for one office. */
export interface View {
  ctx: Context;
  x: OfficeText;
  campaign: Campaign;
  office: Office;
  /** the campaign's time zone: every instant is shown in it */
  zone: string;
  status: OfficeStatus;
  extensions: Extension[];
  escalations: Escalation[];
  mails: NextMails;
  /** the signed-in user may act for this office (the bureau, or its own staff) */
  canWrite: boolean;
  /** `/campaigns/<id>` */
  base: string;
}
