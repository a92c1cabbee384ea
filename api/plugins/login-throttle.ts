import { createHash } from 'node:crypto';

/**
 * Brakes token guessing without locking out the people who share the guesser's address (a township office's staff
 * all sit behind one NAT address). The rules:
 *
 * - A valid token is always served. The throttle only decides how a wrong token is refused.
 * - Failures are counted per presented credential (a fingerprint of it) and per client address, separately.
 *   A credential refused `maxFailures` times is remembered as wrong: it is refused again without a database lookup
 *   and no longer counts against its address, so a forgotten script with a revoked token locks nobody out.
 * - An address that presented `maxFailures` different wrong credentials within the window is guessing: its wrong
 *   tokens get 429 with Retry-After until the oldest of them leaves the window. Its valid tokens still get in.
 * - A valid sign-in from an address clears that address's count, unless it is already locked (the lock runs out).
 * - A header that is not "Bearer <token>" is refused but not counted: it cannot be a guess at a token.
 *
 * Tokens carry 192 random bits, so this brakes noise and makes a guesser visible (429, a warning in the log); it
 * is not what keeps the data safe. Kept in memory per API instance, bounded.
 */
export class LoginThrottle {
  /** Per address: when each different wrong credential was last refused, oldest first. */
  private readonly addressFailures = new Map<string, Map<string, number>>();
  /** Per credential fingerprint: the instants it was refused, within the window. */
  private readonly credentialFailures = new Map<string, number[]>();

  constructor(
    private readonly options: {
      maxFailures: number;
      windowMs: number;
      now?: () => number;
      /** Addresses and credentials remembered at most each; the least recently failing are forgotten first. */
      maxEntries?: number;
    },
  ) {}

  /** A short fingerprint of a presented credential: the credential itself is never kept. */
  static fingerprint(credential: string): string {
    return createHash('sha256').update(credential).digest('base64url').slice(0, 22);
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  private since(): number {
    return this.now() - this.options.windowMs;
  }

  private recentByAddress(address: string): Map<string, number> {
    const since = this.since();
    const failures = this.addressFailures.get(address);
    if (!failures) return new Map();
    for (const [credential, at] of failures) if (at <= since) failures.delete(credential);
    if (failures.size === 0) this.addressFailures.delete(address);
    return failures;
  }

  private recentByCredential(fingerprint: string): number[] {
    const since = this.since();
    const kept = (this.credentialFailures.get(fingerprint) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.credentialFailures.delete(fingerprint);
    else this.credentialFailures.set(fingerprint, kept);
    return kept;
  }

  /** This exact credential was refused so often that it is refused again without looking it up. */
  isKnownWrong(fingerprint: string): boolean {
    return this.recentByCredential(fingerprint).length >= this.options.maxFailures;
  }

  /** Milliseconds until the address's wrong tokens are answered 401 again rather than 429; 0 when not locked. */
  lockedFor(address: string): number {
    const recent = [...this.recentByAddress(address).values()].sort((a, b) => a - b);
    if (recent.length < this.options.maxFailures) return 0;
    const unlockAt = recent[recent.length - this.options.maxFailures]! + this.options.windowMs;
    return Math.max(unlockAt - this.now(), 1);
  }

  /** A wrong credential from an address. */
  recordFailure(address: string, fingerprint: string): void {
    const now = this.now();
    const refused = this.recentByCredential(fingerprint);
    // A credential already known to be wrong is somebody's stale setting, not a new guess.
    if (refused.length >= this.options.maxFailures) return;
    this.remember(this.credentialFailures, fingerprint, [...refused, now]);
    const byAddress = this.recentByAddress(address);
    byAddress.delete(fingerprint);
    byAddress.set(fingerprint, now);
    this.remember(this.addressFailures, address, byAddress);
  }

  /** A valid token from the address: the people there are signing in fine, so its count starts again. */
  recordSuccess(address: string): void {
    if (this.lockedFor(address) === 0) this.addressFailures.delete(address);
  }

  /** Re-inserting keeps each map ordered by last failure, so the oldest entry goes first when full. */
  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    const max = this.options.maxEntries ?? 100_000;
    while (map.size > max) map.delete(map.keys().next().value!);
  }
}
