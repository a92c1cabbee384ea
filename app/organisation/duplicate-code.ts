import { Prisma } from '../../generated/prisma/client.js';
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
