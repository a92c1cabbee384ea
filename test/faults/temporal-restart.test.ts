import { Client, Connection } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { freePort } from '../../infra/ports.js';
import { startDevServer, type DevServer } from '../../infra/temporal.js';
import { ensureTemporalTools } from '../../infra/temporal-tools.js';
import { workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import { plannedMailKeys, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { killHard, planStartingNow, spawnProduct } from '../support/realtime.js';

const root = path.resolve(import.meta.dirname, '../..');
const TASK_QUEUE = 'temporal-restart-test';
const OFFICES = 30;

async function waitUntil(probe: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The product's Temporal dev server (its SQLite file, as `npm start` runs it) is killed with SIGKILL
 * while the worker is sending the mails of a deadline fan-out for 30 offices, and started again on
 * the same file a few seconds later. The product's worker, in its own process, keeps running.
 */
describe('the Temporal server killed in the middle of a deadline fan-out', () => {
  let dataDir: string;
  let cliPath: string;
  let server: DevServer;
  let port: number;
  let uiPort: number;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let connection: Connection;
  let seed: Seed;
  let worker: ChildProcess | undefined;

  const startServer = () => startDevServer({ cliPath, dataDir, port, uiPort, namespace: 'default' });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'temporal-restart-'));
    await chmod(dataDir, 0o755);
    const tools = await ensureTemporalTools({ root });
    cliPath = tools.cli!;
    [port, uiPort] = [await freePort(), await freePort()];
    [server, db, catcher] = await Promise.all([startServer(), createTestDatabase(), MailCatcher.start()]);
    connection = await Connection.connect({ address: server.address });
  }, 120_000);

  afterAll(async () => {
    if (worker) await killHard(worker);
    await connection?.close();
    await server?.stop();
    await Promise.all([db?.dispose(), catcher?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('delivers every planned mail exactly once after the server comes back on the same database file', async () => {
    const startMs = Date.now();
    const { template, workdays, sendAtMs } = planStartingNow(startMs);
    await db.prisma.holidayOverride.createMany({ data: workdays });
    const offices = Object.fromEntries(Array.from({ length: OFFICES }, (_, i) => [`T${i}`, 'zh-CN'] as const));
    const enterprises = Object.fromEntries(Array.from({ length: OFFICES }, (_, i) => [`TE${i}`, `T${i}`]));
    seed = await seedCampaign(db.prisma, { offices, enterprises, template });

    const product = spawnProduct({
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATABASE_URL: db.url,
      SMTP_URL: catcher.url,
    });
    worker = product.child;
    await product.ready;
    const client = new Client({ connection });
    await client.workflow.start(campaignWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: workflowIds.campaign(seed.campaignId),
      args: [{ campaignId: seed.campaignId }],
    });
    const expected = await plannedMailKeys(
      db.prisma,
      seed.campaignId,
      Object.values(seed.offices),
      startMs,
      sendAtMs + 60_000,
    );
    // Each office: the planning phase task, the commitment and plan digests of its enterprise.
    expect(expected.length).toBeGreaterThanOrEqual(3 * OFFICES);

    // Kill the server once the fan-out is under way: some mails at the SMTP server, most not yet.
    await catcher.waitFor((m) => m.length >= 5, sendAtMs - Date.now() + 120_000);
    await server.kill();
    const receivedAtKill = catcher.messages().length;
    const sendingAtKill = await db.prisma.mailMessage.count({ where: { state: 'sending' } });
    expect(receivedAtKill).toBeLessThan(expected.length);
    await new Promise((r) => setTimeout(r, 3000));
    expect(worker.exitCode, `the worker stopped when the server went away:\n${product.output()}`).toBeNull();
    server = await startServer();

    const delivered = () => new Set(catcher.messages().map((m) => m.headers['x-campaign-key']!));
    await waitUntil(
      async () =>
        delivered().size >= expected.length &&
        (await db.prisma.mailMessage.count({ where: { state: { in: ['sending', 'failed', 'pending'] } } })) === 0,
      300_000,
      'every planned mail delivered after the restart',
    );
    await new Promise((r) => setTimeout(r, 2000));
    const keys = catcher.messages().map((m) => m.headers['x-campaign-key']!);
    const duplicates = keys.length - new Set(keys).size;
    console.log(
      `temporal-restart: mails planned ${expected.length}, received before the kill ${receivedAtKill}, ` +
        `in flight at the kill ${sendingAtKill}, received ${keys.length}, duplicates ${duplicates}, ` +
        `uncertain ${await db.prisma.mailMessage.count({ where: { state: 'uncertain' } })}`,
    );
    expect(duplicates).toBe(0);
    expect([...keys].sort()).toEqual(expected);
    // The workflows themselves survived: the campaign and every office still run, none failed.
    const campaign = await client.workflow.getHandle(workflowIds.campaign(seed.campaignId)).describe();
    expect(campaign.status.name).toBe('RUNNING');
    for (const office of Object.values(seed.offices)) {
      const described = await client.workflow.getHandle(workflowIds.office(seed.campaignId, office.id)).describe();
      expect(described.status.name, office.code).toBe('RUNNING');
    }
  }, 480_000);
});
