import { tokenState, type TokenState } from '../../domain/token-state.js';
import type { PrismaClient } from '../../infra/db.js';

export interface TokenListing {
  id: string;
  name: string;
  role: string;
  officeId: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: TokenState;
}

/**
 * Every sign-in token, newest first, with its state at `now` (optionally only those in `state`); never its hash.
 * Tokens are few (one per user), so the state is worked out here by the one rule rather than in SQL.
 */
export async function listTokens(
  deps: { db: PrismaClient; now?: () => Date },
  input: { state?: TokenState | undefined } = {},
): Promise<TokenListing[]> {
  const now = deps.now?.() ?? new Date();
  const rows = await deps.db.apiToken.findMany({
    select: {
      id: true,
      name: true,
      role: true,
      officeId: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return rows
    .map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      expiresAt: iso(row.expiresAt),
      lastUsedAt: iso(row.lastUsedAt),
      revokedAt: iso(row.revokedAt),
      state: tokenState(row, now),
    }))
    .filter((token) => input.state === undefined || token.state === input.state);
}
