/**
 * Counts wrong tokens per client address in a sliding window; past the limit the address is locked
 * out until its oldest failure leaves the window. Kept in memory per API instance: tokens are 256-bit
 * random, so this is a brake on noise and scripts, not the only thing between a guesser and the data.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options: {
      maxFailures: number;
      windowMs: number;
      now?: () => number;
      /** Addresses remembered at most; the least recently failing are forgotten first. */
      maxAddresses?: number;
    },
  ) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  private recent(address: string): number[] {
    const since = this.now() - this.options.windowMs;
    const kept = (this.failures.get(address) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(address);
    else this.failures.set(address, kept);
    return kept;
  }

  /** Milliseconds until the address may try again; 0 when it is not locked out. */
  lockedFor(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.options.maxFailures) return 0;
    const unlockAt = recent[recent.length - this.options.maxFailures]! + this.options.windowMs;
    return Math.max(unlockAt - this.now(), 1);
  }

  recordFailure(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    // Re-inserting keeps the map ordered by last failure, so the oldest entry goes first when full.
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-this.options.maxFailures));
    const max = this.options.maxAddresses ?? 100_000;
    while (this.failures.size > max) this.failures.delete(this.failures.keys().next().value!);
  }
}
