// Recording one step for several enterprises at once: the rows ticked in the list, a step and a date (and who served
// the notice), sent as one PUT per enterprise. Each enterprise's outcome is kept and shown on its row and, for those
// refused, listed above the list with the server's reason; they stay ticked. Nothing is left out silently: a refusal
// of the form itself (a missing date or name) stops it before anything is stored and is shown at its field.
import { ApiError, AuthError, type ProblemField } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { field, uniqueId } from '../shared/forms.js';
import { startOfLocalDay } from '../shared/local-day.js';
import { labelOf } from '../shared/shell-text.js';
import { actionForm, buttons } from '../shared/ui.js';
import type { EnterpriseRow, ProgressField } from './api-types.js';
import type { BulkStep, EnterprisesText } from './text.js';
import { pageState, progressUrl, type RowResult, type View } from './view.js';

/** What each step records: the date in these fields, and for the notice who served it. */
const STEPS: Readonly<Record<BulkStep, { dates: readonly [ProgressField, ...ProgressField[]]; by?: ProgressField }>> = {
  notice: { dates: ['noticeServedAt'], by: 'noticeServedBy' },
  copyArchive: { dates: ['copyArchiveAt'] },
  copyNoticeBoard: { dates: ['copyNoticeBoardAt'] },
  copyTownship: { dates: ['copyTownshipAt'] },
  copyCounty: { dates: ['copyCountyAt'] },
  copies: { dates: ['copyArchiveAt', 'copyNoticeBoardAt', 'copyTownshipAt', 'copyCountyAt'] },
  plan: { dates: ['planSubmittedAt'] },
  selfAssessment: { dates: ['selfAssessmentSubmittedAt'] },
};
const STEP_KEYS = Object.keys(STEPS) as BulkStep[];

/** A form value as text ('' for none). */
function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

function isStep(value: string): value is BulkStep {
  return Object.prototype.hasOwnProperty.call(STEPS, value);
}

/** Why one enterprise's PUT was refused, in words: each field named by the server, with its message. */
export function failureMessage(x: EnterprisesText, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return x.networkFailure;
    if (error.errors.length > 0)
      return error.errors.map((e) => x.problem(labelOf(x.fields, e.path), e.message)).join('; ');
    return error.message || String(error.status);
  }
  return error instanceof Error ? error.message : String(error);
}

/** The rows ticked that are shown, in the list's order. */
function selectedRows(view: View): EnterpriseRow[] {
  return view.shown.filter((e) => pageState.selected.has(e.id));
}

/** Ticks or unticks a row (its checkbox, its class, the page's state) and updates the count in the form. */
export function setSelected(view: View, e: EnterpriseRow, on: boolean): void {
  if (on) pageState.selected.add(e.id);
  else pageState.selected.delete(e.id);
  const row = document.querySelector<HTMLTableRowElement>(`tr[data-enterprise="${CSS.escape(e.id)}"]`);
  row?.classList.toggle('selected', on);
  const box = row?.querySelector<HTMLInputElement>('input.select-row');
  if (box) box.checked = on;
  const count = document.getElementById('selected-count');
  if (count) count.textContent = view.x.selectedCount(selectedRows(view).length);
}

/** A row's checkbox. */
export function selectBox(view: View, e: EnterpriseRow): HTMLInputElement {
  const box = h('input', {
    type: 'checkbox',
    class: 'select-row',
    'aria-label': view.x.select(e.name),
    checked: pageState.selected.has(e.id),
  });
  box.addEventListener('change', () => setSelected(view, e, box.checked));
  return box;
}

/**
 * A refusal of the first PUT that names only the form's own fields (400: the date or the name is malformed or
 * missing) is the form's, not the enterprise's: shown at the field, with the four copies' dates at the one date.
 */
function formRefusal(error: unknown, step: (typeof STEPS)[BulkStep]): ApiError | null {
  if (!(error instanceof ApiError) || error.status !== 400 || error.errors.length === 0) return null;
  const own = new Set<string>([...step.dates, ...(step.by ? [step.by] : [])]);
  if (!error.errors.every((e) => own.has(e.path))) return null;
  const seen = new Set<string>();
  const errors: ProblemField[] = [];
  for (const e of error.errors) {
    const path = step.dates.includes(e.path as ProgressField) ? step.dates[0] : e.path;
    if (seen.has(`${path}|${e.message}`)) continue;
    seen.add(`${path}|${e.message}`);
    errors.push({ path, message: e.message });
  }
  return new ApiError(error.status, error.message, errors);
}

/** Sends the step for each enterprise in turn; returns each one's outcome. */
async function sendAll(
  view: View,
  rows: EnterpriseRow[],
  body: Record<string, string>,
  step: (typeof STEPS)[BulkStep],
  progress: HTMLElement,
): Promise<Map<string, RowResult>> {
  const { ctx, x } = view;
  const results = new Map<string, RowResult>();
  try {
    for (const [i, e] of rows.entries()) {
      progress.textContent = x.bulkProgress(i, rows.length);
      try {
        await ctx.api(progressUrl(view, e.id), { method: 'PUT', json: body });
        results.set(e.id, { name: e.name, code: e.code, ok: true, message: x.rowSaved });
      } catch (error) {
        if (error instanceof AuthError) throw error;
        const refusal = results.size === 0 ? formRefusal(error, step) : null;
        if (refusal) throw refusal; // nothing was stored: the form is wrong, not the enterprise
        results.set(e.id, { name: e.name, code: e.code, ok: false, message: failureMessage(x, error) });
      }
    }
  } finally {
    progress.textContent = '';
  }
  return results;
}

/** The last bulk action's refusals, each enterprise with the server's reason (or nothing when all were saved). */
function failuresList(view: View): HTMLElement | null {
  const failed = [...pageState.results.values()].filter((r) => !r.ok);
  if (failed.length === 0) return null;
  return h(
    'div',
    { class: 'bulk-failures', id: 'bulk-failures', role: 'alert' },
    h('p', {}, view.x.bulkFailuresTitle(failed.length)),
    h(
      'ul',
      {},
      failed.map((r) => h('li', { 'data-code': r.code }, h('strong', {}, `${r.name}（${r.code}）`), ' ', r.message)),
    ),
  );
}

/** The bulk form, above the list. */
export function bulkForm(view: View): HTMLElement {
  const { ctx, x } = view;
  const last = pageState.bulk;
  const stepSelect = h(
    'select',
    { name: 'step', id: 'bulk-step' },
    STEP_KEYS.map((key) => h('option', { value: key, selected: key === last.step }, x.bulkSteps[key])),
  );
  const date = h('input', {
    type: 'date',
    name: 'date',
    id: 'bulk-date',
    'data-path': 'noticeServedAt',
    value: last.date,
  });
  const by = h('input', {
    type: 'text',
    name: 'by',
    id: 'bulk-by',
    'data-path': 'noticeServedBy',
    maxlength: 100,
    autocomplete: 'off',
    value: last.by,
  });
  const byField = field(x.bulkBy, by);
  const sync = () => {
    const step = STEPS[isStep(stepSelect.value) ? stepSelect.value : 'notice'];
    date.setAttribute('data-path', step.dates[0]);
    byField.hidden = !step.by;
  };
  stepSelect.addEventListener('change', sync);
  sync();
  const selectOpen = h('button', { type: 'button', id: 'select-open' }, x.selectOpen);
  selectOpen.addEventListener('click', () => {
    for (const e of view.shown) if (e.open) setSelected(view, e, true);
  });
  const selectNone = h('button', { type: 'button', id: 'select-none' }, x.selectNone);
  selectNone.addEventListener('click', () => {
    for (const e of view.shown) setSelected(view, e, false);
  });
  const progress = h('output', { id: 'bulk-progress', class: 'muted', 'aria-live': 'polite' });
  const titleId = uniqueId('bulk-title');
  const form = actionForm(
    { id: 'bulk-form', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, x.bulkTitle),
    h('p', { class: 'hint' }, x.bulkHint),
    h(
      'div',
      { class: 'selection' },
      h('span', { id: 'selected-count', class: 'selected-count' }, x.selectedCount(selectedRows(view).length)),
      selectOpen,
      selectNone,
    ),
    h('div', { class: 'fields' }, field(x.bulkStep, stepSelect), field(x.bulkDate, date), byField),
    buttons(h('button', { type: 'submit', class: 'primary', id: 'bulk-submit' }, x.bulkButton), progress),
  );
  ctx.action(form, async (data) => {
    const rows = selectedRows(view);
    if (rows.length === 0) throw new ApiError(400, x.noneSelected);
    const stepKey = text(data, 'step');
    const step = STEPS[isStep(stepKey) ? stepKey : 'notice'];
    const day = text(data, 'date');
    const at = day ? startOfLocalDay(day, view.zone) : '';
    const body: Record<string, string> = Object.fromEntries(step.dates.map((f) => [f, at]));
    if (step.by) body[step.by] = text(data, 'by').trim();
    pageState.bulk = { step: stepKey, date: day, by: text(data, 'by') };
    const results = await sendAll(view, rows, body, step, progress);
    pageState.results = results;
    pageState.selected = new Set([...results].filter(([, r]) => !r.ok).map(([id]) => id));
    const failed = [...results.values()].filter((r) => !r.ok).length;
    return x.bulkDone(results.size - failed, failed);
  });
  return h('div', { class: 'bulk', id: 'bulk' }, form, failuresList(view));
}
