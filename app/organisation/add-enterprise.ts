import type { Client } from '@temporalio/client';
import type { Enterprise } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { rejectDuplicateCode, requireFreeEnterpriseCode } from './duplicate-code.js';
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
 * Stores an enterprise under its office (422 when the office does not exist, 409 when the code collides: see
 * codeCollisionScope; `ownOfficeId` is office staff's own office, undefined for the bureau) and has
 * the office's workflow in every running campaign reload its schedule, so its digests list the enterprise.
 */
export async function addEnterprise(
  deps: { db: PrismaClient; client: Client },
  input: NewEnterprise,
  ownOfficeId: string | undefined,
): Promise<Enterprise> {
  await requireOfficeExists(deps.db, input.officeId);
  await requireFreeEnterpriseCode(deps.db, input.code, ownOfficeId);
  const enterprise = await deps.db.enterprise
    .create({ data: input })
    .catch((e: unknown) => rejectDuplicateCode(e, 'an enterprise'));
  await announceEnterpriseChanges(deps, [enterprise.officeId]);
  return enterprise;
}
