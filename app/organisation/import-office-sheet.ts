import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../infra/db.js';
import { chunks, duplicates, failIfAny, IMPORT_TRANSACTION, raced } from './import-rows.js';
import type { Table } from './read-table.js';
import { announceNewOffices } from './announce-changes.js';

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
    }, IMPORT_TRANSACTION)
    .catch((e: unknown) => raced(e, 'an office'));
}
