import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher, type CaughtMail } from '../../dev/mail-catcher.js';
import { freePort } from '../../infra/ports.js';
import { createToken } from '../../app/access/tokens.js';
import { plannedMailKeys, seedCampaign } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { httpClient } from '../support/http.js';
import { processesNaming } from '../support/npm-start.js';
import { killHard, planStartingNow, spawnProduct, type SpawnedProduct } from '../support/realtime.js';
import { compareKeys, isUncertainMailDigest, waitForDigestsNaming, waitUntil } from './support.js';

const OFFICES = 15;

/**
 * The product as `npm start` runs it (API, worker and its own supervised Temporal dev server in one
 * process tree; the project's SMTP test server as the relay, so the receiving side survives the
 * kills), hit in the middle of a deadline fan-out. Nobody restarts anything by hand: the product
 * restarts its dev server itself, and after a kill of the product a plain start is all it takes.
 */
describe('the product recovers by itself in the middle of a deadline fan-out', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let dataDir: string;
  let env: Record<string, string>;
  let http: ReturnType<typeof httpClient>;
  let token = '';
  const products: SpawnedProduct[] = [];

  beforeAll(async () => {
    [db, catcher] = await Promise.all([createTestDatabase(), MailCatcher.start()]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'npm-start-recovery-'));
    await chmod(dataDir, 0o755);
    const port = await freePort();
    env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      DATABASE_URL: db.url,
      SMTP_URL: catcher.url,
      TEMPORAL_DEV_SERVER_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      LOG_LEVEL: 'error',
    };
    token = (await createToken(db.prisma, { name: '县局', role: 'bureau-admin' })).token;
    http = httpClient(`http://127.0.0.1:${port}`, () => token);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(products.map((p) => killHard(p.child)));
    for (const line of await processesNaming(path.join(dataDir, 'temporal'))) {
      process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    }
    await Promise.all([db?.dispose(), catcher?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function startProduct(): Promise<SpawnedProduct> {
    const product = spawnProduct(env, ['api', 'worker']);
    products.push(product);
    await product.ready;
    return product;
  }

  const devServerPid = async () => {
    const [found] = await processesNaming(path.join(dataDir, 'temporal', 'temporal.sqlite'));
    return found ? Number(found.split(' ')[0]) : undefined;
  };

  /** A campaign of its own whose first reminders fall a minute or two from now; its planned mail keys. */
  async function campaignStartingNow(prefix: string) {
    const startMs = Date.now();
    const { template, workdays, sendAtMs } = planStartingNow(startMs);
    await db.prisma.holidayOverride.createMany({ data: workdays, skipDuplicates: true });
    const offices = Object.fromEntries(Array.from({ length: OFFICES }, (_, i) => [`${prefix}${i}`, 'zh-CN'] as const));
    const enterprises = Object.fromEntries(
      Array.from({ length: OFFICES }, (_, i) => [`${prefix}E${i}`, `${prefix}${i}`]),
    );
    const seed = await seedCampaign(db.prisma, { offices, enterprises, template });
    // A campaign runs for every office of the county, those of the earlier scenario too.
    const everyOffice = await db.prisma.office.findMany();
    const planned = await plannedMailKeys(db.prisma, seed.campaignId, everyOffice, startMs, sendAtMs + 60_000);
    expect(planned.length).toBeGreaterThanOrEqual(3 * OFFICES);
    expect((await http('POST', `/campaigns/${seed.campaignId}/start`)).status).toBe(202);
    return { seed, planned, sendAtMs };
  }

  /**
   * Waits until every planned mail has arrived or is recorded as uncertain and named in a digest to the
   * bureau, then settles the uncertain ones with one call as the bureau would after asking the
   * recipients; returns the figures of the run.
   */
  async function settleAndCount(campaignId: string, planned: string[], sendAtMs: number) {
    const ofCampaign = (m: CaughtMail) => (m.headers['x-campaign-key'] ?? '').startsWith(`${campaignId}/`);
    const ladder = () => catcher.messages().filter((m) => ofCampaign(m) && !isUncertainMailDigest(m));
    const where = { idempotencyKey: { startsWith: `${campaignId}/` } };
    const automaticMs = await waitUntil(
      async () => {
        const arrived = new Set(compareKeys(planned, ladder()).received);
        const uncertain = await db.prisma.mailMessage.findMany({ where: { ...where, state: 'uncertain' } });
        const accounted = planned.every((k) => arrived.has(k) || uncertain.some((u) => u.idempotencyKey === k));
        const unsettled = await db.prisma.mailMessage.count({
          where: { ...where, state: { in: ['sending', 'failed', 'pending'] } },
        });
        return accounted && unsettled === 0 ? Date.now() : undefined;
      },
      300_000,
      'every planned mail delivered or recorded as uncertain',
    );
    const uncertain = await db.prisma.mailMessage.findMany({ where: { ...where, state: 'uncertain' } });
    await waitForDigestsNaming(
      catcher,
      uncertain.map((u) => u.id),
    );
    const arrived = new Set(compareKeys(planned, ladder()).received);
    const before = compareKeys(planned, ladder());
    if (uncertain.length > 0) {
      const settled = await http('POST', '/mail-log/uncertain/resolve', {
        delivered: uncertain.filter((u) => arrived.has(u.idempotencyKey)).map((u) => u.id),
        resend: uncertain.filter((u) => !arrived.has(u.idempotencyKey)).map((u) => u.id),
      });
      expect(settled.status).toBe(200);
    }
    const fullMs = Date.now();
    await new Promise((r) => setTimeout(r, 2_000)); // a late duplicate would arrive now
    const after = compareKeys(planned, ladder());
    expect(before.duplicates).toEqual([]);
    expect(before.missing.filter((k) => !uncertain.some((u) => u.idempotencyKey === k))).toEqual([]);
    expect(after.duplicates).toEqual([]);
    expect(after.missing).toEqual([]);
    expect(after.unplanned).toEqual([]);
    return {
      planned: planned.length,
      received: after.received.length,
      duplicates: after.duplicates.length,
      uncertain: uncertain.length,
      automaticS: ((automaticMs - sendAtMs) / 1000).toFixed(1),
      fullS: ((fullMs - sendAtMs) / 1000).toFixed(1),
    };
  }

  it('restarts its own Temporal dev server killed mid fan-out and delivers every mail exactly once', async () => {
    const product = await startProduct();
    const { seed, planned, sendAtMs } = await campaignStartingNow('SA');
    await catcher.waitFor((m) => m.length >= 8, sendAtMs - Date.now() + 120_000);
    const server = await devServerPid();
    expect(server).toBeDefined();
    process.kill(server!, 'SIGKILL');
    const receivedAtKill = catcher.messages().length;
    await waitUntil(
      async () => ((await devServerPid()) !== undefined && (await devServerPid()) !== server ? true : undefined),
      60_000,
      'the product restarted its dev server',
    );
    const figures = await settleAndCount(seed.campaignId, planned, sendAtMs);
    console.log(
      `dev server killed under npm start: mails planned ${figures.planned}, received at the kill ${receivedAtKill}, ` +
        `received ${figures.received}, duplicates ${figures.duplicates}, uncertain ${figures.uncertain}; ` +
        `every mail delivered or in doubt ${figures.automaticS} s and all delivered ${figures.fullS} s after the fan-out's instant`,
    );
    expect(product.child.exitCode, product.output().slice(-2000)).toBeNull();
    expect(product.output()).toMatch(/the Temporal dev server died; restarting it/);
  }, 480_000);

  it('is whole again after the product itself is killed mid fan-out and started again, with nobody cleaning up', async () => {
    const { seed, planned, sendAtMs } = await campaignStartingNow('SB');
    const ofCampaign = (mails: CaughtMail[]) =>
      mails.filter((m) => m.headers['x-campaign-key']?.startsWith(`${seed.campaignId}/`));
    await catcher.waitFor((m) => ofCampaign(m).length >= 8, sendAtMs - Date.now() + 120_000);
    await killHard(products.at(-1)!.child);
    const receivedAtKill = ofCampaign(catcher.messages()).length;
    // The product's watchdog takes its dev server down with it.
    await waitUntil(async () => ((await devServerPid()) === undefined ? true : undefined), 10_000, 'no orphan server');
    const again = await startProduct();
    expect(again.output()).not.toMatch(/port is in use/);
    const figures = await settleAndCount(seed.campaignId, planned, sendAtMs);
    console.log(
      `product killed under npm start: mails planned ${figures.planned}, received at the kill ${receivedAtKill}, ` +
        `received ${figures.received}, duplicates ${figures.duplicates}, uncertain ${figures.uncertain}; ` +
        `every mail delivered or in doubt ${figures.automaticS} s and all delivered ${figures.fullS} s after the fan-out's instant`,
    );
  }, 480_000);
});
