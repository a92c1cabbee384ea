// The bureau's entries of a year: for the bureau a form of rows (a date, rest day or working day, a name), rows added
// and removed in the page and saved at once with PUT /holidays/:year, which replaces the year's entries. Each control
// carries the path the API names it by (`entries[2].kind`), renumbered whenever a row comes or goes, so a refused
// entry is shown at its own row. Others see the entries as a list.
import { h } from '../shared/dom.js';
import { clearFieldErrors } from '../shared/forms.js';
import { labelOf } from '../shared/shell-text.js';
import { actionForm, buttons, note, panel, table, tag } from '../shared/ui.js';
import type { BureauEntry, WorkingDayYear } from './api-types.js';
import type { DayView } from './days.js';
import type { EntryKind } from './text.js';
import type { View } from './view.js';

const KINDS: readonly EntryKind[] = ['holiday', 'workday'];

/** The form, and what the calendar calls when the bureau clicks a day. */
export interface Editor {
  panel: HTMLElement;
  /** Focuses the day's row, or adds one that turns the day over (working → rest day, rest → working day). */
  addFor(day: DayView): void;
}

/** What saving changes, and which campaigns follow it. */
function followers(view: View): HTMLElement {
  const { x, running } = view;
  return h(
    'div',
    { class: 'followers', id: 'after-saving' },
    h('p', { class: 'hint' }, x.afterSaving),
    running.length === 0
      ? h('p', { class: 'hint' }, x.noRunningCampaigns)
      : h(
          'p',
          { class: 'hint' },
          x.runningCampaigns,
          ' ',
          running
            .map((c) => x.campaignRoll(c.name, labelOf(x.roll, c.template.holidayRoll ?? 'keep')))
            .join(view.ctx.lang === 'en' ? '; ' : '；'),
        ),
  );
}

function entryKind(value: string): EntryKind {
  return value === 'workday' ? 'workday' : 'holiday';
}

export function entriesEditor(view: View): Editor {
  const { ctx, x, year } = view;
  const rows = h('tbody', {});
  const empty = note(x.noEntries, { id: 'no-entries' });
  const unsaved = h('p', { class: 'notice unsaved', id: 'unsaved', role: 'status', hidden: true }, x.unsaved);
  const addButton = h('button', { type: 'button', id: 'add-entry' }, `+ ${x.addEntry}`);
  const list = h(
    'div',
    { class: 'scroll', 'data-path': 'entries' },
    h(
      'table',
      { class: 'list entries', id: 'entries-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [x.date, x.kind, x.name, ''].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      rows,
    ),
  );
  const form = actionForm(
    { id: 'entries-form' },
    h('p', { class: 'hint' }, x.entriesHint),
    h('p', { class: 'hint' }, x.workdayRule),
    list,
    empty,
    unsaved,
    buttons(addButton, h('button', { type: 'submit', class: 'primary', id: 'save-entries' }, x.save)),
  );

  const entryRows = () => [...rows.querySelectorAll<HTMLTableRowElement>('tr.entry')];
  /** Gives every control the path of its entry as it will be sent, and shows "none" when there is none. */
  const renumber = () => {
    entryRows().forEach((row, i) => {
      row.dataset.index = String(i);
      for (const part of ['date', 'kind', 'name'] as const)
        row.querySelector(`.entry-${part}`)?.setAttribute('data-path', `entries[${i}].${part}`);
    });
    const none = entryRows().length === 0;
    empty.hidden = !none;
    list.hidden = none;
  };
  const changed = () => {
    unsaved.hidden = false;
  };

  const addRow = (entry: BureauEntry): HTMLTableRowElement => {
    const date = h('input', {
      type: 'date',
      class: 'entry-date',
      value: entry.date,
      min: `${year}-01-01`,
      max: `${year}-12-31`,
      required: true,
      'aria-label': x.date,
    });
    const kind = h(
      'select',
      { class: 'entry-kind', 'aria-label': x.kind },
      KINDS.map((k) => h('option', { value: k, selected: k === entry.kind }, x.kinds[k])),
    );
    const name = h('input', {
      type: 'text',
      class: 'entry-name',
      value: entry.name,
      maxlength: 100,
      required: true,
      placeholder: x.namePlaceholder,
      'aria-label': x.name,
    });
    const remove = h(
      'button',
      { type: 'button', class: 'remove-entry', 'aria-label': x.removeEntry(entry.date) },
      x.remove,
    );
    const row = h(
      'tr',
      { class: 'entry', 'data-date': entry.date },
      h('td', { 'data-label': x.date }, date),
      h('td', { 'data-label': x.kind }, kind),
      h('td', { 'data-label': x.name }, name),
      h('td', { 'data-label': '', class: 'nowrap' }, remove),
    );
    date.addEventListener('change', () => {
      row.dataset.date = date.value;
      remove.setAttribute('aria-label', x.removeEntry(date.value));
    });
    remove.addEventListener('click', () => {
      // The messages shown name rows by their place, which changes now.
      clearFieldErrors(form);
      row.remove();
      renumber();
      changed();
      addButton.focus();
    });
    rows.append(row);
    return row;
  };

  for (const entry of view.data.bureauEntries) addRow(entry);
  renumber();
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  addButton.addEventListener('click', () => {
    const row = addRow({ date: '', kind: 'holiday', name: '' });
    renumber();
    changed();
    row.querySelector<HTMLInputElement>('.entry-date')?.focus();
  });

  ctx.action(form, async () => {
    const entries = entryRows().map((row) => ({
      date: row.querySelector<HTMLInputElement>('.entry-date')?.value ?? '',
      kind: entryKind(row.querySelector<HTMLSelectElement>('.entry-kind')?.value ?? ''),
      name: (row.querySelector<HTMLInputElement>('.entry-name')?.value ?? '').trim(),
    }));
    const answer = await ctx.api<WorkingDayYear>(`/holidays/${year}`, { method: 'PUT', json: { entries } });
    return x.saved(answer.bureauEntries.length, year, view.running.length);
  });

  const addFor = (day: DayView) => {
    const existing = entryRows().find((row) => row.dataset.date === day.date);
    const row = existing ?? addRow({ date: day.date, kind: day.working ? 'holiday' : 'workday', name: '' });
    if (!existing) {
      renumber();
      changed();
    }
    row.scrollIntoView({ block: 'center' });
    row.querySelector<HTMLInputElement>('.entry-name')?.focus();
  };

  return {
    panel: panel(x.entriesTitle, { id: 'entries' }, form, followers(view)),
    addFor,
  };
}

/** The entries as a list, for those who may not change them. */
export function entriesList(view: View): HTMLElement {
  const { ctx, x, data } = view;
  const rows = data.bureauEntries.map((e) =>
    h(
      'tr',
      { 'data-date': e.date },
      h('td', { class: 'nowrap' }, e.date),
      h('td', {}, tag(labelOf(x.kinds, e.kind), e.kind === 'workday' ? 'open' : 'rest')),
      h('td', {}, e.name),
    ),
  );
  return panel(
    x.entriesTitle,
    { id: 'entries' },
    note(ctx.shell.readOnly, { class: 'note read-only' }),
    rows.length === 0 ? note(x.noEntries, { id: 'no-entries' }) : table([x.date, x.kind, x.name], rows),
  );
}
