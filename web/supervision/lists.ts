// The supervision records page's lists: the office's hazards (each with its state as the server judges it today, an
// overdue one marked, and for those who may act the form of its next step), its inspections and its guidance visits.
import { h } from '../shared/dom.js';
import { labelOf } from '../shared/shell-text.js';
import { note, panel, table, tag } from '../shared/ui.js';
import type { Hazard, HazardState } from './api-types.js';
import { rectifyForm, verifyForm } from './forms.js';
import { enterpriseName, type View } from './view.js';

/** The look of each state: the shell's tags (shell.css) and the page's own (supervision.css). */
const STATE_TAG: Readonly<Record<HazardState, string>> = {
  open: 'open',
  overdue: 'overdue',
  rectified: 'done',
  'awaiting-verification': 'awaiting',
  verified: 'done',
};

/** The form of a hazard's next step, if the user may take it: rectify an open one; the bureau verifies. */
function nextStep(view: View, hazard: Hazard): HTMLFormElement | null {
  if (!view.canWrite) return null;
  if (hazard.state === 'open' || hazard.state === 'overdue') return rectifyForm(view, hazard);
  if (hazard.state === 'awaiting-verification' && view.ctx.isBureau) return verifyForm(view, hazard);
  return null;
}

function hazardRow(view: View, hazard: Hazard, withActions: boolean): HTMLTableRowElement {
  const { x } = view;
  return h(
    'tr',
    { 'data-hazard': hazard.id, 'data-state': hazard.state, class: hazard.state === 'overdue' ? 'overdue' : null },
    h('td', { class: 'enterprise' }, enterpriseName(view, hazard.enterpriseId)),
    h('td', { class: 'description' }, hazard.description, hazard.major ? [' ', tag(x.major, 'major')] : null),
    h('td', { class: 'nowrap found' }, hazard.foundOn),
    h('td', { class: 'nowrap rectify-by' }, hazard.rectifyBy),
    h(
      'td',
      { class: 'state' },
      tag(labelOf(x.hazardState, hazard.state), STATE_TAG[hazard.state]),
      hazard.rectifiedOn ? h('span', { class: 'muted small' }, x.rectifiedOn(hazard.rectifiedOn)) : null,
      hazard.verifiedOn
        ? h('span', { class: 'muted small' }, x.verifiedOn(hazard.verifiedOn, hazard.verifiedBy ?? ''))
        : null,
    ),
    withActions ? h('td', { class: 'actions' }, nextStep(view, hazard)) : null,
  );
}

export function hazardsPanel(view: View): HTMLElement {
  const { x, data } = view;
  const c = x.hazardColumns;
  const columns = [c.enterprise, c.description, c.found, c.rectifyBy, c.state, ...(view.canWrite ? [c.actions] : [])];
  return panel(
    x.hazardsTitle,
    { id: 'hazards' },
    data.hazards.length === 0
      ? note(x.noHazards)
      : table(
          columns,
          data.hazards.map((hz) => hazardRow(view, hz, view.canWrite)),
          { id: 'hazard-table' },
        ),
  );
}

export function inspectionsPanel(view: View): HTMLElement {
  const { x, data } = view;
  const c = x.inspectionColumns;
  const rows = [...data.inspections]
    .sort((a, b) => b.inspectedOn.localeCompare(a.inspectedOn))
    .map((i) =>
      h(
        'tr',
        { 'data-inspection': i.id, 'data-result': i.result },
        h('td', { class: 'enterprise' }, enterpriseName(view, i.enterpriseId)),
        h('td', { class: 'nowrap' }, i.inspectedOn),
        h('td', {}, i.inspectors.join(x.listSep)),
        h('td', {}, tag(labelOf(x.result, i.result), i.result === 'compliant' ? 'done' : 'open')),
      ),
    );
  return panel(
    x.inspectionsTitle,
    { id: 'inspections' },
    rows.length === 0
      ? note(x.noInspections)
      : table([c.enterprise, c.date, c.inspectors, c.result], rows, { id: 'inspection-table' }),
  );
}

export function visitsPanel(view: View): HTMLElement {
  const { x, data } = view;
  const c = x.visitColumns;
  const rows = data.guidanceVisits.map((v) =>
    h(
      'tr',
      { 'data-visit': v.id, 'data-state': v.state },
      h('td', { class: 'enterprise' }, enterpriseName(view, v.enterpriseId)),
      h('td', { class: 'nowrap' }, v.visitedOn ?? v.plannedFor ?? ''),
      h('td', {}, v.team),
      h('td', {}, v.topics.map((t) => labelOf(x.topics, t)).join(x.listSep)),
      h('td', {}, tag(labelOf(x.visitState, v.state), v.state === 'made' ? 'done' : 'open')),
    ),
  );
  return panel(
    x.visitsTitle,
    { id: 'visits' },
    rows.length === 0
      ? note(x.noVisits)
      : table([c.enterprise, c.date, c.team, c.topics, c.state], rows, { id: 'visit-table' }),
  );
}
