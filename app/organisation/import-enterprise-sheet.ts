import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import type { ImportProblem } from './import-problem.js';
import { chunks, duplicates, failIfAny, IMPORT_TRANSACTION, raced } from './import-rows.js';
import type { Table } from './read-table.js';
import { announceEnterpriseChanges } from './announce-changes.js';
import { codeCollisionScope } from './duplicate-code.js';

export interface EnterpriseSheetImport {
  table: Table<EnterpriseImportRow>;
  /** Office staff import for their own office only: every row must name it. */
  ownOfficeId?: string | undefined;
  /** The caller's write check, asked about each office the sheet names before anything is stored; throws to refuse. */
  authorise: (officeId: string) => void;
}

/**
 * Stores every enterprise of a read sheet, or none (422 naming every bad row), and has each office that gained
 * enterprises reload its schedule in every running campaign. Returns the number of enterprises stored.
 */
export async function importEnterpriseSheet(
  deps: { db: PrismaClient; client: Client },
  input: EnterpriseSheetImport,
): Promise<number> {
  const { table, ownOfficeId, authorise } = input;
  if (ownOfficeId !== undefined) await requireRowsOfOwnOffice(deps.db, table, ownOfficeId);
  const { imported, officeIds } = await importEnterprises(deps.db, table, authorise, ownOfficeId);
  await announceEnterpriseChanges(deps, officeIds);
  return imported;
}

/** 403 naming every row of another office, whether that office exists or not: staff learn nothing of others. */
async function requireRowsOfOwnOffice(
  db: PrismaClient,
  table: Table<EnterpriseImportRow>,
  officeId: string,
): Promise<void> {
  const own = await db.office.findUnique({ where: { id: officeId }, select: { code: true } });
  const foreign = table.rows.filter((r) => r.value.officeCode !== undefined && r.value.officeCode !== own?.code);
  if (foreign.length === 0) return;
  throw new ProblemError(
    403,
    'Forbidden',
    `office staff may import enterprises of their own office only (code ${own?.code ?? '?'}); ` +
      `rows ${foreign.map((r) => r.number).join(', ')} name other offices`,
    foreign.map((r) => ({
      path: `rows[${r.number}].officeCode`,
      message: `row ${r.number}, ${table.where('officeCode')}: "${r.value.officeCode}" is not your office`,
    })),
  );
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
  ownOfficeId?: string,
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
        const colliding = { code: { in: part }, ...codeCollisionScope(ownOfficeId) };
        for (const e of await tx.enterprise.findMany({ where: colliding, select: { code: true } })) {
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
    }, IMPORT_TRANSACTION)
    .catch((e: unknown) => raced(e, 'an enterprise'));
}
