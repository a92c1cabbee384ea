// Annex 3 and annex 4 drawn as the notice prints them, from GET /report-layout: one panel per annex, one part per
// heading group (企业数量, 创建提升数量, …), one input per cell named by its field path (data-path, where the server's
// error lands), its unit beside it. A group of several printed rows (国标/省标/地标, 市级/县级/乡级) is a table with
// its row and column headings; a group of one row is a grid of labelled cells, which wraps on a narrow screen
// instead of running off it. Headings are Chinese as printed; in English, translated from the field catalogue.
import { h } from '../shared/dom.js';
import type { Language } from '../shared/shell-text.js';
import type { AnnexCell, AnnexLayout, FieldSpec, ReportLayout } from './api-types.js';
import type { ReportText } from './text.js';

/** What the annexes are drawn with; `inputs` collects every cell's input by its field path. */
export interface AnnexView {
  x: ReportText;
  lang: Language;
  fields: ReadonlyMap<string, FieldSpec>;
  /** Paths that get a check beside their input: the totals of sum rules, the parts of "not above" rules. */
  checked: ReadonlySet<string>;
  /** The figure a cell starts with (the latest version sent), if any. */
  valueOf: (path: string) => number | undefined;
  readOnly: boolean;
  inputs: Map<string, HTMLInputElement>;
  translate: (zh: string) => string;
}

/** Chinese heading → English, from the catalogue's parallel label chains (国标 → National standard, …). */
export function headingTranslator(layout: ReportLayout, x: ReportText, lang: Language): (zh: string) => string {
  if (lang !== 'en') return (zh) => zh;
  const dictionary = new Map<string, string>(Object.entries(x.layoutHeadings));
  for (const f of layout.fields) {
    const zh = f.labelZh.split('／');
    const en = f.labelEn.split(' / ');
    if (zh.length !== en.length) continue;
    zh.forEach((segment, i) => {
      if (!dictionary.has(segment)) dictionary.set(segment, en[i] ?? segment);
    });
  }
  return (zh) => dictionary.get(zh) ?? zh;
}

/** The accessible name of a cell: its full label with the group headings, and its unit. */
export function cellLabel(view: AnnexView, spec: FieldSpec): string {
  const unit = view.lang === 'en' ? (view.x.units[spec.unitZh] ?? spec.unitZh) : spec.unitZh;
  return `${view.lang === 'en' ? spec.labelEn : spec.labelZh}（${unit}）`;
}

/** One cell's input, its unit and (for a checked cell) the place its check is shown. */
function cellControl(view: AnnexView, path: string): HTMLElement {
  const spec = view.fields.get(path);
  const value = view.valueOf(path);
  const input = h('input', {
    type: 'text',
    inputmode: spec?.kind === 'count' ? 'numeric' : 'decimal',
    name: path,
    id: `cell-${path.replaceAll('.', '-')}`,
    class: 'cell-input',
    'data-path': path,
    'data-kind': spec?.kind,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-label': spec ? cellLabel(view, spec) : path,
    readonly: view.readOnly,
    value: value === undefined ? null : String(value),
  });
  view.inputs.set(path, input);
  const unitZh = spec?.unitZh ?? '';
  return h(
    'span',
    { class: 'cell' },
    input,
    h('span', { class: 'unit', 'aria-hidden': 'true' }, view.lang === 'en' ? (view.x.units[unitZh] ?? unitZh) : unitZh),
    view.checked.has(path) ? h('span', { class: 'check', 'data-check-for': path, 'aria-live': 'polite' }) : null,
  );
}

interface Group {
  heading: string;
  columns: AnnexLayout['columns'];
}

/** Consecutive columns under the same top heading; the unit-type column (one block here: the office's) is left out. */
function groupsOf(layout: AnnexLayout): Group[] {
  const groups: Group[] = [];
  for (const column of layout.columns) {
    if (!column.cells.some((c) => c.kind === 'value' || c.kind === 'label')) continue;
    const heading = column.headingsZh[0] ?? '';
    const last = groups[groups.length - 1];
    if (last && last.heading === heading) last.columns.push(column);
    else groups.push({ heading, columns: [column] });
  }
  return groups;
}

/** The printed rows of a group that hold an input (a struck-through row, 标杆 乡级, has none). */
function rowsWithInputs(group: Group, rows: number): number[] {
  return [...Array(rows).keys()].filter((r) => group.columns.some((c) => c.cells[r]?.kind === 'value'));
}

/** A cell spanning printed rows spans the kept ones among them. */
function keptSpan(cell: Exclude<AnnexCell, { kind: 'covered' }>, row: number, kept: readonly number[]): number {
  const span = 'rowSpan' in cell && cell.rowSpan ? cell.rowSpan : 1;
  return kept.filter((r) => r >= row && r < row + span).length;
}

function groupTable(view: AnnexView, group: Group, kept: readonly number[]): HTMLElement {
  const head = group.columns.map((c) =>
    h('th', { scope: 'col' }, c.headingsZh.slice(1).map(view.translate).join(' / ')),
  );
  const rows = kept.map((r) =>
    h(
      'tr',
      {},
      group.columns.map((column) => {
        const cell = column.cells[r];
        if (!cell || cell.kind === 'covered' || cell.kind === 'unitType') return null;
        const span = { rowspan: keptSpan(cell, r, kept) > 1 ? keptSpan(cell, r, kept) : null, colspan: cell.colSpan };
        return cell.kind === 'label'
          ? h('th', { scope: 'row', ...span }, view.translate(cell.text))
          : h('td', span, cellControl(view, cell.path));
      }),
    ),
  );
  return h(
    'div',
    { class: 'scroll' },
    h('table', { class: 'annex-table' }, h('thead', {}, h('tr', {}, head)), h('tbody', {}, rows)),
  );
}

/** A one-row group: each cell with its heading above it; sub-headings (健全三张清单, 罚款 …) start a new line. */
function groupGrid(view: AnnexView, group: Group): HTMLElement {
  const items: HTMLElement[] = [];
  let subgroup: string | undefined;
  for (const column of group.columns) {
    const cell = column.cells.find((c): c is Extract<AnnexCell, { kind: 'value' }> => c.kind === 'value');
    if (!cell) continue;
    const headings = column.headingsZh.slice(1);
    const sub = headings.length > 1 ? headings[0] : undefined;
    if (sub !== subgroup) {
      // A sub-heading starts its cells on a new line; the group's own cells after it start on one too.
      items.push(
        sub
          ? h('p', { class: 'annex-subgroup' }, view.translate(sub))
          : h('span', { class: 'annex-break', 'aria-hidden': 'true' }),
      );
      subgroup = sub;
    }
    const control = cellControl(view, cell.path);
    const input = view.inputs.get(cell.path);
    items.push(
      h(
        'div',
        { class: 'annex-item' },
        h('label', { for: input?.id ?? null }, view.translate(headings[headings.length - 1] ?? '')),
        control,
      ),
    );
  }
  return h('div', { class: 'annex-grid' }, items);
}

/** One annex: its groups in printed order, then its notes (注) folded away. */
export function annexPanel(view: AnnexView, layout: AnnexLayout): HTMLElement {
  const parts = groupsOf(layout).map((group) => {
    const kept = rowsWithInputs(group, layout.rowsPerUnit);
    const hasRowHeadings = group.columns.some((c) => kept.some((r) => c.cells[r]?.kind === 'label'));
    return h(
      'section',
      { class: 'annex-group' },
      h('h3', {}, view.translate(group.heading)),
      kept.length > 1 || hasRowHeadings ? groupTable(view, group, kept) : groupGrid(view, group),
    );
  });
  const notes = h(
    'details',
    { class: 'annex-notes' },
    h('summary', {}, view.x.notesTitle),
    view.x.notesInChinese ? h('p', { class: 'hint' }, view.x.notesInChinese) : null,
    h(
      'ol',
      { lang: 'zh-CN' },
      layout.notesZh.map((n) => h('li', {}, n)),
    ),
  );
  return h(
    'section',
    { class: 'panel annex', id: layout.annex, 'data-annex': layout.annex },
    h(
      'h2',
      {},
      view.x.annexTitle[layout.annex],
      ' ',
      h('span', { class: 'muted', lang: 'zh-CN' }, layout.shortTitleZh),
    ),
    parts,
    notes,
  );
}
