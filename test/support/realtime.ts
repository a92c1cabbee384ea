import { DateTime } from 'luxon';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { addDays, defaultTemplate, templateFor } from '../../domain/index.js';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The product's own entry (`npm start`, or one `--role`) in its own process, so a test can kill it.
 * `ready` resolves once it says it is running.
 */
export interface SpawnedProduct {
  child: ChildProcess;
  /** Resolves once the product says it runs; rejects if it exits first. */
  ready: Promise<void>;
  /** What the process wrote so far (stdout and stderr). */
  output(): string;
}

export function spawnProduct(env: Record<string, string>, roles: ('api' | 'worker')[] = ['worker']): SpawnedProduct {
  const roleArgs = roles.length === 1 ? ['--role', roles[0]!] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...roleArgs], {
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
    child.once('exit', (code, signal) => reject(new Error(`product exited with ${code ?? signal}:\n${output}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, output: () => output };
}

/** SIGKILL: no shutdown hook runs, as when a machine loses power. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * A plan whose first ladder steps fall one to three minutes from now, in a zone where it is midday, on
 * days the bureau has declared working days: the real dev server runs it in real time. The working
 * days are to be stored as holiday overrides.
 */
export function planStartingNow(nowMs: number) {
  const utcHour = new Date(nowMs).getUTCHours();
  const offset = 12 - utcHour; // local time ≈ 12:00
  const timeZone = offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const now = DateTime.fromMillis(nowMs, { zone: timeZone });
  const today = now.toISODate()!;
  const send = now.plus({ seconds: 45 }).startOf('minute').plus({ minutes: 1 });
  const template = templateFor(now.year, {
    timeZone,
    startDate: today,
    phases: defaultTemplate(now.year).phases.map((p, i) => ({ ...p, deadline: addDays(today, i + 1) })),
    monthlyReport: { firstMonth: now.toFormat('yyyy-MM'), lastMonth: now.toFormat('yyyy-MM') },
    yearEndSummary: { dueDate: addDays(today, 30) },
    ladder: { reminders: [{ days: 1, unit: 'working-days' }], sendTime: send.toFormat('HH:mm') },
  });
  const workdays = Array.from({ length: 8 }, (_, i) => ({
    date: addDays(today, i - 1),
    year: Number(addDays(today, i - 1).slice(0, 4)),
    kind: 'workday',
    name: 'test working day',
  }));
  return { template, workdays, sendAtMs: send.toMillis() };
}
