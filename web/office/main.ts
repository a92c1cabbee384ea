// The office page ("我的所" / "My office"): /app/office?campaign=<id>&office=<id>[&lang=en]. What one office has due
// next, what is late, its phase tasks, extension requests, open escalations and next mails, and the actions on
// them. Built on the shell (web/shared/shell.ts); every figure comes from the JSON API with the user's token.
import { chooseCampaignOffice } from '../shared/choose.js';
import type { Escalation } from '../shared/api-types.js';
import { query } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { labelOf } from '../shared/shell-text.js';
import { startPage } from '../shared/shell.js';
import { note } from '../shared/ui.js';
import { acknowledgeForm, decideForm, escalateForm, markDoneForm, requestExtensionForm } from './actions.js';
import type { Extension, NextMails, OfficeStatus } from './api-types.js';
import { dueNextPanel, escalationsPanel, extensionsPanel, latePanel, mailsPanel, phasePanel } from './sections.js';
import { TEXT } from './text.js';
import type { Context, View } from './view.js';

async function render(ctx: Context): Promise<Node[]> {
  const scope = await chooseCampaignOffice(ctx);
  if (scope.missing) return scope.missing;
  const { top, campaign, office } = scope;
  const base = `/campaigns/${encodeURIComponent(campaign.id)}`;
  const officeId = office.id;
  const [status, extensions, escalations, mails] = await Promise.all([
    ctx.api<OfficeStatus>(`${base}/offices/${encodeURIComponent(officeId)}/status${query({ lang: ctx.lang })}`),
    ctx.api<Extension[]>(`${base}/extensions${query({ officeId })}`),
    ctx.api<Escalation[]>(`${base}/escalations${query({ officeId, status: 'open' })}`),
    ctx.api<NextMails>(`${base}/next-mails${query({ officeId, lang: ctx.lang, limit: '10' })}`),
  ]);
  const view: View = {
    ctx,
    x: ctx.x,
    campaign,
    office,
    zone: campaign.template.timeZone || 'Asia/Shanghai',
    status,
    extensions,
    escalations,
    mails,
    canWrite: ctx.canWrite(officeId),
    base,
  };
  const x = ctx.x;
  return [
    ...top,
    h(
      'div',
      { class: 'subject', 'data-office': officeId, 'data-campaign': campaign.id },
      h('h2', { class: 'office-name' }, office.name),
      h('p', { class: 'muted' }, x.campaignLine(campaign.name, labelOf(ctx.shell.campaignStatus, campaign.status))),
      view.canWrite ? null : note(ctx.shell.readOnly, { class: 'note read-only' }),
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        { class: 'column' },
        dueNextPanel(view),
        latePanel(view, requestExtensionForm(view)),
        phasePanel(view, (o) => markDoneForm(view, o)),
      ),
      h(
        'div',
        { class: 'column' },
        escalationsPanel(view, (e) => acknowledgeForm(view, e)),
        extensionsPanel(view, (e) => decideForm(view, e)),
        escalateForm(view),
      ),
    ),
    mailsPanel(view),
  ].filter((n): n is HTMLElement => n !== null);
}

startPage({ name: 'office', texts: TEXT, render });
