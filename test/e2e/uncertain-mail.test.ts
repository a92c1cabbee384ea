import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { freePort } from '../../infra/ports.js';
import { createToken } from '../../app/access/tokens.js';
import { BUREAU_EMAIL, plannedMailKeys, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { httpClient } from '../support/http.js';
import { killHard, planStartingNow, spawnProduct } from '../support/realtime.js';
import { startDevServer } from '../support/temporal.js';
import { compareKeys, waitUntil } from '../faults/support.js';

const OFFICES = 6;
const DIGEST_SUBJECT = '【需处理】';

/**
 * The product (API and worker, its own process) on the dev server. In the first reminder fan-out the
 * relay takes the whole message for the contacts of four offices and hangs up before answering; it
 * loses two of those messages. The bureau is told by one digest mail and a banner, checks with the
 * recipients, and settles every mail in doubt with one call.
 */
describe('a relay that hangs up after the message, on the dev server through the API', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let dataDir: string;
  let product: ChildProcess | undefined;
  let token = '';
  let http: ReturnType<typeof httpClient>;
  let seed: Seed;

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([startDevServer(), createTestDatabase(), MailCatcher.start()]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'uncertain-mail-'));
    await chmod(dataDir, 0o755);
  }, 120_000);

  afterAll(async () => {
    if (product) await killHard(product);
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('tells the bureau once, and one action settles every mail in doubt without sending any twice', async () => {
    const { template, workdays, sendAtMs } = planStartingNow(Date.now());
    await db.prisma.holidayOverride.createMany({ data: workdays });
    const offices = Object.fromEntries(Array.from({ length: OFFICES }, (_, i) => [`U${i}`, 'zh-CN'] as const));
    const enterprises = Object.fromEntries(Array.from({ length: OFFICES }, (_, i) => [`UE${i}`, `U${i}`]));
    seed = await seedCampaign(db.prisma, { offices, enterprises, template });
    const planned = await plannedMailKeys(
      db.prisma,
      seed.campaignId,
      Object.values(seed.offices),
      0,
      sendAtMs + 60_000,
    );
    token = (await createToken(db.prisma, { name: '县局', role: 'bureau-admin' })).token;
    const port = await freePort();
    http = httpClient(`http://127.0.0.1:${port}`, () => token);

    // The contacts of offices U0–U3 get their mail stalled after its body; U0's and U1's are lost.
    const contact = (i: number) => seed.offices[`U${i}`]!.contactEmail;
    const stalledFor = new Set([0, 1, 2, 3].map(contact));
    const lostFor = new Set([0, 1].map(contact));
    const stallRule = (recipient: string, point: string) => point === 'before-reply' && stalledFor.has(recipient);
    catcher.stallWhere(stallRule);

    const started = spawnProduct(
      {
        PORT: String(port),
        DATA_DIR: dataDir,
        DEMO_DATA: 'false',
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_TASK_QUEUE: 'uncertain-mail-test',
        DATABASE_URL: db.url,
        SMTP_URL: catcher.url,
      },
      ['api', 'worker'],
    );
    product = started.child;
    await started.ready;
    expect((await http('POST', `/campaigns/${seed.campaignId}/start`)).status).toBe(202);

    const stalledCount = planned.filter((k) => [...stalledFor].some((to) => k.endsWith(`/${to}`))).length;
    expect(stalledCount).toBeGreaterThanOrEqual(4);
    // Each hang-up frees a pooled connection for the next stalled mail, until all of them have had theirs.
    let dropped = 0;
    while (dropped < stalledCount) {
      await waitUntil(
        async () => (catcher.stalledMessages().length > 0 ? true : undefined),
        sendAtMs - Date.now() + 120_000,
        `stalled mail ${dropped + 1} of ${stalledCount} at the relay`,
      );
      await new Promise((r) => setTimeout(r, 500));
      dropped += catcher.stalledMessages().length;
      catcher.dropStalled({ lost: (recipient) => lostFor.has(recipient) });
      catcher.stallWhere(stallRule);
    }
    catcher.stallWhere(undefined);

    const digest = await waitUntil(
      async () => catcher.messages().find((m) => m.to.includes(BUREAU_EMAIL) && m.subject.startsWith(DIGEST_SUBJECT)),
      150_000,
      'the digest of uncertain mails to the bureau',
    );
    const toldAfterMs = Date.parse(digest.receivedAt) - sendAtMs;
    const log = (await http('GET', `/mail-log?campaignId=${seed.campaignId}&state=uncertain&limit=1000`)).body as {
      total: number;
      entries: { id: string; recipient: string; subject: string }[];
    };
    expect(log.total).toBe(stalledCount);
    // The digest names every mail in doubt (the board's banner counts the same query).
    for (const entry of log.entries) expect(digest.text).toContain(entry.id);

    // Checking with the recipients: whoever got the mail confirms, the others get it again.
    const arrived = new Set(catcher.messages().map((m) => m.headers['x-campaign-key']));
    const rows = await db.prisma.mailMessage.findMany({ where: { id: { in: log.entries.map((e) => e.id) } } });
    const delivered = rows.filter((r) => arrived.has(r.idempotencyKey)).map((r) => r.id);
    const resend = rows.filter((r) => !arrived.has(r.idempotencyKey)).map((r) => r.id);
    expect(resend.length).toBeGreaterThan(0);
    expect(delivered.length).toBeGreaterThan(0);
    const settled = await http('POST', '/mail-log/uncertain/resolve', { delivered, resend });
    expect(settled.status).toBe(200);
    expect((settled.body as { resent: { state: string }[] }).resent.map((r) => r.state)).toEqual(
      resend.map(() => 'sent'),
    );
    const fullDeliveryMs = Date.now() - sendAtMs;
    // Settling again is refused, naming the mails, and changes nothing.
    const again = await http('POST', '/mail-log/uncertain/resolve', { delivered });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain(delivered[0]);

    await waitUntil(
      async () =>
        (await db.prisma.mailMessage.count({ where: { state: { in: ['sending', 'failed', 'pending'] } } })) === 0
          ? true
          : undefined,
      60_000,
      'every mail settled',
    );
    const ladder = catcher.messages().filter((m) => !m.subject.startsWith(DIGEST_SUBJECT));
    const { duplicates, missing, unplanned } = compareKeys(planned, ladder);
    const digests = catcher.messages().filter((m) => m.subject.startsWith(DIGEST_SUBJECT));
    const uncertainLeft = await db.prisma.mailMessage.count({ where: { state: 'uncertain' } });
    console.log(
      `uncertain mail: mails planned ${planned.length}, received ${ladder.length}, duplicates ${duplicates.length}, ` +
        `uncertain ${stalledCount} (lost by the relay ${resend.length}), digests to the bureau ${digests.length}, ` +
        `bureau told ${(toldAfterMs / 1000).toFixed(1)} s and full delivery ${(fullDeliveryMs / 1000).toFixed(1)} s ` +
        `after the fan-out's instant`,
    );
    expect(digests).toHaveLength(1);
    expect(duplicates).toEqual([]);
    expect(missing).toEqual([]);
    expect(unplanned).toEqual([]);
    expect(uncertainLeft).toBe(0);
  }, 420_000);
});
