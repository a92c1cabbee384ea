// Recording one enterprise's progress: a row of the list opens a small form with every step's date (and who served
// the notice, who signed, the committed self-assessment date), saved with one PUT of the fields changed. The server
// judges: its refusals are shown at their fields (data-path = the field's name in the PUT body).
import { ApiError, type ProblemField } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { localDate } from '../shared/format.js';
import { field } from '../shared/forms.js';
import { startOfLocalDay } from '../shared/local-day.js';
import { actionForm, buttons } from '../shared/ui.js';
import type { EnterpriseRow, ProgressField } from './api-types.js';
import { COLUMN_COUNT } from './rows.js';
import { INSTANT_FIELDS, pageState, progressUrl, type View } from './view.js';

/** The form's parts: each a legend and its fields, in the order the steps are done. */
const GROUPS: readonly { group: 'notice' | 'commitment' | 'copies' | 'later'; fields: readonly ProgressField[] }[] = [
  { group: 'notice', fields: ['noticeServedAt', 'noticeServedBy'] },
  { group: 'commitment', fields: ['signedAt', 'signatory', 'committedSelfAssessmentDate'] },
  { group: 'copies', fields: ['copyArchiveAt', 'copyNoticeBoardAt', 'copyTownshipAt', 'copyCountyAt'] },
  { group: 'later', fields: ['planSubmittedAt', 'selfAssessmentSubmittedAt'] },
];

const NAME_FIELDS: readonly ProgressField[] = ['noticeServedBy', 'signatory'];

/** What the form shows for a field as stored: a local day, a name, or ''. */
function storedValue(view: View, e: EnterpriseRow, f: ProgressField): string {
  const value = e.progress[f];
  if (!value) return '';
  return INSTANT_FIELDS.includes(f) ? localDate(value, view.zone) : value;
}

function control(view: View, e: EnterpriseRow, f: ProgressField): HTMLInputElement {
  const value = storedValue(view, e, f);
  const attributes = { name: f, 'data-path': f, value, 'data-stored': value };
  return NAME_FIELDS.includes(f)
    ? h('input', { type: 'text', maxlength: 100, autocomplete: 'off', ...attributes })
    : h('input', { type: 'date', ...attributes });
}

/** The fields changed, as the PUT takes them; a stored value emptied is refused here (the API cannot remove one). */
function changes(view: View, e: EnterpriseRow, data: FormData): Record<string, string> {
  const body: Record<string, string> = {};
  const cleared: ProblemField[] = [];
  for (const { fields } of GROUPS) {
    for (const f of fields) {
      const raw = data.get(f);
      const value = typeof raw === 'string' ? raw.trim() : '';
      const stored = storedValue(view, e, f);
      if (value === stored) continue;
      if (!value) cleared.push({ path: f, message: view.x.cannotClear });
      else body[f] = INSTANT_FIELDS.includes(f) ? startOfLocalDay(value, view.zone) : value;
    }
  }
  if (cleared.length > 0) throw new ApiError(400, view.x.cannotClear, cleared);
  return body;
}

function editForm(view: View, e: EnterpriseRow, close: () => void): HTMLFormElement {
  const { ctx, x } = view;
  const titleId = `edit-title-${e.id}`;
  const cancel = h('button', { type: 'button', class: 'close-edit' }, x.close);
  cancel.addEventListener('click', close);
  const form = actionForm(
    { class: 'action-form edit-form', 'data-enterprise': e.id, 'aria-labelledby': titleId },
    h('h3', { id: titleId }, x.editTitle(e.name)),
    h('p', { class: 'hint' }, x.datesHint),
    h(
      'div',
      { class: 'edit-groups' },
      GROUPS.map(({ group, fields }) =>
        h(
          'fieldset',
          { 'data-group': group },
          h('legend', {}, x.groups[group]),
          fields.map((f) => field(x.fields[f], control(view, e, f))),
        ),
      ),
    ),
    buttons(h('button', { type: 'submit', class: 'primary' }, x.save), cancel),
  );
  return ctx.action(form, async (data) => {
    const body = changes(view, e, data);
    if (Object.keys(body).length === 0) return x.nothingChanged;
    await ctx.api(progressUrl(view, e.id), { method: 'PUT', json: body });
    pageState.results.clear();
    return x.saved(e.name);
  });
}

/** The row under an enterprise that holds its form. */
export function editRow(view: View, e: EnterpriseRow, close: () => void): HTMLTableRowElement {
  return h(
    'tr',
    { class: 'edit-row', 'data-edit-for': e.id },
    h('td', { colspan: COLUMN_COUNT, 'data-label': '' }, editForm(view, e, close)),
  );
}

/**
 * The button of a row that opens its form under it (closing any other) or closes it; the open form is kept open when
 * the page is drawn again after a save, so the next step can be recorded at once.
 */
export function editButton(view: View, e: EnterpriseRow): HTMLButtonElement {
  const { x } = view;
  const open = pageState.editing === e.id;
  const button = h(
    'button',
    { type: 'button', class: 'edit', 'aria-label': x.editLabel(e.name), 'aria-expanded': String(open) },
    x.edit,
  );
  button.addEventListener('click', () => {
    const row = button.closest('tr');
    const tbody = row?.parentElement;
    if (!row || !tbody) return;
    const wasOpen = pageState.editing === e.id;
    for (const other of tbody.querySelectorAll('tr.edit-row')) other.remove();
    for (const other of tbody.querySelectorAll('button.edit')) other.setAttribute('aria-expanded', 'false');
    if (wasOpen) {
      pageState.editing = null;
      return;
    }
    pageState.editing = e.id;
    button.setAttribute('aria-expanded', 'true');
    const added = editRow(view, e, () => closeEdit(button));
    row.after(added);
    added.querySelector('input')?.focus();
  });
  return button;
}

/** Closes the open form and gives the focus back to its button. */
function closeEdit(button: HTMLButtonElement): void {
  pageState.editing = null;
  const next = button.closest('tr')?.nextElementSibling;
  if (next?.classList.contains('edit-row')) next.remove();
  button.setAttribute('aria-expanded', 'false');
  button.focus();
}

/** The form row to draw under `e` when the page is drawn, if its form was open. */
export function openEditRow(
  view: View,
  e: EnterpriseRow,
  button: () => HTMLButtonElement | null,
): HTMLTableRowElement | null {
  if (pageState.editing !== e.id) return null;
  return editRow(view, e, () => {
    const b = button();
    if (b) closeEdit(b);
  });
}
