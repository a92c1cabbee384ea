// The supervision records page's actions, each a real form sent to the JSON API; the server judges, and its refusals
// are shown at the fields (data-path = the path the API names: `inspectedOn`, `hazards[0].rectifyBy`, `rectifiedOn`).
// Drawn only for those who may act: office staff for their own office and the bureau; the bureau alone verifies.
import { h } from '../shared/dom.js';
import { field } from '../shared/forms.js';
import { actionForm, buttons, panel } from '../shared/ui.js';
import type { Hazard } from './api-types.js';
import { enterpriseName, text, type View } from './view.js';

/** Gives each hazard fieldset its index: its legend, and the names and API paths of its controls. */
function renumber(view: View, list: HTMLElement): void {
  [...list.querySelectorAll<HTMLFieldSetElement>('fieldset.hazard')].forEach((set, i) => {
    set.dataset.index = String(i);
    const legend = set.querySelector('legend');
    if (legend) legend.textContent = view.x.hazardLegend(i + 1);
    for (const control of set.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-key]')) {
      const path = `hazards[${i}].${control.dataset.key ?? ''}`;
      control.name = path;
      control.setAttribute('data-path', path);
    }
  });
}

/** One found hazard's fields, removable. */
function hazardFieldset(view: View, list: HTMLElement): HTMLFieldSetElement {
  const { x } = view;
  const remove = h('button', { type: 'button', class: 'remove-hazard' }, x.removeHazard);
  const set = h(
    'fieldset',
    { class: 'hazard' },
    h('legend', {}),
    field(x.hazardDescription, h('textarea', { 'data-key': 'description', rows: 2, maxlength: 1000 })),
    h(
      'div',
      { class: 'fields' },
      field(x.hazardRectifyBy, h('input', { type: 'date', 'data-key': 'rectifyBy' })),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', 'data-key': 'major' }), ` ${x.hazardMajor}`),
    ),
    buttons(remove),
  );
  remove.addEventListener('click', () => {
    set.remove();
    renumber(view, list);
  });
  return set;
}

/** The hazards of the form as the API takes them, in the order shown. */
function hazardsOf(data: FormData, count: number): { description: string; major: boolean; rectifyBy: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    description: text(data, `hazards[${i}].description`),
    major: data.get(`hazards[${i}].major`) !== null,
    rectifyBy: text(data, `hazards[${i}].rectifyBy`),
  }));
}

/** POST /campaigns/:id/inspections: an inspection and the hazards it found, stored together or not at all. */
export function inspectionPanel(view: View): HTMLElement | null {
  const { ctx, x, data } = view;
  if (!view.canWrite) return null;
  const list = h('div', { class: 'hazard-list' });
  const add = h('button', { type: 'button', id: 'add-hazard' }, x.addHazard);
  add.addEventListener('click', () => {
    const set = hazardFieldset(view, list);
    list.append(set);
    renumber(view, list);
    set.querySelector('textarea')?.focus();
  });
  const options = [
    h('option', { value: '' }, x.chooseEnterprise),
    ...data.enterprises.map((e) => h('option', { value: e.id }, `${e.name}（${e.code}）`)),
  ];
  const form = actionForm(
    { id: 'inspection-form', 'aria-labelledby': 'inspection-form-title' },
    h('p', { class: 'hint' }, x.inspectionFormHint),
    h(
      'div',
      { class: 'fields' },
      field(x.enterprise, h('select', { name: 'enterpriseId', 'data-path': 'enterpriseId', required: true }, options)),
      field(
        x.inspectedOn,
        h('input', {
          type: 'date',
          name: 'inspectedOn',
          'data-path': 'inspectedOn',
          value: data.today,
          required: true,
        }),
      ),
      field(
        x.inspectors,
        h('input', { type: 'text', name: 'inspectors', 'data-path': 'inspectors', maxlength: 500, required: true }),
        x.inspectorsHint,
      ),
    ),
    field(x.note, h('textarea', { name: 'note', 'data-path': 'note', rows: 1, maxlength: 1000 })),
    list,
    buttons(add, h('button', { type: 'submit', class: 'primary' }, x.recordInspection)),
  );
  ctx.action(form, async (values) => {
    const hazards = hazardsOf(values, list.querySelectorAll('fieldset.hazard').length);
    const enterpriseId = text(values, 'enterpriseId');
    const note = text(values, 'note');
    await ctx.api(`${view.base}/inspections`, {
      method: 'POST',
      json: {
        enterpriseId,
        inspectedOn: text(values, 'inspectedOn'),
        inspectors: text(values, 'inspectors')
          .split(/[,，、;；]/)
          .map((s) => s.trim())
          .filter(Boolean),
        ...(note ? { note } : {}),
        hazards,
      },
    });
    return x.inspectionRecorded(enterpriseName(view, enterpriseId), hazards.length);
  });
  return panel(x.inspectionFormTitle, { id: 'record-inspection' }, form);
}

/** A one-date form in a hazard's row. */
function dateForm(view: View, hazard: Hazard, kind: 'rectify' | 'verify'): HTMLFormElement {
  const { x, data } = view;
  const name = kind === 'rectify' ? 'rectifiedOn' : 'verifiedOn';
  return actionForm(
    { class: `action-form inline ${kind}-form`, 'data-hazard': hazard.id },
    field(
      kind === 'rectify' ? x.rectifiedOnLabel : x.verifiedOnLabel,
      h('input', { type: 'date', name, 'data-path': name, value: data.today, required: true }),
    ),
    buttons(h('button', { type: 'submit', class: 'primary' }, kind === 'rectify' ? x.rectifyButton : x.verifyButton)),
  );
}

/** POST …/hazards/:hazardId/rectification: an open (or overdue) hazard is rectified. */
export function rectifyForm(view: View, hazard: Hazard): HTMLFormElement {
  const { ctx, x } = view;
  return ctx.action(dateForm(view, hazard, 'rectify'), async (values) => {
    await ctx.api(`${view.base}/hazards/${encodeURIComponent(hazard.id)}/rectification`, {
      method: 'POST',
      json: { rectifiedOn: text(values, 'rectifiedOn') },
    });
    return x.rectified(hazard.description);
  });
}

/** POST …/hazards/:hazardId/verification: the bureau verifies (销号) a rectified major hazard. */
export function verifyForm(view: View, hazard: Hazard): HTMLFormElement {
  const { ctx, x } = view;
  return ctx.action(dateForm(view, hazard, 'verify'), async (values) => {
    await ctx.api(`${view.base}/hazards/${encodeURIComponent(hazard.id)}/verification`, {
      method: 'POST',
      json: { verifiedOn: text(values, 'verifiedOn') },
    });
    return x.verified(hazard.description);
  });
}
