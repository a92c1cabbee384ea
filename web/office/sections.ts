// The office page's read-only parts: what is due next, what is late (with its extension), the phase tasks, the
// extension requests, the open escalations and the next mails. Each draws what the API answered; the forms that
// act on them come from actions.ts.
import type { Escalation } from '../shared/api-types.js';
import { h } from '../shared/dom.js';
import { daysBetween, deadlineDay, localDate, wallTime } from '../shared/format.js';
import { labelOf } from '../shared/shell-text.js';
import { note, panel, table, tag } from '../shared/ui.js';
import type { Extension, ObligationStatus } from './api-types.js';
import { stepLabel } from './text.js';
import type { View } from './view.js';

/** The newest extension request of each obligation. */
export function latestExtensions(extensions: readonly Extension[]): Map<string, Extension> {
  return new Map(extensions.map((e) => [e.obligationKey, e]));
}

function extensionCell(o: ObligationStatus, latest: Extension | undefined, { x }: View): HTMLElement {
  const cell = h('td', { class: 'extension' });
  if (o.extended) cell.append(tag(x.extendedFrom(o.originalDueDate), 'extended'), ' ');
  if (latest) {
    const state = labelOf(x.extensionState, latest.status);
    cell.append(tag(x.extensionTo(state, latest.requestedDueDate), `extension-${latest.status}`));
  }
  return cell;
}

export function dueNextPanel(view: View): HTMLElement {
  const { x, status, zone } = view;
  const today = localDate(status.asOf, zone);
  const next = status.nextDeadline;
  const upcoming = status.obligations
    .filter((o) => o.state === 'open')
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
    .slice(1, 5);
  return panel(
    x.dueNextTitle,
    { id: 'due-next' },
    next
      ? h(
          'p',
          { class: 'headline', 'data-obligation': next.key },
          x.dueNext(next.title, next.dueDate),
          ' ',
          tag(x.daysLeft(daysBetween(today, next.dueDate)), 'open'),
        )
      : note(x.nothingOpen),
    upcoming.length > 0
      ? h(
          'ul',
          { class: 'plain', 'aria-label': x.comingUp },
          upcoming.map((o) => h('li', { 'data-obligation': o.key }, `${o.title} · ${x.dueDate} ${o.dueDate}`)),
        )
      : null,
  );
}

export function latePanel(view: View, requestForm: HTMLElement | null): HTMLElement {
  const { x, status } = view;
  const latest = latestExtensions(view.extensions);
  const rows = status.lateItems.map((o) =>
    h(
      'tr',
      { 'data-obligation': o.key, 'data-state': o.state },
      h('td', {}, o.title),
      h('td', { class: 'nowrap' }, o.dueDate),
      h('td', { class: 'number' }, o.daysLate),
      h('td', {}, tag(labelOf(x.obligationState, o.state), o.state)),
      extensionCell(o, latest.get(o.key), view),
    ),
  );
  return panel(
    x.lateTitle,
    { id: 'late' },
    rows.length === 0
      ? note(x.noneLate)
      : table([x.item, x.dueDate, x.daysLate, x.state, x.extension], rows, { id: 'late-table' }),
    requestForm,
  );
}

export function phasePanel(view: View, markDone: (o: ObligationStatus) => HTMLElement | null): HTMLElement | null {
  const { x, zone } = view;
  const phases = view.status.obligations.filter((o) => o.kind === 'phase');
  if (phases.length === 0) return null;
  const rows = phases.map((o) =>
    h(
      'tr',
      { 'data-obligation': o.key, 'data-state': o.state },
      h('td', {}, o.title),
      h('td', { class: 'nowrap' }, o.dueDate),
      h(
        'td',
        {},
        tag(labelOf(x.obligationState, o.state), o.state),
        o.doneAt ? h('span', { class: 'muted' }, ` ${x.doneAt(wallTime(o.doneAt, zone))}`) : null,
      ),
      h('td', {}, o.state === 'done' ? null : markDone(o)),
    ),
  );
  return panel(x.phaseTitle, { id: 'phases' }, table([x.item, x.dueDate, x.state, ''], rows, { id: 'phase-table' }));
}

export function extensionsPanel(view: View, decide: (e: Extension) => HTMLElement | null): HTMLElement {
  const { x, zone } = view;
  const titles = new Map(view.status.obligations.map((o) => [o.key, o.title]));
  const rows = [...view.extensions]
    .reverse()
    .map((e) =>
      h(
        'tr',
        { 'data-extension': e.id, 'data-obligation': e.obligationKey, 'data-status': e.status },
        h('td', {}, titles.get(e.obligationKey) ?? e.obligationKey),
        h('td', { class: 'nowrap' }, e.requestedDueDate),
        h('td', {}, e.reason, h('div', { class: 'muted' }, `${x.requestedBy}: ${e.requestedBy}`)),
        h(
          'td',
          {},
          tag(labelOf(x.extensionState, e.status), `extension-${e.status}`),
          e.decidedBy
            ? h(
                'div',
                { class: 'muted' },
                x.decidedBy(e.decidedBy, wallTime(e.decidedAt, zone)),
                e.decisionNote ? ` · ${e.decisionNote}` : null,
              )
            : null,
          e.status === 'requested' ? decide(e) : null,
        ),
      ),
    );
  return panel(
    x.extensionsTitle,
    { id: 'extensions' },
    rows.length === 0
      ? note(x.noExtensions)
      : table([x.item, x.requestedDueDate, x.reason, x.decision], rows, { id: 'extensions-table' }),
  );
}

export function escalationsPanel(view: View, acknowledge: (e: Escalation) => HTMLElement | null): HTMLElement {
  const { ctx, x, zone } = view;
  const rows = view.escalations.map((e) =>
    h(
      'tr',
      { 'data-escalation': e.id, 'data-level': e.level },
      h('td', { class: 'nowrap' }, tag(labelOf(ctx.shell.levels, e.level), `level-${e.level}`)),
      h('td', {}, e.reason),
      h('td', { class: 'nowrap ack-by' }, deadlineDay(e.ackBy, zone)),
      h(
        'td',
        {},
        e.acknowledgedAt
          ? h('span', { class: 'muted' }, x.acknowledgedBy(e.acknowledgedBy ?? '', wallTime(e.acknowledgedAt, zone)))
          : acknowledge(e),
        ' ',
        h(
          'a',
          {
            href: ctx.href('/app/escalation', { campaign: view.campaign.id, office: view.office.id, id: e.id }),
            class: 'details',
          },
          x.details,
        ),
      ),
    ),
  );
  return panel(
    x.escalationsTitle,
    { id: 'escalations' },
    rows.length === 0
      ? note(x.noEscalations)
      : table([x.level, x.escalateReason, x.ackBy, x.state], rows, { id: 'escalations-table' }),
  );
}

export function mailsPanel(view: View): HTMLElement {
  const { x, mails } = view;
  const noteText = labelOf({ draft: x.draftMails, finished: x.finishedMails }, mails.campaignStatus);
  const remark = noteText !== mails.campaignStatus ? note(noteText) : null;
  const rows = mails.items.map((m) =>
    h(
      'tr',
      { 'data-obligation': m.obligationKey, 'data-step': m.step },
      h('td', { class: 'nowrap' }, `${m.at.slice(0, 10)} ${m.at.slice(11, 16)}`),
      h(
        'td',
        {},
        m.title,
        m.openEnterprises === null ? null : h('span', { class: 'muted' }, ` · ${x.digest(m.openEnterprises)}`),
      ),
      h('td', {}, stepLabel(m.step, x)),
      h('td', { class: 'recipients' }, m.recipients.join(', ')),
    ),
  );
  return panel(
    x.mailsTitle,
    { id: 'mails' },
    remark,
    rows.length === 0 ? note(x.noMails) : table([x.when, x.item, x.step, x.recipients], rows, { id: 'mails-table' }),
  );
}
