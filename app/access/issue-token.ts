import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { createToken, TokenRequestError, type Role } from './tokens.js';

/**
 * Issues a sign-in token for a user of the API and returns it in clear, the only time it is visible. A request
 * that cannot be honoured (a role and office that do not fit, an unknown office) is 422 on `officeId`.
 */
export async function issueToken(
  deps: { db: PrismaClient },
  input: { name: string; role: Role; officeId?: string | undefined },
): Promise<{ id: string; token: string }> {
  try {
    return await createToken(deps.db, input);
  } catch (error) {
    if (!(error instanceof TokenRequestError)) throw error;
    const message = error.message;
    throw new ProblemError(422, 'Invalid token request', message, [{ path: 'officeId', message }]);
  }
}
