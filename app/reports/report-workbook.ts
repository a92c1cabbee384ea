// The workbook of a period in the printed layout of annex 3 and 4 (see export-blocks.ts for what a county summary adds).
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import {
  ANNEX_LAYOUTS,
  FIELD_CATALOGUE,
  getCell,
  type AnnexCell,
  type AnnexColumn,
  type AnnexKey,
  type AnnexLayout,
} from '../../domain/reports/index.js';
import { blocksOf, countyOf, periodLabelZh, UNIT_TYPE_ZH, type Block } from './export-blocks.js';
import type { PeriodReports } from './period-reports.js';

export const SHEET_NAMES: Record<AnnexKey, string> = { annex3: '月报表一', annex4: '月报表二' };

/** The layout's columns with the 填报单位 column inserted after 填报单位类型. */
function exportColumns(layout: AnnexLayout): AnnexColumn[] {
  const [unitTypeColumn, ...rest] = layout.columns;
  const spanning: AnnexCell[] = [
    { kind: 'label', text: '', rowSpan: layout.rowsPerUnit },
    ...Array.from({ length: layout.rowsPerUnit - 1 }, (): AnnexCell => ({ kind: 'covered' })),
  ];
  return [unitTypeColumn!, { headingsZh: ['填报单位'], cells: spanning }, ...rest];
}

/** Ideographic space, as the printed form uses between its fields. */
const SP = '\u3000';

const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };

/** One annex sheet being written: its columns and the heading rows' depth. */
interface AnnexSheet {
  sheet: ExcelJS.Worksheet;
  layout: AnnexLayout;
  columns: AnnexColumn[];
  width: number;
  depth: number;
}

const HEADER_TOP = 4;

function fullRow(s: AnnexSheet, row: number, text: string, style: Partial<ExcelJS.Style> = {}): void {
  const cell = s.sheet.getCell(row, 1);
  cell.value = text;
  Object.assign(cell, style);
  s.sheet.mergeCells(row, 1, row, s.width);
}

function addAnnexSheet(
  workbook: ExcelJS.Workbook,
  layout: AnnexLayout,
  reports: PeriodReports,
  generatedAt: Date,
): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES[layout.annex], {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const columns = exportColumns(layout);
  const s: AnnexSheet = {
    sheet,
    layout,
    columns,
    width: columns.length,
    depth: Math.max(...columns.map((c) => c.headingsZh.length)),
  };
  writeTitle(s, reports, generatedAt);
  writeHeadings(s);
  const end = writeBody(s, reports);
  writeNotes(s, reports, end + 1);
  sheet.getColumn(1).width = 10;
  sheet.getColumn(2).width = 22;
  for (let c = 3; c <= s.width; c++) sheet.getColumn(c).width = 10;
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: HEADER_TOP + s.depth - 1 }];
}

/** The title and the lines above the table. */
function writeTitle(s: AnnexSheet, reports: PeriodReports, generatedAt: Date): void {
  const { loaded, period } = reports;
  fullRow(s, 1, s.layout.titleZh(countyOf(loaded.campaign.bureauName)), {
    font: { bold: true, size: 16 },
    alignment: { horizontal: 'center', vertical: 'middle' },
  });
  s.sheet.getRow(1).height = 30;
  const local = DateTime.fromJSDate(generatedAt).setZone(loaded.template.timeZone);
  fullRow(
    s,
    2,
    `报送期间：${periodLabelZh(period.period, loaded.campaign.year)}${SP.repeat(2)}` +
      `已报送单位：${reports.submitted.length}／${reports.offices.length}（各单位最新版本）`,
  );
  const [unitField, fillerField, phoneField] = s.layout.formFieldsZh;
  fullRow(
    s,
    3,
    `${unitField ?? '填报单位（盖章）'}：${loaded.campaign.bureauName}（汇总）${SP.repeat(2)}${fillerField ?? '填表人'}：${SP.repeat(4)}` +
      `${phoneField ?? '联系电话'}：${SP.repeat(6)}${local.year}年${local.month}月${local.day}日`,
  );
}

/** Multi-row headings: equal adjacent headings (under equal parents) merge across, the last one spans down. */
function writeHeadings(s: AnnexSheet): void {
  const { sheet, columns, width, depth } = s;
  columns.forEach((column, c) => {
    column.headingsZh.forEach((heading, level) => {
      sheet.getCell(HEADER_TOP + level, c + 1).value = heading;
    });
  });
  for (let level = 0; level < depth; level++) {
    let c = 0;
    while (c < width) {
      const chain = columns[c]!.headingsZh;
      if (level >= chain.length) {
        c++;
        continue;
      }
      const isLast = level === chain.length - 1;
      const end = isLast ? c : lastColumnSharingHeading(columns, c, level);
      const bottom = isLast ? HEADER_TOP + depth - 1 : HEADER_TOP + level;
      if (end > c || bottom > HEADER_TOP + level) sheet.mergeCells(HEADER_TOP + level, c + 1, bottom, end + 1);
      c = end + 1;
    }
  }
  styleRange(s, HEADER_TOP, HEADER_TOP + depth, { font: { bold: true } });
}

/** The last column right of `first` whose headings down to `level` are the same as its own. */
function lastColumnSharingHeading(columns: AnnexColumn[], first: number, level: number): number {
  const prefixOf = (c: number) => columns[c]!.headingsZh.slice(0, level + 1).join('\u0000');
  const prefix = prefixOf(first);
  let end = first;
  while (end + 1 < columns.length && columns[end + 1]!.headingsZh.length > level + 1 && prefixOf(end + 1) === prefix) {
    end++;
  }
  return end;
}

function styleRange(s: AnnexSheet, fromRow: number, toRow: number, extra: Partial<ExcelJS.Style> = {}): void {
  for (let r = fromRow; r < toRow; r++) {
    for (let c = 1; c <= s.width; c++) {
      const cell = s.sheet.getCell(r, c);
      Object.assign(cell, extra);
      cell.alignment = CENTER;
      cell.border = BORDER;
    }
  }
}

/** One block per office, then the unit type's subtotal; the county total last. Returns the row after the body. */
function writeBody(s: AnnexSheet, reports: PeriodReports): number {
  const { sheet } = s;
  const rowsPerUnit = s.layout.rowsPerUnit;
  const bodyTop = HEADER_TOP + s.depth;
  let row = bodyTop;
  const { groups, total } = blocksOf(reports);
  for (const group of groups) {
    const top = row;
    for (const block of group.blocks) row = writeBlock(s, block, row);
    sheet.getCell(top, 1).value = UNIT_TYPE_ZH[group.unitType];
    if (row - 1 > top) sheet.mergeCells(top, 1, row - 1, 1);
  }
  const totalTop = row;
  row = writeBlock(s, total, row);
  sheet.getCell(totalTop, 1).value = '合计';
  sheet.getCell(totalTop, 2).value = null;
  sheet.unMergeCells(totalTop, 2, totalTop + rowsPerUnit - 1, 2);
  sheet.mergeCells(totalTop, 1, totalTop + rowsPerUnit - 1, 2);
  styleRange(s, bodyTop, row);
  return row;
}

/** Writes one block from `row`; returns the row after it. */
function writeBlock(s: AnnexSheet, block: Block, row: number): number {
  const { sheet } = s;
  s.columns.forEach((column, c) => {
    column.cells.forEach((cell, i) => {
      const target = sheet.getCell(row + i, c + 1);
      let rowSpan = 1;
      let colSpan = 1;
      if (cell.kind === 'label') {
        target.value = c === 1 ? block.unitLabel : cell.text;
        rowSpan = cell.rowSpan ?? 1;
        colSpan = cell.colSpan ?? 1;
      } else if (cell.kind === 'value') {
        const field = FIELD_CATALOGUE.find((f) => f.path === cell.path)!;
        target.value = getCell(block.tables, cell.path);
        target.numFmt = field.kind === 'count' ? '0' : '0.0000';
        rowSpan = cell.rowSpan ?? 1;
        colSpan = cell.colSpan ?? 1;
      }
      if (rowSpan > 1 || colSpan > 1) sheet.mergeCells(row + i, c + 1, row + i + rowSpan - 1, c + colSpan);
    });
  });
  if (block.kind !== 'office') {
    for (let i = 0; i < s.layout.rowsPerUnit; i++) {
      for (let c = 1; c <= s.width; c++) sheet.getCell(row + i, c).font = { bold: true };
    }
  }
  return row + s.layout.rowsPerUnit;
}

/** The notes under the table, and who has not reported. */
function writeNotes(s: AnnexSheet, reports: PeriodReports, from: number): void {
  let row = from;
  fullRow(s, row++, '注：', { font: { bold: true } });
  s.layout.notesZh.forEach((note, i) => {
    fullRow(s, row, `${i + 1}. ${note}`, { alignment: { wrapText: true, vertical: 'top' } });
    s.sheet.getRow(row).height = note.length > 60 ? 32 : 16;
    row++;
  });
  if (reports.missing.length > 0) {
    row++;
    fullRow(s, row, `未报送单位（${reports.missing.length}）：${reports.missing.map((o) => o.name).join('、')}`, {
      font: { bold: true, color: { argb: 'FFC00000' } },
      alignment: { wrapText: true },
    });
  }
}

/** The workbook of a period: sheet 月报表一 (annex 3) and 月报表二 (annex 4). */
export async function buildReportWorkbook(reports: PeriodReports, generatedAt: Date = new Date()): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = reports.loaded.campaign.bureauName;
  workbook.created = generatedAt;
  workbook.title = `${reports.loaded.campaign.name} ${periodLabelZh(reports.period.period, reports.loaded.campaign.year)}`;
  addAnnexSheet(workbook, ANNEX_LAYOUTS.annex3, reports, generatedAt);
  addAnnexSheet(workbook, ANNEX_LAYOUTS.annex4, reports, generatedAt);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
