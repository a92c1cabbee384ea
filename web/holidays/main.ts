// The working-day calendar page ("节假日与调休" / "Holidays"): /app/holidays?year=2024[&lang=en]. A year's working days
// as GET /holidays/:year gives them (holidays and 调休 make-up working days from the holiday package, with the bureau's
// own entries on top) in a month grid and a list, and where the data comes from. The bureau adds and removes its own
// entries and saves them with PUT /holidays/:year; running campaigns then reschedule (the server signals them).
import { h } from '../shared/dom.js';
import { startPage } from '../shared/shell.js';
import { note } from '../shared/ui.js';
import type { CampaignRoll, WorkingDayYear } from './api-types.js';
import { calendarPanel, exceptionsPanel } from './calendar.js';
import { indexYear } from './days.js';
import { entriesEditor, entriesList } from './editor.js';
import { TEXT } from './text.js';
import type { Context, View } from './view.js';

/** The years the API keeps calendars for. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/** The year in the address, else this year in Asia/Shanghai (the county's). */
function readYear(params: URLSearchParams): number {
  const asked = params.get('year') ?? '';
  const year = /^\d{4}$/.test(asked) ? Number(asked) : NaN;
  if (year >= FIRST_YEAR && year <= LAST_YEAR) return year;
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

function yearNav(ctx: Context, year: number): HTMLElement {
  const x = ctx.x;
  const link = (to: number, text: string, id: string) =>
    to < FIRST_YEAR || to > LAST_YEAR
      ? null
      : h('a', { href: ctx.href('/app/holidays', { year: String(to) }), id, class: 'year-link' }, text);
  return h(
    'div',
    { class: 'year-nav' },
    link(year - 1, x.previousYear(year - 1), 'previous-year'),
    h('h2', { id: 'year-heading' }, x.yearHeading(year)),
    link(year + 1, x.nextYear(year + 1), 'next-year'),
  );
}

function sourceLine(view: View): HTMLElement {
  const { x, data } = view;
  const entries = data.bureauEntries.length;
  const fromPackage = data.exceptions.some((e) => e.source === 'package');
  if (data.coverage === 'none') return note(x.sourceNone(data.year), { class: 'note warning', id: 'source' });
  const text = fromPackage
    ? entries > 0
      ? x.sourcePackageAndBureau(entries)
      : x.sourcePackage
    : x.sourceBureauOnly(entries);
  return note(text, { id: 'source', 'data-coverage': data.coverage });
}

async function render(ctx: Context): Promise<Node[]> {
  const year = readYear(ctx.params);
  ctx.setParams({ year: String(year) });
  const [data, campaigns] = await Promise.all([
    ctx.api<WorkingDayYear>(`/holidays/${year}`),
    ctx.api<CampaignRoll[]>('/campaigns'),
  ]);
  const view: View = {
    ctx,
    x: ctx.x,
    year,
    data,
    index: indexYear(data),
    running: campaigns.filter((c) => c.status === 'running'),
  };
  const editor = ctx.isBureau ? entriesEditor(view) : null;
  return [
    h('div', { class: 'subject', 'data-year': year }, yearNav(ctx, year), sourceLine(view)),
    // Side by side on a PC (the entries beside the list, the year below); on a phone the year comes before the list.
    h(
      'div',
      { class: 'layout' },
      editor ? editor.panel : entriesList(view),
      calendarPanel(view, editor ? (day) => editor.addFor(day) : null),
      exceptionsPanel(view),
    ),
  ];
}

startPage({ name: 'holidays', texts: TEXT, render });
