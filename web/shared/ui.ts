// The building blocks of an action page's content, styled by web/shared/shell.css: panels, lists as tables
// (scrolling sideways on a phone), notes, and the buttons and forms of actions.
import { h, type Attributes, type Child } from './dom.js';

/** A titled section of the page. */
export function panel(title: string, attributes: Attributes, ...content: (Child | readonly Child[])[]): HTMLElement {
  const heading = h('h2', {}, title);
  return h('section', { class: 'panel', ...attributes }, heading, ...content);
}

/**
 * A list as a table: column headings and rows. On a phone (shell.css) each row becomes a card whose cells are
 * labelled with their column's heading (data-label, set here on the cells that have none).
 */
export function table(
  columns: readonly string[],
  rows: readonly HTMLTableRowElement[],
  attributes: Attributes = {},
): HTMLElement {
  for (const row of rows) {
    [...row.cells].forEach((cell, i) => {
      if (cell.dataset.label === undefined) cell.dataset.label = columns[i] ?? '';
    });
  }
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      { class: 'list', ...attributes },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

/** A muted line: "nothing here", or a remark under a heading. */
export function note(text: string, attributes: Attributes = {}): HTMLParagraphElement {
  return h('p', { class: 'note', ...attributes }, text);
}

/** A small tag beside a value (a state, an extension), coloured by its kind (`tag-late`, `tag-pending`, …). */
export function tag(text: string, kind: string): HTMLSpanElement {
  return h('span', { class: `tag tag-${kind}` }, text);
}

/** A form for an action: the shell's context.action() wires it. */
export function actionForm(attributes: Attributes, ...content: (Child | readonly Child[])[]): HTMLFormElement {
  return h('form', { class: 'action-form', ...attributes }, ...content);
}

/** The row of buttons under a form. */
export function buttons(...content: Child[]): HTMLDivElement {
  return h('div', { class: 'buttons' }, ...content);
}
