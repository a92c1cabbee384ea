// The year as a month grid (each day coloured: working, weekend, holiday, make-up working day; the bureau's entries
// outlined) and as a list of the days that differ from a plain Monday–Friday week. For the bureau each day is a
// button that adds an entry for it to the form above.
import { h } from '../shared/dom.js';
import { labelOf } from '../shared/shell-text.js';
import { note, panel, table, tag } from '../shared/ui.js';
import { monthDays, type DayKind, type DayView } from './days.js';
import type { HolidaysText } from './text.js';
import type { View } from './view.js';

/** A day in words: "working day", "holiday: 国庆节", "make-up working day" (and the bureau's entry). */
export function describeDay(x: HolidaysText, d: DayView): string {
  const what = { work: x.legend.work, rest: x.legend.rest, holiday: x.legend.holiday, makeup: x.legend.makeup }[d.kind];
  return [d.name ? `${what} · ${d.name}` : what, d.bureau ? x.legend.bureau : ''].filter(Boolean).join(' · ');
}

function dayClass(d: Pick<DayView, 'kind' | 'bureau'>): string {
  return `day day-${d.kind}${d.bureau ? ' day-bureau' : ''}`;
}

function dayCell(view: View, d: DayView, onDay: ((d: DayView) => void) | null): HTMLTableCellElement {
  const { x } = view;
  const what = describeDay(x, d);
  const weekday = x.weekdayNames[d.weekday - 1] ?? '';
  const attributes = { class: dayClass(d), 'data-date': d.date, 'data-working': String(d.working), title: what };
  if (!onDay) return h('td', {}, h('span', attributes, d.day));
  const button = h(
    'button',
    { type: 'button', ...attributes, 'aria-label': `${x.dayLabel(d.date, weekday, what)} · ${x.addForDay}` },
    d.day,
  );
  button.addEventListener('click', () => onDay(d));
  return h('td', {}, button);
}

function monthTable(view: View, month: number, onDay: ((d: DayView) => void) | null): HTMLTableElement {
  const { x } = view;
  const days = monthDays(view.data, month, view.index);
  const cells: HTMLTableCellElement[] = [];
  for (let i = 1; i < (days[0]?.weekday ?? 1); i++) cells.push(h('td', { class: 'blank' }));
  for (const d of days) cells.push(dayCell(view, d, onDay));
  while (cells.length % 7 !== 0) cells.push(h('td', { class: 'blank' }));
  const weeks: HTMLTableRowElement[] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(h('tr', {}, cells.slice(i, i + 7)));
  return h(
    'table',
    { class: 'month', 'data-month': month },
    h('caption', {}, x.months[month - 1] ?? String(month)),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        x.weekdays.map((w, i) => h('th', { scope: 'col', abbr: x.weekdayNames[i] ?? w }, w)),
      ),
    ),
    h('tbody', {}, weeks),
  );
}

function legend(x: HolidaysText): HTMLElement {
  const kinds: (DayKind | 'bureau')[] = ['work', 'rest', 'holiday', 'makeup', 'bureau'];
  return h(
    'ul',
    { class: 'legend' },
    kinds.map((k) =>
      h(
        'li',
        {},
        h('span', { class: k === 'bureau' ? 'day day-work day-bureau' : `day day-${k}`, 'aria-hidden': 'true' }),
        x.legend[k],
      ),
    ),
  );
}

export function calendarPanel(view: View, onDay: ((d: DayView) => void) | null): HTMLElement {
  const { x } = view;
  const months = Array.from({ length: 12 }, (_, i) => monthTable(view, i + 1, onDay));
  return panel(
    x.calendarTitle,
    { id: 'calendar' },
    legend(x),
    onDay ? h('p', { class: 'hint' }, x.calendarHint) : null,
    h('div', { class: 'months' }, months),
  );
}

/** Every day that differs from a plain Monday–Friday week, with its name and where it comes from. */
export function exceptionsPanel(view: View): HTMLElement {
  const { x, data } = view;
  const rows = data.exceptions.map((e) =>
    h(
      'tr',
      { 'data-date': e.date, 'data-source': e.source, class: e.source === 'bureau' ? 'from-bureau' : null },
      h('td', { class: 'nowrap' }, e.date),
      h('td', { class: 'nowrap' }, x.weekdayNames[e.weekday - 1] ?? ''),
      h('td', {}, e.working ? tag(x.isWorking, 'open') : tag(x.isRest, 'rest')),
      h('td', {}, e.holidayName ?? (e.makeUpWorkday ? x.makeUp : '')),
      h('td', {}, labelOf(x.sources, e.source)),
    ),
  );
  return panel(
    x.listTitle,
    { id: 'exceptions' },
    rows.length === 0
      ? note(x.noExceptions)
      : table([x.date, x.weekday, x.working, x.name, x.source], rows, { id: 'exceptions-table' }),
  );
}
