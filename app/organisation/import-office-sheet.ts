import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../infra/db.js';
import { importOffices, type OfficeImportRow, type Table } from './import.js';
import { announceNewOffices } from './organisation.js';

/**
 * Stores every office of a read sheet, or none (422 naming every bad row), and has every running campaign start
 * the new offices' reminder ladders. Returns the number of offices stored.
 */
export async function importOfficeSheet(
  deps: { db: PrismaClient; client: Client },
  table: Table<OfficeImportRow>,
): Promise<number> {
  const imported = await importOffices(deps.db, table);
  await announceNewOffices(deps);
  return imported;
}
