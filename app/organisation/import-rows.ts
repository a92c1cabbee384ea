/**
 * Storing imported rows all or nothing: any bad row (a bad cell, a code repeated in the file or already stored, an
 * unknown office) and nothing is written; otherwise every row is written in one transaction. Existing codes are
 * errors, never updated.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { ImportError, type ImportProblem } from './import-problem.js';
import type { Table } from './read-table.js';

/** Rows per INSERT / lookup: well under PostgreSQL's 65,535 bind parameters per statement. */
const CHUNK = 1000;

export const IMPORT_TRANSACTION = { maxWait: 10_000, timeout: 120_000 };

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** `"X" repeats row 3` for every later row with a code already seen in the file. */
export function duplicates<T>(table: Table<T>, key: keyof T & string, what: string): ImportProblem[] {
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

export function failIfAny<T>(table: Table<T>, more: ImportProblem[], what: string): void {
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
export function raced(error: unknown, what: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    const message = `another request stored ${what} with one of these codes meanwhile; nothing was imported: try again`;
    throw new ImportError(409, 'Conflict', message, [{ path: 'file', message }]);
  }
  throw error;
}
