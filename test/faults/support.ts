import type { CaughtMail, MailCatcher } from '../../dev/mail-catcher.js';

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

/** The bureau's digest of uncertain mails. */
export const isUncertainMailDigest = (m: CaughtMail) => m.headers['x-campaign-step'] === 'uncertain-mail-digest';

/** Waits until every one of `mailIds` is named in a digest to the bureau that `catcher` received. */
export async function waitForDigestsNaming(catcher: MailCatcher, mailIds: string[]): Promise<void> {
  await waitUntil(
    async () => {
      const told = new Set(
        catcher
          .messages()
          .filter(isUncertainMailDigest)
          .flatMap((m) => m.text.match(/[0-9a-f-]{36}/g) ?? []),
      );
      return mailIds.every((id) => told.has(id)) ? true : undefined;
    },
    150_000,
    'every uncertain mail named in a digest to the bureau',
  );
}
