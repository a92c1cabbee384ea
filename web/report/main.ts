// The monthly report page ("月报" / "Monthly report"): /app/report?campaign=<id>&office=<id>&period=YYYY-MM (or
// period=year-end)[&lang=en], the page a report reminder links to. Annex 3 and annex 4 laid out as printed, one input
// per cell (the layout from GET /report-layout), totals checked as one types, the sealed written summary, and a
// correction reason once a version exists; or the pre-filled Excel form, downloaded and uploaded again. Sent to
// POST …/reports/:period, whose refusals are shown at their cells. The form starts from the latest version sent;
// with none, blank (the Excel form is the one pre-filled from the register and the previous period).
import { ApiError, query } from '../shared/api.js';
import { chooseCampaign, chooseOffice, pickers } from '../shared/choose.js';
import { h } from '../shared/dom.js';
import { labelOf } from '../shared/shell-text.js';
import { startPage } from '../shared/shell.js';
import { actionForm, note } from '../shared/ui.js';
import type { FieldSpec, ObligationStatus, OfficeReport, ReportLayout, Submitted } from './api-types.js';
import { cellOf, showChecks, tablesOf } from './figures.js';
import { annexPanel, headingTranslator, type AnnexView } from './layout.js';
import { excelPanel, sendPanel, subject, versionsPanel } from './sections.js';
import { TEXT } from './text.js';
import type { Context, View } from './view.js';

/** The period of a report obligation: 'YYYY-MM' of monthly-report:YYYY-MM, 'year-end' of the year-end summary. */
function periodOf(o: ObligationStatus): string | undefined {
  if (o.kind === 'monthly-report') return o.key.slice(o.key.indexOf(':') + 1);
  if (o.kind === 'year-end-summary') return 'year-end';
  return undefined;
}

/** The report obligations of the office, by due date, each with its period. */
function reportPeriods(obligations: readonly ObligationStatus[]): { period: string; obligation: ObligationStatus }[] {
  return obligations
    .flatMap((obligation) => {
      const period = periodOf(obligation);
      return period ? [{ period, obligation }] : [];
    })
    .sort((a, b) => a.obligation.dueDate.localeCompare(b.obligation.dueDate));
}

/** The period picker: every period the campaign asks this office to report, with its state. */
function periodPicker(ctx: Context, periods: ReturnType<typeof reportPeriods>, current: string): HTMLElement {
  const x = ctx.x;
  const control = h(
    'select',
    { id: 'period-select', name: 'period' },
    periods.map(({ period, obligation }) =>
      h(
        'option',
        { value: period, selected: period === current },
        x.periodOption(obligation.title, labelOf(x.periodState, obligation.state)),
      ),
    ),
  );
  control.addEventListener('change', () => {
    ctx.setParams({ period: control.value });
    void ctx.reload();
  });
  return h('label', { class: 'picker' }, h('span', {}, x.period), control);
}

/** The annexes and, for those who may send, the files, the reason and the buttons: one form, sent as one. */
function reportForm(view: View): HTMLElement {
  const { ctx, x, layout, report } = view;
  const fields = new Map<string, FieldSpec>(layout.fields.map((f) => [f.path, f]));
  const checked = new Set(
    layout.rules.flatMap((r) => (r.kind === 'sum' ? [r.total] : r.kind === 'notAbove' ? [r.part] : [])),
  );
  const annexView: AnnexView = {
    x,
    lang: ctx.lang,
    fields,
    checked,
    valueOf: (path) => (report ? cellOf(report.latest.tables, path) : undefined),
    readOnly: !view.canWrite,
    inputs: new Map(),
    translate: headingTranslator(layout, x, ctx.lang),
  };
  const intro = view.canWrite
    ? note(report ? x.prefilledFrom(report.latest.version) : x.startsBlank, { id: 'form-intro' })
    : null;
  const annexes = layout.annexes.map((annex) => annexPanel(annexView, annex));
  const shortLabel = (spec: FieldSpec) =>
    ctx.lang === 'en' ? (spec.labelEn.split(' / ').pop() ?? spec.labelEn) : spec.titleZh;
  const check = (root: HTMLElement) => {
    const run = () => showChecks({ x, root, inputs: annexView.inputs, fields, rules: layout.rules, shortLabel });
    root.addEventListener('input', run);
    run();
    return root;
  };
  if (!view.canWrite) return check(h('div', { id: 'report-view' }, excelPanel(view, null), intro, annexes));

  const workbook = h('input', {
    type: 'file',
    name: 'workbook',
    'data-path': 'workbook',
    accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const summary = h('input', {
    type: 'file',
    name: 'summary',
    'data-path': 'summary',
    accept: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png',
    required: true,
  });
  const reason = report
    ? h('textarea', {
        name: 'correctionReason',
        'data-path': 'correctionReason',
        rows: 2,
        maxlength: 2000,
        required: true,
      })
    : null;
  const form = actionForm(
    { id: 'report-form' },
    excelPanel(view, workbook),
    intro,
    annexes,
    sendPanel(view, { summary, reason }),
  );
  ctx.action(form, async (_data, submitter) => {
    const body = new FormData();
    if (submitter?.value === 'workbook') {
      const file = workbook.files?.[0];
      if (!file) throw new ApiError(400, x.chooseWorkbook, [{ path: 'workbook', message: x.chooseWorkbook }]);
      body.append('workbook', file, file.name);
    } else {
      body.append('tables', JSON.stringify(tablesOf(annexView.inputs)));
    }
    const why = reason?.value.trim();
    if (why) body.append('correctionReason', why);
    const file = summary.files?.[0];
    if (file) body.append('summary', file, file.name);
    const sent = await ctx.api<Submitted>(view.reportPath, { method: 'POST', form: body });
    return x.submitted(sent.version, sent.late);
  });
  return check(form);
}

async function render(ctx: Context): Promise<Node[]> {
  const [{ campaign, campaigns }, { office, offices }, layout] = await Promise.all([
    chooseCampaign(ctx),
    chooseOffice(ctx),
    ctx.api<ReportLayout>('/report-layout'),
  ]);
  const picker = pickers(ctx, { campaigns, campaign, offices, office });
  const top = (...more: (HTMLElement | null)[]) => {
    const row = picker ?? h('div', { class: 'pickers' });
    for (const node of more) if (node) row.append(node);
    return row.childElementCount > 0 ? [row] : [];
  };
  if (!campaign) return [...top(), note(ctx.shell.noCampaign)];
  if (!office) return [...top(), note(ctx.shell.noOffice)];
  const base = `/campaigns/${encodeURIComponent(campaign.id)}/offices/${encodeURIComponent(office.id)}`;
  const status = await ctx.api<{ obligations: ObligationStatus[] }>(`${base}/status${query({ lang: ctx.lang })}`);
  const periods = reportPeriods(status.obligations);
  const wanted = periods.find((p) => p.period === ctx.params.get('period'));
  // No period in the address (or one this campaign has not): the first report still to send, else the last one.
  const chosen = wanted ?? periods.find((p) => p.obligation.state !== 'done') ?? periods[periods.length - 1];
  if (!chosen) return [...top(), note(ctx.x.noPeriods)];
  ctx.setParams({ period: chosen.period });
  const reportPath = `${base}/reports/${encodeURIComponent(chosen.period)}`;
  // A report obligation is done when a version has been sent: only then is there one to read.
  const report =
    chosen.obligation.state === 'done'
      ? await ctx.api<OfficeReport>(reportPath).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        })
      : null;
  const view: View = {
    ctx,
    x: ctx.x,
    campaign,
    office,
    period: chosen.period,
    obligation: chosen.obligation,
    report,
    layout,
    canWrite: ctx.canWrite(office.id),
    zone: campaign.template.timeZone || 'Asia/Shanghai',
    reportPath,
  };
  return [...top(periodPicker(ctx, periods, chosen.period)), subject(view), reportForm(view), versionsPanel(view)];
}

startPage({ name: 'report', texts: TEXT, render });
