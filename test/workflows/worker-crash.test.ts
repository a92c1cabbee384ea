import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson } from '../../infra/json.js';
import { MailCatcher, type StallPoint } from '../../dev/mail-catcher.js';
import { workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import { plannedMailKeys, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { killHard as kill, planStartingNow, spawnProduct } from '../support/realtime.js';
import { startDevServer } from '../support/temporal.js';

const TASK_QUEUE = 'crash-test';
const trace = (what: string) => process.env.DEBUG_CRASH_TEST && console.log(new Date().toISOString(), what);

describe('a worker killed without warning while reminders go out', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let seed: Seed;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([startDevServer(), createTestDatabase(), MailCatcher.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map(kill));
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  it('delivers every planned mail exactly once when the worker is killed mid-send and a new one takes over', async () => {
    const startMs = Date.now();
    const { template, workdays, sendAtMs } = planStartingNow(startMs);
    await db.prisma.holidayOverride.createMany({
      data: workdays,
    });
    const offices = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`O${i}`, i % 2 ? 'en' : 'zh-CN'] as const));
    const enterprises = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`E${i}`, `O${i % 6}`]));
    seed = await seedCampaign(db.prisma, { offices, enterprises, template });
    await db.prisma.campaign.update({ where: { id: seed.campaignId }, data: { template: asJson(template) } });

    const workerEnv = {
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      TEMPORAL_ADDRESS: env.address,
      DATABASE_URL: db.url,
      SMTP_URL: catcher.url,
    };
    const first = spawnProduct(workerEnv);
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
    const expected = await plannedMailKeys(db.prisma, seed.campaignId, Object.values(seed.offices), startMs, windowEnd);
    expect(expected.length).toBeGreaterThanOrEqual(18); // each office: planning task, commitment and plan digests

    // Kill the worker in the middle of sending, with the two cases that matter held open at the SMTP
    // server on all five connections of the worker's mail pool: O0's and O1's first mails wait for the
    // server's 250 after their whole body (kept by the server, answer never seen), O2's, O3's and O4's
    // wait before their body (the server has nothing). O5's mail, if it has one left, waits for a
    // connection. So no other mail can be between the end of its message and its recorded answer.
    const contact = (code: string) => seed.offices[code]!.contactEmail;
    const stallAt = new Map<string, StallPoint>([
      [contact('O0'), 'before-reply'],
      [contact('O1'), 'before-reply'],
      [contact('O2'), 'before-body'],
      [contact('O3'), 'before-body'],
      [contact('O4'), 'before-body'],
    ]);
    const stalledOnce = new Set<string>();
    catcher.stallWhere((to, point) => {
      if (stallAt.get(to) !== point || stalledOnce.has(to)) return false;
      stalledOnce.add(to);
      return true;
    });
    await catcher.waitFor(() => catcher.stalledMessages().length === stallAt.size, sendAtMs - Date.now() + 60_000);
    // A mail answered just before the last stall may still be recording its answer: let it finish.
    const handedOverNow = () =>
      db.prisma.mailMessage.findMany({ where: { state: 'sending', endOfDataAt: { not: null } } });
    while ((await handedOverNow()).length > 2) await new Promise((r) => setTimeout(r, 20));
    await kill(first.child);
    catcher.releaseStalled();
    const inFlight = await db.prisma.mailMessage.findMany({ where: { state: 'sending' } });
    trace(`killed with ${catcher.messages().length} mails at the server, ${inFlight.length} in flight`);
    // The marker tells the two cases apart: set just before the end-of-data mark, never before the body.
    const handedOver = inFlight.filter((m) => m.endOfDataAt !== null);
    const notHandedOver = inFlight.filter((m) => m.endOfDataAt === null);
    expect(handedOver.map((m) => m.recipient).sort()).toEqual([contact('O0'), contact('O1')]);
    expect(notHandedOver.map((m) => m.recipient)).toEqual(
      expect.arrayContaining([contact('O2'), contact('O3'), contact('O4')]),
    );

    const second = spawnProduct(workerEnv);
    children.push(second.child);
    await second.ready;
    trace('second worker ready');

    // A dead worker's task is retried by the new worker, which finds each mail leased until the lease
    // (90 s) runs out. Then a mail without the end-of-data mark is sent; one with it is recorded as
    // uncertain, not resent.
    const delivered = () => new Set(catcher.messages().map((m) => m.headers['x-campaign-key']!));
    const deadline = Date.now() + 240_000;
    while (
      (delivered().size < expected.length ||
        (await db.prisma.mailMessage.count({ where: { state: 'sending' } })) > 0) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const keys = catcher.messages().map((m) => m.headers['x-campaign-key']!);
    trace(`${keys.length} delivered`);
    // Every planned mail arrived at the SMTP server exactly once: none missing, none twice.
    expect(keys.length).toBe(new Set(keys).size);
    expect([...keys].sort()).toEqual([...expected].sort());
    // The two the server kept without its answer being seen are flagged for staff, not resent; the
    // two that never reached the end of their message were sent by the new worker.
    const after = await db.prisma.mailMessage.findMany({ where: { id: { in: inFlight.map((m) => m.id) } } });
    const stateOf = (id: string) => after.find((m) => m.id === id)!;
    for (const m of handedOver) expect(stateOf(m.id)).toMatchObject({ state: 'uncertain', attempts: 1 });
    for (const m of notHandedOver) expect(stateOf(m.id)).toMatchObject({ state: 'sent', attempts: 2 });
    expect(await db.prisma.mailMessage.count({ where: { state: 'uncertain' } })).toBe(handedOver.length);
  }, 420_000);
});
