// The mail log itself: the filters of GET /mail-log (campaign, state, recipient, step, item) kept in the address,
// one page of mails with their state and error, paging, and for the bureau "send again" on a mail in doubt
// (POST /mail-log/:id/resend; the API sends again only a mail in doubt: a failed one is retried by its step).
import { h } from '../shared/dom.js';
import { field } from '../shared/forms.js';
import { wallTime } from '../shared/format.js';
import { labelOf } from '../shared/shell-text.js';
import { actionForm, buttons, note, panel, table } from '../shared/ui.js';
import type { MailEntry } from './api-types.js';
import { MAIL_STATES } from './text.js';
import { obligationLabel, stateTag, stepLabel, type View } from './view.js';

/** The step keys the engine writes, offered in the step filter. */
const KNOWN_STEPS = [
  'reminder-3wd',
  'reminder-1wd',
  'reminder-due-day',
  'overdue',
  'escalation',
  'escalation-level-1',
  'escalation-level-2',
  'escalation-level-3',
  'catch-up',
  'uncertain-mail-digest',
];

/** A form value as text ('' for none). */
function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** The filters: applied by writing them into the address and drawing the page again (from its first page). */
export function filtersForm(view: View): HTMLElement {
  const { ctx, x, filters } = view;
  const campaignSelect = h(
    'select',
    { name: 'campaign', id: 'filter-campaign' },
    h('option', { value: '' }, x.allCampaigns),
    view.campaigns.map((c) =>
      h('option', { value: c.id, selected: c.id === filters.campaign }, `${c.name} · ${c.year}`),
    ),
  );
  const stateSelect = h(
    'select',
    { name: 'state', id: 'filter-state' },
    h('option', { value: '' }, x.allStates),
    MAIL_STATES.map((s) => h('option', { value: s, selected: s === filters.state }, labelOf(x.states, s))),
  );
  const steps = h(
    'datalist',
    { id: 'known-steps' },
    KNOWN_STEPS.map((s) => h('option', { value: s }, stepLabel(x, s))),
  );
  const input = (name: string, id: string, value: string, extra: Record<string, string> = {}) =>
    h('input', { type: 'text', name, id, value, spellcheck: 'false', autocomplete: 'off', ...extra });
  const form = h(
    'form',
    { id: 'filters', class: 'filters', role: 'search', 'aria-label': x.filtersTitle },
    h(
      'div',
      { class: 'fields' },
      field(x.campaignFilter, campaignSelect),
      field(x.stateFilter, stateSelect),
      field(
        x.recipientFilter,
        input('recipient', 'filter-recipient', filters.recipient, { inputmode: 'email' }),
        x.recipientHint,
      ),
      field(x.stepFilter, input('step', 'filter-step', filters.step, { list: 'known-steps' })),
      field(x.obligationFilter, input('obligation', 'filter-obligation', filters.obligation), x.obligationHint),
    ),
    steps,
    buttons(
      h('button', { type: 'submit', class: 'primary', id: 'apply-filters' }, x.apply),
      h('button', { type: 'reset', id: 'clear-filters' }, x.clear),
    ),
  );
  const apply = (values: Record<string, string>) => {
    ctx.setParams({ ...values, page: null });
    void ctx.reload();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    apply({
      campaign: text(data, 'campaign'),
      state: text(data, 'state'),
      recipient: text(data, 'recipient'),
      step: text(data, 'step'),
      obligation: text(data, 'obligation'),
    });
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    apply({ campaign: '', state: '', recipient: '', step: '', obligation: '' });
  });
  return form;
}

/**
 * "Send again" for one mail in doubt or refused (the bureau only); the answer, the mail as stored now (failed again
 * with the server's error if it refused once more), goes to the status line.
 */
function resendOneForm(view: View, mail: MailEntry): HTMLFormElement | null {
  const { ctx, x } = view;
  if (!ctx.isBureau || (mail.state !== 'uncertain' && mail.state !== 'failed')) return null;
  const form = actionForm(
    { class: 'action-form inline resend-one', 'data-mail': mail.id },
    h('button', { type: 'submit', 'aria-label': x.resendOneFor(mail.recipient) }, x.resendOne),
  );
  return ctx.action(form, async () => {
    const answer = await ctx.api<MailEntry>(`/mail-log/${encodeURIComponent(mail.id)}/resend`, { method: 'POST' });
    return x.resentOne(answer.recipient, labelOf(x.states, answer.state));
  });
}

function mailRow(view: View, mail: MailEntry): HTMLTableRowElement {
  const { x, zone } = view;
  const item = obligationLabel(x, mail.obligationKey);
  const trouble = mail.state === 'failed' || mail.state === 'uncertain';
  return h(
    'tr',
    { 'data-mail': mail.id, 'data-state': mail.state, class: `row-${mail.state}` },
    h('td', { class: 'nowrap' }, wallTime(mail.scheduledFor, zone) || '—'),
    h('td', { class: 'recipient' }, mail.recipient),
    h('td', { class: 'subject-cell' }, mail.subject),
    h(
      'td',
      {},
      stepLabel(x, mail.step),
      item ? h('span', { class: 'item', title: mail.obligationKey ?? '' }, item) : null,
    ),
    h('td', {}, stateTag(x, mail), h('span', { class: 'item' }, x.attempts(mail.attempts))),
    h('td', { class: 'nowrap' }, wallTime(mail.sentAt, zone)),
    h(
      'td',
      { class: trouble ? 'problem' : 'answer' },
      (trouble ? mail.lastError : (mail.lastError ?? mail.smtpResponse)) ?? '',
    ),
    ...(view.ctx.isBureau ? [h('td', { class: 'actions' }, resendOneForm(view, mail))] : []),
  );
}

/** "1–50 of 120" and the buttons to the pages before and after. */
function pager(view: View): HTMLElement | null {
  const { ctx, x, log, filters, pageSize } = view;
  if (log.total === 0) return null;
  const from = (filters.page - 1) * pageSize + 1;
  const to = from + log.entries.length - 1;
  const go = (page: number) => {
    const button = h(
      'button',
      { type: 'button', class: page < filters.page ? 'page-previous' : 'page-next' },
      page < filters.page ? x.previous : x.next,
    );
    button.disabled = page < 1 || (page > filters.page && to >= log.total);
    button.addEventListener('click', () => {
      ctx.setParams({ page: page > 1 ? String(page) : null });
      void ctx.reload();
    });
    return button;
  };
  return h(
    'div',
    { class: 'pager' },
    h('span', { class: 'range', id: 'log-range' }, x.range(from, to, log.total)),
    go(filters.page - 1),
    go(filters.page + 1),
  );
}

/** What each state means. */
function stateHelp(view: View): HTMLElement {
  const { x } = view;
  return h(
    'details',
    { class: 'state-help', id: 'state-help' },
    h('summary', {}, x.stateHelpTitle),
    h(
      'dl',
      { class: 'facts' },
      MAIL_STATES.flatMap((s) => [h('dt', {}, stateTag(x, { state: s })), h('dd', {}, x.stateHelp[s])]),
    ),
  );
}

export function logPanel(view: View): HTMLElement {
  const { ctx, x, log } = view;
  const columns = [x.planned, x.recipient, x.subject, x.step, x.state, x.sentAt, x.problem];
  return panel(
    x.logTitle,
    { id: 'log' },
    filtersForm(view),
    pager(view),
    log.entries.length === 0
      ? note(x.noMails, { id: 'no-mails' })
      : table(
          ctx.isBureau ? [...columns, x.action] : columns,
          log.entries.map((m) => mailRow(view, m)),
          { id: 'log-table' },
        ),
    stateHelp(view),
  );
}
