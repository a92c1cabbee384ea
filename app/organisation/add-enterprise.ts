import type { Client } from '@temporalio/client';
import type { Enterprise } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { rejectDuplicateCode } from './duplicate-code.js';
import { announceEnterpriseChanges } from './announce-changes.js';
import { requireOfficeExists } from './reads.js';

export interface NewEnterprise {
  officeId: string;
  code: string;
  name: string;
  sizeClass: string;
  riskColour?: string;
}

/**
 * Stores an enterprise under its office (422 when the office does not exist, 409 when the code does) and has
 * the office's workflow in every running campaign reload its schedule, so its digests list the enterprise.
 */
export async function addEnterprise(
  deps: { db: PrismaClient; client: Client },
  input: NewEnterprise,
): Promise<Enterprise> {
  await requireOfficeExists(deps.db, input.officeId);
  const enterprise = await deps.db.enterprise
    .create({ data: input })
    .catch((e: unknown) => rejectDuplicateCode(e, 'an enterprise'));
  await announceEnterpriseChanges(deps, [enterprise.officeId]);
  return enterprise;
}
