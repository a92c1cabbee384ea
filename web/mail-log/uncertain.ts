// The mails in doubt, at the top of the mail log: why they are in doubt and what to do, and for the bureau one form
// that settles several at once (POST /mail-log/uncertain/resolve: each chosen mail marked delivered or sent again).
// A mail that is no longer in doubt when the form is sent (409) is marked at its row.
import { ApiError, type ProblemField } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { wallTime } from '../shared/format.js';
import { labelOf } from '../shared/shell-text.js';
import { actionForm, buttons, note, panel, table } from '../shared/ui.js';
import type { MailEntry, Settled } from './api-types.js';
import type { MailLogText } from './text.js';
import { obligationLabel, stepLabel, type View } from './view.js';

type Choice = 'leave' | 'delivered' | 'resend';
const CHOICES: readonly Choice[] = ['leave', 'delivered', 'resend'];

/** The radio buttons of one mail: not yet, delivered, send again; named by the path a refusal gives it. */
function choiceGroup(x: MailLogText, mail: MailEntry): HTMLElement {
  const labels: Readonly<Record<Choice, string>> = { leave: x.leave, delivered: x.delivered, resend: x.resend };
  return h(
    'div',
    {
      class: 'choice',
      role: 'radiogroup',
      'aria-label': x.choiceFor(mail.recipient),
      'data-path': `mail:${mail.id}`,
      tabindex: -1,
    },
    CHOICES.map((value) =>
      h(
        'label',
        { class: `choice-${value}` },
        h('input', { type: 'radio', name: `settle-${mail.id}`, value, checked: value === 'leave' }),
        labels[value],
      ),
    ),
  );
}

/** The cells every row shows: planned for, recipient, subject, step (with its item), the error kept. */
function mailCells(view: View, mail: MailEntry): HTMLTableCellElement[] {
  const item = obligationLabel(view.x, mail.obligationKey);
  return [
    h('td', { class: 'nowrap' }, wallTime(mail.scheduledFor ?? mail.createdAt, view.zone)),
    h('td', { class: 'recipient' }, mail.recipient),
    h('td', { class: 'subject-cell' }, mail.subject),
    h(
      'td',
      {},
      stepLabel(view.x, mail.step),
      item ? h('span', { class: 'item', title: mail.obligationKey ?? '' }, item) : null,
    ),
    h('td', { class: 'problem' }, mail.lastError ?? ''),
  ];
}

/**
 * A 409 names the mails that are no longer in doubt ("<id> (<state>)"): each is shown at its row, in the page's
 * language. Any other refusal is passed on as it is.
 */
function atRows(x: MailLogText, error: unknown, mails: readonly MailEntry[]): unknown {
  if (!(error instanceof ApiError) || error.status !== 409) return error;
  const fields: ProblemField[] = mails.flatMap((m) => {
    const state = new RegExp(`${m.id} \\(([^)]*)\\)`).exec(error.message)?.[1];
    return state === undefined ? [] : [{ path: `mail:${m.id}`, message: x.notUncertainNow(labelOf(x.states, state)) }];
  });
  return fields.length > 0 ? new ApiError(error.status, error.message, fields) : error;
}

/** The bureau's form: a choice per mail, buttons to choose the same for all, and one submit. */
function settleForm(view: View, mails: readonly MailEntry[]): HTMLFormElement {
  const { ctx, x } = view;
  const rows = mails.map((m) =>
    h('tr', { 'data-mail': m.id, 'data-state': m.state }, h('td', {}, choiceGroup(x, m)), mailCells(view, m)),
  );
  const chooseAll = (value: Choice) => {
    const button = h(
      'button',
      { type: 'button', class: `choose-all choose-all-${value}` },
      { leave: x.noneChosen, delivered: x.allDelivered, resend: x.allResend }[value],
    );
    button.addEventListener('click', () => {
      for (const input of form.querySelectorAll<HTMLInputElement>(`input[type="radio"][value="${value}"]`))
        input.checked = true;
    });
    return button;
  };
  const form = actionForm(
    { id: 'settle-form' },
    table([x.choice, x.planned, x.recipient, x.subject, x.step, x.problem], rows, { id: 'uncertain-table' }),
    h(
      'div',
      { class: 'choose-all-row', 'data-path': 'delivered' },
      chooseAll('delivered'),
      chooseAll('resend'),
      chooseAll('leave'),
    ),
    buttons(h('button', { type: 'submit', class: 'primary', id: 'settle' }, x.settle)),
  );
  return ctx.action(form, async (data) => {
    const chosen = (value: Choice) => mails.filter((m) => data.get(`settle-${m.id}`) === value).map((m) => m.id);
    let answer: Settled;
    try {
      answer = await ctx.api<Settled>('/mail-log/uncertain/resolve', {
        method: 'POST',
        json: { delivered: chosen('delivered'), resend: chosen('resend') },
      });
    } catch (error) {
      throw atRows(x, error, mails);
    }
    const resent = (state: string) => answer.resent.filter((r) => r.state === state).length;
    return x.settled(answer.delivered, resent('sent'), resent('failed'), resent('uncertain'));
  });
}

/** The panel at the top: the mails in doubt and what to do, or a line saying there are none. */
export function uncertainPanel(view: View): HTMLElement {
  const { ctx, x, uncertain } = view;
  const mails = uncertain.entries;
  if (mails.length === 0) {
    return panel(x.uncertainNoneTitle, { id: 'uncertain', class: 'panel calm' }, note(x.noUncertain));
  }
  const more = uncertain.total > mails.length ? note(x.moreUncertain(mails.length, uncertain.total)) : null;
  const body = ctx.isBureau
    ? [
        h(
          'ol',
          { class: 'what-to-do' },
          x.whatToDo.map((step) => h('li', {}, step)),
        ),
        more,
        settleForm(view, mails),
      ]
    : [
        note(ctx.role === 'office-staff' ? x.bureauAsks : x.bureauSettles, { class: 'note read-only' }),
        more,
        table(
          [x.planned, x.recipient, x.subject, x.step, x.problem],
          mails.map((m) => h('tr', { 'data-mail': m.id, 'data-state': m.state }, mailCells(view, m))),
          { id: 'uncertain-table' },
        ),
      ];
  const title = x.uncertainTitle(uncertain.total);
  return panel(title, { id: 'uncertain', class: 'panel attention' }, note(x.uncertainWhy), ...body);
}
