/**
 * Which state a sign-in token is in at an instant: revoked once the bureau revokes it (whatever its expiry),
 * expired from its expiry on, active otherwise. Only an active token signs a request in.
 */
export const TOKEN_STATES = ['active', 'expired', 'revoked'] as const;

export type TokenState = (typeof TOKEN_STATES)[number];

export function tokenState(token: { revokedAt: Date | null; expiresAt: Date | null }, at: Date): TokenState {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && token.expiresAt.getTime() <= at.getTime()) return 'expired';
  return 'active';
}

/** A token's last use is recorded to the minute: a busy client does not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Whether a use at `at` is worth recording, given the last recorded use (null: never used). */
export function isLastUseStale(lastUsedAt: Date | null, at: Date): boolean {
  return lastUsedAt === null || at.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}
