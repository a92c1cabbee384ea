// The office page's actions, each a real form sent to the JSON API; the server's refusals are shown at the fields
// (data-path = the path the API names). Only rendered for users who may act: office staff for their own office and
// the bureau (extension requests, phase tasks, acknowledgements); the bureau alone escalates and decides.
import type { Escalation } from '../shared/api-types.js';
import { h } from '../shared/dom.js';
import { field } from '../shared/forms.js';
import { labelOf } from '../shared/shell-text.js';
import { actionForm, buttons, panel } from '../shared/ui.js';
import type { Extension, ObligationStatus } from './api-types.js';
import type { View } from './view.js';

/** A form value as the API takes it: the text, or undefined for an empty optional one. */
function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/** An office obligation still open, as the extension form and the escalation form offer it. */
function obligationOptions(view: View, selected: string | undefined): HTMLOptionElement[] {
  const { x } = view;
  const order = { late: 0, overdue: 1, open: 2, done: 3 } as const;
  return view.status.obligations
    .filter((o) => o.state !== 'done')
    .sort((a, b) => order[a.state] - order[b.state] || a.dueDate.localeCompare(b.dueDate))
    .map((o) =>
      h(
        'option',
        { value: o.key, selected: o.key === selected },
        `${o.title}（${x.dueDate} ${o.dueDate}，${labelOf(x.obligationState, o.state)}）`,
      ),
    );
}

/** POST …/offices/:officeId/extensions: the office asks for more time on one of its obligations. */
export function requestExtensionForm(view: View): HTMLElement | null {
  const { ctx, x } = view;
  if (!view.canWrite) return null;
  const options = obligationOptions(view, view.status.lateItems[0]?.key);
  if (options.length === 0) return null;
  const form = actionForm(
    { id: 'extension-form', 'aria-labelledby': 'extension-form-title' },
    h('h3', { id: 'extension-form-title' }, x.requestTitle),
    h('p', { class: 'hint' }, x.requestHint),
    h(
      'div',
      { class: 'fields' },
      field(
        x.obligation,
        h('select', { name: 'obligationKey', 'data-path': 'obligationKey', required: true }, options),
      ),
      field(
        x.requestedDueDate,
        h('input', { type: 'date', name: 'requestedDueDate', 'data-path': 'requestedDueDate', required: true }),
      ),
    ),
    field(x.reason, h('textarea', { name: 'reason', 'data-path': 'reason', rows: 2, maxlength: 1000, required: true })),
    buttons(h('button', { type: 'submit', class: 'primary' }, x.requestButton)),
  );
  return ctx.action(form, async (data) => {
    await ctx.api(`${view.base}/offices/${encodeURIComponent(view.office.id)}/extensions`, {
      method: 'POST',
      json: {
        obligationKey: text(data, 'obligationKey'),
        requestedDueDate: text(data, 'requestedDueDate'),
        reason: text(data, 'reason').trim(),
      },
    });
    return x.requested;
  });
}

/** POST …/obligations/phase:<key>/complete: the office marks a phase task done. */
export function markDoneForm(view: View, o: ObligationStatus): HTMLElement | null {
  const { ctx, x } = view;
  if (!view.canWrite) return null;
  const form = actionForm(
    { class: 'action-form inline', 'data-obligation': o.key },
    h('button', { type: 'submit', 'aria-label': `${x.markDone}：${o.title}` }, x.markDone),
  );
  return ctx.action(form, async () => {
    const office = encodeURIComponent(view.office.id);
    await ctx.api(`${view.base}/offices/${office}/obligations/${encodeURIComponent(o.key)}/complete`, {
      method: 'POST',
    });
    return x.markedDone;
  });
}

/** POST /escalations/:id/acknowledge: the office (or the bureau) acknowledges an open escalation. */
export function acknowledgeForm(view: View, e: Escalation): HTMLElement | null {
  const { ctx, x } = view;
  if (!view.canWrite) return null;
  const form = actionForm(
    { class: 'action-form inline', 'data-escalation': e.id },
    h('button', { type: 'submit', class: 'primary' }, x.acknowledge),
  );
  return ctx.action(form, async () => {
    await ctx.api(`/escalations/${encodeURIComponent(e.id)}/acknowledge`, { method: 'POST' });
    return x.acknowledged;
  });
}

/** POST /extensions/:id/decision: the bureau approves or rejects a pending request, with an optional note. */
export function decideForm(view: View, e: Extension): HTMLElement | null {
  const { ctx, x } = view;
  if (!ctx.isBureau) return null;
  const form = actionForm(
    { class: 'action-form decide', 'data-extension': e.id },
    field(x.note, h('input', { type: 'text', name: 'note', 'data-path': 'note', maxlength: 1000 })),
    buttons(
      h('button', { type: 'submit', name: 'approve', value: 'true', class: 'primary' }, x.approve),
      h('button', { type: 'submit', name: 'approve', value: 'false' }, x.reject),
    ),
  );
  return ctx.action(form, async (data, submitter) => {
    const approve = submitter?.value === 'true';
    const note = text(data, 'note').trim();
    await ctx.api(`/extensions/${encodeURIComponent(e.id)}/decision`, {
      method: 'POST',
      json: { approve, ...(note ? { note } : {}) },
    });
    return approve ? x.approved : x.rejected;
  });
}

/** POST /campaigns/:id/offices/:officeId/escalations: the bureau escalates this office (约谈, 通报 …). */
export function escalateForm(view: View): HTMLElement | null {
  const { ctx, x } = view;
  if (!ctx.isBureau) return null;
  const levels = ([2, 3, 1] as const).map((level) => h('option', { value: level }, labelOf(ctx.shell.levels, level)));
  const form = actionForm(
    { id: 'escalate-form' },
    h('p', { class: 'hint' }, x.escalateHint),
    h(
      'div',
      { class: 'fields' },
      field(x.level, h('select', { name: 'level', 'data-path': 'level' }, levels)),
      field(x.escalateAckBy, h('input', { type: 'date', name: 'ackBy', 'data-path': 'ackBy' }), x.escalateAckByHint),
    ),
    field(
      x.relatedObligation,
      h(
        'select',
        { name: 'obligationKey', 'data-path': 'obligationKey' },
        h('option', { value: '' }, x.none),
        obligationOptions(view, undefined),
      ),
    ),
    field(
      x.escalateReason,
      h('textarea', { name: 'reason', 'data-path': 'reason', rows: 2, maxlength: 1000, required: true }),
    ),
    buttons(h('button', { type: 'submit', class: 'primary' }, x.escalateButton)),
  );
  ctx.action(form, async (data) => {
    const ackBy = text(data, 'ackBy');
    const obligationKey = text(data, 'obligationKey');
    await ctx.api(`${view.base}/offices/${encodeURIComponent(view.office.id)}/escalations`, {
      method: 'POST',
      json: {
        level: Number(text(data, 'level')),
        reason: text(data, 'reason').trim(),
        ...(ackBy ? { ackBy } : {}),
        ...(obligationKey ? { obligationKey } : {}),
      },
    });
    return x.escalated;
  });
  return panel(x.escalateTitle, { id: 'escalate' }, form);
}
