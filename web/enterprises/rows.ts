// The enterprise register's read-only parts: the counts, and the list with each enterprise's recorded steps and the
// state the server gives it. The checkboxes (bulk) and the row forms (one by one) are drawn only for those who may
// record: office staff for their own office and the bureau.
import { h } from '../shared/dom.js';
import { localDate } from '../shared/format.js';
import { labelOf } from '../shared/shell-text.js';
import { note, panel, table, tag } from '../shared/ui.js';
import type { EnterpriseRow } from './api-types.js';
import { COPY_FIELDS, pageState, type View } from './view.js';

/** The office's figures, as the server counts them. */
export function countsPanel(view: View): HTMLElement {
  const { x, data } = view;
  const keys = [
    'total',
    'open',
    'noticesServed',
    'signed',
    'commitmentsComplete',
    'plansSubmitted',
    'selfAssessmentsSubmitted',
  ] as const;
  return panel(
    x.countsTitle,
    { id: 'counts' },
    h(
      'ul',
      { class: 'counts' },
      keys.map((key) =>
        h(
          'li',
          { 'data-count': key, class: key === 'open' && data.counts.open > 0 ? 'attention' : null },
          h('span', { class: 'figure' }, data.counts[key]),
          h('span', { class: 'label' }, x.counts[key]),
        ),
      ),
    ),
  );
}

/** A recorded instant as its local day, or a dash. */
function day(view: View, iso: string | null): string {
  return iso ? localDate(iso, view.zone) : view.x.notYet;
}

function enterpriseCell(view: View, e: EnterpriseRow): HTMLTableCellElement {
  const { x } = view;
  return h(
    'td',
    { class: 'enterprise' },
    h('span', { class: 'name' }, e.name),
    h(
      'span',
      { class: 'facts' },
      h('span', { class: 'code' }, e.code),
      ' ',
      tag(labelOf(x.sizeClass, e.sizeClass), 'size'),
      ' ',
      tag(labelOf(x.riskColour, e.riskColour), `risk-${e.riskColour}`),
    ),
  );
}

/** The commitment state, then what else the enterprise owes now (and whether it is overdue). */
function stateCell(view: View, e: EnterpriseRow): HTMLTableCellElement {
  const { x } = view;
  const filed = COPY_FIELDS.filter((f) => e.progress[f]).length;
  const owing = e.owing.map((o) =>
    o.kind === 'enterprise-commitment'
      ? o.overdue
        ? tag(x.overdue, 'late')
        : null
      : tag(
          o.overdue ? `${labelOf(x.owing, o.kind)} · ${x.overdue}` : labelOf(x.owing, o.kind),
          o.overdue ? 'late' : 'open',
        ),
  );
  return h(
    'td',
    { class: 'state' },
    tag(labelOf(x.state, e.state), `state-${e.state}`),
    e.state === 'awaiting-copies' ? h('span', { class: 'muted small' }, ` ${x.copiesFiled(filed)}`) : null,
    owing.some(Boolean) ? h('span', { class: 'owing' }, owing) : null,
  );
}

function noticeCell(view: View, e: EnterpriseRow): HTMLTableCellElement {
  const p = e.progress;
  return h(
    'td',
    { class: 'notice-served', 'data-step': 'notice', 'data-done': String(Boolean(p.noticeServedAt)) },
    h('span', { class: 'date' }, day(view, p.noticeServedAt)),
    p.noticeServedBy ? h('span', { class: 'muted small by' }, view.x.servedBy(p.noticeServedBy)) : null,
  );
}

function commitmentCell(view: View, e: EnterpriseRow): HTMLTableCellElement {
  const { x } = view;
  const p = e.progress;
  return h(
    'td',
    { class: 'commitment', 'data-step': 'signed', 'data-done': String(Boolean(p.signedAt)) },
    h('span', { class: 'date' }, day(view, p.signedAt)),
    p.signatory ? h('span', { class: 'muted small' }, x.signedBy(p.signatory)) : null,
    p.committedSelfAssessmentDate
      ? h('span', { class: 'muted small' }, x.committedDate(p.committedSelfAssessmentDate))
      : null,
  );
}

function copiesCell(view: View, e: EnterpriseRow): HTMLTableCellElement {
  const { x } = view;
  return h(
    'td',
    { class: 'copies' },
    h(
      'ul',
      { class: 'copies-list' },
      COPY_FIELDS.map((f) => {
        const at = e.progress[f];
        return h(
          'li',
          { 'data-copy': f, class: at ? 'filed' : 'missing' },
          h('span', { class: 'copy-name' }, x.copyShort[f]),
          ' ',
          h('span', { class: 'date' }, at ? localDate(at, view.zone) : x.notYet),
        );
      }),
    ),
  );
}

function planCell(view: View, e: EnterpriseRow): HTMLTableCellElement {
  const at = e.progress.planSubmittedAt;
  return h(
    'td',
    { class: 'plan', 'data-done': String(Boolean(at)) },
    at
      ? h('span', { class: 'date' }, localDate(at, view.zone))
      : h('span', { class: 'muted' }, view.x.dueBy(view.data.planDueDate)),
  );
}

function selfAssessmentCell(view: View, e: EnterpriseRow): HTMLTableCellElement {
  const at = e.progress.selfAssessmentSubmittedAt;
  return h(
    'td',
    { class: 'self-assessment', 'data-done': String(Boolean(at)) },
    at
      ? h('span', { class: 'date' }, localDate(at, view.zone))
      : h('span', { class: 'muted' }, view.x.dueBy(e.selfAssessmentDueDate)),
  );
}

/** The last bulk action's outcome for this enterprise, if it had one. */
function resultOf(e: EnterpriseRow): HTMLElement | null {
  const result = pageState.results.get(e.id);
  if (!result) return null;
  return h(
    'span',
    { class: `row-result ${result.ok ? 'ok' : 'failed'}`, 'data-result': result.ok ? 'ok' : 'failed' },
    result.message,
  );
}

export interface RowHooks {
  /** The checkbox of a row. */
  select(e: EnterpriseRow): HTMLInputElement;
  /** The button that opens the row's form. */
  edit(e: EnterpriseRow): HTMLButtonElement;
  /** The row holding the enterprise's open form, drawn under it (null when it is closed). */
  editRow(e: EnterpriseRow): HTMLTableRowElement | null;
}

/** The number of columns of the list for those who may record: an edit row spans them all. */
export const COLUMN_COUNT = 9;

/** The list: for those who may record (`hooks`), with a checkbox and a form button on every row. */
export function registerTable(view: View, hooks: RowHooks | null): HTMLElement {
  const c = view.x.columns;
  const rows = view.shown.flatMap((e) => {
    const row = h(
      'tr',
      {
        'data-enterprise': e.id,
        'data-code': e.code,
        'data-state': e.state,
        'data-open': String(e.open),
        'data-complete': String(e.commitmentComplete),
        class: pageState.selected.has(e.id) ? 'selected' : null,
      },
      hooks ? h('td', { class: 'select' }, hooks.select(e)) : null,
      enterpriseCell(view, e),
      stateCell(view, e),
      noticeCell(view, e),
      commitmentCell(view, e),
      copiesCell(view, e),
      planCell(view, e),
      selfAssessmentCell(view, e),
      hooks ? h('td', { class: 'actions' }, hooks.edit(e), resultOf(e)) : null,
    );
    const editRow = hooks?.editRow(e);
    return editRow ? [row, editRow] : [row];
  });
  const columns = [c.enterprise, c.state, c.notice, c.commitment, c.copies, c.plan, c.selfAssessment];
  return table(hooks ? [c.select, ...columns, c.actions] : columns, rows, { id: 'register-table' });
}

/** The list, or why it is empty; with the filter the digest mails' link sets (?open=1) and its toggle. */
export function registerPanel(view: View, bulk: HTMLElement | null, list: HTMLElement): HTMLElement {
  const { ctx, x, data } = view;
  const toggle = h(
    'button',
    { type: 'button', id: 'filter-toggle', 'aria-pressed': String(view.onlyOpen) },
    view.onlyOpen ? x.showAll(data.counts.total) : x.showOpen(data.counts.open),
  );
  toggle.addEventListener('click', () => {
    ctx.setParams({ open: view.onlyOpen ? null : '1' });
    void ctx.reload();
  });
  const empty =
    data.counts.total === 0
      ? note(x.noEnterprises)
      : view.shown.length === 0
        ? note(x.noneOpen, { id: 'none-open' })
        : null;
  return panel(
    x.registerTitle,
    { id: 'register' },
    h(
      'div',
      { class: 'filter' },
      view.onlyOpen ? note(x.showingOpen(view.shown.length, data.counts.total), { id: 'filter-note' }) : null,
      toggle,
    ),
    bulk,
    empty ?? list,
  );
}
