// The supervision records page ("监管记录" / "Supervision records"): /app/supervision?campaign=<id>&office=<id>[&lang=en].
// One office's phase 3 and 4 records as GET …/offices/:officeId/supervision gives them: its hazards with each one's
// state today (open, overdue, rectified, awaiting verification, verified), its inspections and its guidance visits.
// Those who may record (office staff for their own office, the bureau) record an inspection with the hazards it found
// and a hazard's rectification; the bureau alone verifies (销号) a rectified major hazard. Viewers read.
import { chooseCampaignOffice } from '../shared/choose.js';
import { h } from '../shared/dom.js';
import { labelOf } from '../shared/shell-text.js';
import { startPage } from '../shared/shell.js';
import { note } from '../shared/ui.js';
import type { OfficeSupervision } from './api-types.js';
import { inspectionPanel } from './forms.js';
import { hazardsPanel, inspectionsPanel, visitsPanel } from './lists.js';
import { TEXT } from './text.js';
import type { Context, View } from './view.js';

async function render(ctx: Context): Promise<Node[]> {
  const scope = await chooseCampaignOffice(ctx);
  if (scope.missing) return scope.missing;
  const { top, campaign, office } = scope;
  const base = `/campaigns/${encodeURIComponent(campaign.id)}`;
  const data = await ctx.api<OfficeSupervision>(`${base}/offices/${encodeURIComponent(office.id)}/supervision`);
  const view: View = { ctx, x: ctx.x, campaign, office, data, canWrite: ctx.canWrite(office.id), base };
  const x = ctx.x;
  return [
    ...top,
    h(
      'div',
      { class: 'subject', 'data-office': office.id, 'data-campaign': campaign.id },
      h('h2', { class: 'office-name' }, office.name),
      h(
        'p',
        { class: 'muted' },
        x.campaignLine(campaign.name, labelOf(ctx.shell.campaignStatus, campaign.status), data.today),
      ),
      view.canWrite ? null : note(ctx.shell.readOnly, { class: 'note read-only' }),
    ),
    hazardsPanel(view),
    inspectionPanel(view),
    inspectionsPanel(view),
    visitsPanel(view),
  ].filter((n): n is HTMLElement => n !== null);
}

startPage({ name: 'supervision', texts: TEXT, render });
