import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { importEnterprises, type EnterpriseImportRow, type Table } from './import.js';
import { announceEnterpriseChanges } from './organisation.js';

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
  const { imported, officeIds } = await importEnterprises(deps.db, table, authorise);
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
