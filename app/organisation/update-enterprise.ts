import type { Client } from '@temporalio/client';
import { Prisma, type Enterprise } from '../../generated/prisma/client.js';
import { ProblemError } from '../problem.js';
import type { PrismaClient } from '../../infra/db.js';
import { announceEnterpriseChanges } from './announce-changes.js';
import { requireOfficeExists } from './reads.js';

export interface EnterpriseChange {
  officeId?: string;
  name?: string;
  sizeClass?: string;
  riskColour?: string;
}

/**
 * Changes an enterprise; a new `officeId` (422 when it names no office) moves it to that office with its
 * campaign progress, and both offices recompute their digests in every running campaign.
 */
export async function updateEnterprise(
  deps: { db: PrismaClient; client: Client },
  input: { enterpriseId: string; change: EnterpriseChange },
): Promise<Enterprise> {
  if (input.change.officeId !== undefined) await requireOfficeExists(deps.db, input.change.officeId);
  const { enterprise, officesConcerned } = await storeChange(deps.db, input.enterpriseId, input.change).catch(
    (error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const message = 'the office it would move to already has an enterprise with this code';
        throw new ProblemError(409, 'Conflict', message, [{ path: 'officeId', message }]);
      }
      throw error;
    },
  );
  if (officesConcerned.length > 0) await announceEnterpriseChanges(deps, officesConcerned);
  return enterprise;
}

/**
 * The progress rows carry the office, so the office's views and digests read them in one query: a move
 * rewrites them in the same transaction. Returns the offices whose schedules the change concerns: none, or
 * the old office and the new one.
 */
function storeChange(db: PrismaClient, enterpriseId: string, change: EnterpriseChange) {
  return db.$transaction(async (tx) => {
    const before = await tx.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
    const enterprise = await tx.enterprise.update({ where: { id: enterpriseId }, data: change });
    if (enterprise.officeId === before.officeId) return { enterprise, officesConcerned: [] };
    await tx.enterpriseProgress.updateMany({ where: { enterpriseId }, data: { officeId: enterprise.officeId } });
    return { enterprise, officesConcerned: [before.officeId, enterprise.officeId] };
  });
}
