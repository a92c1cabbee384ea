import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { PrismaClient } from '../../lib/db.js';
import type { CaughtMail } from '../../lib/mail-catcher.js';
import { loadPlan, obligationsOfOffice } from '../../lib/plan-store.js';
import { plannedRecipients, type Seed } from '../support/campaign.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker says it runs; rejects if it exits first. */
  ready: Promise<void>;
  /** What the process wrote so far (stdout and stderr). */
  output(): string;
}

/** The production worker entry (`npm start -- --role worker`) in its own process, so it can be killed. */
export function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--role', 'worker'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`worker exited with ${code ?? signal}:\n${output}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, output: () => output };
}

/** SIGKILL: no shutdown, no last words, like a machine that loses power. Resolves once it is gone. */
export function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * The dry-run: the idempotency key of every mail the plan sends from `fromMs` to `toMs` (inclusive)
 * for each office's open obligations, as `${campaignId}/${officeId}/${obligationKey}/${stepKey}/${to}`.
 * These are the office ladder's own mails (reminders, overdue notices, the escalation step's mail to
 * the bureau); notices of escalation workflows have keys of their own (`…/escalation/…`).
 */
export async function plannedMailKeys(db: PrismaClient, seed: Seed, fromMs: number, toMs: number): Promise<string[]> {
  const loaded = await loadPlan(db, seed.campaignId);
  const keys: string[] = [];
  for (const office of Object.values(seed.offices)) {
    for (const o of await obligationsOfOffice(db, loaded, seed.campaignId, office.id)) {
      for (const s of o.steps.filter((x) => x.atMs >= fromMs && x.atMs <= toMs)) {
        for (const to of plannedRecipients(s.kind, o.responsible, office))
          keys.push(`${seed.campaignId}/${office.id}/${o.key}/${s.key}/${to}`);
      }
    }
  }
  return keys;
}

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
