// The report page's parts around the annexes: the subject line, the Excel panel (the pre-filled form to download,
// the filled one to upload), the sending panel and the list of versions sent, each with its written summary.
import { h } from '../shared/dom.js';
import { downloadButton } from '../shared/download-button.js';
import { wallTime } from '../shared/format.js';
import { field } from '../shared/forms.js';
import { labelOf } from '../shared/shell-text.js';
import { buttons, note, panel, table, tag } from '../shared/ui.js';
import type { View } from './view.js';

/** The office, the period with its due date and state, and what has been sent. */
export function subject(view: View): HTMLElement {
  const { ctx, x, obligation, report } = view;
  return h(
    'div',
    { class: 'subject', 'data-office': view.office.id, 'data-period': view.period, 'data-state': obligation.state },
    h('h2', { class: 'office-name' }, view.office.name),
    h(
      'p',
      { class: 'period-line' },
      h('span', { class: 'period-title' }, obligation.title),
      ' · ',
      x.dueOn(obligation.dueDate),
      ' ',
      tag(labelOf(x.periodState, obligation.state), obligation.state),
      ' · ',
      h('span', { id: 'sent-count' }, report ? x.submittedVersions(report.versions.length) : x.notSubmitted),
    ),
    view.canWrite ? null : note(ctx.shell.readOnly, { class: 'note read-only' }),
  );
}

/** A download of the API with the user's token (web/shared/download-button.ts), with this page's words. */
function download(view: View, options: { id: string; label: string; path: string; fallbackName: string }) {
  return downloadButton(view.ctx, view.x, {
    id: options.id,
    label: options.label,
    path: () => options.path,
    fallbackName: () => options.fallbackName,
  });
}

/** The Excel form: download it pre-filled; for those who may send, the file input of the filled-in form. */
export function excelPanel(view: View, workbookInput: HTMLInputElement | null): HTMLElement {
  const { x } = view;
  return panel(
    x.excelTitle,
    { id: 'excel' },
    h('p', { class: 'hint' }, x.excelHint),
    download(view, {
      id: 'download-workbook',
      label: x.download,
      path: `${view.reportPath}/workbook.xlsx`,
      fallbackName: `${view.office.code}-${view.period}.xlsx`,
    }),
    workbookInput ? field(x.workbookFile, workbookInput, x.workbookHint) : null,
  );
}

/** The sealed summary, the correction reason (once a version exists) and the two ways to send. */
export function sendPanel(
  view: View,
  controls: { summary: HTMLInputElement; reason: HTMLTextAreaElement | null },
): HTMLElement {
  const { x } = view;
  return panel(
    x.submitTitle,
    { id: 'send' },
    field(x.summaryFile, controls.summary, x.summaryHint),
    controls.reason ? field(x.correctionReason, controls.reason, x.correctionHint) : null,
    buttons(
      h(
        'button',
        { type: 'submit', class: 'primary', id: 'submit-tables', name: 'via', value: 'tables' },
        x.submitTables,
      ),
      h('button', { type: 'submit', id: 'submit-workbook', name: 'via', value: 'workbook' }, x.submitWorkbook),
    ),
  );
}

/** Every version sent: number, when, on time or late, by whom, the correction reason, its written summary. */
export function versionsPanel(view: View): HTMLElement {
  const { x, report } = view;
  if (!report) return panel(x.versionsTitle, { id: 'versions' }, note(x.noVersions));
  const rows = report.versions.map((v) =>
    h(
      'tr',
      { 'data-version': v.version, 'data-late': String(v.late) },
      h('td', { class: 'number' }, v.version),
      h('td', { class: 'nowrap' }, wallTime(v.submittedAt, view.zone)),
      h('td', {}, v.late ? tag(x.late, 'late') : tag(x.onTime, 'done')),
      h('td', {}, v.submittedBy),
      h('td', { class: 'reason' }, v.correctionReason ?? (v.version === 1 ? x.firstVersion : '')),
      h(
        'td',
        {},
        download(view, {
          id: `summary-${v.version}`,
          label: v.summary.fileName,
          path: `${view.reportPath}/versions/${v.version}/summary`,
          fallbackName: v.summary.fileName,
        }),
      ),
    ),
  );
  return panel(
    x.versionsTitle,
    { id: 'versions' },
    table([x.version, x.submittedAt, x.timeliness, x.submittedBy, x.reason, x.summary], rows, { id: 'versions-table' }),
  );
}
