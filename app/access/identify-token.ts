import { isLastUseStale, tokenState } from '../../domain/token-state.js';
import type { ApiToken } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { hashToken, type Role } from './tokens.js';

export interface TokenHolder {
  tokenId: string;
  name: string;
  role: Role;
  officeId: string | null;
}

/**
 * How long a token's row is reused without reading it again. A revocation through this process is honoured at
 * once (`forgetTokens`); one made by another API process or directly in the database, within this time.
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_LIMIT = 10_000;

// Per database client: tests run several databases in one process.
interface CachedToken {
  row: ApiToken;
  readAtMs: number;
}
const tokenRows = new WeakMap<PrismaClient, Map<string, CachedToken>>();

function cacheOf(db: PrismaClient): Map<string, CachedToken> {
  let cache = tokenRows.get(db);
  if (!cache) tokenRows.set(db, (cache = new Map<string, CachedToken>()));
  return cache;
}

/** Every request reads its token's row afresh from now on, until the next lookup caches it again. */
export function forgetTokens(db: PrismaClient): void {
  tokenRows.get(db)?.clear();
}

async function tokenRow(db: PrismaClient, tokenHash: string): Promise<ApiToken | null> {
  const cache = cacheOf(db);
  const nowMs = performance.now();
  const hit = cache.get(tokenHash);
  if (hit && nowMs - hit.readAtMs < TOKEN_CACHE_MS) return hit.row;
  const row = await db.apiToken.findUnique({ where: { tokenHash } });
  // Unknown tokens are not kept: the sign-in throttle deals with guessing, and a new token works at once.
  if (row) {
    if (cache.size >= TOKEN_CACHE_LIMIT) cache.clear();
    cache.set(tokenHash, { row, readAtMs: nowMs });
  } else cache.delete(tokenHash);
  return row;
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
  const row = await tokenRow(deps.db, hashToken(token));
  if (!row || tokenState(row, now) !== 'active') return undefined;
  if (isLastUseStale(row.lastUsedAt, now)) {
    const seen = row.lastUsedAt;
    row.lastUsedAt = now; // the cached row: concurrent requests of this process write once
    await recordUse(deps.db, row.id, seen, now);
  }
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
