// The enterprise register page ("企业" / "Enterprises"): /app/enterprises?campaign=<id>&office=<id>[&open=1][&lang=en],
// the page the enterprise digest mails link to (with open=1: only the enterprises that still owe something). One
// office's enterprises with each one's progress in the campaign (notice served, commitment signed, the four copies
// filed, plan, self-assessment), the state and counts the server gives (GET …/offices/:officeId/enterprise-progress),
// and for those who may record: a form per row and a bulk form, each saving with PUT …/enterprises/:id/progress.
import { chooseCampaignOffice } from '../shared/choose.js';
import { h } from '../shared/dom.js';
import { labelOf } from '../shared/shell-text.js';
import { startPage } from '../shared/shell.js';
import { note } from '../shared/ui.js';
import type { EnterpriseRow, OfficeEnterpriseProgress } from './api-types.js';
import { bulkForm, selectBox } from './bulk.js';
import { editButton, openEditRow } from './edit.js';
import { countsPanel, registerPanel, registerTable, type RowHooks } from './rows.js';
import { TEXT } from './text.js';
import { enterScope, pageState, type Context, type View } from './view.js';

/** The checkbox, the form button and the open form of each row, for those who may record. */
function rowHooks(view: View): RowHooks {
  const editButtons = new Map<string, HTMLButtonElement>();
  return {
    select: (e: EnterpriseRow) => selectBox(view, e),
    edit: (e: EnterpriseRow) => {
      const button = editButton(view, e);
      editButtons.set(e.id, button);
      return button;
    },
    editRow: (e: EnterpriseRow) => openEditRow(view, e, () => editButtons.get(e.id) ?? null),
  };
}

async function render(ctx: Context): Promise<Node[]> {
  const scope = await chooseCampaignOffice(ctx);
  if (scope.missing) return scope.missing;
  const { top, campaign, office } = scope;
  const base = `/campaigns/${encodeURIComponent(campaign.id)}`;
  const data = await ctx.api<OfficeEnterpriseProgress>(
    `${base}/offices/${encodeURIComponent(office.id)}/enterprise-progress`,
  );
  enterScope(`${campaign.id}/${office.id}`);
  const onlyOpen = ctx.params.get('open') === '1';
  const shown = onlyOpen ? data.enterprises.filter((e) => e.open) : data.enterprises;
  // Rows no longer shown (recorded, or filtered out) are no longer ticked, nor open for editing.
  const ids = new Set(shown.map((e) => e.id));
  pageState.selected = new Set([...pageState.selected].filter((id) => ids.has(id)));
  if (pageState.editing && !ids.has(pageState.editing)) pageState.editing = null;
  const view: View = {
    ctx,
    x: ctx.x,
    campaign,
    office,
    zone: data.timeZone || campaign.template.timeZone || 'Asia/Shanghai',
    data,
    onlyOpen,
    shown,
    canWrite: ctx.canWrite(office.id),
    base,
  };
  const x = ctx.x;
  return [
    ...top,
    h(
      'div',
      { class: 'subject', 'data-office': office.id, 'data-campaign': campaign.id },
      h('h2', { class: 'office-name' }, office.name),
      h('p', { class: 'muted' }, x.campaignLine(campaign.name, labelOf(ctx.shell.campaignStatus, campaign.status))),
      h(
        'p',
        { class: 'muted due-line' },
        x.dueLine(data.commitmentDueDate, data.planDueDate, data.selfAssessmentDueDate),
      ),
      view.canWrite ? null : note(ctx.shell.readOnly, { class: 'note read-only' }),
    ),
    countsPanel(view),
    registerPanel(
      view,
      view.canWrite && shown.length > 0 ? bulkForm(view) : null,
      registerTable(view, view.canWrite ? rowHooks(view) : null),
    ),
  ];
}

startPage({ name: 'enterprises', texts: TEXT, render });
