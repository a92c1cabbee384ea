/**
 * The sheet's rows as records: the first non-empty row is the header (English keys or the Chinese headings a clerk
 * types); every later non-empty row is one record, checked against the same TypeBox schema as the single-record
 * route. Every error names its row and column: `rows[7].contactEmail`.
 */
import { FormatRegistry, type Static, type TObject } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { PLAIN_TEXT_PATTERN, PLAIN_TEXT_RULE } from '../../domain/input-rules.js';
import { ImportError, type ImportProblem } from './import-problem.js';
import type { SheetRow } from './sheet-file.js';

// The formats the API's request validator knows (ajv-formats, full mode), for re-validating rows with TypeBox.
if (!FormatRegistry.Has('email')) {
  const email =
    /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
  FormatRegistry.Set('email', (value) => email.test(value));
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
  const schema = error.schema as { maxLength?: number; format?: string; pattern?: string };
  switch (error.type) {
    case ValueErrorType.StringFormat:
      return schema.format === 'email'
        ? `${shown} is not an e-mail address`
        : `${shown} is not a valid ${schema.format}`;
    case ValueErrorType.StringMaxLength:
      return `longer than ${schema.maxLength} characters`;
    case ValueErrorType.StringPattern:
      if (schema.pattern === PLAIN_TEXT_PATTERN) return PLAIN_TEXT_RULE;
      return `${shown} is not allowed: ${column.patternHint ?? error.message}`;
    default:
      return error.message;
  }
}

/** Where each known column is in the sheet, from the header row. */
interface HeaderMap {
  columnOf: Map<number, ImportColumn>;
  indexOf: Map<string, number>;
  heading: Map<string, string>;
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
  const map = readHeader(header, columns, new Set(schema.required ?? []));
  if (data.length === 0) {
    const message = 'the file has a header row but no data rows';
    throw new ImportError(422, 'Empty file', message, [{ path: 'file', message }]);
  }
  const where = (key: string) => {
    const index = map.indexOf.get(key);
    return index === undefined ? key : `column ${columnLetter(index)} (${map.heading.get(key)})`;
  };
  const errors: ImportProblem[] = [];
  const rows = data.map((row) => readRow(row, { header, map, columns, schema, where, errors }));
  return { rows, errors, where, columnOrder: (key) => map.indexOf.get(key) ?? -1 };
}

/** The header's columns; 422 naming every unknown, repeated or missing required column. */
function readHeader(header: SheetRow, columns: ImportColumn[], required: Set<string>): HeaderMap {
  const byHeading = new Map<string, ImportColumn>();
  for (const column of columns) {
    for (const heading of [column.key, ...column.aliases]) byHeading.set(normaliseHeading(heading), column);
  }
  const headerErrors: ImportProblem[] = [];
  const at = `rows[${header.number}]`;
  const map: HeaderMap = { columnOf: new Map(), indexOf: new Map(), heading: new Map() };
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
    const earlier = map.indexOf.get(column.key);
    if (earlier !== undefined) {
      headerErrors.push({
        path: `${at}.${column.key}`,
        message: `columns ${columnLetter(earlier)} and ${columnLetter(index)} are both ${column.key} (${column.aliases[0]})`,
      });
      return;
    }
    map.columnOf.set(index, column);
    map.indexOf.set(column.key, index);
    map.heading.set(column.key, text);
  });
  for (const column of columns) {
    if (required.has(column.key) && !map.indexOf.has(column.key)) {
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
  return map;
}

/** One data row as a record; its problems go to `context.errors`, one message per cell. */
function readRow<S extends TObject>(
  row: SheetRow,
  context: {
    header: SheetRow;
    map: HeaderMap;
    columns: ImportColumn[];
    schema: S;
    where: (key: string) => string;
    errors: ImportProblem[];
  },
): TableRow<Static<S>> {
  const { header, map, columns, schema, where, errors } = context;
  const value: Record<string, string> = {};
  const raw: Record<string, string> = {};
  let valid = true;
  row.cells.forEach((cell, index) => {
    const text = trimCell(cell);
    if (text === '') return;
    const column = map.columnOf.get(index);
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
}

function enumValue(values: Record<string, string>, typed: string): string {
  const lower = typed.toLowerCase();
  for (const [alias, value] of Object.entries(values)) {
    if (alias.toLowerCase() === lower || value.toLowerCase() === lower) return value;
  }
  return typed;
}
