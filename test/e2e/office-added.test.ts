import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { freePort } from '../../infra/ports.js';
import { createToken } from '../../app/access/tokens.js';
import { workflowIds } from '../../workflows/definitions.js';
import { plannedMailKeys, seedCampaign, testOffice, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { httpClient } from '../support/http.js';
import { killHard, planStartingNow, spawnProduct } from '../support/realtime.js';
import { startDevServer } from '../support/temporal.js';

const OFFICE_HEADER = 'code,name,unitType,contactName,contactEmail,headName,headEmail,language';

/**
 * The product as `npm start` runs it (API and worker, its own process) on the real dev server: the
 * bureau adds office N1 through `POST /offices` and office N2 through the import to a campaign that
 * is already running, a couple of minutes before the campaign's first reminders.
 */
describe('an office added to a running campaign, on the dev server through the API', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let dataDir: string;
  let product: ChildProcess | undefined;
  let base: string;
  let token: string;
  let seed: Seed;

  let http: ReturnType<typeof httpClient>;

  /** Milliseconds until the office's workflow runs on the server. */
  async function msUntilWorkflowRuns(officeId: string, sinceMs: number): Promise<number> {
    const handle = env.client.workflow.getHandle(workflowIds.office(seed.campaignId, officeId));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await handle.describe().then(
        (d) => d.status.name,
        () => 'NOT_FOUND',
      );
      if (status === 'RUNNING') return Date.now() - sinceMs;
      if (Date.now() > deadline) throw new Error(`office ${officeId}: workflow ${status} after 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([startDevServer(), createTestDatabase(), MailCatcher.start()]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'office-added-'));
    await chmod(dataDir, 0o755);
  }, 120_000);

  afterAll(async () => {
    if (product) await killHard(product);
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts the added offices’ workflows within seconds and sends them every reminder due from then on', async () => {
    const { template, workdays, sendAtMs } = planStartingNow(Date.now());
    await db.prisma.holidayOverride.createMany({ data: workdays });
    seed = await seedCampaign(db.prisma, { offices: { A: 'zh-CN' }, enterprises: { A1: 'A' }, template });
    token = (await createToken(db.prisma, { name: '县局', role: 'bureau-admin' })).token;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    http = httpClient(base, () => token);
    const started = spawnProduct(
      {
        PORT: String(port),
        DATA_DIR: dataDir,
        DEMO_DATA: 'false',
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_TASK_QUEUE: 'office-added-test',
        DATABASE_URL: db.url,
        SMTP_URL: catcher.url,
      },
      ['api', 'worker'],
    );
    product = started.child;
    await started.ready;
    expect((await http('POST', `/campaigns/${seed.campaignId}/start`)).status).toBe(202);
    await msUntilWorkflowRuns(seed.offices.A!.id, Date.now());

    const addedAt = Date.now();
    const n1 = await http('POST', '/offices', testOffice('N1'));
    expect(n1.status).toBe(201);
    const n1Id = (n1.body as { id: string }).id;
    const n1StartedInMs = await msUntilWorkflowRuns(n1Id, addedAt);

    const importedAt = Date.now();
    const form = new FormData();
    const csv = `${OFFICE_HEADER}\r\nN2,N2市场监管所,township,N2 联络员,n2.contact@office.test,N2 所长,n2.head@office.test,zh-CN\r\n`;
    form.append('file', new Blob([Buffer.from(csv, 'utf8')], { type: 'text/csv' }), 'offices.csv');
    expect((await http('POST', '/offices/import', form)).status).toBe(201);
    const n2 = await db.prisma.office.findUniqueOrThrow({ where: { code: 'N2' } });
    const n2StartedInMs = await msUntilWorkflowRuns(n2.id, importedAt);
    const enterprise = await http('POST', '/enterprises', {
      officeId: n2.id,
      code: 'N2E1',
      name: 'N2E1特种设备制造有限公司',
      sizeClass: 'medium',
    });
    expect(enterprise.status).toBe(201);
    expect(Date.now(), 'the offices were added before the first reminders').toBeLessThan(sendAtMs - 5_000);
    expect(n1StartedInMs).toBeLessThan(10_000);
    expect(n2StartedInMs).toBeLessThan(10_000);

    const added = await db.prisma.office.findMany({ where: { code: { in: ['N1', 'N2'] } } });
    const expected = await plannedMailKeys(db.prisma, seed.campaignId, added, addedAt, sendAtMs + 60_000);
    // N1: the planning phase task; N2 also the commitment and plan digests of its enterprise.
    expect(expected.length).toBeGreaterThanOrEqual(4);
    const ofAdded = () => catcher.messages().filter((m) => added.some((o) => m.envelopeTo.includes(o.contactEmail)));
    await catcher.waitFor(() => ofAdded().length >= expected.length, sendAtMs - Date.now() + 120_000);
    await new Promise((r) => setTimeout(r, 2000));
    const keys = ofAdded().map((m) => m.headers['x-campaign-key']!);
    console.log(
      `office-added: N1 workflow after ${n1StartedInMs} ms (API), N2 after ${n2StartedInMs} ms (import); ` +
        `mails planned for them ${expected.length}, received ${keys.length}, duplicates ${keys.length - new Set(keys).size}`,
    );
    expect(keys.sort()).toEqual(expected);
  }, 300_000);
});
