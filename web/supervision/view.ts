import type { Campaign, Office } from '../shared/api-types.js';
import type { PageContext } from '../shared/shell.js';
import type { OfficeSupervision } from './api-types.js';
import type { SupervisionText } from './text.js';

export type Context = PageContext<SupervisionText>;

/** What every part of the page is drawn from: the context and the API's answer for one office. */
export interface View {
  ctx: Context;
  x: SupervisionText;
  campaign: Campaign;
  office: Office;
  data: OfficeSupervision;
  /** the signed-in user may record for this office (the bureau, or its own staff) */
  canWrite: boolean;
  /** `/campaigns/<id>` */
  base: string;
}

/** An enterprise's name (and code) by its id, as the lists show it. */
export function enterpriseName(view: View, id: string): string {
  const e = view.data.enterprises.find((x) => x.id === id);
  return e ? `${e.name}（${e.code}）` : id;
}

/** A form value as text ('' when absent). */
export function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
