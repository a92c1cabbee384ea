// The county page's parts: the reporting status of every office for the period, the county totals, the downloads
// (the annex workbook, the CSVs, the status list, the quarterly circular), the reporting rates of every period and
// the extension requests awaiting the bureau's decision (decided with the form from decideForm).
import { h } from '../shared/dom.js';
import { downloadButton } from '../shared/download-button.js';
import { wallTime } from '../shared/format.js';
import { field } from '../shared/forms.js';
import { labelOf } from '../shared/shell-text.js';
import { actionForm, buttons, note, panel, table, tag } from '../shared/ui.js';
import type { Extension, Tables } from './api-types.js';
import type { View } from './view.js';

/** The tag class of a reporting status (colours in shell.css and county.css). */
function statusTag(view: View, status: string): HTMLElement {
  return tag(labelOf(view.x.status, status), `report-${status}`);
}

export function statusPanel(view: View): HTMLElement {
  const { x, statusList, zone } = view;
  const c = statusList.counts;
  const counts = h(
    'p',
    { class: 'counts', id: 'status-counts' },
    x.countsLine,
    (
      [
        ['on-time', c.onTime],
        ['late-with-extension', c.lateWithExtension],
        ['late', c.late],
        ['missing', c.missing],
      ] as const
    ).map(([status, n]) => h('span', { class: 'count', 'data-status': status }, statusTag(view, status), ` ${n}`)),
  );
  const rows = statusList.entries.map((e) =>
    h(
      'tr',
      { 'data-office': e.officeId, 'data-status': e.status },
      h('td', {}, e.name),
      h('td', {}, labelOf(x.unitTypes, e.unitType)),
      h('td', {}, statusTag(view, e.status), e.pastHardDeadline ? [' ', tag(x.escalated, 'late')] : null),
      h(
        'td',
        { class: 'nowrap' },
        e.dueDate,
        e.extendedDueDate ? h('div', {}, tag(x.extended, 'extension-approved')) : null,
      ),
      h('td', { class: 'nowrap' }, wallTime(e.firstSubmittedAt, zone)),
      h('td', { class: 'number' }, e.latestVersion ?? ''),
    ),
  );
  return panel(
    x.statusTitle,
    { id: 'status' },
    counts,
    rows.length === 0
      ? note(x.noOffices)
      : table([x.office, x.unitType, x.state, x.dueDate, x.submittedAt, x.version], rows, { id: 'status-table' }),
  );
}

/** The figures of a subtotal the table shows, in its column order. */
function figures(t: Tables): number[] {
  const ent = t.annex3.enterprises;
  const enf = t.annex4.enforcement;
  return [
    ent.total,
    ent.aboveSize,
    ent.medium,
    ent.smallMicro,
    enf.inspectedEnterprises,
    enf.hazardsFound,
    enf.hazardsRectified,
    enf.fines.amount,
  ];
}

export function totalsPanel(view: View): HTMLElement {
  const { x, totals } = view;
  const rows = (['countyUnits', 'townships', 'county'] as const).map((key) =>
    h(
      'tr',
      { 'data-total': key, class: key === 'county' ? 'total' : null },
      h('th', { scope: 'row' }, x.totalsRow[key]),
      h('td', { class: 'number' }, totals[key].offices),
      figures(totals[key].tables).map((n) => h('td', { class: 'number' }, n)),
    ),
  );
  const missing = totals.missing.map((o) => o.name).join(view.ctx.lang === 'en' ? ', ' : '、');
  return panel(
    x.totalsTitle,
    { id: 'totals' },
    table(
      [
        '',
        x.reported,
        x.enterprises,
        x.aboveSize,
        x.medium,
        x.smallMicro,
        x.inspected,
        x.hazardsFound,
        x.hazardsRectified,
        x.fines,
      ],
      rows,
      { id: 'totals-table' },
    ),
    note(missing ? x.notReported(missing) : x.allReported, { id: 'not-reported' }),
    h('p', { class: 'hint' }, x.totalsHint),
  );
}

/** The quarters the campaign's reporting months fall in ('2024-Q1' …). */
function quarters(view: View): string[] {
  const months = view.rates.periods.map((p) => p.period).filter((p) => /^\d{4}-\d{2}$/.test(p));
  const of = (month: string) => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
  return [...new Set(months.map(of))];
}

export function downloadsPanel(view: View): HTMLElement {
  const { x, period, base } = view;
  const labels = { downloading: x.downloading, downloaded: x.downloaded };
  const reports = `${base}/reports/${encodeURIComponent(period)}`;
  const file = (id: string, label: string, path: string, fallbackName: string, primary = false) =>
    h(
      'li',
      {},
      downloadButton(view.ctx, labels, { id, label, path: () => path, fallbackName: () => fallbackName, primary }),
    );
  const all = quarters(view);
  const current = /^\d{4}-\d{2}$/.test(period)
    ? `${period.slice(0, 4)}-Q${Math.ceil(Number(period.slice(5, 7)) / 3)}`
    : all[all.length - 1];
  const quarter = h(
    'select',
    { id: 'quarter-select', 'aria-label': x.quarter },
    all.map((q) => h('option', { value: q, selected: q === current }, x.quarterTitle(q))),
  );
  const circular = downloadButton(view.ctx, labels, {
    id: 'download-circular',
    label: x.circular,
    path: () => `${base}/circulars/${encodeURIComponent(quarter.value)}`,
    fallbackName: () => `${x.circular}-${quarter.value}.html`,
  });
  return panel(
    x.downloadsTitle,
    { id: 'downloads' },
    h(
      'ul',
      { class: 'downloads' },
      file('download-xlsx', x.exportXlsx, `${reports}/export.xlsx`, `${period}.xlsx`, true),
      file('download-annex3', x.exportAnnex3, `${reports}/export.csv?annex=3`, `annex3-${period}.csv`),
      file('download-annex4', x.exportAnnex4, `${reports}/export.csv?annex=4`, `annex4-${period}.csv`),
      file('download-status', x.statusCsv, `${reports}/status-list.csv`, `status-${period}.csv`),
      all.length > 0
        ? h('li', { class: 'circular' }, h('label', { class: 'picker' }, h('span', {}, x.quarter), quarter), circular)
        : null,
    ),
    all.length > 0 ? h('p', { class: 'hint' }, x.circularHint) : null,
  );
}

const RATE_STATUSES = ['on-time', 'late-with-extension', 'late', 'missing', 'upcoming'] as const;

export function ratesPanel(view: View): HTMLElement {
  const { x, rates, period } = view;
  const rows = rates.periods.map((p) =>
    h(
      'tr',
      { 'data-period': p.period, class: p.period === period ? 'current' : null },
      h(
        'td',
        {},
        h(
          'a',
          { href: view.ctx.href('/app/county', { campaign: view.campaign.id, period: p.period }) },
          x.periodTitle(p.period),
        ),
      ),
      h('td', { class: 'nowrap' }, p.dueDate),
      RATE_STATUSES.map((s) => h('td', { class: 'number', 'data-status': s }, p.counts[s] ?? 0)),
      h('td', { class: 'number rate' }, `${Math.round(p.rate * 100)}%`),
    ),
  );
  return panel(
    x.ratesTitle,
    { id: 'rates' },
    table([x.period, x.dueDate, ...RATE_STATUSES.map((s) => x.status[s]), x.rate], rows, { id: 'rates-table' }),
  );
}

export function extensionsPanel(view: View, decide: (e: Extension) => HTMLElement | null): HTMLElement {
  const { x, ctx: c } = view;
  const names = new Map(view.offices.map((o) => [o.id, o.name]));
  const phaseName = (key: string) => {
    const phase = view.campaign.template.phases.find((p) => p.key === key);
    return phase ? (c.lang === 'en' ? phase.nameEn : phase.nameZh) : key;
  };
  const rows = view.extensions.map((e) =>
    h(
      'tr',
      { 'data-extension': e.id, 'data-office': e.officeId, 'data-obligation': e.obligationKey },
      h('td', {}, names.get(e.officeId) ?? e.officeId),
      h('td', {}, x.obligationTitle(e.obligationKey, phaseName)),
      h('td', { class: 'nowrap' }, e.requestedDueDate),
      h('td', {}, e.reason, h('div', { class: 'muted' }, `${x.requestedBy}: ${e.requestedBy}`)),
      c.isBureau ? h('td', {}, decide(e)) : null,
    ),
  );
  const columns = [x.office, x.item, x.requestedDueDate, x.reason, ...(c.isBureau ? [x.decision] : [])];
  return panel(
    x.extensionsTitle,
    { id: 'pending-extensions' },
    rows.length === 0 ? note(x.noExtensions) : table(columns, rows, { id: 'extensions-table' }),
  );
}

/** POST /extensions/:id/decision: the bureau approves or rejects a pending request, with an optional note. */
export function decideForm(view: View, e: Extension): HTMLElement | null {
  const { ctx: c, x } = view;
  if (!c.isBureau) return null;
  const form = actionForm(
    { class: 'action-form decide', 'data-extension': e.id },
    field(x.note, h('input', { type: 'text', name: 'note', 'data-path': 'note', maxlength: 1000 })),
    buttons(
      h('button', { type: 'submit', name: 'approve', value: 'true', class: 'primary' }, x.approve),
      h('button', { type: 'submit', name: 'approve', value: 'false' }, x.reject),
    ),
  );
  return c.action(form, async (data, submitter) => {
    const approve = submitter?.value === 'true';
    const value = data.get('note');
    const noteText = typeof value === 'string' ? value.trim() : '';
    await c.api(`/extensions/${encodeURIComponent(e.id)}/decision`, {
      method: 'POST',
      json: { approve, ...(noteText ? { note: noteText } : {}) },
    });
    return approve ? x.approved : x.rejected;
  });
}
