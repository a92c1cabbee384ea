import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import { advanceTo, local, plannedMailKeys, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTimeSkippingServer } from '../support/temporal.js';
import { compareKeys, waitUntil } from './support.js';
import { killHard, spawnProduct, type SpawnedProduct } from '../support/realtime.js';

const TASK_QUEUE = 'smtp-outage-test';
const trace = (what: string) => process.env.DEBUG_FAULT_TEST && console.log(new Date().toISOString(), what);

/**
 * The first reminders of the 2024 campaign (2024-03-12 09:00 Asia/Shanghai) are due while the mail
 * server is in trouble: it answers 451 (first at MAIL FROM, then after the whole message), then it is
 * gone (connection refused) for an hour of simulated time, then it listens again on the same port.
 * The product's worker runs in its own process against the time-skipping server, whose clock the
 * test moves; the step's local activity is retried on durable timers (30 s, doubling, at most 1 h).
 */
describe('a mail server refusing with 451, then unreachable for an hour, then back', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let seed: Seed;
  const workers: SpawnedProduct[] = [];
  const catchers: MailCatcher[] = [];

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([
      startTimeSkippingServer({ startAt: '2024-02-27T16:00:00Z' }), // 2024-02-28 00:00 in Anxi
      createTestDatabase(),
      MailCatcher.start(),
    ]);
    catchers.push(catcher);
    seed = await seedCampaign(db.prisma, {
      offices: { A: 'zh-CN', B: 'en', C: 'zh-CN', D: 'zh-CN' },
      enterprises: { A1: 'A', A2: 'A', B1: 'B', B2: 'B', C1: 'C', D1: 'D' },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => killHard(w.child)));
    await Promise.all([env?.teardown(), db?.dispose(), ...catchers.map((c) => c.close())]);
  });

  it('delivers every mail due during the outage exactly once after it, and records every one as sent', async () => {
    const started = Date.now();
    const worker = spawnProduct({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATABASE_URL: db.url,
      SMTP_URL: catcher.url,
      // A real-time wait inside an activity holds the time-skipping clock; the durable retries are tested here.
      SMTP_QUICK_RETRIES_MS: '',
    });
    workers.push(worker);
    await worker.ready;
    trace('worker ready');
    const campaignStart = await env.currentTimeMs();
    await env.client.workflow.start(campaignWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: workflowIds.campaign(seed.campaignId),
      args: [{ campaignId: seed.campaignId }],
    });

    // The dry-run: every mail planned from the campaign's start up to the first reminders, which are
    // the only ones of 2024-03-12 (the next step of any office comes later than the test's window).
    const firstReminders = local('2024-03-12T09:00');
    const windowEnd = local('2024-03-12T14:00');
    const planned = await plannedMailKeys(
      db.prisma,
      seed.campaignId,
      Object.values(seed.offices),
      campaignStart,
      windowEnd,
    );
    const beforeReminders = await plannedMailKeys(
      db.prisma,
      seed.campaignId,
      Object.values(seed.offices),
      campaignStart,
      firstReminders - 1,
    );
    expect(beforeReminders).toEqual([]);
    expect(planned.length).toBeGreaterThanOrEqual(8); // per office: the planning task and the commitment digest

    await advanceTo(env, local('2024-03-11T12:00'));
    trace('2024-03-11 12:00');
    expect(catcher.messages()).toHaveLength(0);

    // 451 at MAIL FROM: the attempts at 09:00, 09:00:30 and 09:01:30 are refused before any body is sent.
    catcher.refuse('mailbox temporarily unavailable', 'sender');
    await advanceTo(env, local('2024-03-12T09:02'));
    const refusedAtSender = await waitUntil(
      async () => {
        const rows = await db.prisma.mailMessage.findMany({ where: { state: 'failed' } });
        return rows.length >= Object.keys(seed.offices).length ? rows : undefined;
      },
      30_000,
      'a refused mail for every office',
    );
    expect(refusedAtSender.every((m) => /unavailable/.test(m.lastError ?? ''))).toBe(true);
    trace(`refused at MAIL FROM: ${refusedAtSender.length}`);

    // 451 after the whole message (the end-of-data mark was sent and answered with a refusal): the
    // attempts at 09:03:30 and 09:07:30. A refusal is an answer, so the mail is not "uncertain".
    catcher.refuse('mailbox temporarily unavailable', 'end-of-data');
    await advanceTo(env, local('2024-03-12T09:10'));
    expect(catcher.messages()).toHaveLength(0);
    expect(await db.prisma.mailMessage.count({ where: { state: { in: ['sent', 'uncertain'] } } })).toBe(0);

    // The server goes away: nothing listens on its port for an hour (attempts every 5 minutes from 09:12:30).
    const port = catcher.port;
    await catcher.shutDown();
    const outageStart = await env.currentTimeMs();
    await advanceTo(env, outageStart + 3_600_000);
    trace('outage over');
    const duringOutage = await db.prisma.mailMessage.findMany();
    const refused = duringOutage.filter((m) => /ECONNREFUSED/.test(m.lastError ?? ''));
    expect(duringOutage.every((m) => m.state === 'failed')).toBe(true);
    expect(refused.length).toBeGreaterThan(0);

    // Back on the same port: the next retry of each step (at most 5 minutes later) sends its mails.
    const back = await MailCatcher.start({ port });
    catchers.push(back);
    await advanceTo(env, windowEnd);
    const rows = await waitUntil(
      async () => {
        const all = await db.prisma.mailMessage.findMany();
        return all.length >= planned.length && all.every((m) => m.state === 'sent') ? all : undefined;
      },
      60_000,
      'every mail recorded as sent',
    );
    // Nothing left to send (a late duplicate would show here).
    await new Promise((r) => setTimeout(r, 1000));

    const received = [...catcher.messages(), ...back.messages()];
    const { duplicates, missing, unplanned } = compareKeys(planned, received);
    const attempts = rows.map((m) => m.attempts);
    console.log(
      `smtp outage: mails planned ${planned.length}, received ${received.length}, duplicates ${duplicates.length}, ` +
        `missing ${missing.length}, unplanned ${unplanned.length}; rows sent ${rows.length}/${rows.length}, ` +
        `attempts per mail [${attempts.sort((a, b) => b - a).join(',')}], ` +
        `mails refused with connection refused ${refused.length}, runtime ${Math.round((Date.now() - started) / 1000)} s`,
    );
    expect(duplicates).toEqual([]);
    expect(missing).toEqual([]);
    expect(unplanned).toEqual([]);
    expect(received).toHaveLength(planned.length);
    expect(rows.map((m) => m.idempotencyKey).sort()).toEqual([...planned].sort());
    // An office's steps run one after the other and a step's mails one after the other, so each office's
    // first mail went through the 451s and the outage (refused at least four times before it was sent)
    // and the mails after it waited for it.
    expect(attempts.filter((a) => a >= 5).length).toBe(Object.keys(seed.offices).length);
    expect(refused).toHaveLength(Object.keys(seed.offices).length);
  }, 240_000);
});
