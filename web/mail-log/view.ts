// What the mail log page's parts are drawn from, and the words of a mail's step, item and state.
import type { Campaign } from '../shared/api-types.js';
import { labelOf } from '../shared/shell-text.js';
import type { PageContext } from '../shared/shell.js';
import { tag } from '../shared/ui.js';
import type { MailEntry, MailLogPage } from './api-types.js';
import type { MailLogText } from './text.js';

export type Context = PageContext<MailLogText>;

/** The filters of the address (?campaign=&state=&recipient=&step=&obligation=&page=). */
export interface Filters {
  campaign: string;
  state: string;
  recipient: string;
  step: string;
  obligation: string;
  /** 1-based */
  page: number;
}

export interface View {
  ctx: Context;
  x: MailLogText;
  campaigns: Campaign[];
  /** the campaign filtered on, if any */
  campaign: Campaign | null;
  filters: Filters;
  /** instants are shown in it: the campaign's zone, else Asia/Shanghai */
  zone: string;
  log: MailLogPage;
  /** the mails in doubt (within the campaign filtered on), oldest problems first as the API gives them */
  uncertain: MailLogPage;
  pageSize: number;
}

/** A mail's step in words: reminders, overdue notices, escalation notices, digests; anything else as it is. */
export function stepLabel(x: MailLogText, step: string | null): string {
  if (!step) return '';
  const { steps } = x;
  if (
    step === 'reminder-due-day' ||
    step === 'overdue' ||
    step === 'escalation' ||
    step === 'catch-up' ||
    step === 'uncertain-mail-digest'
  )
    return steps[step];
  const [, n, unit] = /^reminder-(\d+)(wd|cd)$/.exec(step) ?? [];
  if (n !== undefined) return unit === 'wd' ? steps.wd(n) : steps.cd(n);
  const level = /^escalation-level-([123])$/.exec(step)?.[1];
  return level === undefined ? step : steps.level(level);
}

/** The item a mail is about in words (a monthly report, the year-end summary), else its key. */
export function obligationLabel(x: MailLogText, key: string | null): string {
  if (!key) return '';
  const month = /^monthly-report:(\d{4}-\d{2})$/.exec(key)?.[1];
  if (month) return x.monthlyReport(month);
  if (/^year-end-summary:\d{4}$/.test(key)) return `${x.yearEnd} ${key.slice(-4)}`;
  return key;
}

/** The colour of each state's tag (shell.css `tag-<kind>`, mail-log.css `tag-uncertain`). */
const TAG_KIND: Readonly<Record<string, string>> = {
  sent: 'done',
  failed: 'late',
  uncertain: 'uncertain',
  pending: 'open',
  sending: 'open',
};

/** The state as a coloured tag. */
export function stateTag(x: MailLogText, mail: Pick<MailEntry, 'state'>): HTMLSpanElement {
  const element = tag(labelOf(x.states, mail.state), labelOf(TAG_KIND, mail.state));
  element.dataset.state = mail.state;
  return element;
}
