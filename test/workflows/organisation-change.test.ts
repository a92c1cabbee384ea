import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import { workflowIds } from '../../workflows/definitions.js';
import { multipartBody, testApp, type TestApp } from '../support/app.js';
import { advanceTo, facts, local, seedCampaign, testOffice, type MailFact, type Seed } from '../support/campaign.js';
import { startHarness, type Harness } from '../support/harness.js';

const TASK_QUEUE = 'organisation-change-test';
const OFFICE_HEADER = 'code,name,unitType,contactName,contactEmail,headName,headEmail,language';

/** A multipart/form-data body with one `file` part, as a browser would send it. */
async function upload(content: string) {
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from(content, 'utf8')]), 'offices.csv');
  return multipartBody(fd);
}

/**
 * The organisation changes while the 2024 campaign runs (started 2024-04-15): on 2024-04-20 the bureau adds
 * office N1 through the API and N2 through the import, adds the first enterprise of office B and moves A2 from
 * office A to office B. The campaign runs on to 2024-05-12 on the time-skipping server.
 */
describe('organisation changes reach the running campaign', () => {
  let h: Harness;
  let api: TestApp;
  let seed: Seed;
  let mails: MailFact[];
  const added: Record<'N1' | 'N2', { id: string; workflowStatus: string; startedWithinMs: number }> = {} as never;

  beforeAll(async () => {
    h = await startHarness({ taskQueue: TASK_QUEUE, startAt: '2024-04-15T02:00:00Z' });
    const { env, db } = h;
    seed = await seedCampaign(db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN' },
      enterprises: { A1: 'A', A2: 'A' },
    });
    api = await testApp({
      config: loadConfig({ TEMPORAL_TASK_QUEUE: TASK_QUEUE }),
      db,
      temporal: env.client,
      mailer: h.mailer,
    });
    const worker = await h.createWorker();
    await worker.runUntil(async () => {
      const start = await api.call({ method: 'POST', url: `/campaigns/${seed.campaignId}/start` });
      expect(start.statusCode).toBe(202);
      await advanceTo(env, local('2024-04-20T12:00'));

      const addedAt = Date.now();
      const n1 = await api.call({ method: 'POST', url: '/offices', payload: testOffice('N1') });
      expect(n1.statusCode).toBe(201);
      const csv = `${OFFICE_HEADER}\r\nN2,N2市场监管所,township,N2 联络员,n2.contact@office.test,N2 所长,n2.head@office.test,zh-CN\r\n`;
      const n2 = await api.call({ method: 'POST', url: '/offices/import', ...(await upload(csv)) });
      expect(n2.statusCode).toBe(201);
      const b1 = await api.call({
        method: 'POST',
        url: '/enterprises',
        payload: { officeId: seed.offices.B!.id, code: 'B1', name: 'B1特种设备制造有限公司', sizeClass: 'medium' },
      });
      expect(b1.statusCode).toBe(201);
      const moved = await api.call({
        method: 'PATCH',
        url: `/enterprises/${seed.enterprises.A2!.id}`,
        payload: { officeId: seed.offices.B!.id },
      });
      expect(moved.statusCode).toBe(200);

      for (const code of ['N1', 'N2'] as const) {
        const office = await db.prisma.office.findUniqueOrThrow({ where: { code } });
        const handle = env.client.workflow.getHandle(workflowIds.office(seed.campaignId, office.id));
        // Real seconds, not workflow time: describing a workflow does not move the time-skipping clock.
        const { status } = await vi.waitFor(() => handle.describe(), { timeout: 20_000, interval: 200 });
        added[code] = { id: office.id, workflowStatus: status.name, startedWithinMs: Date.now() - addedAt };
      }
      await advanceTo(env, local('2024-05-12T12:00'));
    });
    mails = facts(h.catcher.messages());
  }, 300_000);

  afterAll(async () => {
    await api?.app.close();
    await h?.dispose();
  });

  const stepsOf = (office: string, obligation: string) =>
    mails
      .filter((m) => m.to === `${office.toLowerCase()}.contact@office.test` && m.obligation === obligation)
      .map((m) => [m.step, m.date]);
  const digests = (office: string) =>
    mails.filter(
      (m) =>
        m.to === `${office.toLowerCase()}.contact@office.test` && m.obligation.startsWith('enterprise-self-assessment'),
    );

  it('starts the office workflow of an office added through the API, and of one imported, within seconds', () => {
    for (const code of ['N1', 'N2'] as const) {
      expect(added[code].workflowStatus).toBe('RUNNING');
      expect(added[code].startedWithinMs).toBeLessThan(20_000);
    }
  });

  it('sends an office added to the running campaign the reminders due after it was added, as to the others', () => {
    const april = 'monthly-report:2024-04';
    expect(stepsOf('A', april).length).toBeGreaterThan(0);
    for (const code of ['N1', 'N2']) {
      expect(stepsOf(code, april)).toEqual(stepsOf('A', april));
      const received = mails.filter((m) => m.to === `${code.toLowerCase()}.contact@office.test`);
      // Nothing for steps that lay before it was added; what was overdue by then comes as one catch-up digest.
      expect(received.every((m) => m.date >= '2024-04-20')).toBe(true);
      expect(received.filter((m) => m.step === 'catch-up')).toHaveLength(1);
    }
  });

  it("lists an enterprise added to an office without enterprises in that office's digests", () => {
    const b = digests('B');
    expect(b.length).toBeGreaterThan(0);
    expect(b.every((m) => m.text.includes('B1特种设备制造有限公司'))).toBe(true);
  });

  it("lists an enterprise moved to another office in its new office's digests, and no longer in its old one's", () => {
    const a = digests('A');
    expect(a.map((m) => [m.step, m.date])).toEqual(digests('B').map((m) => [m.step, m.date]));
    expect(digests('B').every((m) => m.text.includes('（A2）'))).toBe(true);
    expect(a.every((m) => m.text.includes('（A1）') && !m.text.includes('（A2）'))).toBe(true);
  });
});
