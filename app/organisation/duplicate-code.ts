import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';

/** A unique code already stored becomes 409 on the `code` field; any other error is rethrown as it is. */
export function rejectDuplicateCode(error: unknown, what: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    throw new ProblemError(409, 'Conflict', `${what} with this code already exists`, [
      { path: 'code', message: 'already exists' },
    ]);
  }
  throw error;
}

/**
 * Which stored enterprises a new enterprise code collides with. The bureau sees every office, so it may not register
 * a code any office holds. Office staff collide only with their own office's codes: a refusal must not tell them
 * which codes other offices hold (the same code in two offices shows on the bureau's duplicate-code list instead).
 */
export function codeCollisionScope(ownOfficeId: string | undefined): Prisma.EnterpriseWhereInput {
  return ownOfficeId === undefined ? {} : { officeId: ownOfficeId };
}

/** 409 on `code` when the code collides (see codeCollisionScope); says which office holds it, to the bureau only. */
export async function requireFreeEnterpriseCode(
  db: PrismaClient,
  code: string,
  ownOfficeId: string | undefined,
): Promise<void> {
  const holder = await db.enterprise.findFirst({
    where: { code, ...codeCollisionScope(ownOfficeId) },
    select: { office: { select: { name: true } } },
  });
  if (!holder) return;
  const where = ownOfficeId === undefined ? ` (held by ${holder.office.name})` : ' in your office';
  throw new ProblemError(409, 'Conflict', `an enterprise with this code already exists${where}`, [
    { path: 'code', message: 'already exists' },
  ]);
}
