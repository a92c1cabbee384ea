import type { CaughtMail } from '../../dev/mail-catcher.js';

/** Received mails' keys compared with the planned ones. */
export function compareKeys(
  planned: string[],
  received: CaughtMail[],
): { received: string[]; duplicates: string[]; missing: string[]; unplanned: string[] } {
  const keys = received.map((m) => m.headers['x-campaign-key'] ?? '(no key)');
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const k of keys) {
    if (seen.has(k)) duplicates.push(k);
    seen.add(k);
  }
  const plannedSet = new Set(planned);
  return {
    received: keys,
    duplicates,
    missing: planned.filter((k) => !seen.has(k)),
    unplanned: [...seen].filter((k) => !plannedSet.has(k)),
  };
}

/** Polls `probe` until it returns a value (not undefined), in real time. */
export async function waitUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
