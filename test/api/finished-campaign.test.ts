import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { workflowIds } from '../../workflows/definitions.js';
import { testApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { productWorker, startTimeSkippingServer } from '../support/temporal.js';

const TASK_QUEUE = 'finished-campaign-test';

/** The value of one sample in a Prometheus text page. */
function sample(page: string, series: string): number | undefined {
  const line = page.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * Two campaigns on the time-skipping server at today's date: last year's, whose workflow finds every deadline
 * past and completes at once, and next year's, whose workflow waits for its first phase. Writes that signal
 * campaign workflows must keep answering 2xx for the first and keep signalling the second.
 */
describe('a campaign whose workflow has finished', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let mailer: Mailer;
  let worker: Worker;
  let running: Promise<void>;
  let api: TestApp;
  const ids = { finished: '', running: '' };
  const years = { finished: 0, running: 0 };

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    api.call({ method, url, ...(payload ? { payload } : {}) });
  const statusOf = async (id: string) => (await db.prisma.campaign.findUniqueOrThrow({ where: { id } })).status;
  const planChanges = (campaignId: string) =>
    db.prisma.campaignEvent.count({ where: { campaignId, kind: 'plan-changed' } });
  /** As a campaign that finished under an earlier version: its workflow has ended, the database says running. */
  const forgetFinished = (id: string) => db.prisma.campaign.update({ where: { id }, data: { status: 'running' } });

  beforeAll(async () => {
    [env, db] = await Promise.all([startTimeSkippingServer(), createTestDatabase()]);
    mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'bureau@test.local' });
    worker = await productWorker(env, { taskQueue: TASK_QUEUE, db: db.prisma, mailer });
    running = worker.run();
    api = await testApp({ config: loadConfig({ TEMPORAL_TASK_QUEUE: TASK_QUEUE }), db, temporal: env.client, mailer });

    const thisYear = new Date(await env.currentTimeMs()).getUTCFullYear();
    years.finished = thisYear - 1;
    years.running = thisYear + 1;
    // The finished one first: a loop over the running campaigns meets it before the other.
    for (const which of ['finished', 'running'] as const) {
      const created = await call('POST', '/campaigns', {
        name: `${years[which]}年固本强基`,
        year: years[which],
        bureauEmail: 'bureau@county.test',
      });
      expect(created.statusCode).toBe(201);
      ids[which] = created.json<{ id: string }>().id;
      expect((await call('POST', `/campaigns/${ids[which]}/start`)).statusCode).toBe(202);
    }
    // Real seconds: polling the database does not move the time-skipping clock.
    await vi.waitFor(async () => expect(await statusOf(ids.finished)).toBe('finished'), { timeout: 30_000 });
    await vi.waitFor(
      async () =>
        expect(await db.prisma.campaignEvent.count({ where: { campaignId: ids.running, kind: 'started' } })).toBe(1),
      { timeout: 30_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await api?.app.close();
    worker?.shutdown();
    await running;
    mailer?.close();
    await Promise.all([env?.teardown(), db?.dispose()]);
  });

  it('shows finished once its workflow has completed: campaign, list, status, next mails and /metrics', async () => {
    expect((await call('GET', `/campaigns/${ids.finished}`)).json<{ status: string }>().status).toBe('finished');
    const list = (await call('GET', '/campaigns')).json<{ id: string; status: string }[]>();
    expect(list.map((c) => [c.id, c.status])).toEqual([
      [ids.finished, 'finished'],
      [ids.running, 'running'],
    ]);
    const status = (await call('GET', `/campaigns/${ids.finished}/status`)).json<{ status: string }>();
    expect(status.status).toBe('finished');
    const next = (await call('GET', `/campaigns/${ids.finished}/next-mails`)).json<{ campaignStatus: string }>();
    expect(next.campaignStatus).toBe('finished');
    const metrics = (await call('GET', '/metrics')).body;
    expect(sample(metrics, 'campaign_engine_campaigns{status="finished"}')).toBe(1);
    expect(sample(metrics, 'campaign_engine_campaigns{status="running"}')).toBe(1);
    expect(metrics).not.toContain(`campaign="${ids.finished}"`);
    expect(metrics).toContain(`campaign="${ids.running}"`);
  });

  it('refuses to start a finished campaign again (409) and runs no second workflow', async () => {
    const response = await call('POST', `/campaigns/${ids.finished}/start`);
    expect(response.statusCode).toBe(409);
    const description = await env.client.workflow.getHandle(workflowIds.campaign(ids.finished)).describe();
    expect(description.status.name).toBe('COMPLETED');
  });

  it('answers 200 to PATCH /campaigns/:id after its workflow ended, stores the edit and shows it finished', async () => {
    await forgetFinished(ids.finished);
    const response = await call('PATCH', `/campaigns/${ids.finished}`, { name: '已结束的行动' });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ name: string; status: string }>()).toMatchObject({
      name: '已结束的行动',
      status: 'finished',
    });
    expect(await statusOf(ids.finished)).toBe('finished');
  });

  it('signals a running campaign on PATCH /campaigns/:id: its workflow recomputes', async () => {
    const before = await planChanges(ids.running);
    const response = await call('PATCH', `/campaigns/${ids.running}`, { bureauName: '县市场监督管理局' });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ status: string }>().status).toBe('running');
    await vi.waitFor(async () => expect(await planChanges(ids.running)).toBe(before + 1), { timeout: 20_000 });
  });

  it('answers 200 to PUT /holidays/:year with one finished and one running campaign, and still signals the running one', async () => {
    await forgetFinished(ids.finished);
    const before = await planChanges(ids.running);
    const response = await call('PUT', `/holidays/${years.running}`, {
      entries: [{ date: `${years.running}-05-06`, kind: 'holiday', name: '县级调休' }],
    });
    expect(response.statusCode).toBe(200);
    await vi.waitFor(async () => expect(await planChanges(ids.running)).toBe(before + 1), { timeout: 20_000 });
    expect(await statusOf(ids.finished)).toBe('finished');
    expect(await statusOf(ids.running)).toBe('running');
  });

  it('answers 201 to POST /offices with a finished campaign, and the running one starts the office workflow', async () => {
    await forgetFinished(ids.finished);
    const response = await call('POST', '/offices', {
      code: 'F01',
      name: 'F01市场监管所',
      unitType: 'township',
      contactName: '联络员',
      contactEmail: 'f01.contact@office.test',
      headName: '所长',
      headEmail: 'f01.head@office.test',
    });
    expect(response.statusCode).toBe(201);
    const officeId = response.json<{ id: string }>().id;
    const handle = env.client.workflow.getHandle(workflowIds.office(ids.running, officeId));
    await vi.waitFor(async () => expect((await handle.describe()).status.name).toBe('RUNNING'), { timeout: 20_000 });
    expect(await statusOf(ids.finished)).toBe('finished');
  });
});
