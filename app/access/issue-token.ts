import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { createToken, TokenRequestError, type Role } from './tokens.js';

/**
 * Issues a sign-in token for a user of the API and returns it in clear, the only time it is visible. A request
 * that cannot be honoured is 422 naming the field: a role and office that do not fit or an unknown office on
 * `officeId`, an expiry that has already passed (at `now`) on `expiresAt`.
 */
export async function issueToken(
  deps: { db: PrismaClient; now?: () => Date },
  input: { name: string; role: Role; officeId?: string | undefined; expiresAt?: string | undefined },
): Promise<{ id: string; token: string; expiresAt: string | null }> {
  try {
    const { expiresAt, ...created } = await createToken(
      deps.db,
      { ...input, expiresAt: input.expiresAt === undefined ? null : new Date(input.expiresAt) },
      deps.now?.() ?? new Date(),
    );
    return { ...created, expiresAt: expiresAt?.toISOString() ?? null };
  } catch (error) {
    if (!(error instanceof TokenRequestError)) throw error;
    const message = error.message;
    throw new ProblemError(422, 'Invalid token request', message, [{ path: error.field, message }]);
  }
}
