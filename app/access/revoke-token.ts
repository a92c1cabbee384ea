import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { forgetTokens } from './identify-token.js';

/** Revokes a token at once: its next request is refused. 404 when no active token has this id. */
export async function revokeToken(deps: { db: PrismaClient }, input: { tokenId: string }): Promise<void> {
  const revoked = await deps.db.apiToken.updateMany({
    where: { id: input.tokenId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  forgetTokens(deps.db);
  if (revoked.count === 0) throw new ProblemError(404, 'Not found', `no active token ${input.tokenId}`);
}
