// Forms of the action pages: a labelled field, and the server's refusal shown where it belongs. Every control that
// sends a value carries `data-path`, the path the API names it by in a problem+json `errors[]` item (`reason`,
// `ackBy`, and later a report cell such as `annex3.total`); a refused item is shown next to that control.
import type { ProblemField } from './api.js';
import { h } from './dom.js';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

let nextId = 0;
/** An id no other element of the page has. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A control with its label (and a hint); the control names its API path in data-path. */
export function field(label: string, control: Control, hint?: string): HTMLDivElement {
  if (!control.id) control.id = uniqueId('field');
  const hintNode = hint ? h('p', { class: 'hint', id: uniqueId('hint') }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintNode);
}

/** The control of the form the API names by `path`, if the form has one. */
function controlFor(form: HTMLFormElement, path: string): HTMLElement | null {
  return form.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
}

/** Removes what showFieldErrors added. */
export function clearFieldErrors(form: HTMLFormElement): void {
  for (const message of form.querySelectorAll('.field-error')) message.remove();
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const describedBy = control.getAttribute('data-described-by');
    if (describedBy === null) continue;
    if (describedBy) control.setAttribute('aria-describedby', describedBy);
    else control.removeAttribute('aria-describedby');
    control.removeAttribute('data-described-by');
  }
  const summary = form.querySelector<HTMLElement>('.form-error');
  if (summary) {
    summary.textContent = '';
    summary.hidden = true;
  }
}

/**
 * Shows each item next to the control whose data-path is its path (marked invalid, the message read with it, with
 * its sheet cell when it came from a workbook) and focuses the first such control; returns the items no control of
 * the form names.
 */
export function showFieldErrors(form: HTMLFormElement, errors: readonly ProblemField[]): ProblemField[] {
  const unplaced: ProblemField[] = [];
  let first: HTMLElement | null = null;
  for (const error of errors) {
    const control = controlFor(form, error.path);
    if (!control) {
      unplaced.push(error);
      continue;
    }
    // A field read from an uploaded workbook: its sheet cell too, unless the message already names it.
    const text = error.cell && !error.message.includes(error.cell) ? `${error.cell} ${error.message}` : error.message;
    const message = h(
      'p',
      { class: 'field-error', id: uniqueId('error'), 'data-error-for': error.path, 'data-cell': error.cell },
      text,
    );
    // After the control and the messages already shown for it, in the order the API gave them.
    let anchor: Element = control;
    while (anchor.nextElementSibling?.classList.contains('field-error')) anchor = anchor.nextElementSibling;
    anchor.after(message);
    if (!control.hasAttribute('aria-invalid')) {
      control.setAttribute('data-described-by', control.getAttribute('aria-describedby') ?? '');
      control.setAttribute('aria-invalid', 'true');
    }
    control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') ?? ''} ${message.id}`.trim());
    first ??= control;
  }
  first?.focus();
  return unplaced;
}

/** The form's own message line (role=alert), added at its top the first time it is needed. */
export function formSummary(form: HTMLFormElement): HTMLElement {
  const existing = form.querySelector<HTMLElement>('.form-error');
  if (existing) return existing;
  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true });
  form.prepend(summary);
  return summary;
}
