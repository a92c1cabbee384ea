/**
 * One annex sheet in the notice's printed layout: the title, the lines above the table, the merged headings, the
 * blocks of body rows and the notes, placed by the one geometry of domain/reports (SHEET_GEOMETRY), which the
 * reader of an uploaded form (read-report-workbook.ts) uses too. The county export (report-workbook.ts) and an
 * office's own form (office-report-workbook.ts) are both written here.
 */
import ExcelJS from 'exceljs';
import {
  ANNEX_LAYOUTS,
  blockCells,
  fieldSpec,
  HEADER_TOP,
  MAX_CELL_AMOUNT,
  MAX_CELL_COUNT,
  SHEET_GEOMETRY,
  UNIT_COLUMN,
  type AnnexColumn,
  type AnnexKey,
  type AnnexLayout,
  type FieldPath,
  type SheetGeometry,
  type UnitType,
} from '../../domain/reports/index.js';
import { UNIT_TYPE_ZH } from './export-blocks.js';

/** One block of body rows: a unit (an office), a unit-type subtotal or the county total. */
export interface SheetBlock {
  unitLabel: string;
  /** A cell's figure; undefined leaves it blank (a form's cell still to be filled). */
  valueOf(path: FieldPath): number | undefined;
  kind: 'office' | 'subtotal' | 'total';
}

export interface AnnexSheetContent {
  /** The county in the printed title (安溪县 when not known). */
  county: string | undefined;
  /** Rows 2 and 3 above the table: the period, then the form's fields (see formFieldsLine). */
  linesAbove(layout: AnnexLayout): [string, string];
  /** The blocks by unit type; column A names the unit type across its blocks. */
  groups: { unitType: UnitType; blocks: SheetBlock[] }[];
  /** The county total (合计) after the groups, spanning columns A and B. */
  total?: SheetBlock;
  /** Lines under the notes (after an empty row). */
  linesBelow: { text: string; style?: Partial<ExcelJS.Style> }[];
  /**
   * A form to fill in: the value cells are unlocked, lightly highlighted and accept only what the cell takes (Excel
   * and WPS data validation); the sheet is protected without a password so that rows and columns stay where the
   * reader looks for them (row 3, the form's fields, stays editable).
   */
  form: boolean;
}

/** Ideographic space, as the printed form uses between its fields. */
export const SP = '\u3000';

/** Row 3, as printed above the table: 填报单位（盖章）, 填表人 and 联系电话, each followed by room to write, then the date. */
export function formFieldsLine(layout: AnnexLayout, unit: string, date: string): string {
  const [unitField, fillerField, phoneField] = layout.formFieldsZh;
  return (
    `${unitField ?? '填报单位（盖章）'}：${unit}${SP.repeat(2)}${fillerField ?? '填表人'}：${SP.repeat(4)}` +
    `${phoneField ?? '联系电话'}：${SP.repeat(6)}${date}`
  );
}

const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
/** The light fill of a form's input cells. */
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/** One annex sheet being written. */
interface AnnexSheet {
  sheet: ExcelJS.Worksheet;
  layout: AnnexLayout;
  geometry: SheetGeometry;
  columns: AnnexColumn[];
  width: number;
  content: AnnexSheetContent;
}

function fullRow(s: AnnexSheet, row: number, text: string, style: Partial<ExcelJS.Style> = {}): ExcelJS.Cell {
  const cell = s.sheet.getCell(row, 1);
  cell.value = text;
  Object.assign(cell, style);
  s.sheet.mergeCells(row, 1, row, s.width);
  return cell;
}

/** Adds the sheet of `annex` (月报表一 or 月报表二) to the workbook. */
export async function addAnnexSheet(
  workbook: ExcelJS.Workbook,
  annex: AnnexKey,
  content: AnnexSheetContent,
): Promise<void> {
  const geometry = SHEET_GEOMETRY[annex];
  const sheet = workbook.addWorksheet(geometry.sheetName, {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const s: AnnexSheet = {
    sheet,
    layout: ANNEX_LAYOUTS[annex],
    geometry,
    columns: geometry.columns,
    width: geometry.width,
    content,
  };
  writeTitle(s);
  writeHeadings(s);
  const end = writeBody(s);
  writeNotes(s, end + 1);
  sheet.getColumn(1).width = 10;
  sheet.getColumn(UNIT_COLUMN).width = 22;
  for (let c = 3; c <= s.width; c++) sheet.getColumn(c).width = 10;
  sheet.views = [{ state: 'frozen', xSplit: UNIT_COLUMN, ySplit: geometry.bodyTop - 1 }];
  if (content.form) {
    await sheet.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatCells: true,
      formatColumns: true,
      formatRows: true,
    });
  }
}

/** The title and the lines above the table. */
function writeTitle(s: AnnexSheet): void {
  fullRow(s, 1, s.layout.titleZh(s.content.county), {
    font: { bold: true, size: 16 },
    alignment: { horizontal: 'center', vertical: 'middle' },
  });
  s.sheet.getRow(1).height = 30;
  const [period, formFields] = s.content.linesAbove(s.layout);
  fullRow(s, 2, period);
  const fields = fullRow(s, 3, formFields);
  if (s.content.form) fields.protection = { locked: false };
}

/** Multi-row headings: equal adjacent headings (under equal parents) merge across, the last one spans down. */
function writeHeadings(s: AnnexSheet): void {
  const { sheet, columns, width } = s;
  const depth = s.geometry.depth;
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

/** The blocks of each unit type, then the county total if any. Returns the row after the body. */
function writeBody(s: AnnexSheet): number {
  const { sheet } = s;
  const rowsPerUnit = s.geometry.rowsPerUnit;
  const bodyTop = s.geometry.bodyTop;
  let row = bodyTop;
  for (const group of s.content.groups) {
    const top = row;
    for (const block of group.blocks) row = writeBlock(s, block, row);
    sheet.getCell(top, 1).value = UNIT_TYPE_ZH[group.unitType];
    if (row - 1 > top) sheet.mergeCells(top, 1, row - 1, 1);
  }
  const total = s.content.total;
  if (total) {
    const totalTop = row;
    row = writeBlock(s, total, row);
    sheet.getCell(totalTop, 1).value = '合计';
    sheet.getCell(totalTop, UNIT_COLUMN).value = null;
    sheet.unMergeCells(totalTop, UNIT_COLUMN, totalTop + rowsPerUnit - 1, UNIT_COLUMN);
    sheet.mergeCells(totalTop, 1, totalTop + rowsPerUnit - 1, UNIT_COLUMN);
  }
  styleRange(s, bodyTop, row);
  if (s.content.form) markInputs(s, bodyTop, row);
  return row;
}

/** Writes one block from `row`; returns the row after it. */
function writeBlock(s: AnnexSheet, block: SheetBlock, row: number): number {
  const { sheet } = s;
  for (const { cell, row: r, col } of blockCells(s.geometry, row)) {
    const target = sheet.getCell(r, col);
    let rowSpan = 1;
    let colSpan = 1;
    if (cell.kind === 'label') {
      target.value = col === UNIT_COLUMN ? block.unitLabel : cell.text;
      rowSpan = cell.rowSpan ?? 1;
      colSpan = cell.colSpan ?? 1;
    } else if (cell.kind === 'value') {
      target.value = block.valueOf(cell.path) ?? null;
      target.numFmt = fieldSpec(cell.path).kind === 'count' ? '0' : '0.0000';
      rowSpan = cell.rowSpan ?? 1;
      colSpan = cell.colSpan ?? 1;
    }
    if (rowSpan > 1 || colSpan > 1) sheet.mergeCells(r, col, r + rowSpan - 1, col + colSpan - 1);
  }
  if (block.kind !== 'office') {
    for (let i = 0; i < s.geometry.rowsPerUnit; i++) {
      for (let c = 1; c <= s.width; c++) sheet.getCell(row + i, c).font = { bold: true };
    }
  }
  return row + s.geometry.rowsPerUnit;
}

/** A form's value cells (every cell of their merged area): unlocked, highlighted, validated as the cell's kind. */
function markInputs(s: AnnexSheet, fromRow: number, toRow: number): void {
  for (let top = fromRow; top < toRow; top += s.geometry.rowsPerUnit) {
    for (const { cell, row, col } of blockCells(s.geometry, top)) {
      if (cell.kind !== 'value') continue;
      const count = fieldSpec(cell.path).kind === 'count';
      const validation: ExcelJS.DataValidation = {
        type: count ? 'whole' : 'decimal',
        operator: 'between',
        formulae: [0, count ? MAX_CELL_COUNT : MAX_CELL_AMOUNT],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: count ? '请输入整数' : '请输入金额（万元）',
        error: count
          ? '请输入0或正整数，若无则填0 (a whole number, 0 for none)'
          : '请输入0或正数，最多4位小数，若无则填0 (万元, at most 4 decimals, 0 for none)',
      };
      for (let r = row; r < row + (cell.rowSpan ?? 1); r++) {
        for (let c = col; c < col + (cell.colSpan ?? 1); c++) {
          const target = s.sheet.getCell(r, c);
          target.fill = INPUT_FILL;
          target.protection = { locked: false };
        }
      }
      s.sheet.getCell(row, col).dataValidation = validation;
    }
  }
}

/** The notes under the table, then the content's own lines. */
function writeNotes(s: AnnexSheet, from: number): void {
  let row = from;
  fullRow(s, row++, '注：', { font: { bold: true } });
  s.layout.notesZh.forEach((note, i) => {
    fullRow(s, row, `${i + 1}. ${note}`, { alignment: { wrapText: true, vertical: 'top' } });
    s.sheet.getRow(row).height = note.length > 60 ? 32 : 16;
    row++;
  });
  if (s.content.linesBelow.length > 0) row++;
  for (const line of s.content.linesBelow) {
    fullRow(s, row, line.text, { alignment: { wrapText: true }, ...line.style });
    s.sheet.getRow(row).height = line.text.length > 60 ? 32 : 16;
    row++;
  }
}
