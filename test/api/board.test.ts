import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { closeOfficeObligation } from '../../app/obligations/close-office-obligation.js';
import { extendOfficeObligation } from '../../app/obligations/extend-office-obligation.js';
import { recordEnterpriseProgress } from '../../app/obligations/record-enterprise-progress.js';
import { createToken } from '../../app/access/tokens.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';
import { type TestDatabase } from '../support/databases.js';

/**
 * The campaign stays a draft, so no workflow exists: every signal finds none, which is what Temporal answers for
 * a campaign never started. The board's routes never call Temporal, so no server is started.
 */
const noWorkflows = {
  workflow: {
    getHandle: (workflowId: string) => ({
      signal: () => Promise.reject(new WorkflowNotFoundError('workflow not found', workflowId, undefined)),
    }),
  },
} as unknown as Client;

const AS_OF = encodeURIComponent('2024-07-10T12:00:00+08:00');

interface NextMailItem {
  at: string;
  officeId: string;
  officeCode: string;
  obligationKey: string;
  kind: string;
  step: string;
  stepKind: string;
  recipients: string[];
  openEnterprises: number | null;
}
interface NextMails {
  asOf: string;
  campaignStatus: string;
  items: NextMailItem[];
}

describe('status board: page, next mails, commitment progress', () => {
  let db: TestDatabase;
  let api: BuiltTestApp;
  let seed: Seed;
  let officeAToken: string;
  const deps = () => ({ db: db.prisma, client: noWorkflows });

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    db = api.db;
    seed = await seedCampaign(db.prisma, {
      offices: { A: 'zh-CN', B: 'en' },
      enterprises: { A1: 'A', A2: 'A', B1: 'B' },
    });
    officeAToken = (
      await createToken(db.prisma, { name: 'A staff', role: 'office-staff', officeId: seed.offices.A!.id })
    ).token;
  });

  afterAll(async () => {
    await api?.close();
  });

  const nextMails = async (query: string, token?: string) => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/next-mails?${query}`,
      ...(token ? { token } : {}),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<NextMails>();
  };

  it('serves the page, its script and its stylesheet to anyone: the data needs a token, the shell does not', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/board' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script type="module" src="/board/board.js"></script>');
    expect(page.body).toContain('<link rel="stylesheet" href="/board/board.css" />');
    const script = await api.app.inject({ method: 'GET', url: '/board/board.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const style = await api.app.inject({ method: 'GET', url: '/board/board.css' });
    expect(style.statusCode).toBe(200);
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await api.app.inject({ method: 'GET', url: `/campaigns/${seed.campaignId}/next-mails` })).statusCode).toBe(
      401,
    );
  });

  it('keeps the page free of inline script and style and of HTML built from data, so it runs under the strict CSP', async () => {
    const html = (await api.app.inject({ method: 'GET', url: '/board' })).body;
    const js = (await api.app.inject({ method: 'GET', url: '/board/board.js' })).body;
    const css = (await api.app.inject({ method: 'GET', url: '/board/board.css' })).body;
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
      expect(tag).toMatch(/^<script [^>]*src="\/board\/[^"]+"[^>]*><\/script>$/);
    }
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|https?:\/\//i);
    expect(js).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|https?:\/\/(?!www\.w3\.org\/2000\/svg)/,
    );
    expect(js).not.toMatch(/\.style\.|setAttribute\(\s*'style'/);
    expect(css).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  });

  it('lists the next mails from the given instant in time order: every planned step of the open obligations', async () => {
    const mails = await nextMails(`asOf=${AS_OF}&limit=200`);
    expect(mails.asOf).toBe('2024-07-10T04:00:00.000Z');
    expect(mails.campaignStatus).toBe('draft');
    // The dry-run calendar holds every planned step; nothing is fulfilled yet and every enterprise deadline has
    // passed, so the next mails are exactly its office steps from the instant on.
    const calendar = (
      await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/calendar?from=2024-07-10` })
    ).json<{ entries: { at: string; officeId: string; obligationKey: string; step: string }[] }>();
    const expected = calendar.entries
      .filter((e) => Date.parse(e.at) >= Date.parse('2024-07-10T12:00:00+08:00'))
      .map((e) => `${e.at} ${e.officeId} ${e.obligationKey} ${e.step}`);
    expect(mails.items.map((m) => `${m.at} ${m.officeId} ${m.obligationKey} ${m.step}`)).toEqual(expected);
    expect(mails.items[0]).toMatchObject({
      at: '2024-07-30T09:00:00.000+08:00',
      officeCode: 'A',
      obligationKey: 'monthly-report:2024-07',
      step: 'reminder-3wd',
      recipients: ['a.contact@office.test'],
      openEnterprises: null,
    });
    const times = mails.items.map((m) => Date.parse(m.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('addresses reminders to the contact, overdue notices to contact and head, escalations to the bureau', async () => {
    const mails = await nextMails(`asOf=${AS_OF}&limit=200`);
    const july = (step: string) =>
      mails.items.find((m) => m.officeCode === 'B' && m.obligationKey === 'monthly-report:2024-07' && m.step === step);
    expect(july('reminder-1wd')?.recipients).toEqual(['b.contact@office.test']);
    expect(july('overdue')?.recipients).toEqual(['b.contact@office.test', 'b.head@office.test']);
    expect(july('escalation')?.recipients).toEqual(['bureau@county.test']);
  });

  it('gives the titles in the language asked for', async () => {
    const zh = await nextMails(`asOf=${AS_OF}&limit=1`);
    const en = await nextMails(`asOf=${AS_OF}&limit=1&lang=en`);
    expect(JSON.stringify(zh.items[0])).toMatch(/月/);
    expect((en.items[0] as unknown as { title: string }).title).toMatch(/^[\x20-\x7e]+$/);
  });

  it('returns at most `limit` mails and refuses a limit out of range, naming the field', async () => {
    expect((await nextMails(`asOf=${AS_OF}&limit=3`)).items).toHaveLength(3);
    expect((await nextMails(`asOf=${AS_OF}`)).items).toHaveLength(20);
    const bad = await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/next-mails?limit=0` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['limit']);
  });

  it('shows office staff the mails of their own office only and refuses another office', async () => {
    const own = await nextMails(`asOf=${AS_OF}&limit=200`, officeAToken);
    expect(own.items.length).toBeGreaterThan(0);
    expect(new Set(own.items.map((m) => m.officeCode))).toEqual(new Set(['A']));
    const other = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/next-mails?officeId=${seed.offices.B!.id}`,
      token: officeAToken,
    });
    expect(other.statusCode).toBe(403);
    const bureauB = await nextMails(`asOf=${AS_OF}&officeId=${seed.offices.B!.id}&limit=200`);
    expect(new Set(bureauB.items.map((m) => m.officeCode))).toEqual(new Set(['B']));
  });

  it('answers 404 for a campaign that does not exist', async () => {
    const response = await api.call({
      method: 'GET',
      url: '/campaigns/00000000-0000-4000-8000-000000000000/next-mails',
    });
    expect(response.statusCode).toBe(404);
  });

  it('lists an enterprise digest while an enterprise is still open, to the office head and bureau when it escalates', async () => {
    const march = encodeURIComponent('2024-03-01T00:00:00+08:00');
    const commitmentMails = async () =>
      (await nextMails(`asOf=${march}&limit=200`)).items.filter((m) => m.obligationKey === 'enterprise-commitment');
    const before = await commitmentMails();
    expect(new Set(before.map((m) => m.officeCode))).toEqual(new Set(['A', 'B']));
    expect(before.find((m) => m.officeCode === 'A')?.openEnterprises).toBe(2);
    expect(before.find((m) => m.officeCode === 'A' && m.stepKind === 'escalation')?.recipients).toEqual([
      'a.head@office.test',
      'bureau@county.test',
    ]);

    const at = (day: string) => new Date(`2024-03-${day}T10:00:00+08:00`);
    await recordEnterpriseProgress(deps(), {
      campaignId: seed.campaignId,
      enterpriseId: seed.enterprises.B1!.id,
      update: {
        noticeServedAt: at('02'),
        noticeServedBy: 'B staff',
        signedAt: at('03'),
        signatory: '张三',
        copyArchiveAt: at('04'),
        copyNoticeBoardAt: at('04'),
        copyTownshipAt: at('04'),
        copyCountyAt: at('04'),
      },
    });
    await recordEnterpriseProgress(deps(), {
      campaignId: seed.campaignId,
      enterpriseId: seed.enterprises.A1!.id,
      update: { noticeServedAt: at('02'), noticeServedBy: 'A staff' },
    });
    const after = await commitmentMails();
    expect(new Set(after.map((m) => m.officeCode))).toEqual(new Set(['A']));
    expect(after.every((m) => m.openEnterprises === 2)).toBe(true);
  });

  it('follows an enterprise that committed to its own self-assessment date', async () => {
    await recordEnterpriseProgress(deps(), {
      campaignId: seed.campaignId,
      enterpriseId: seed.enterprises.A1!.id,
      update: { committedSelfAssessmentDate: '2024-07-31' },
    });
    const mails = await nextMails(`asOf=${AS_OF}&officeId=${seed.offices.A!.id}&limit=200`);
    const own = mails.items.filter((m) => m.obligationKey === 'enterprise-self-assessment:2024-07-31');
    expect(own.map((m) => m.step)).toEqual([
      'reminder-3wd',
      'reminder-1wd',
      'reminder-due-day',
      'overdue',
      'escalation',
    ]);
    expect(own.every((m) => m.openEnterprises === 1)).toBe(true);
  });

  it('drops a fulfilled obligation, moves an extended one and skips a step its workflow already ran', async () => {
    const key = (m: NextMailItem) => `${m.officeCode} ${m.obligationKey} ${m.step} ${m.at.slice(0, 16)}`;
    // Everything recorded before the board's instant (AS_OF, 10 July 2024), as a view as of then requires.
    await closeOfficeObligation(deps(), {
      campaignId: seed.campaignId,
      officeId: seed.offices.A!.id,
      obligationKey: 'phase:guidance',
      at: new Date('2024-07-01T10:00:00+08:00'),
    });
    await db.prisma.extension.create({
      data: {
        campaignId: seed.campaignId,
        officeId: seed.offices.B!.id,
        obligationKey: 'monthly-report:2024-07',
        requestedDueDate: '2024-08-20',
        reason: '汛期',
        status: 'approved',
        requestedBy: 'B staff',
        decidedBy: 'bureau',
        decidedAt: new Date('2024-07-05T10:00:00+08:00'),
      },
    });
    await extendOfficeObligation(deps(), {
      campaignId: seed.campaignId,
      officeId: seed.offices.B!.id,
      obligationKey: 'monthly-report:2024-07',
      newDueDate: '2024-08-20',
    });
    await db.prisma.stepRun.create({
      data: {
        campaignId: seed.campaignId,
        officeId: seed.offices.A!.id,
        obligationKey: 'monthly-report:2024-07',
        stepKey: 'reminder-3wd',
        scheduledAt: new Date('2024-07-30T01:00:00Z'),
        executedAt: new Date('2024-07-09T10:00:00+08:00'),
        outcome: 'sent',
      },
    });
    const items = (await nextMails(`asOf=${AS_OF}&limit=200`)).items.map(key);
    expect(items.filter((k) => k.startsWith('A phase:guidance'))).toEqual([]);
    expect(items.filter((k) => k.startsWith('B phase:guidance')).length).toBeGreaterThan(0);
    expect(items).not.toContain('A monthly-report:2024-07 reminder-3wd 2024-07-30T09:00');
    expect(items).toContain('A monthly-report:2024-07 reminder-1wd 2024-08-01T09:00');
    expect(items.filter((k) => k.startsWith('B monthly-report:2024-07'))).toEqual([
      'B monthly-report:2024-07 reminder-3wd 2024-08-15T09:00',
      'B monthly-report:2024-07 reminder-1wd 2024-08-19T09:00',
      'B monthly-report:2024-07 reminder-due-day 2024-08-20T09:00',
      // Overdue from 00:00 on 2024-08-21, escalated at 00:00 on 08-23 (two working days after the extended due day):
      // both mailed at 09:00 that day.
      'B monthly-report:2024-07 overdue 2024-08-21T09:00',
      'B monthly-report:2024-07 escalation 2024-08-23T09:00',
    ]);
    // As of 30 June, before A closed it, A's guidance task still had its mails ahead (rule: historical asOf).
    const before = (await nextMails(`asOf=${encodeURIComponent('2024-06-30T12:00:00+08:00')}&limit=200`)).items;
    expect(before.map(key).filter((k) => k.startsWith('A phase:guidance')).length).toBeGreaterThan(0);
  });

  it("counts each office's commitments, plans and self-assessments as its office status does", async () => {
    const progress = (
      await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/commitment-progress` })
    ).json<{
      commitmentDueDate: string;
      selfAssessmentDueDate: string;
      offices: { officeId: string; officeCode: string; total: number; commitmentsComplete: number }[];
    }>();
    expect(progress.commitmentDueDate).toBe('2024-03-15');
    expect(progress.selfAssessmentDueDate).toBe('2024-04-30');
    expect(progress.offices.map((o) => [o.officeCode, o.total, o.commitmentsComplete])).toEqual([
      ['A', 2, 0],
      ['B', 1, 1],
    ]);
    for (const office of progress.offices) {
      const status = (
        await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/offices/${office.officeId}/status` })
      ).json<{ enterprises: Record<string, number> }>();
      expect(office).toMatchObject(status.enterprises);
    }
    const own = (
      await api.call({
        method: 'GET',
        url: `/campaigns/${seed.campaignId}/commitment-progress`,
        token: officeAToken,
      })
    ).json<{ offices: { officeCode: string }[] }>();
    expect(own.offices.map((o) => o.officeCode)).toEqual(['A']);
  });

  it('counts a commitment complete as of an instant only once its last copy was filed by then (rule: historical asOf)', async () => {
    const completeAt = async (asOf: string) =>
      (
        await api.call({
          method: 'GET',
          url: `/campaigns/${seed.campaignId}/commitment-progress?asOf=${encodeURIComponent(asOf)}`,
        })
      )
        .json<{ offices: { officeCode: string; commitmentsComplete: number }[] }>()
        .offices.find((o) => o.officeCode === 'B')!.commitmentsComplete;
    // B1 signed on 3 March and filed its four copies on 4 March 2024.
    expect(await completeAt('2024-03-03T18:00:00+08:00')).toBe(0);
    expect(await completeAt('2024-03-05T09:00:00+08:00')).toBe(1);
  });

  it('lists a deadline notice recorded at midnight until it is mailed at 09:00: an escalation even once the report is in, an overdue notice not', async () => {
    // A's July report (due Friday 2024-08-02) stays out; its overdue step is recorded at Saturday 00:00 and its
    // escalation step at Sunday 00:00, both mailed on Monday at 09:00. A reports on Sunday at 10:00.
    const july = 'monthly-report:2024-07';
    const record = (stepKey: string, at: string, outcome: string) =>
      db.prisma.stepRun.create({
        data: {
          campaignId: seed.campaignId,
          officeId: seed.offices.A!.id,
          obligationKey: july,
          stepKey,
          scheduledAt: new Date(at),
          executedAt: new Date(at),
          outcome,
          detail: { deliverAt: '2024-08-05T01:00:00.000Z' },
        },
      });
    await record('overdue', '2024-08-03T00:00:00+08:00', 'deferred');
    await record('escalation', '2024-08-04T00:00:00+08:00', 'escalated');
    const ofJuly = async (asOf: string) =>
      (await nextMails(`asOf=${encodeURIComponent(asOf)}&officeId=${seed.offices.A!.id}&limit=200`)).items
        .filter((m) => m.obligationKey === july)
        .map((m) => `${m.step} ${m.at}`);
    expect(await ofJuly('2024-08-03T12:00:00+08:00')).toEqual([
      'overdue 2024-08-05T09:00:00.000+08:00',
      'escalation 2024-08-05T09:00:00.000+08:00',
    ]);
    await closeOfficeObligation(deps(), {
      campaignId: seed.campaignId,
      officeId: seed.offices.A!.id,
      obligationKey: july,
      at: new Date('2024-08-04T10:00:00+08:00'),
    });
    expect(await ofJuly('2024-08-04T12:00:00+08:00')).toEqual(['escalation 2024-08-05T09:00:00.000+08:00']);
    // Once mailed, it is no longer ahead.
    await db.prisma.stepRun.updateMany({
      where: { campaignId: seed.campaignId, officeId: seed.offices.A!.id, obligationKey: july },
      data: { detail: { deliverAt: '2024-08-05T01:00:00.000Z', deliveredAt: '2024-08-05T01:00:00.000Z' } },
    });
    expect(await ofJuly('2024-08-05T10:00:00+08:00')).toEqual([]);
  });
});
