import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, defaultTemplate, templateFor } from '../../domain/index.js';
import { asJson } from '../../lib/json.js';
import { MailCatcher } from '../../lib/mail-catcher.js';
import { loadPlan, obligationsOfOffice } from '../../lib/plan-store.js';
import { workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import { plannedRecipients, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startDevServer } from '../support/temporal.js';

const root = path.resolve(import.meta.dirname, '../..');
const TASK_QUEUE = 'crash-test';
const trace = (what: string) => process.env.DEBUG_CRASH_TEST && console.log(new Date().toISOString(), what);

/** The production worker entry (`npm start -- --role worker`) in its own process, so it can be killed. */
function startWorker(env: Record<string, string>): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--role', 'worker'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', TEMPORAL_TASK_QUEUE: TASK_QUEUE, ...env },
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
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
  ready.catch(() => undefined);
  return { child, ready };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * A plan whose first ladder steps fall about a minute from now, in a zone where it is midday, on days
 * the bureau has declared working days: the real dev server runs it in real time.
 */
function planStartingNow(nowMs: number) {
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
    kind: 'workday',
    name: 'test working day',
  }));
  return { template, workdays, sendAtMs: send.toMillis() };
}

// The workers and this test share the database, so it must be a server: PostgreSQL (CI always has it).
describe.runIf(process.env.TEST_DATABASE_URL)('a worker killed without warning while reminders go out', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let seed: Seed;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([startDevServer(), createTestDatabase('postgres'), MailCatcher.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map(kill));
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  it('sends every planned mail once after a new worker takes over, and never one twice', async () => {
    const startMs = Date.now();
    const { template, workdays, sendAtMs } = planStartingNow(startMs);
    await db.prisma.holidayOverride.createMany({
      data: workdays.map((w) => ({ ...w, year: Number(w.date.slice(0, 4)) })),
    });
    const offices = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`O${i}`, i % 2 ? 'en' : 'zh-CN'] as const));
    const enterprises = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`E${i}`, `O${i % 6}`]));
    seed = await seedCampaign(db.prisma, { offices, enterprises, template });
    await db.prisma.campaign.update({ where: { id: seed.campaignId }, data: { template: asJson(template) } });

    const workerEnv = { TEMPORAL_ADDRESS: env.address, DATABASE_URL: db.url!, SMTP_URL: catcher.url };
    const first = startWorker(workerEnv);
    children.push(first.child);
    await first.ready;
    trace('first worker ready');
    await env.client.workflow.start(campaignWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: workflowIds.campaign(seed.campaignId),
      args: [{ campaignId: seed.campaignId }],
    });

    // The dry-run: every step from now until a minute after the send time, per office and recipient.
    const windowEnd = sendAtMs + 60_000;
    const loaded = await loadPlan(db.prisma, seed.campaignId);
    const expected: string[] = [];
    for (const office of Object.values(seed.offices)) {
      for (const o of await obligationsOfOffice(db.prisma, loaded, seed.campaignId, office.id)) {
        for (const s of o.steps.filter((x) => x.atMs >= startMs && x.atMs <= windowEnd)) {
          for (const t of plannedRecipients(s.kind, o.responsible, office))
            expected.push(`${seed.campaignId}/${office.id}/${o.key}/${s.key}/${t}`);
        }
      }
    }
    expect(expected.length).toBeGreaterThanOrEqual(18); // each office: planning task, commitment and plan digests

    // Kill the worker as soon as the first reminders arrive, in the middle of sending them.
    await catcher.waitFor((m) => m.length > 0, sendAtMs - Date.now() + 60_000);
    await kill(first.child);
    const killedAfter = catcher.messages().length;
    trace(`killed after ${killedAfter} mails`);
    const second = startWorker(workerEnv);
    children.push(second.child);
    await second.ready;
    trace('second worker ready');

    // A dead worker's activity is retried after its start-to-close timeout (one minute). A mail it had
    // handed to SMTP without recording the answer is marked uncertain once its lease expires, not resent.
    const uncertainKeys = async () =>
      (await db.prisma.mailMessage.findMany({ where: { state: 'uncertain' }, select: { idempotencyKey: true } })).map(
        (m) => m.idempotencyKey,
      );
    const deadline = Date.now() + 240_000;
    while (catcher.messages().length + (await uncertainKeys()).length < expected.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const keys = catcher.messages().map((m) => m.headers['x-campaign-key']!);
    const uncertain = await uncertainKeys();
    trace(`${keys.length} delivered, ${uncertain.length} uncertain`);
    // Never twice: every key at most once at the SMTP server.
    expect(new Set(keys).size).toBe(keys.length);
    // Every planned mail went out, or is flagged uncertain in the mail log for staff to check.
    expect([...new Set([...keys, ...uncertain])].sort()).toEqual(expected.sort());
    // Only a mail in flight at the kill can be uncertain: each office workflow runs one step at a time.
    expect(uncertain.length).toBeLessThanOrEqual(Object.keys(seed.offices).length);
    expect(killedAfter).toBeGreaterThan(0);
  }, 420_000);
});
