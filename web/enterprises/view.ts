import type { Campaign, Office } from '../shared/api-types.js';
import type { PageContext } from '../shared/shell.js';
import type { EnterpriseRow, OfficeEnterpriseProgress, ProgressField } from './api-types.js';
import type { EnterprisesText } from './text.js';

export type Context = PageContext<EnterprisesText>;

/** What every part of the page is drawn from: the context and the API's answer for one office. */
export interface View {
  ctx: Context;
  x: EnterprisesText;
  campaign: Campaign;
  office: Office;
  /** the campaign's time zone: every recorded instant is shown as its local day there */
  zone: string;
  data: OfficeEnterpriseProgress;
  /** ?open=1: only the enterprises the server says owe something now */
  onlyOpen: boolean;
  /** the rows shown, in the server's order (by code) */
  shown: EnterpriseRow[];
  /** the signed-in user may record progress for this office (the bureau, or its own staff) */
  canWrite: boolean;
  /** `/campaigns/<id>` */
  base: string;
}

/** The outcome of one enterprise's PUT in the last bulk action. */
export interface RowResult {
  name: string;
  code: string;
  ok: boolean;
  message: string;
}

/**
 * What the page keeps while it is drawn again after an action (the address keeps the rest): the rows ticked, the row
 * whose form is open and the last bulk action's outcome per enterprise. Forgotten when the campaign or office changes.
 */
export const pageState = {
  scope: '',
  selected: new Set<string>(),
  editing: null as string | null,
  results: new Map<string, RowResult>(),
  /** The bulk form's last step, date and name, offered again (to retry those refused, or go on with others). */
  bulk: { step: 'notice', date: '', by: '' },
};

/** Starts afresh when the page shows another campaign or office. */
export function enterScope(scope: string): void {
  if (pageState.scope === scope) return;
  pageState.scope = scope;
  pageState.selected.clear();
  pageState.editing = null;
  pageState.results.clear();
  pageState.bulk = { step: 'notice', date: '', by: '' };
}

/** The fields the API records as instants (shown and entered as local days); the others are names and a local date. */
export const INSTANT_FIELDS: readonly ProgressField[] = [
  'noticeServedAt',
  'signedAt',
  'copyArchiveAt',
  'copyNoticeBoardAt',
  'copyTownshipAt',
  'copyCountyAt',
  'planSubmittedAt',
  'selfAssessmentSubmittedAt',
];

export const COPY_FIELDS = ['copyArchiveAt', 'copyNoticeBoardAt', 'copyTownshipAt', 'copyCountyAt'] as const;

/** `PUT /campaigns/:id/enterprises/:enterpriseId/progress` of an enterprise. */
export function progressUrl(view: View, enterpriseId: string): string {
  return `${view.base}/enterprises/${encodeURIComponent(enterpriseId)}/progress`;
}
