import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { createToken } from '../../app/access/tokens.js';
import { buildTestApp, testApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';
import { type TestDatabase } from '../support/databases.js';

type Who = 'bureau' | 'officeA' | 'officeB' | 'viewer' | 'anonymous';

describe('staff API: roles, status, escalations, extensions, commitments', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let api: BuiltTestApp;
  let seed: Seed;
  const tokens = {} as Record<Exclude<Who, 'anonymous'>, string>;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'time-skipping', mail: 'catcher' });
    db = api.db;
    catcher = api.catcher!;
    seed = await seedCampaign(db.prisma, { offices: { A: 'zh-CN', B: 'en' }, enterprises: { A1: 'A', B1: 'B' } });
    tokens.bureau = api.bureauToken;
    tokens.officeA = (
      await createToken(db.prisma, { name: 'A staff', role: 'office-staff', officeId: seed.offices.A!.id })
    ).token;
    tokens.officeB = (
      await createToken(db.prisma, { name: 'B staff', role: 'office-staff', officeId: seed.offices.B!.id })
    ).token;
    tokens.viewer = (await createToken(db.prisma, { name: 'viewer', role: 'viewer' })).token;
  });

  afterAll(async () => {
    await api?.close();
  });

  function as(who: Who, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) {
    if (who === 'anonymous') return api.app.inject({ method, url, ...(payload ? { payload } : {}) });
    return api.call({ method, url, token: tokens[who], ...(payload ? { payload } : {}) });
  }

  it('answers 401 without a token and with a revoked one, saying why', async () => {
    const none = await as('anonymous', 'GET', '/offices');
    expect(none.statusCode).toBe(401);
    expect(none.json<{ detail: string }>().detail).toMatch(/Authorization: Bearer/);
    const { id, token } = await createToken(db.prisma, { name: 'temp', role: 'viewer' });
    // Used just before: a token's row is cached for a few seconds, and its revocation must still hold at once.
    expect((await api.call({ method: 'GET', url: '/offices', token })).statusCode).toBe(200);
    await api.call({ method: 'DELETE', url: `/tokens/${id}` });
    const revoked = await api.call({ method: 'GET', url: '/offices', token });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json<{ detail: string }>().detail).toMatch(/revoked/);
  });

  it('enforces who may read and write what (authorisation matrix)', async () => {
    const c = seed.campaignId;
    const A = seed.offices.A!.id;
    const B = seed.offices.B!.id;
    const matrix: [string, 'GET' | 'POST' | 'PUT' | 'PATCH', string, object | undefined, Record<Who, number>][] = [
      [
        'office A status',
        'GET',
        `/campaigns/${c}/offices/${A}/status`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 403, viewer: 200, anonymous: 401 },
      ],
      [
        'office A calendar',
        'GET',
        `/campaigns/${c}/calendar?officeId=${A}`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 403, viewer: 200, anonymous: 401 },
      ],
      [
        'office A ics',
        'GET',
        `/campaigns/${c}/offices/${A}/calendar.ics`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 403, viewer: 200, anonymous: 401 },
      ],
      [
        'office A enterprises',
        'GET',
        `/enterprises?officeId=${A}`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 403, viewer: 200, anonymous: 401 },
      ],
      [
        'complete A phase task',
        'POST',
        `/campaigns/${c}/offices/${A}/obligations/phase:guidance/complete`,
        undefined,
        { bureau: 204, officeA: 204, officeB: 403, viewer: 403, anonymous: 401 },
      ],
      [
        'A1 progress',
        'PUT',
        `/campaigns/${c}/enterprises/${seed.enterprises.A1!.id}/progress`,
        { noticeServedAt: '2024-03-01T10:00:00+08:00', noticeServedBy: 'A staff' },
        // Another office's enterprise is answered as a missing one: B learns nothing of A's records.
        { bureau: 200, officeA: 200, officeB: 404, viewer: 403, anonymous: 401 },
      ],
      [
        'request extension for A',
        'POST',
        `/campaigns/${c}/offices/${A}/extensions`,
        { obligationKey: 'monthly-report:2024-11', requestedDueDate: '2024-12-10', reason: '汛期' },
        { bureau: 201, officeA: 201, officeB: 403, viewer: 403, anonymous: 401 },
      ],
      [
        'escalate B',
        'POST',
        `/campaigns/${c}/offices/${B}/escalations`,
        { level: 1, reason: '月报逾期' },
        { bureau: 201, officeA: 403, officeB: 403, viewer: 403, anonymous: 401 },
      ],
      [
        'create campaign',
        'POST',
        '/campaigns',
        { name: 'x', year: 2025, bureauEmail: 'b@x.test' },
        { bureau: 201, officeA: 403, officeB: 403, viewer: 403, anonymous: 401 },
      ],
      [
        'edit holidays',
        'PUT',
        '/holidays/2030',
        { entries: [] },
        { bureau: 200, officeA: 403, officeB: 403, viewer: 403, anonymous: 401 },
      ],
      [
        'late list',
        'GET',
        `/campaigns/${c}/late`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'mail log',
        'GET',
        '/mail-log',
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      ['who am I', 'GET', '/me', undefined, { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 }],
      [
        'default template',
        'GET',
        '/templates/default?year=2025',
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'list campaigns',
        'GET',
        '/campaigns',
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'one campaign',
        'GET',
        `/campaigns/${c}`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'campaign status',
        'GET',
        `/campaigns/${c}/status`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'edit campaign',
        'PATCH',
        `/campaigns/${c}`,
        { bureauName: '安溪县市场监督管理局' },
        { bureau: 200, officeA: 403, officeB: 403, viewer: 403, anonymous: 401 },
      ],
      [
        'holiday data',
        'GET',
        '/holidays/2024',
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'issue a token',
        'POST',
        '/tokens',
        { name: 'new viewer', role: 'viewer' },
        { bureau: 201, officeA: 403, officeB: 403, viewer: 403, anonymous: 401 },
      ],
      [
        'add an office (a code already taken)',
        'POST',
        '/offices',
        {
          code: 'A',
          name: 'A again',
          unitType: 'township',
          contactName: 'c',
          contactEmail: 'c@office.test',
          headName: 'h',
          headEmail: 'h@office.test',
        },
        { bureau: 409, officeA: 403, officeB: 403, viewer: 403, anonymous: 401 },
      ],
      [
        'list offices',
        'GET',
        '/offices',
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'escalation history',
        'GET',
        `/campaigns/${c}/escalations`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'extension list',
        'GET',
        `/campaigns/${c}/extensions`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'reporting rates',
        'GET',
        `/campaigns/${c}/reporting-rates`,
        undefined,
        { bureau: 200, officeA: 200, officeB: 200, viewer: 200, anonymous: 401 },
      ],
      [
        'quarterly circular',
        'GET',
        `/campaigns/${c}/circulars/2024-Q2`,
        undefined,
        { bureau: 200, officeA: 403, officeB: 403, viewer: 200, anonymous: 401 },
      ],
    ];
    const observed: Record<string, Record<Who, number>> = {};
    const expected: Record<string, Record<Who, number>> = {};
    for (const [name, method, url, payload, want] of matrix) {
      expected[name] = want;
      observed[name] = {} as Record<Who, number>;
      for (const who of Object.keys(want) as Who[])
        observed[name][who] = (await as(who, method, url, payload)).statusCode;
    }
    expect(observed).toEqual(expected);
  });

  it("limits office staff's lists to their own office", async () => {
    const offices = (await as('officeA', 'GET', '/offices')).json<{ code: string }[]>();
    expect(offices.map((o) => o.code)).toEqual(['A']);
    const late = (
      await as('officeB', 'GET', `/campaigns/${seed.campaignId}/late?asOf=2024-06-01T00:00:00%2B08:00`)
    ).json<{ items: { officeCode: string }[] }>();
    expect(new Set(late.items.map((i) => i.officeCode))).toEqual(new Set(['B']));
  });

  it('lists who is late for what and by how many days', async () => {
    const response = await as('bureau', 'GET', `/campaigns/${seed.campaignId}/late?asOf=2024-04-05T12:00:00%2B08:00`);
    const items = response.json<{
      items: { officeCode: string; obligationKey: string; state: string; daysLate: number }[];
    }>().items;
    const march = items.find((i) => i.officeCode === 'B' && i.obligationKey === 'monthly-report:2024-03');
    expect(march).toMatchObject({ state: 'late', daysLate: 3 });
    const planning = items.find((i) => i.officeCode === 'B' && i.obligationKey === 'phase:planning');
    expect(planning).toMatchObject({ state: 'late', daysLate: 21 });
  });

  it("reports an office's open obligations and next deadline", async () => {
    const status = (
      await as(
        'bureau',
        'GET',
        `/campaigns/${seed.campaignId}/offices/${seed.offices.B!.id}/status?asOf=2024-03-10T12:00:00%2B08:00`,
      )
    ).json<{
      nextDeadline: { key: string; dueDate: string };
      lateItems: unknown[];
      enterprises: { total: number };
    }>();
    expect(status.nextDeadline).toMatchObject({ key: 'phase:planning', dueDate: '2024-03-15' });
    expect(status.lateItems).toEqual([]);
    expect(status.enterprises.total).toBe(1);
  });

  it('shows an office status as of a past instant with only what was recorded by then (rule: historical asOf)', async () => {
    const key = 'phase:planning';
    await db.prisma.obligationState.upsert({
      where: {
        campaignId_officeId_obligationKey: {
          campaignId: seed.campaignId,
          officeId: seed.offices.A!.id,
          obligationKey: key,
        },
      },
      create: {
        campaignId: seed.campaignId,
        officeId: seed.offices.A!.id,
        obligationKey: key,
        status: 'done',
        doneAt: new Date('2024-03-20T02:00:00Z'),
      },
      update: { status: 'done', doneAt: new Date('2024-03-20T02:00:00Z') },
    });
    const stateAt = async (asOf: string) => {
      const url = `/campaigns/${seed.campaignId}/offices/${seed.offices.A!.id}/status?asOf=${encodeURIComponent(asOf)}`;
      const body = (await as('bureau', 'GET', url)).json<{
        obligations: { key: string; state: string; doneAt: string | null }[];
      }>();
      return body.obligations.find((o) => o.key === key)!;
    };
    // Due on 15 March, done on 20 March: on the 18th it was overdue, not done.
    expect(await stateAt('2024-03-18T12:00:00+08:00')).toMatchObject({ state: 'overdue', doneAt: null });
    expect(await stateAt('2024-03-21T12:00:00+08:00')).toMatchObject({
      state: 'done',
      doneAt: '2024-03-20T02:00:00.000Z',
    });
    await db.prisma.obligationState.delete({
      where: {
        campaignId_officeId_obligationKey: {
          campaignId: seed.campaignId,
          officeId: seed.offices.A!.id,
          obligationKey: key,
        },
      },
    });
  });

  it('moves the deadline when the bureau approves an extension, and only then', async () => {
    const request = await as(
      'officeB',
      'POST',
      `/campaigns/${seed.campaignId}/offices/${seed.offices.B!.id}/extensions`,
      {
        obligationKey: 'monthly-report:2024-05',
        requestedDueDate: '2024-06-12',
        reason: 'flood season',
      },
    );
    expect(request.statusCode).toBe(201);
    const id = request.json<{ id: string }>().id;
    expect((await as('officeB', 'POST', `/extensions/${id}/decision`, { approve: true })).statusCode).toBe(403);
    // The bureau decides on 1 June 2024 (the app's clock pinned there).
    const onFirstJune = await testApp({
      config: loadConfig({}),
      db,
      temporal: api.temporal,
      mailer: api.mailer,
      clock: () => Date.parse('2024-06-01T10:00:00+08:00'),
    });
    const approved = await onFirstJune.call({
      method: 'POST',
      url: `/extensions/${id}/decision`,
      payload: { approve: true, note: 'ok' },
    });
    await onFirstJune.app.close();
    expect(approved.json<{ status: string }>().status).toBe('approved');
    const may = async (asOf: string) =>
      (
        await as(
          'bureau',
          'GET',
          `/campaigns/${seed.campaignId}/offices/${seed.offices.B!.id}/status?asOf=${encodeURIComponent(asOf)}`,
        )
      )
        .json<{ obligations: { key: string; dueDate: string; extended: boolean; state: string }[] }>()
        .obligations.find((o) => o.key === 'monthly-report:2024-05');
    expect(await may('2024-06-05T12:00:00+08:00')).toMatchObject({
      dueDate: '2024-06-12',
      extended: true,
      state: 'open',
    });
    // Before the decision the notice's deadline held (rule: historical asOf).
    expect(await may('2024-05-31T12:00:00+08:00')).toMatchObject({ extended: false });
    const again = await as('bureau', 'POST', `/extensions/${id}/decision`, { approve: false });
    expect(again.statusCode).toBe(409);
  });

  it('tells apart in the reporting rates an office whose report is not due yet thanks to an extension', async () => {
    const rates = (
      await as('bureau', 'GET', `/campaigns/${seed.campaignId}/reporting-rates?asOf=2024-06-05T12:00:00%2B08:00`)
    ).json<{
      periods: { period: string; counts: Record<string, number> }[];
      offices: { officeCode: string; byPeriod: Record<string, string> }[];
    }>();
    const byOffice = Object.fromEntries(rates.offices.map((o) => [o.officeCode, o.byPeriod]));
    expect(byOffice.A?.['2024-05']).toBe('missing');
    expect(byOffice.B?.['2024-05']).toBe('upcoming');
    expect(byOffice.A?.['2024-06']).toBe('upcoming');
    expect(rates.periods.find((p) => p.period === '2024-03')?.counts).toMatchObject({ missing: 2, 'on-time': 0 });
  });

  it('issues the quarterly circular naming the offices that reported late or not at all (bureau only)', async () => {
    const response = await as('bureau', 'GET', `/campaigns/${seed.campaignId}/circulars/2024-Q2`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('2024年第2季度');
    expect(response.body).toMatch(/<th>4月工作月报<\/th><th>5月工作月报<\/th><th>6月工作月报<\/th>/);
    expect(response.body).toMatch(
      /三、通报批评<\/h2>\s*<p>A市场监管所（3个月逾期或未报）、B市场监管所（3个月逾期或未报）/,
    );
    expect((await as('officeA', 'GET', `/campaigns/${seed.campaignId}/circulars/2024-Q2`)).statusCode).toBe(403);
    expect((await as('bureau', 'GET', `/campaigns/${seed.campaignId}/circulars/2024-Q5`)).statusCode).toBe(400);
    expect((await as('bureau', 'GET', `/campaigns/${seed.campaignId}/circulars/2025-Q2`)).statusCode).toBe(404);
  });

  it('dates the circular by the local day of the campaign when it is issued, not by UTC', async () => {
    // 2024-07-01 17:30 UTC is already 2024-07-02 01:30 in Asia/Shanghai.
    const pinned = await testApp({
      config: loadConfig({}),
      db,
      temporal: api.temporal,
      mailer: api.mailer,
      clock: () => Date.parse('2024-07-01T17:30:00Z'),
    });
    try {
      const response = await pinned.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/circulars/2024-Q2` });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('2024-07-02</p>');
    } finally {
      await pinned.app.close();
    }
  });

  it('counts a month against an office in the circular only once its report is due', async () => {
    // 2024-06-01 12:00 in Asia/Shanghai: April's report was due on 2 May, May's is due on 2 June, June's in July.
    const pinned = await testApp({
      config: loadConfig({}),
      db,
      temporal: api.temporal,
      mailer: api.mailer,
      clock: () => Date.parse('2024-06-01T04:00:00Z'),
    });
    try {
      const response = await pinned.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/circulars/2024-Q2` });
      expect(response.statusCode).toBe(200);
      expect(response.body).toMatch(
        /三、通报批评<\/h2>\s*<p>A市场监管所（1个月逾期或未报）、B市场监管所（1个月逾期或未报）/,
      );
    } finally {
      await pinned.app.close();
    }
  });

  it('rejects an extension that does not move the deadline later, naming the field', async () => {
    const response = await as(
      'officeA',
      'POST',
      `/campaigns/${seed.campaignId}/offices/${seed.offices.A!.id}/extensions`,
      {
        obligationKey: 'monthly-report:2024-07',
        requestedDueDate: '2024-08-01',
        reason: 'x',
      },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['requestedDueDate']);
  });

  it('records the commitment steps in order and refuses a copy filed before signing', async () => {
    const url = `/campaigns/${seed.campaignId}/enterprises/${seed.enterprises.B1!.id}/progress`;
    const early = await as('officeB', 'PUT', url, { copyArchiveAt: '2024-03-02T10:00:00+08:00' });
    expect(early.statusCode).toBe(422);
    expect(early.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['copyArchiveAt']);
    expect(await db.prisma.enterpriseProgress.count({ where: { enterpriseId: seed.enterprises.B1!.id } })).toBe(0);
    await as('officeB', 'PUT', url, { noticeServedAt: '2024-03-01T10:00:00+08:00', noticeServedBy: 'B staff' });
    await as('officeB', 'PUT', url, {
      signedAt: '2024-03-05T10:00:00+08:00',
      signatory: '张三',
      committedSelfAssessmentDate: '2024-04-20',
    });
    const done = await as('officeB', 'PUT', url, {
      copyArchiveAt: '2024-03-06T10:00:00+08:00',
      copyNoticeBoardAt: '2024-03-06T10:00:00+08:00',
      copyTownshipAt: '2024-03-07T10:00:00+08:00',
      copyCountyAt: '2024-03-08T10:00:00+08:00',
    });
    expect(done.json()).toMatchObject({
      commitmentComplete: true,
      signatory: '张三',
      committedSelfAssessmentDate: '2024-04-20',
    });
  });

  it('sends the escalation to the office head and lets that office acknowledge it', async () => {
    const raised = await as(
      'bureau',
      'POST',
      `/campaigns/${seed.campaignId}/offices/${seed.offices.B!.id}/escalations`,
      {
        level: 2,
        reason: '连续两个月月报逾期',
      },
    );
    expect(raised.statusCode).toBe(201);
    const escalation = raised.json<{ id: string; level: number; status: string }>();
    expect(escalation).toMatchObject({ level: 2, status: 'open' });
    // Another office's escalation is answered as a missing one.
    expect((await as('officeA', 'POST', `/escalations/${escalation.id}/acknowledge`)).statusCode).toBe(404);
    const acked = await as('officeB', 'POST', `/escalations/${escalation.id}/acknowledge`);
    expect(acked.json()).toMatchObject({ acknowledgedBy: 'B staff' });
    const history = (await as('officeB', 'GET', `/campaigns/${seed.campaignId}/escalations`)).json<{ id: string }[]>();
    expect(history.map((h) => h.id)).toContain(escalation.id);
  });

  it('lets only the bureau send an uncertain mail again, once', async () => {
    const mail = await db.prisma.mailMessage.create({
      data: {
        idempotencyKey: 'uncertain-1',
        recipient: 'a.contact@office.test',
        subject: '【提醒】测试',
        text: '正文',
        state: 'uncertain',
        lastError: 'the attempt sending this mail stopped during the SMTP exchange',
      },
    });
    expect((await as('officeA', 'POST', `/mail-log/${mail.id}/resend`)).statusCode).toBe(403);
    const resent = await as('bureau', 'POST', `/mail-log/${mail.id}/resend`);
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ state: 'sent', attempts: 1 });
    expect(catcher.messages().filter((m) => m.headers['x-campaign-key'] === 'uncertain-1')).toHaveLength(1);
    expect((await as('bureau', 'POST', `/mail-log/${mail.id}/resend`)).statusCode).toBe(409);
  });
});
