import type { Client } from '@temporalio/client';
import type { Office } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { rejectDuplicateCode } from './duplicate-code.js';
import { announceNewOffices } from './organisation.js';

export interface NewOffice {
  code: string;
  name: string;
  unitType: string;
  contactName: string;
  contactEmail: string;
  headName: string;
  headEmail: string;
  language?: string;
}

/** Stores an office (409 when its code exists) and has every running campaign start its reminder ladder. */
export async function addOffice(deps: { db: PrismaClient; client: Client }, input: NewOffice): Promise<Office> {
  const office = await deps.db.office
    .create({ data: input })
    .catch((e: unknown) => rejectDuplicateCode(e, 'an office'));
  await announceNewOffices(deps);
  return office;
}
