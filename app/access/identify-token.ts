import { isLastUseStale, tokenState } from '../../domain/token-state.js';
import type { PrismaClient } from '../../infra/db.js';
import { hashToken, type Role } from './tokens.js';

export interface TokenHolder {
  tokenId: string;
  name: string;
  role: Role;
  officeId: string | null;
}

/**
 * Who a bearer token stands for, or undefined when it is unknown, revoked or expired (at `now`). Records the use
 * as the token's lastUsedAt, at most once a minute; that write never fails the sign-in.
 */
export async function identifyToken(
  deps: { db: PrismaClient; now?: () => Date },
  token: string,
): Promise<TokenHolder | undefined> {
  const now = deps.now?.() ?? new Date();
  const row = await deps.db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || tokenState(row, now) !== 'active') return undefined;
  if (isLastUseStale(row.lastUsedAt, now)) await recordUse(deps.db, row.id, row.lastUsedAt, now);
  return { tokenId: row.id, name: row.name, role: row.role as Role, officeId: row.officeId };
}

/**
 * Writes lastUsedAt only if nobody has since (concurrent requests of one client write once). A failed write is
 * only a missed timestamp: the request goes on.
 */
async function recordUse(db: PrismaClient, tokenId: string, seen: Date | null, now: Date): Promise<void> {
  await db.apiToken
    .updateMany({ where: { id: tokenId, lastUsedAt: seen }, data: { lastUsedAt: now } })
    .catch(() => undefined);
}
