import type { Client } from '@temporalio/client';
import type { Extension } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { extendOfficeObligation } from '../obligations/extend-office-obligation.js';
import { ProblemError } from '../problem.js';

/**
 * The bureau approves or rejects a requested extension (404 when there is none, 409 when it was already
 * decided). An approval moves the obligation's due date, and its office's workflow recomputes the reminders.
 */
export async function decideExtension(
  deps: { db: PrismaClient; client: Client },
  input: { extensionId: string; approve: boolean; note?: string | undefined; decidedBy: string; at?: Date },
): Promise<Extension> {
  const { db } = deps;
  const extension = await db.extension.findUnique({ where: { id: input.extensionId } });
  if (!extension) throw new ProblemError(404, 'Not found', `extension ${input.extensionId} does not exist`);
  if (extension.status !== 'requested')
    throw new ProblemError(409, 'Already decided', `extension was already ${extension.status}`);
  // Only a request still open is decided: of two decisions at the same moment, the second gets the 409.
  const { count } = await db.extension.updateMany({
    where: { id: extension.id, status: 'requested' },
    data: {
      status: input.approve ? 'approved' : 'rejected',
      decidedBy: input.decidedBy,
      decidedAt: input.at ?? new Date(),
      decisionNote: input.note ?? null,
    },
  });
  if (count === 0) {
    const now = await db.extension.findUniqueOrThrow({ where: { id: extension.id } });
    throw new ProblemError(409, 'Already decided', `extension was already ${now.status}`);
  }
  const decided = await db.extension.findUniqueOrThrow({ where: { id: extension.id } });
  if (input.approve) {
    await extendOfficeObligation(deps, {
      campaignId: extension.campaignId,
      officeId: extension.officeId,
      obligationKey: extension.obligationKey,
      newDueDate: extension.requestedDueDate,
    });
  }
  return decided;
}
