/**
 * Bulk import of offices and enterprises from the sheet a bureau clerk keeps: CSV (UTF-8, with or without BOM) or
 * XLSX, recognised by content. The first non-empty row is the header (English keys or the Chinese headings a clerk
 * types); every later non-empty row is one record. Rows are numbered as the clerk sees them in the sheet (header =
 * row 1), and every error names its row and column: `rows[7].contactEmail`.
 *
 * All or nothing: any bad row (a bad cell, a code repeated in the file or already stored, an unknown office) and
 * nothing is written; otherwise every row is written in one transaction. Existing codes are errors, never updated.
 */
import { ProblemError } from '../problem.js';
import ExcelJS from 'exceljs';
import { FormatRegistry, type Static, type TObject } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
/** What an XLSX may unpack to: a guard against a small ZIP that inflates to gigabytes. */
const MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024;
/** Rows per INSERT / lookup: well under PostgreSQL's 65,535 bind parameters per statement. */
const CHUNK = 1000;

// The formats the API's request validator knows (ajv-formats, full mode), for re-validating rows with TypeBox.
if (!FormatRegistry.Has('email')) {
  const email =
    /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
  FormatRegistry.Set('email', (value) => email.test(value));
}

export interface ImportProblem {
  /** `rows[<sheet row>].<column key>`, `rows[<sheet row>]` or `file`. */
  path: string;
  message: string;
}

/** An error a route turns into problem+json, with every problem at once. */
export class ImportError extends ProblemError {
  constructor(status: 400 | 409 | 413 | 415 | 422, title: string, detail: string, errors: ImportProblem[] = []) {
    super(status, title, detail, errors);
  }
}

/** One non-empty row of the sheet: its number as the clerk sees it (1-based) and its cells as text. */
export interface SheetRow {
  number: number;
  cells: string[];
}

export type SheetFormat = 'csv' | 'xlsx';

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // Excel 97–2003 .xls

const startsWith = (content: Buffer, magic: number[]) => magic.every((byte, i) => content[i] === byte);

const unsupported = (message: string) => new ImportError(415, 'Unsupported file', message, [{ path: 'file', message }]);

/** XLSX by its ZIP signature; otherwise it must be UTF-8 text (CSV). Anything else is refused (415). */
export function detectFormat(content: Buffer): SheetFormat {
  if (startsWith(content, ZIP)) return 'xlsx';
  if (startsWith(content, OLE2)) {
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
function unpackedZipBytes(zip: Buffer): number | undefined {
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

/** One column of an import: the API field and the headings and cell values a clerk may type for it. */
export interface ImportColumn {
  /** The API field, also accepted as the heading (case, spaces, '-' and '_' ignored). */
  key: string;
  /** Further headings, e.g. 联系人邮箱; full-width characters and spaces are ignored, and so is a (remark) after it. */
  aliases: string[];
  /** Cell values a clerk may type → the API value (e.g. 乡镇 → township); the API values themselves are accepted. */
  values?: Record<string, string>;
  /** Codes and e-mails: full-width letters, digits and signs become ASCII (NFKC). */
  ascii?: boolean;
  /** What a value matching no pattern should look like, for the message. */
  patternHint?: string;
}

/** Headings that are no field and are skipped: a serial number or remarks column. */
const IGNORED_HEADINGS = new Set(['序号', '编号序号', '备注', 'no', 'no.', '#', 'remark', 'remarks', 'note', 'notes']);

const normaliseHeading = (heading: string) =>
  heading
    .normalize('NFKC')
    .replace(/[\s_\-*]/g, '')
    .toLowerCase();
const withoutRemark = (heading: string) => heading.replace(/\(.*?\)$/, '');
const trimCell = (cell: string) => cell.replace(/^[\s\u3000\uFEFF]+|[\s\u3000\uFEFF]+$/g, '');

/** 'A', 'B', … 'Z', 'AA', … for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export interface TableRow<T> {
  number: number;
  /** The row's values by key, after aliases; complete and valid only when `valid`. */
  value: Partial<T>;
  valid: boolean;
}

export interface Table<T> {
  rows: TableRow<T>[];
  /** Problems in the cells so far (the database checks add theirs). */
  errors: ImportProblem[];
  /** Where each key's column is, to name it in messages: `column E (联系人邮箱)`. */
  where: (key: string) => string;
  columnOrder: (key: string) => number;
}

function friendly(error: ValueError, column: ImportColumn, raw: string | undefined): string {
  if (error.type === ValueErrorType.ObjectRequiredProperty) return 'required: the cell is empty';
  const shown = JSON.stringify(raw ?? '');
  if (column.values) {
    const choices = Object.entries(
      Object.entries(column.values).reduce<Record<string, string[]>>((byValue, [alias, value]) => {
        (byValue[value] ??= []).push(alias);
        return byValue;
      }, {}),
    ).map(([value, aliases]) => `${aliases[0]} (${value})`);
    return `${shown} is not one of ${choices.join(', ')}`;
  }
  const schema = error.schema as { maxLength?: number; format?: string };
  switch (error.type) {
    case ValueErrorType.StringFormat:
      return schema.format === 'email'
        ? `${shown} is not an e-mail address`
        : `${shown} is not a valid ${schema.format}`;
    case ValueErrorType.StringMaxLength:
      return `longer than ${schema.maxLength} characters`;
    case ValueErrorType.StringPattern:
      return `${shown} is not allowed: ${column.patternHint ?? error.message}`;
    default:
      return error.message;
  }
}

/**
 * Maps the header to the columns and checks every row against the same TypeBox schema as the single-record route.
 * Header problems (a missing, unknown or repeated column) end here with 422; row problems are collected in `errors`.
 */
export function readTable<S extends TObject>(
  sheetRows: SheetRow[],
  columns: ImportColumn[],
  schema: S,
): Table<Static<S>> {
  const [header, ...data] = sheetRows;
  if (!header) {
    const message = 'the file is empty: expected a header row and at least one data row';
    throw new ImportError(422, 'Empty file', message, [{ path: 'file', message }]);
  }
  const byHeading = new Map<string, ImportColumn>();
  for (const column of columns) {
    for (const heading of [column.key, ...column.aliases]) byHeading.set(normaliseHeading(heading), column);
  }
  const headerErrors: ImportProblem[] = [];
  const at = `rows[${header.number}]`;
  const columnOf = new Map<number, ImportColumn>();
  const indexOf = new Map<string, number>();
  const heading = new Map<string, string>();
  header.cells.forEach((cell, index) => {
    const text = trimCell(cell);
    const normalised = normaliseHeading(text);
    if (normalised === '' || IGNORED_HEADINGS.has(normalised)) return;
    const column = byHeading.get(normalised) ?? byHeading.get(withoutRemark(normalised));
    if (!column) {
      headerErrors.push({
        path: at,
        message:
          `column ${columnLetter(index)} "${text}" is not a known column; the columns are ` +
          columns.map((c) => `${c.key} (${c.aliases[0]})`).join(', '),
      });
      return;
    }
    const earlier = indexOf.get(column.key);
    if (earlier !== undefined) {
      headerErrors.push({
        path: `${at}.${column.key}`,
        message: `columns ${columnLetter(earlier)} and ${columnLetter(index)} are both ${column.key} (${column.aliases[0]})`,
      });
      return;
    }
    columnOf.set(index, column);
    indexOf.set(column.key, index);
    heading.set(column.key, text);
  });
  const required = new Set(schema.required ?? []);
  for (const column of columns) {
    if (required.has(column.key) && !indexOf.has(column.key)) {
      headerErrors.push({
        path: `${at}.${column.key}`,
        message: `the column ${column.key} (${column.aliases[0]}) is missing from the header row ${header.number}`,
      });
    }
  }
  if (headerErrors.length > 0) {
    throw new ImportError(
      422,
      'Bad header row',
      `the header row ${header.number} does not match the columns: ${headerErrors.map((e) => e.message).join('; ')}`,
      headerErrors,
    );
  }
  if (data.length === 0) {
    const message = 'the file has a header row but no data rows';
    throw new ImportError(422, 'Empty file', message, [{ path: 'file', message }]);
  }

  const where = (key: string) => {
    const index = indexOf.get(key);
    return index === undefined ? key : `column ${columnLetter(index)} (${heading.get(key)})`;
  };
  const errors: ImportProblem[] = [];
  const rows = data.map((row): TableRow<Static<S>> => {
    const value: Record<string, string> = {};
    const raw: Record<string, string> = {};
    let valid = true;
    row.cells.forEach((cell, index) => {
      const text = trimCell(cell);
      if (text === '') return;
      const column = columnOf.get(index);
      if (!column) {
        if (!IGNORED_HEADINGS.has(normaliseHeading(header.cells[index] ?? ''))) {
          valid = false;
          errors.push({
            path: `rows[${row.number}]`,
            message: `row ${row.number}: column ${columnLetter(index)} has a value but no heading in row ${header.number}`,
          });
        }
        return;
      }
      raw[column.key] = text;
      const typed = column.ascii ? text.normalize('NFKC') : text;
      value[column.key] = column.values ? enumValue(column.values, typed) : typed;
    });
    const seen = new Set<string>();
    for (const error of Value.Errors(schema, value)) {
      const key = error.path.split('/')[1] ?? '';
      if (seen.has(key)) continue; // one message per cell: a union reports several
      seen.add(key);
      valid = false;
      const column = columns.find((c) => c.key === key);
      errors.push({
        path: `rows[${row.number}]${key ? `.${key}` : ''}`,
        message: `row ${row.number}, ${where(key)}: ${column ? friendly(error, column, raw[key]) : error.message}`,
      });
    }
    return { number: row.number, value, valid };
  });
  return { rows, errors, where, columnOrder: (key) => indexOf.get(key) ?? -1 };
}

function enumValue(values: Record<string, string>, typed: string): string {
  const lower = typed.toLowerCase();
  for (const [alias, value] of Object.entries(values)) {
    if (alias.toLowerCase() === lower || value.toLowerCase() === lower) return value;
  }
  return typed;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** `"X" repeats row 3` for every later row with a code already seen in the file. */
function duplicates<T>(table: Table<T>, key: keyof T & string, what: string): ImportProblem[] {
  const first = new Map<string, number>();
  const errors: ImportProblem[] = [];
  for (const row of table.rows) {
    const code = row.value[key];
    if (typeof code !== 'string') continue;
    const earlier = first.get(code);
    if (earlier === undefined) first.set(code, row.number);
    else
      errors.push({
        path: `rows[${row.number}].${key}`,
        message: `row ${row.number}, ${table.where(key)}: ${what} "${code}" repeats row ${earlier}`,
      });
  }
  return errors;
}

function failIfAny<T>(table: Table<T>, more: ImportProblem[], what: string): void {
  const errors = [...table.errors, ...more];
  if (errors.length === 0) return;
  const rowOf = (e: ImportProblem) => Number(/^rows\[(\d+)\]/.exec(e.path)?.[1] ?? 0);
  const keyOf = (e: ImportProblem) => table.columnOrder(e.path.split('.')[1] ?? '');
  errors.sort((a, b) => rowOf(a) - rowOf(b) || keyOf(a) - keyOf(b));
  const badRows = new Set(errors.map(rowOf)).size;
  const shown = errors.slice(0, 5).map((e) => e.message);
  throw new ImportError(
    422,
    'Invalid rows',
    `${badRows} of ${table.rows.length} rows have errors; no ${what} was imported. ` +
      `${shown.join('; ')}${errors.length > shown.length ? `; and ${errors.length - shown.length} more` : ''}`,
    errors,
  );
}

/** A code stored by a concurrent request between our check and our insert. */
function raced(error: unknown, what: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    const message = `another request stored ${what} with one of these codes meanwhile; nothing was imported: try again`;
    throw new ImportError(409, 'Conflict', message, [{ path: 'file', message }]);
  }
  throw error;
}

const TRANSACTION = { maxWait: 10_000, timeout: 120_000 };

export interface OfficeImportRow {
  code: string;
  name: string;
  unitType: string;
  contactName: string;
  contactEmail: string;
  headName: string;
  headEmail: string;
  language?: string;
}

/** Stores every office of the table in one transaction, or none (422 naming every bad row). */
export async function importOffices(db: PrismaClient, table: Table<OfficeImportRow>): Promise<number> {
  const inFile = duplicates(table, 'code', 'the office code');
  return db
    .$transaction(async (tx) => {
      const codes = [...new Set(table.rows.flatMap((r) => (typeof r.value.code === 'string' ? [r.value.code] : [])))];
      const existing = new Set<string>();
      for (const part of chunks(codes)) {
        for (const o of await tx.office.findMany({ where: { code: { in: part } }, select: { code: true } })) {
          existing.add(o.code);
        }
      }
      const stored = table.rows.flatMap((row) =>
        row.value.code !== undefined && existing.has(row.value.code)
          ? [
              {
                path: `rows[${row.number}].code`,
                message: `row ${row.number}, ${table.where('code')}: an office with code "${row.value.code}" already exists`,
              },
            ]
          : [],
      );
      failIfAny(table, [...inFile, ...stored], 'office');
      for (const part of chunks(table.rows)) {
        await tx.office.createMany({ data: part.map((row) => row.value as OfficeImportRow) });
      }
      return table.rows.length;
    }, TRANSACTION)
    .catch((e: unknown) => raced(e, 'an office'));
}

export interface EnterpriseImportRow {
  officeCode: string;
  code: string;
  name: string;
  sizeClass: string;
  riskColour?: string;
}

/**
 * Stores every enterprise of the table in one transaction, or none (422 naming every bad row). `authorise` is asked
 * about each office the file names before anything is written, and throws to refuse. Returns the rows stored and
 * the offices that gained enterprises.
 */
export async function importEnterprises(
  db: PrismaClient,
  table: Table<EnterpriseImportRow>,
  authorise: (officeId: string) => void,
): Promise<{ imported: number; officeIds: string[] }> {
  const inFile = duplicates(table, 'code', 'the enterprise code');
  return db
    .$transaction(async (tx) => {
      const present = <K extends 'code' | 'officeCode'>(key: K) => [
        ...new Set(table.rows.flatMap((r) => (typeof r.value[key] === 'string' ? [r.value[key]] : []))),
      ];
      const officeIds = new Map<string, string>();
      for (const part of chunks(present('officeCode'))) {
        for (const o of await tx.office.findMany({ where: { code: { in: part } }, select: { id: true, code: true } })) {
          officeIds.set(o.code, o.id);
        }
      }
      const existing = new Set<string>();
      for (const part of chunks(present('code'))) {
        for (const e of await tx.enterprise.findMany({ where: { code: { in: part } }, select: { code: true } })) {
          existing.add(e.code);
        }
      }
      const stored: ImportProblem[] = [];
      for (const row of table.rows) {
        const { officeCode, code } = row.value;
        if (officeCode !== undefined && !officeIds.has(officeCode)) {
          stored.push({
            path: `rows[${row.number}].officeCode`,
            message: `row ${row.number}, ${table.where('officeCode')}: no office has the code "${officeCode}"`,
          });
        }
        if (code !== undefined && existing.has(code)) {
          stored.push({
            path: `rows[${row.number}].code`,
            message: `row ${row.number}, ${table.where('code')}: an enterprise with code "${code}" already exists`,
          });
        }
      }
      for (const officeId of new Set(officeIds.values())) authorise(officeId);
      failIfAny(table, [...inFile, ...stored], 'enterprise');
      for (const part of chunks(table.rows)) {
        await tx.enterprise.createMany({
          data: part.map(({ value }) => {
            const { officeCode, ...enterprise } = value as EnterpriseImportRow;
            return { ...enterprise, officeId: officeIds.get(officeCode)! };
          }),
        });
      }
      return { imported: table.rows.length, officeIds: [...new Set(officeIds.values())] };
    }, TRANSACTION)
    .catch((e: unknown) => raced(e, 'an enterprise'));
}
