/**
 * Reading the sheet a bureau clerk keeps: CSV (UTF-8, with or without BOM) or XLSX, recognised by content. Rows are
 * numbered as the clerk sees them in the sheet (header = row 1).
 */
import ExcelJS from 'exceljs';
import { ImportError } from './import-problem.js';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
/** What an XLSX may unpack to: a guard against a small ZIP that inflates to gigabytes. */
export const MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024;

/** One non-empty row of the sheet: its number as the clerk sees it (1-based) and its cells as text. */
export interface SheetRow {
  number: number;
  cells: string[];
}

export type SheetFormat = 'csv' | 'xlsx';

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // Excel 97–2003 .xls

const startsWith = (content: Buffer, magic: number[]) => magic.every((byte, i) => content[i] === byte);

/** A ZIP archive (as every XLSX is), by its first bytes. */
export const isZip = (content: Buffer): boolean => startsWith(content, ZIP);
/** An Excel 97–2003 workbook (.xls, OLE2), by its first bytes. */
export const isLegacyXls = (content: Buffer): boolean => startsWith(content, OLE2);

const unsupported = (message: string) => new ImportError(415, 'Unsupported file', message, [{ path: 'file', message }]);

/** XLSX by its ZIP signature; otherwise it must be UTF-8 text (CSV). Anything else is refused (415). */
export function detectFormat(content: Buffer): SheetFormat {
  if (isZip(content)) return 'xlsx';
  if (isLegacyXls(content)) {
    throw unsupported('this is an Excel 97-2003 workbook (.xls): save it as .xlsx or as "CSV UTF-8 (逗号分隔)"');
  }
  if (startsWith(content, [0xff, 0xfe]) || startsWith(content, [0xfe, 0xff])) {
    throw unsupported('this is UTF-16 text: save the sheet as .xlsx or as "CSV UTF-8 (逗号分隔)"');
  }
  if (content.includes(0)) throw unsupported('this is neither a CSV text file nor an XLSX workbook');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw unsupported(
      'the text is not UTF-8 (Excel\'s plain "CSV" saves GBK): save the sheet as "CSV UTF-8 (逗号分隔)" or as .xlsx',
    );
  }
  return 'csv';
}

/** The most frequent of comma, tab and semicolon in the first line (comma when none). */
function delimiterOf(text: string): string {
  const end = text.search(/\r|\n/);
  const firstLine = end === -1 ? text : text.slice(0, end);
  const count = (d: string) => firstLine.split(d).length - 1;
  return [',', '\t', ';'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

/** RFC 4180 CSV: quoted fields may hold delimiters, quotes ("") and line breaks; CRLF, LF or CR ends a record. */
export function parseCsv(input: string): SheetRow[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = delimiterOf(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let quoteOpenedIn = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteOpenedIn = records.length + 1;
    } else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (quoted) {
    const message = `row ${quoteOpenedIn}: a quoted value is never closed (a " is missing)`;
    throw new ImportError(422, 'Unreadable CSV', message, [{ path: `rows[${quoteOpenedIn}]`, message }]);
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.map((cells, i) => ({ number: i + 1, cells })).filter((row) => !isBlank(row));
}

const isBlank = (row: SheetRow) => row.cells.every((cell) => cell.trim() === '');

/** The bytes the ZIP's central directory says its entries unpack to; undefined when it is no readable ZIP. */
export function unpackedZipBytes(zip: Buffer): number | undefined {
  const end = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= end; i--) {
    if (zip.readUInt32LE(i) !== 0x06054b50) continue; // end of central directory
    const entries = zip.readUInt16LE(i + 10);
    let at = zip.readUInt32LE(i + 16);
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
      const size = zip.readUInt32LE(at + 24);
      if (size === 0xffffffff) return Infinity; // ZIP64: far beyond any sheet we accept
      total += size;
      at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
    return total;
  }
  return undefined;
}

function tooManyRows(rows: number): ImportError {
  const message = `the sheet has ${rows} data rows; at most ${MAX_IMPORT_ROWS} may be imported at once: split it`;
  return new ImportError(413, 'Too many rows', message, [{ path: 'file', message }]);
}

/** The first visible worksheet, its cells as the text Excel shows (hyperlinked e-mails as their text). */
export async function parseXlsx(content: Buffer): Promise<SheetRow[]> {
  const unpacked = unpackedZipBytes(content);
  if (unpacked === undefined) throw unsupported('the file starts like a ZIP archive but is no readable XLSX workbook');
  if (unpacked > MAX_XLSX_UNPACKED_BYTES) {
    const message = `the workbook unpacks to more than ${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MB`;
    throw new ImportError(413, 'Workbook too large', message, [{ path: 'file', message }]);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer (an ArrayBuffer): hand it a copy of exactly the upload's bytes.
    await workbook.xlsx.load(Uint8Array.from(content).buffer);
  } catch {
    throw unsupported('the file is a ZIP archive but no readable XLSX workbook');
  }
  const sheet = workbook.worksheets.find((ws) => ws.state === 'visible') ?? workbook.worksheets[0];
  if (!sheet) throw unsupported('the workbook has no worksheet');
  if (sheet.actualRowCount > MAX_IMPORT_ROWS + 1) throw tooManyRows(sheet.actualRowCount - 1);
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cell.text ?? '';
    });
    rows.push({ number: row.number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows.filter((row) => !isBlank(row));
}

/** The rows of an uploaded CSV or XLSX file (415 for anything else, 413 past the row limit). */
export async function readSheet(content: Buffer): Promise<{ format: SheetFormat; rows: SheetRow[] }> {
  const format = detectFormat(content);
  const rows = format === 'xlsx' ? await parseXlsx(content) : parseCsv(content.toString('utf8'));
  if (rows.length - 1 > MAX_IMPORT_ROWS) throw tooManyRows(rows.length - 1);
  return { format, rows };
}
