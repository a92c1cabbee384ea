import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { settleUncertainMails } from '../../app/mail/incidents.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import { plannedMailKeys, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { killHard, planStartingNow, spawnProduct, type SpawnedProduct } from '../support/realtime.js';
import { startDevServer } from '../support/temporal.js';
import { compareKeys, isUncertainMailDigest, waitForDigestsNaming, waitUntil } from './support.js';

const TASK_QUEUE = 'worker-kills-test';
const OFFICES = 30;

/**
 * The product's worker process killed with SIGKILL four times on the real dev server: once while idle
 * before a deadline fan-out, three times in the middle of it (mails at the SMTP server, others being
 * sent, others not yet started), each time started again at once.
 *
 * Kills across a simulated year, between steps, are in worker-kills-year.test.ts (time-skipping server).
 */
describe('the worker killed four times around a deadline fan-out', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let seed: Seed;
  let mailer: Mailer;
  const workers: SpawnedProduct[] = [];

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([startDevServer(), createTestDatabase(), MailCatcher.start()]);
    mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@test.local' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => killHard(w.child)));
    mailer?.close();
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  async function startWorker(): Promise<void> {
    const worker = spawnProduct({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATABASE_URL: db.url,
      SMTP_URL: catcher.url,
    });
    workers.push(worker);
    await worker.ready;
  }
  const killWorker = () => killHard(workers.at(-1)!.child);

  it('sends every planned mail exactly once: automatically, or after the bureau settles the uncertain ones', async () => {
    const startMs = Date.now();
    const { template, workdays, sendAtMs } = planStartingNow(startMs);
    await db.prisma.holidayOverride.createMany({ data: workdays });
    const offices = Object.fromEntries(Array.from({ length: OFFICES }, (_, i) => [`W${i}`, 'zh-CN'] as const));
    const enterprises = Object.fromEntries(Array.from({ length: OFFICES }, (_, i) => [`WE${i}`, `W${i}`]));
    seed = await seedCampaign(db.prisma, { offices, enterprises, template });
    const planned = await plannedMailKeys(
      db.prisma,
      seed.campaignId,
      Object.values(seed.offices),
      startMs,
      sendAtMs + 60_000,
    );
    expect(planned.length).toBeGreaterThanOrEqual(3 * OFFICES);

    await startWorker();
    await env.client.workflow.start(campaignWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: workflowIds.campaign(seed.campaignId),
      args: [{ campaignId: seed.campaignId }],
    });
    // Kill 1: idle, once every office workflow waits for its first step.
    await waitUntil(
      async () => {
        for (const office of Object.values(seed.offices)) {
          const d = await env.client.workflow
            .getHandle(workflowIds.office(seed.campaignId, office.id))
            .describe()
            .catch(() => undefined);
          if (!d || d.historyLength < 5) return undefined;
        }
        return true;
      },
      sendAtMs - Date.now() - 5_000,
      'every office workflow started before the fan-out',
    );
    await killWorker();
    await startWorker();

    // Kills 2–4: in the fan-out, after 10, 35 and 60 mails have arrived.
    const inFlight: number[] = [];
    for (const received of [10, 35, 60]) {
      await catcher.waitFor((m) => m.length >= received, sendAtMs - Date.now() + 180_000);
      await killWorker();
      inFlight.push(await db.prisma.mailMessage.count({ where: { state: 'sending' } }));
      await startWorker();
    }

    // A mail whose sender died mid-send waits for its lease to run out (SEND_LEASE_MS), then is sent
    // by the next attempt (killed before the end of the message) or marked uncertain (after it).
    const unsettled = { state: { in: ['sending', 'failed', 'pending'] } };
    const settled = await waitUntil(
      async () => {
        const keys = new Set(catcher.messages().map((m) => m.headers['x-campaign-key']));
        const uncertain = await db.prisma.mailMessage.findMany({ where: { state: 'uncertain' } });
        const accounted = planned.every((k) => keys.has(k) || uncertain.some((u) => u.idempotencyKey === k));
        return accounted && (await db.prisma.mailMessage.count({ where: unsettled })) === 0 ? Date.now() : undefined;
      },
      300_000,
      'every planned mail delivered (or recorded as uncertain) after the kills',
    );
    // The bureau is told of every uncertain mail (one digest per minute in which some became uncertain),
    // checks with the recipients, and settles them all with one action.
    const uncertain = await db.prisma.mailMessage.findMany({ where: { state: 'uncertain' } });
    await waitForDigestsNaming(
      catcher,
      uncertain.map((u) => u.id),
    );
    const ladder = () => catcher.messages().filter((m) => !isUncertainMailDigest(m));
    const before = compareKeys(planned, ladder());
    const arrived = new Set(before.received);
    const settledBy = await settleUncertainMails(
      { db: db.prisma, mailer },
      {
        delivered: uncertain.filter((u) => arrived.has(u.idempotencyKey)).map((u) => u.id),
        resend: uncertain.filter((u) => !arrived.has(u.idempotencyKey)).map((u) => u.id),
        by: 'test bureau',
      },
    );
    await new Promise((r) => setTimeout(r, 2_000)); // a late duplicate would arrive now
    const { duplicates, missing, unplanned, received } = compareKeys(planned, ladder());
    console.log(
      `worker kills: kills 4 (1 idle, 3 in the fan-out, mails being sent at each ${inFlight.join('/')}); ` +
        `mails planned ${planned.length}, received ${received.length}, duplicates ${duplicates.length}, ` +
        `uncertain ${uncertain.length} (missing before the bureau's action ${before.missing.length}, resent ` +
        `${settledBy.resent.length}), digests ${catcher.messages().filter(isUncertainMailDigest).length}; ` +
        `automatic delivery ${((settled - sendAtMs) / 1000).toFixed(1)} s after the fan-out's instant`,
    );
    expect(before.duplicates).toEqual([]);
    // Only a mail killed between its end-of-data mark and the server's answer may be missing, and it
    // is then in the mail log as uncertain, not lost silently.
    expect(before.missing.filter((k) => !uncertain.some((u) => u.idempotencyKey === k))).toEqual([]);
    expect(settledBy.resent.every((r) => r.state === 'sent')).toBe(true);
    expect(duplicates).toEqual([]);
    expect(missing).toEqual([]);
    expect(unplanned).toEqual([]);
    const campaign = await env.client.workflow.getHandle(workflowIds.campaign(seed.campaignId)).describe();
    expect(campaign.status.name).toBe('RUNNING');
    for (const office of Object.values(seed.offices)) {
      const d = await env.client.workflow.getHandle(workflowIds.office(seed.campaignId, office.id)).describe();
      expect(d.status.name, office.code).toBe('RUNNING');
    }
  }, 480_000);
});
