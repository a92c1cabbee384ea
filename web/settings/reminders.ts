// The reminders before the due day (template.ladder.reminders): a row per reminder (days, unit) that the bureau can
// remove, and a button that adds one. Each control names its place in the list (template.ladder.reminders[1].days),
// renumbered when a row goes, so the API's refusal of a row is shown at that row.
import { h } from '../shared/dom.js';
import { clearFieldErrors, field } from '../shared/forms.js';
import { labelOf } from '../shared/shell-text.js';
import { buttons, note } from '../shared/ui.js';
import type { Template } from './api-types.js';
import type { SettingsText } from './text.js';

type Reminder = Template['ladder']['reminders'][number];
const LIST_PATH = 'template.ladder.reminders';

function reminderRow(x: SettingsText, reminder: Reminder, index: number, renumber: () => void): HTMLElement {
  const path = `${LIST_PATH}[${index}]`;
  const days = h('input', {
    type: 'number',
    name: `${path}.days`,
    'data-path': `${path}.days`,
    'data-kind': 'int',
    step: 1,
    min: 1,
    max: 90,
    value: String(reminder.days),
  });
  const unit = h(
    'select',
    { name: `${path}.unit`, 'data-path': `${path}.unit`, 'data-kind': 'choice' },
    Object.entries(x.units).map(([value, label]) => h('option', { value, selected: value === reminder.unit }, label)),
  );
  const row = h('div', { class: 'reminder-row' }, field(x.reminderDays, days), field(x.reminderUnit, unit));
  const remove = h('button', { type: 'button', class: 'remove-reminder' }, x.removeReminder);
  remove.addEventListener('click', () => {
    row.remove();
    renumber();
  });
  row.append(remove);
  return row;
}

/** The editable list; `changed` is called after a row is added or removed. */
export function remindersEditor(x: SettingsText, reminders: readonly Reminder[], changed: () => void): HTMLElement {
  const list = h('div', { class: 'reminders', id: 'reminders', 'data-path': LIST_PATH, tabindex: -1 });
  const empty = note(x.noReminders, { class: 'note no-reminders' });
  const renumber = () => {
    const form = list.closest('form');
    if (form) clearFieldErrors(form);
    [...list.querySelectorAll<HTMLElement>('.reminder-row')].forEach((row, i) => {
      for (const control of row.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-path]')) {
        const path = (control.dataset.path ?? '').replace(/reminders\[\d+\]/, `reminders[${i}]`);
        control.dataset.path = path;
        control.name = path;
      }
    });
    empty.hidden = list.querySelector('.reminder-row') !== null;
    changed();
  };
  list.append(...reminders.map((r, i) => reminderRow(x, r, i, renumber)));
  empty.hidden = reminders.length > 0;
  const add = h('button', { type: 'button', id: 'add-reminder' }, x.addReminder);
  add.addEventListener('click', () => {
    const count = list.querySelectorAll('.reminder-row').length;
    list.append(reminderRow(x, { days: 1, unit: 'working-days' }, count, renumber));
    renumber();
  });
  return h(
    'div',
    { class: 'field reminders-field' },
    h('span', { class: 'field-label' }, x.reminders),
    h('p', { class: 'hint' }, x.remindersHint),
    list,
    empty,
    buttons(add),
  );
}

/** The reminders as text, for those who may not change them. */
export function remindersFact(x: SettingsText, reminders: readonly Reminder[]): HTMLElement[] {
  const text = reminders.map((r) => x.reminderFact(r.days, labelOf(x.units, r.unit))).join(x.separator);
  return [h('dt', {}, x.reminders), h('dd', { 'data-path': LIST_PATH }, text || x.noReminders)];
}
