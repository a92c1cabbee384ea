import type { Client } from '@temporalio/client';
import type { Office } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { rejectDuplicateCode } from './duplicate-code.js';
import type { OfficeImportRow } from './import-office-sheet.js';
import { announceNewOffices } from './announce-changes.js';

/** An office's fields, as the import reads them from a row. */
export type NewOffice = OfficeImportRow;

/** Stores an office (409 when its code exists) and has every running campaign start its reminder ladder. */
export async function addOffice(deps: { db: PrismaClient; client: Client }, input: NewOffice): Promise<Office> {
  const office = await deps.db.office
    .create({ data: input })
    .catch((e: unknown) => rejectDuplicateCode(e, 'an office'));
  await announceNewOffices(deps);
  return office;
}
