/**
 * Reading an office's annex form back (the workbook office-report-workbook.ts writes, filled in Excel or WPS): the
 * figures are read at the cells the one layout geometry places them (domain/reports SHEET_GEOMETRY, FORM_CELLS),
 * never from the workbook's own field-mapping sheet, which another program may drop or a person may change. The
 * result is the same MonthlyTables input a JSON upload gives, so the same validation and submission
 * (submit-report.ts) judge it; `locate` adds the sheet cell to each field error.
 *
 * What a cell holds becomes what JSON would carry: a number as it is (float noise is judged as in JSON), a formula
 * by its saved result, an empty cell as blank (an error: "enter 0 for none"), text as text (an error naming the
 * cell). Refused at once (422, or 413 for a ZIP that unpacks too large), naming the part `workbook`: a file that is
 * not an XLSX workbook (judged by its content), a workbook without the sheets 月报表一 and 月报表二, and one whose
 * headings or row labels are no longer where the form put them (reading by position would misplace figures).
 */
import ExcelJS from 'exceljs';
import {
  blockCells,
  buildTables,
  columnHeadings,
  formCellOf,
  FORM_CELLS,
  SHEET_GEOMETRY,
  sheetCellRef,
  UNIT_COLUMN,
  type FieldPath,
  type SheetGeometry,
  type ValidationError,
} from '../../domain/reports/index.js';
import { isLegacyXls, isZip, MAX_XLSX_UNPACKED_BYTES, unpackedZipBytes } from '../organisation/sheet-file.js';
import type { ProblemField } from '../problem.js';
import { ReportError } from './report-error.js';

export interface WorkbookTables {
  /** The tables as read, for validateMonthlyTables (blank cells are null, text cells strings). */
  tables: unknown;
  /** A field error with its sheet cell: `cell` set and named at the start of the message. */
  locate: (error: ValidationError) => ProblemField;
}

const PART = 'workbook';
/** Mismatched headings named per sheet, at most. */
const MAX_LAYOUT_ERRORS = 5;

const TEXT_NOTE = 'the cell holds text: type the figure as a number (单元格为文本，请输入数字)';
const FORMULA_NOTE =
  'a formula without a saved result: open the file in Excel or WPS and save it again (公式无计算结果，请重新保存)';
const DATE_NOTE = 'the cell holds a date: type the figure as a number (单元格为日期，请输入数字)';
const ERROR_NOTE = 'the cell shows an error value: correct its formula (单元格为错误值)';

function unreadable(message: string, status: 413 | 422 = 422): ReportError {
  return new ReportError(status, status === 413 ? 'Workbook too large' : 'Unreadable workbook', `${PART}: ${message}`, [
    { path: PART, message },
  ]);
}

/** Opens the upload as an XLSX workbook, judged by its content (never its name). */
async function openWorkbook(content: Buffer): Promise<ExcelJS.Workbook> {
  if (isLegacyXls(content)) {
    throw unreadable('this is an Excel 97-2003 workbook (.xls): save it as an Excel workbook (.xlsx) and upload that');
  }
  if (!isZip(content)) throw unreadable('not an XLSX workbook (checked by its content, not its name)');
  const unpacked = unpackedZipBytes(content);
  if (unpacked === undefined) throw unreadable('the file starts like a ZIP archive but is no readable XLSX workbook');
  if (unpacked > MAX_XLSX_UNPACKED_BYTES) {
    throw unreadable(`the workbook unpacks to more than ${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MB`, 413);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer (an ArrayBuffer): hand it a copy of exactly the upload's bytes.
    await workbook.xlsx.load(Uint8Array.from(content).buffer);
  } catch {
    throw unreadable('the file is a ZIP archive but no readable XLSX workbook');
  }
  return workbook;
}

const normalised = (text: string) => text.replace(/\s+/g, '');

/** The printed texts of the form (each column's heading, the row labels of the block) that are not where they were. */
function layoutErrors(sheet: ExcelJS.Worksheet, g: SheetGeometry): ProblemField[] {
  const expected = [
    ...columnHeadings(g),
    ...blockCells(g, g.bodyTop).flatMap(({ cell, row, col }) =>
      cell.kind === 'label' && cell.text !== '' && col !== UNIT_COLUMN ? [{ text: cell.text, row, col }] : [],
    ),
  ];
  const errors: ProblemField[] = [];
  for (const { text, row, col } of expected) {
    const found = sheet.getCell(row, col).text ?? '';
    if (normalised(found) === normalised(text)) continue;
    const cell = sheetCellRef(g.sheetName, row, col);
    errors.push({
      path: PART,
      cell,
      message:
        `${cell} should read "${text}" but reads "${found}": rows or columns of the form were moved, and the figures ` +
        'are read by their position; copy them into a freshly downloaded form (表格结构已改变，请重新下载报表填写)',
    });
    if (errors.length === MAX_LAYOUT_ERRORS) break;
  }
  return errors;
}

/** The sheets 月报表一 and 月报表二 as the form laid them out; 422 naming what is missing or moved. */
function formSheets(workbook: ExcelJS.Workbook): Map<string, ExcelJS.Worksheet> {
  const sheets = new Map<string, ExcelJS.Worksheet>();
  const errors: ProblemField[] = [];
  for (const g of Object.values(SHEET_GEOMETRY)) {
    const sheet = workbook.getWorksheet(g.sheetName);
    if (!sheet) {
      errors.push({
        path: PART,
        message: `the workbook has no sheet ${g.sheetName} (${g.annex}): upload the annex form`,
      });
      continue;
    }
    errors.push(...layoutErrors(sheet, g));
    sheets.set(g.sheetName, sheet);
  }
  if (errors.length > 0) {
    throw new ReportError(422, 'Not the annex form', errors.map((e) => `${PART}: ${e.message}`).join('; '), errors);
  }
  return sheets;
}

type Cell = ExcelJS.CellValue;

/** What a cell holds, as JSON would carry it, with a hint for the person when that cannot be a figure. */
function cellInput(value: Cell): { raw: unknown; note?: string } {
  if (value === null || value === undefined) return { raw: null };
  if (typeof value === 'number' || typeof value === 'boolean') return { raw: value };
  if (typeof value === 'string') return value.trim() === '' ? { raw: value } : { raw: value, note: TEXT_NOTE };
  if (value instanceof Date) return { raw: value.toISOString().slice(0, 10), note: DATE_NOTE };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || result === null) return { raw: null, note: FORMULA_NOTE };
    return cellInput(result);
  }
  if ('error' in value) return { raw: String(value.error), note: ERROR_NOTE };
  if ('richText' in value) return cellInput(value.richText.map((r) => r.text).join(''));
  if ('text' in value) return cellInput(value.text);
  const other: unknown = value; // nothing exceljs documents: judged as text
  return { raw: String(other), note: TEXT_NOTE };
}

/** The tables of an uploaded annex form, with the sheet cell of every field for its errors. */
export async function readReportWorkbook(content: Buffer): Promise<WorkbookTables> {
  const sheets = formSheets(await openWorkbook(content));
  const read = new Map<FieldPath, { raw: unknown; note?: string }>();
  for (const c of FORM_CELLS) read.set(c.path, cellInput(sheets.get(c.sheetName)!.getCell(c.row, c.col).value));
  return {
    tables: buildTables((f) => read.get(f.path)?.raw as number),
    locate: (error) => {
      const at = formCellOf(error.path);
      if (!at) return error;
      const note = read.get(at.path)?.note;
      return { path: error.path, cell: at.ref, message: `${at.ref} ${error.message}${note ? `; ${note}` : ''}` };
    },
  };
}
