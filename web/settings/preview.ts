// The dry-run of the edited settings, shown before they are saved: the calendar as planned now (GET …/calendar) and
// as it would be (POST …/calendar/preview, the same body PATCH takes), for one office from today on, compared step by
// step: the deadlines that move, the mails that move, appear or go, and the next mails once saved.
import { h } from '../shared/dom.js';
import { note, table, tag } from '../shared/ui.js';
import type { PlannedCalendar, PlannedStep } from './api-types.js';
import { stepLabel, type SettingsText } from './text.js';

/** An obligation's due date before and after (undefined: not planned on that side). */
export interface DeadlineChange {
  key: string;
  title: string;
  before: string | undefined;
  after: string | undefined;
}

/** A step's mail before and after (undefined: not planned on that side). */
export interface StepChange {
  key: string;
  title: string;
  step: string;
  before: string | undefined;
  after: string | undefined;
}

export interface Comparison {
  deadlines: DeadlineChange[];
  steps: StepChange[];
  /** obligation|step of every changed step */
  changed: Set<string>;
}

const stepKey = (e: PlannedStep) => `${e.obligationKey}|${e.step}`;

/** What differs between the calendar planned now and the one previewed. */
export function compare(before: PlannedCalendar, after: PlannedCalendar): Comparison {
  const dueBefore = new Map(before.entries.map((e) => [e.obligationKey, e] as const));
  const dueAfter = new Map(after.entries.map((e) => [e.obligationKey, e] as const));
  const deadlines = [...new Set([...dueBefore.keys(), ...dueAfter.keys()])]
    .map((key): DeadlineChange => {
      const b = dueBefore.get(key);
      const a = dueAfter.get(key);
      return { key, title: (a ?? b)?.title ?? key, before: b?.dueDate, after: a?.dueDate };
    })
    .filter((d) => d.before !== d.after)
    .sort((p, q) => (p.after ?? p.before ?? '').localeCompare(q.after ?? q.before ?? ''));
  const stepsBefore = new Map(before.entries.map((e) => [stepKey(e), e] as const));
  const stepsAfter = new Map(after.entries.map((e) => [stepKey(e), e] as const));
  const steps = [...new Set([...stepsBefore.keys(), ...stepsAfter.keys()])]
    .flatMap((key): StepChange[] => {
      const b = stepsBefore.get(key);
      const a = stepsAfter.get(key);
      const e = a ?? b;
      return e ? [{ key, title: e.title, step: e.step, before: b?.at, after: a?.at }] : [];
    })
    .filter((s) => s.before !== s.after)
    .sort((p, q) => Date.parse(p.after ?? p.before ?? '') - Date.parse(q.after ?? q.before ?? ''));
  return { deadlines, steps, changed: new Set(steps.map((s) => s.key)) };
}

/** '2024-04-02T09:00:00.000+08:00' (already in the campaign's zone) as '2024-04-02 09:00'. */
const when = (at: string | undefined) => (at ? `${at.slice(0, 10)} ${at.slice(11, 16)}` : undefined);

/** At most this many rows per list: the rest is counted. */
const SHOWN = 25;

function beforeAfter(x: SettingsText, before: string | undefined, after: string | undefined): HTMLElement[] {
  return [h('td', { class: 'nowrap before' }, before ?? x.none), h('td', { class: 'nowrap after' }, after ?? x.none)];
}

function deadlinesTable(x: SettingsText, changes: readonly DeadlineChange[]): HTMLElement[] {
  if (changes.length === 0) return [];
  const rows = changes
    .slice(0, SHOWN)
    .map((d) => h('tr', { 'data-obligation': d.key }, h('td', {}, d.title), beforeAfter(x, d.before, d.after)));
  return [
    h('h3', {}, x.deadlinesChanged),
    table([x.item, x.before, x.after], rows, { id: 'deadline-changes' }),
    changes.length > SHOWN ? note(x.more(changes.length - SHOWN)) : null,
  ].filter((n): n is HTMLElement => n !== null);
}

function stepsTable(x: SettingsText, changes: readonly StepChange[]): HTMLElement[] {
  if (changes.length === 0) return [];
  const rows = changes
    .slice(0, SHOWN)
    .map((s) =>
      h(
        'tr',
        { 'data-step-key': s.key, 'data-step': s.step },
        h('td', {}, s.title),
        h('td', {}, stepLabel(s.step, x)),
        beforeAfter(x, when(s.before), when(s.after)),
      ),
    );
  return [
    h('h3', {}, x.mailsChanged),
    table([x.item, x.step, x.before, x.after], rows, { id: 'step-changes' }),
    changes.length > SHOWN ? note(x.more(changes.length - SHOWN)) : null,
  ].filter((n): n is HTMLElement => n !== null);
}

/** The next mails of the previewed calendar from `asOf` on, the changed ones marked. */
function nextMailsTable(x: SettingsText, after: PlannedCalendar, comparison: Comparison, asOf: string): HTMLElement[] {
  const next = after.entries.filter((e) => Date.parse(e.at) >= Date.parse(asOf)).slice(0, 10);
  if (next.length === 0) return [];
  const rows = next.map((e) =>
    h(
      'tr',
      { 'data-step-key': stepKey(e), 'data-changed': String(comparison.changed.has(stepKey(e))) },
      h('td', { class: 'nowrap' }, when(e.at)),
      h('td', {}, e.title),
      h('td', {}, stepLabel(e.step, x), comparison.changed.has(stepKey(e)) ? [' ', tag(x.changed, 'changed')] : null),
    ),
  );
  return [h('h3', {}, x.nextMails(next.length)), table([x.when, x.item, x.step], rows, { id: 'next-mails' })];
}

/** The preview's content: what moves, and the next mails once saved. */
export function previewContent(
  x: SettingsText,
  input: { before: PlannedCalendar; after: PlannedCalendar; officeName: string; from: string; asOf: string },
): HTMLElement[] {
  const comparison = compare(input.before, input.after);
  const moved = comparison.deadlines.length + comparison.steps.length > 0;
  return [
    note(x.previewFor(input.officeName, input.from)),
    ...input.after.warnings.map((w) => h('p', { class: 'note error' }, w)),
    moved ? null : h('p', { class: 'headline', id: 'nothing-moves' }, x.nothingMoves),
    ...deadlinesTable(x, comparison.deadlines),
    ...stepsTable(x, comparison.steps),
    ...nextMailsTable(x, input.after, comparison, input.asOf),
  ].filter((n): n is HTMLElement => n !== null);
}
