import type { Client } from '@temporalio/client';
import type { Database } from '../../infra/db.js';
import type { Mailer } from '../../infra/mailer.js';

/** A dependency that does not answer within this counts as down, so a probe never hangs the check. */
const CHECK_TIMEOUT_MS = 3000;

export interface CheckResult {
  ok: boolean;
  error?: string;
  ms: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Asks Temporal, the database and SMTP at once; ready when each answered in time. */
export async function checkReadiness(deps: {
  temporal: Client;
  db: Database;
  mailer: Mailer;
}): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const { temporal, db, mailer } = deps;
  const probes: Record<string, () => Promise<unknown>> = {
    temporal: () => temporal.connection.workflowService.getSystemInfo({}),
    database: () => db.ping(),
    smtp: () => mailer.verify(),
  };
  const results = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, CheckResult]> => {
      const started = Date.now();
      try {
        await withTimeout(probe(), CHECK_TIMEOUT_MS);
        return [name, { ok: true, ms: Date.now() - started }];
      } catch (error) {
        return [name, { ok: false, error: (error as Error).message, ms: Date.now() - started }];
      }
    }),
  );
  const checks: Record<string, CheckResult> = Object.fromEntries(results);
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
