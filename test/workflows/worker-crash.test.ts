import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../lib/mail-catcher.js';
import { loadPlan, obligationsOfOffice } from '../../lib/plan-store.js';
import { workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import { advanceTo, BUREAU_EMAIL, local, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTimeSkippingServer } from '../support/temporal.js';

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
  return { child, ready };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

// The worker and this test share the database, so it must be a server: PostgreSQL (CI always has it).
describe.runIf(process.env.TEST_DATABASE_URL)('a worker killed in the middle of the campaign', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let seed: Seed;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([
      startTimeSkippingServer({ startAt: '2024-02-27T16:00:00Z' }),
      createTestDatabase('postgres'),
      MailCatcher.start(),
    ]);
    seed = await seedCampaign(db.prisma, {
      offices: { P: 'zh-CN', Q: 'en' },
      enterprises: { P1: 'P', P2: 'P', Q1: 'Q' },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map(kill));
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  it('sends every planned mail exactly once after a new worker takes over', async () => {
    // The time-skipping server never times out a dead worker's sticky queue (a real server does after
    // 5 s), so both workers run without a workflow cache, which turns sticky execution off.
    const workerEnv = {
      TEMPORAL_ADDRESS: env.address,
      DATABASE_URL: db.url!,
      SMTP_URL: catcher.url,
      WORKER_MAX_CACHED_WORKFLOWS: '0',
    };
    const first = startWorker(workerEnv);
    children.push(first.child);
    await first.ready;
    trace('first worker ready');
    await env.client.workflow.start(campaignWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: workflowIds.campaign(seed.campaignId),
      args: [{ campaignId: seed.campaignId }],
    });
    // Into the year, then kill the worker without warning while the April report's overdue notices
    // (2024-05-03 00:00) are being sent, and start a new one.
    await advanceTo(env, local('2024-05-02T23:59'));
    trace('at 2024-05-02');
    expect(catcher.messages().length).toBeGreaterThan(0);
    const due = advanceTo(env, local('2024-05-03T00:00:01'));
    await catcher.waitFor((m) => m.some((x) => x.headers['x-campaign-step'] === 'overdue'), 60_000);
    await kill(first.child);
    trace('killed');
    const second = startWorker(workerEnv);
    children.push(second.child);
    await second.ready;
    await due;
    trace('second worker ready');
    await advanceTo(env, local('2025-01-15T12:00'));
    trace('at 2025-01-15');
    for (const office of Object.values(seed.offices)) {
      await env.client.workflow.getHandle(workflowIds.office(seed.campaignId, office.id)).result();
    }
    for (const escalation of await db.prisma.escalation.findMany()) {
      await env.client.workflow.getHandle(escalation.workflowId).result();
    }
    await kill(second.child);

    const received = catcher.messages();
    const keys = received.map((m) => m.headers['x-campaign-key']!);
    expect(new Set(keys).size).toBe(keys.length);

    // Nobody does anything, so every planned step of the dry-run sends: count them against the plan.
    const loaded = await loadPlan(db.prisma, seed.campaignId);
    const expected: string[] = [];
    for (const office of Object.values(seed.offices)) {
      for (const o of await obligationsOfOffice(db.prisma, loaded, seed.campaignId, office.id, { includeDone: true })) {
        for (const s of o.steps) {
          const to =
            s.kind === 'reminder'
              ? [office.contactEmail]
              : s.kind === 'overdue'
                ? [office.contactEmail, office.headEmail]
                : o.responsible === 'office'
                  ? [BUREAU_EMAIL]
                  : [office.headEmail, BUREAU_EMAIL];
          for (const t of to) expected.push(`${seed.campaignId}/${office.id}/${o.key}/${s.key}/${t}`);
        }
      }
    }
    const isEscalationNotice = (key: string) => key.split('/')[1] === 'escalation';
    const stepMails = keys.filter((k) => !isEscalationNotice(k)).sort();
    expect(stepMails).toEqual(expected.sort());
    // Each automatic escalation climbs through three levels, each notice to the office head and the bureau.
    const escalations = await db.prisma.escalation.count();
    expect(keys.filter(isEscalationNotice)).toHaveLength(escalations * 3 * 2);
  }, 400_000);
});
