import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../api/server.js';
import { loadConfig } from '../../infra/config.js';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { createToken } from '../../app/access/tokens.js';
import { sampleTables } from '../domain/reports/fixtures.js';
import { advanceTo, facts, local } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { productWorker, startTimeSkippingServer } from '../support/temporal.js';

const TASK_QUEUE = 'e2e-api';

/**
 * Staff drive the real API over HTTP while the real worker runs the campaign on a Temporal server
 * (the time-skipping one, its clock at the notice's 2024 dates).
 */
describe('the API and the workflows together, over real HTTP', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let app: FastifyInstance;
  let worker: Worker;
  let running: Promise<void>;
  let base: string;
  let bureau: string;
  let officeA: string;
  const ids: Record<string, string> = {};

  async function http<T>(
    method: string,
    path: string,
    body?: unknown,
    token = bureau,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([
      startTimeSkippingServer({ startAt: '2024-02-27T16:00:00Z' }),
      createTestDatabase(),
      MailCatcher.start(),
    ]);
    mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@county.test' });
    const config = loadConfig({ TEMPORAL_TASK_QUEUE: TASK_QUEUE });
    worker = await productWorker(env, { taskQueue: TASK_QUEUE, db: db.prisma, mailer });
    running = worker.run();
    app = await buildServer({ config, db, temporal: env.client, mailer }, { logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    bureau = (await createToken(db.prisma, { name: '县局', role: 'bureau-admin' })).token;

    for (const code of ['A', 'B']) {
      const office = await http<{ id: string }>('POST', '/offices', {
        code,
        name: `${code}市场监管所`,
        unitType: 'township',
        contactName: '联络员',
        contactEmail: `${code.toLowerCase()}.contact@office.test`,
        headName: '所长',
        headEmail: `${code.toLowerCase()}.head@office.test`,
      });
      ids[code] = office.body.id;
    }
    officeA = (await createToken(db.prisma, { name: 'A 联络员', role: 'office-staff', officeId: ids.A! })).token;
    const campaign = await http<{ id: string }>('POST', '/campaigns', {
      name: '2024年固本强基',
      year: 2024,
      bureauEmail: 'bureau@county.test',
    });
    ids.campaign = campaign.body.id;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    worker?.shutdown();
    await running;
    mailer?.close();
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  it('starts the campaign and reports the phase its workflow is in', async () => {
    expect((await http('POST', `/campaigns/${ids.campaign}/start`)).status).toBe(202);
    await advanceTo(env, local('2024-03-01T12:00'));
    const status = await http<{ source: string; currentPhase: string }>('GET', `/campaigns/${ids.campaign}/status`);
    expect(status.body).toMatchObject({ source: 'workflow', currentPhase: 'planning' });
  });

  it("stops an office's reminders once it reports the task done, while the other office is chased", async () => {
    await advanceTo(env, local('2024-03-11T12:00'));
    const done = await http(
      'POST',
      `/campaigns/${ids.campaign}/offices/${ids.A}/obligations/phase:planning/complete`,
      undefined,
      officeA,
    );
    expect(done.status).toBe(204);
    // Due Friday 2024-03-15: overdue from Saturday 00:00, mailed on Monday at 09:00.
    await advanceTo(env, local('2024-03-18T12:00'));
    await catcher.waitFor((m) =>
      facts(m).some((f) => f.to === 'b.head@office.test' && f.obligation === 'phase:planning' && f.step === 'overdue'),
    );
    const planning = facts(catcher.messages()).filter((f) => f.obligation === 'phase:planning');
    expect(planning.filter((f) => f.to.startsWith('a.'))).toEqual([]);
    expect(planning.filter((f) => f.to === 'b.contact@office.test').map((f) => [f.step, f.date])).toEqual([
      ['reminder-3wd', '2024-03-12'],
      ['reminder-1wd', '2024-03-14'],
      ['reminder-due-day', '2024-03-15'],
      ['overdue', '2024-03-18'],
    ]);
    const status = await http<{ currentPhase: string }>('GET', `/campaigns/${ids.campaign}/status`);
    expect(status.body.currentPhase).toBe('self-assessment');
  });

  it('delivers a manual escalation by the bureau to the office head', async () => {
    const raised = await http<{ id: string }>('POST', `/campaigns/${ids.campaign}/offices/${ids.B}/escalations`, {
      level: 2,
      reason: '前期统筹谋划阶段工作逾期未完成',
    });
    expect(raised.status).toBe(201);
    const mails = await catcher.waitFor((m) =>
      m.some((x) => x.envelopeTo.includes('b.head@office.test') && x.subject.startsWith('【约谈】')),
    );
    const notice = mails.find((x) => x.envelopeTo.includes('b.head@office.test') && x.subject.startsWith('【约谈】'))!;
    expect(notice.text).toContain('前期统筹谋划阶段工作逾期未完成');
    expect(notice.subject).toMatch(/请于\d{4}年\d+月\d+日前确认，逾期未确认将升级为通报$/);
  });

  it("stops an office's monthly-report reminders the moment it submits the report", async () => {
    await advanceTo(env, local('2024-04-01T12:00'));
    const form = new FormData();
    form.set('tables', JSON.stringify(sampleTables()));
    form.set(
      'summary',
      new Blob([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')], { type: 'application/pdf' }),
      '3月工作总结.pdf',
    );
    const response = await fetch(`${base}/campaigns/${ids.campaign}/offices/${ids.A}/reports/2024-03`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officeA}` },
      body: form,
    });
    expect(response.status).toBe(201);
    await advanceTo(env, local('2024-04-02T12:00'));
    await catcher.waitFor((m) =>
      facts(m).some(
        (f) =>
          f.to === 'b.contact@office.test' &&
          f.obligation === 'monthly-report:2024-03' &&
          f.step === 'reminder-due-day',
      ),
    );
    const march = facts(catcher.messages()).filter((f) => f.obligation === 'monthly-report:2024-03');
    expect(march.filter((f) => f.to.startsWith('a.')).map((f) => f.step)).toEqual(['reminder-3wd', 'reminder-1wd']);
    expect(march.filter((f) => f.to === 'b.contact@office.test').map((f) => f.step)).toEqual([
      'reminder-3wd',
      'reminder-1wd',
      'reminder-due-day',
    ]);
  });
});
