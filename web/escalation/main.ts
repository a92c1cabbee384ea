// The escalation page: /app/escalation?campaign=<id>&office=<id>&id=<escalationId>[&lang=en], the page an
// escalation mail links to. The escalation (level, reason, ack-by date, history) and the acknowledgement: a button
// for the office (or the bureau), then who acknowledged when. Read from GET /campaigns/:id/escalations (filtered by
// office), acknowledged with POST /escalations/:id/acknowledge.
import { query } from '../shared/api.js';
import type { Escalation, Office } from '../shared/api-types.js';
import { chooseCampaign } from '../shared/choose.js';
import { h } from '../shared/dom.js';
import { deadlineDay, wallTime } from '../shared/format.js';
import { labelOf } from '../shared/shell-text.js';
import { startPage, type PageContext } from '../shared/shell.js';
import { actionForm, buttons, note, panel, table, tag } from '../shared/ui.js';
import { TEXT, type EscalationText } from './text.js';

type Context = PageContext<EscalationText>;

/** The escalation's facts as a definition list; `title` names its obligation. */
function facts(ctx: Context, e: Escalation, zone: string, title: string | undefined): HTMLElement {
  const x = ctx.x;
  const row = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];
  // Acknowledged before its workflow settled it: acknowledged all the same.
  const status = e.acknowledgedAt ? 'acknowledged' : e.status;
  return h(
    'dl',
    { class: 'facts', id: 'escalation-facts' },
    row(x.level, tag(labelOf(ctx.shell.levels, e.level), `level-${e.level}`)),
    row(x.status, tag(labelOf(ctx.shell.escalationStatus, status), status)),
    row(x.reason, e.reason),
    row(x.ackBy, x.ackByDay(deadlineDay(e.ackBy, zone))),
    row(x.origin, labelOf(x.origins, e.origin)),
    e.obligationKey ? row(x.obligation, title ?? e.obligationKey) : [],
    row(x.raisedAt, wallTime(e.createdAt, zone)),
  );
}

function history(ctx: Context, e: Escalation, zone: string): HTMLElement {
  const x = ctx.x;
  const rows = e.events.map((ev) =>
    h(
      'tr',
      { 'data-kind': ev.kind },
      h('td', { class: 'nowrap' }, wallTime(ev.at, zone)),
      h('td', {}, labelOf(x.events, ev.kind)),
      h('td', { class: 'nowrap' }, labelOf(ctx.shell.levels, ev.level)),
      h('td', {}, ev.detail ?? ''),
    ),
  );
  return panel(x.historyTitle, { id: 'history' }, table([x.when, x.event, x.level, x.detail], rows));
}

/** Who acknowledged when, or the button for those who may acknowledge. */
function acknowledgement(ctx: Context, e: Escalation, zone: string): HTMLElement {
  const x = ctx.x;
  if (e.acknowledgedAt) {
    return panel(
      x.acknowledgeTitle,
      { id: 'acknowledgement' },
      h(
        'p',
        { class: 'done', id: 'acknowledged-by' },
        x.acknowledgedBy(e.acknowledgedBy ?? '', wallTime(e.acknowledgedAt, zone)),
      ),
    );
  }
  if (!ctx.canWrite(e.officeId)) {
    return panel(x.acknowledgeTitle, { id: 'acknowledgement' }, note(x.notAcknowledged), note(ctx.shell.readOnly));
  }
  const form = actionForm(
    { id: 'acknowledge-form' },
    h('p', { class: 'hint' }, x.acknowledgeHint),
    buttons(h('button', { type: 'submit', class: 'primary', id: 'acknowledge' }, x.acknowledge)),
  );
  ctx.action(form, async () => {
    await ctx.api(`/escalations/${encodeURIComponent(e.id)}/acknowledge`, { method: 'POST' });
    return x.acknowledged;
  });
  return panel(x.acknowledgeTitle, { id: 'acknowledgement' }, note(x.notAcknowledged), form);
}

async function render(ctx: Context): Promise<Node[]> {
  const x = ctx.x;
  const id = ctx.params.get('id');
  if (!id) return [note(x.missingId, { class: 'note error' })];
  const { campaign } = await chooseCampaign(ctx);
  if (!campaign) return [note(ctx.shell.noCampaign)];
  const officeId =
    ctx.role === 'office-staff' ? (ctx.me.officeId ?? undefined) : (ctx.params.get('office') ?? undefined);
  const base = `/campaigns/${encodeURIComponent(campaign.id)}`;
  const list = await ctx.api<Escalation[]>(`${base}/escalations${query({ officeId })}`);
  const escalation = list.find((e) => e.id === id);
  if (!escalation) return [note(x.notFound, { class: 'note error', id: 'not-found' })];
  ctx.setParams({ office: escalation.officeId });
  const office = encodeURIComponent(escalation.officeId);
  const [offices, status] = await Promise.all([
    ctx.api<Office[]>('/offices'),
    ctx.api<{ obligations: { key: string; title: string }[] }>(
      `${base}/offices/${office}/status${query({ lang: ctx.lang })}`,
    ),
  ]);
  const officeName = offices.find((o) => o.id === escalation.officeId)?.name ?? '';
  const title = status.obligations.find((o) => o.key === escalation.obligationKey)?.title;
  const zone = campaign.template.timeZone || 'Asia/Shanghai';
  return [
    h(
      'div',
      { class: 'subject', 'data-escalation': escalation.id, 'data-office': escalation.officeId },
      h('h2', {}, `${labelOf(ctx.shell.levels, escalation.level)} · ${officeName}`),
      h('p', { class: 'muted' }, campaign.name),
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        { class: 'column' },
        panel(x.detailsTitle, { id: 'escalation' }, facts(ctx, escalation, zone, title)),
        acknowledgement(ctx, escalation, zone),
      ),
      h('div', { class: 'column' }, history(ctx, escalation, zone)),
    ),
    h(
      'p',
      {},
      h(
        'a',
        { href: ctx.href('/app/office', { campaign: campaign.id, office: escalation.officeId }), id: 'back-to-office' },
        x.backToOffice,
      ),
    ),
  ];
}

startPage({ name: 'escalation', texts: TEXT, render });
