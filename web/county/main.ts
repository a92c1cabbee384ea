// The county reports page ("全县报送" / "County reports"): /app/county?campaign=<id>&period=YYYY-MM (or
// period=year-end)[&lang=en], for the bureau and viewers. The period's reporting status of every office (on time /
// late / missing: GET …/reports/:period/status-list) and the county totals (…/totals), the downloads with the token
// (the annex workbook export.xlsx, the CSVs, status-list.csv, the quarterly circular), the reporting rates of every
// period (GET …/reporting-rates) and, county-wide, the extension requests awaiting a decision, which the bureau
// approves or rejects here (POST /extensions/:id/decision).
import { query } from '../shared/api.js';
import type { Office } from '../shared/api-types.js';
import { chooseCampaign } from '../shared/choose.js';
import { campaignPicker, paramPicker, pickerRow } from '../shared/county-pickers.js';
import { h } from '../shared/dom.js';
import { labelOf } from '../shared/shell-text.js';
import { startPage } from '../shared/shell.js';
import { note } from '../shared/ui.js';
import type { CampaignPhases, Extension, ReportingRates, StatusList, Totals } from './api-types.js';
import { decideForm, downloadsPanel, extensionsPanel, ratesPanel, statusPanel, totalsPanel } from './sections.js';
import { TEXT } from './text.js';
import type { Context, View } from './view.js';

/**
 * The period shown: the one in the address if the campaign has it, else the latest one anything has happened in
 * (an office reported, or it fell due), else the first.
 */
function choosePeriod(ctx: Context, rates: ReportingRates): string | null {
  const wanted = ctx.params.get('period');
  if (rates.periods.some((p) => p.period === wanted)) return wanted;
  const started = rates.periods.filter((p) => Object.entries(p.counts).some(([s, n]) => s !== 'upcoming' && n > 0));
  return (started[started.length - 1] ?? rates.periods[0])?.period ?? null;
}

async function render(ctx: Context): Promise<Node[]> {
  const x = ctx.x;
  const { campaign, campaigns } = await chooseCampaign(ctx);
  if (!campaign)
    return [pickerRow(campaignPicker(ctx, campaigns, campaign)), note(ctx.shell.noCampaign)].filter(
      (n): n is HTMLElement => n !== null,
    );
  const base = `/campaigns/${encodeURIComponent(campaign.id)}`;
  const [rates, offices, extensions] = await Promise.all([
    ctx.api<ReportingRates>(`${base}/reporting-rates`),
    ctx.api<Office[]>('/offices'),
    ctx.api<Extension[]>(`${base}/extensions${query({ status: 'requested' })}`),
  ]);
  const period = choosePeriod(ctx, rates);
  ctx.setParams({ period });
  const periodSelect = paramPicker(
    ctx,
    {
      id: 'period-select',
      param: 'period',
      label: x.period,
      choices: rates.periods.map((p) => ({ value: p.period, label: x.periodTitle(p.period) })),
    },
    period,
  );
  const top = pickerRow(campaignPicker(ctx, campaigns, campaign), period ? periodSelect : null);
  if (!period) return [top, note(x.noPeriods)].filter((n): n is HTMLElement => n !== null);
  const reports = `${base}/reports/${encodeURIComponent(period)}`;
  const [statusList, totals] = await Promise.all([
    ctx.api<StatusList>(`${reports}/status-list`),
    ctx.api<Totals>(`${reports}/totals`),
  ]);
  const view: View = {
    ctx,
    x,
    campaign: campaign as typeof campaign & CampaignPhases,
    zone: campaign.template.timeZone || 'Asia/Shanghai',
    period,
    statusList,
    totals,
    rates,
    extensions,
    offices,
    base,
  };
  const first = statusList.entries[0];
  return [
    top,
    h(
      'div',
      { class: 'subject', 'data-campaign': campaign.id, 'data-period': period },
      h('h2', { class: 'period-title' }, x.periodTitle(period)),
      h(
        'p',
        { class: 'muted' },
        x.campaignLine(campaign.name, labelOf(ctx.shell.campaignStatus, campaign.status)),
        first ? ` · ${x.dueLine(first.dueDate, first.hardDueDate)}` : null,
      ),
      ctx.isBureau ? null : note(ctx.shell.readOnly, { class: 'note read-only' }),
    ),
    statusPanel(view),
    h(
      'div',
      { class: 'columns' },
      h('div', { class: 'column' }, downloadsPanel(view)),
      h(
        'div',
        { class: 'column' },
        extensionsPanel(view, (e) => decideForm(view, e)),
      ),
    ),
    totalsPanel(view),
    ratesPanel(view),
  ].filter((n): n is HTMLElement => n !== null);
}

startPage({ name: 'county', texts: TEXT, render });
