import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type TestDatabase } from '../support/databases.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';

interface Entry {
  officeCode: string;
  obligationKey: string;
  step: string;
  stepKind: string;
  at: string;
  localDate: string;
}

describe('campaigns and the dry-run calendar', () => {
  let db: TestDatabase;
  let api: BuiltTestApp;
  const officeIds: string[] = [];

  const post = (url: string, payload: unknown) => api.call({ method: 'POST', url, payload: payload as object });

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'time-skipping', mail: 'catcher' });
    db = api.db;
    for (const [code, unitType] of [
      ['T01', 'township'],
      ['C01', 'county-unit'],
    ] as const) {
      const response = await post('/offices', {
        code,
        name: `${code} office`,
        unitType,
        contactName: 'contact',
        contactEmail: `${code.toLowerCase()}@office.test`,
        headName: 'head',
        headEmail: `${code.toLowerCase()}.head@office.test`,
      });
      expect(response.statusCode).toBe(201);
      officeIds.push(response.json<{ id: string }>().id);
    }
  });

  afterAll(async () => {
    await api?.close();
  });

  async function createCampaign(body: Record<string, unknown> = {}) {
    return post('/campaigns', { name: '2024年固本强基', year: 2024, bureauEmail: 'bureau@county.test', ...body });
  }

  it('creates the 2024 campaign from the default template of the notice', async () => {
    const response = await createCampaign();
    expect(response.statusCode).toBe(201);
    const campaign = response.json<{
      template: { phases: { deadline: string }[]; yearEndSummary: { dueDate: string } };
      status: string;
    }>();
    expect(campaign.status).toBe('draft');
    expect(campaign.template.phases.map((p) => p.deadline)).toEqual([
      '2024-03-15',
      '2024-04-30',
      '2024-09-30',
      '2024-11-30',
      '2024-12-31',
    ]);
    expect(campaign.template.yearEndSummary.dueDate).toBe('2025-01-08');
  });

  it('tells the phases as they stand at a given instant: the third is current on 2024-07-10', async () => {
    const { id } = (await createCampaign({ name: 'as of' })).json<{ id: string }>();
    const response = await api.call({ method: 'GET', url: `/campaigns/${id}/status?asOf=2024-07-10T02:00:00Z` });
    expect(response.statusCode).toBe(200);
    const status = response.json<{
      source: string;
      currentPhase: string;
      today: string;
      phases: { state: string; daysLeft: number }[];
    }>();
    expect(status).toMatchObject({ source: 'plan', currentPhase: 'guidance', today: '2024-07-10' });
    expect(status.phases.map((p) => p.state)).toEqual(['ended', 'ended', 'current', 'upcoming', 'upcoming']);
    expect(status.phases[2]!.daysLeft).toBe(82);
  });

  it('runs the same plan for another year with one parameter', async () => {
    const response = await createCampaign({ year: 2026, name: '2026' });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ template: { phases: { deadline: string }[] }; warnings: string[] }>();
    expect(body.template.phases[0]!.deadline).toBe('2026-03-15');
    expect(body.warnings.some((w) => w.includes('2027'))).toBe(true);
  });

  it('rejects an invalid template naming every bad field, and stores nothing', async () => {
    const before = await db.prisma.campaign.count();
    const response = await createCampaign({
      template: {
        timeZone: 'Mars/Olympus',
        phases: [
          { key: 'planning', nameZh: '前期统筹谋划', nameEn: 'Planning', deadline: '2024-03-15' },
          { key: 'self-assessment', nameZh: '企业自评自改', nameEn: 'Self-assessment', deadline: '2024-03-01' },
          { key: 'guidance', nameZh: '部门指导帮扶', nameEn: 'Guidance', deadline: '2024-09-30' },
          { key: 'enforcement', nameZh: '精准执法推动', nameEn: 'Enforcement', deadline: '2024-11-30' },
          { key: 'summary', nameZh: '全面总结完善', nameEn: 'Summary', deadline: '2024-12-31' },
        ],
        monthlyReport: { firstMonth: '2024-13' },
        ladder: { reminders: [{ days: -1, unit: 'working-days' }] },
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const paths = response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'template.timeZone',
        'template.phases[1].deadline',
        'template.monthlyReport.firstMonth',
        'template.ladder.reminders[0].days',
      ]),
    );
    expect(await db.prisma.campaign.count()).toBe(before);
  });

  it('rejects a request body with a missing field naming it', async () => {
    const response = await post('/campaigns', { name: 'x', year: 2024 });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['bureauEmail']);
  });

  it('dry-runs every step for two offices, in time order, with the +08:00 offset', async () => {
    const campaign = (await createCampaign()).json<{ id: string }>();
    const response = await api.call({ method: 'GET', url: `/campaigns/${campaign.id}/calendar` });
    expect(response.statusCode).toBe(200);
    const { entries, total } = response.json<{ entries: Entry[]; total: number }>();
    expect(entries).toHaveLength(total);
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(entries.every((e) => e.at.endsWith('+08:00'))).toBe(true);
    const perOffice = (code: string) =>
      entries.filter((e) => e.officeCode === code).map((e) => `${e.obligationKey}|${e.step}|${e.at}`);
    expect(perOffice('T01')).toHaveLength(total / 2);
    expect(perOffice('T01')).toEqual(perOffice('C01').map((x) => x));
    const april = entries.filter((e) => e.officeCode === 'T01' && e.obligationKey === 'monthly-report:2024-04');
    // Each at the instant its mail goes out: the overdue notice (2024-05-03 00:00) and the escalation (05-04 00:00)
    // fall in the Labour Day holiday and are mailed at 09:00 on its first working day.
    expect(april.map((e) => [e.step, e.at])).toEqual([
      ['reminder-3wd', '2024-04-28T09:00:00.000+08:00'],
      ['reminder-1wd', '2024-04-30T09:00:00.000+08:00'],
      ['overdue', '2024-05-06T09:00:00.000+08:00'],
      ['escalation', '2024-05-06T09:00:00.000+08:00'],
    ]);
    const planning = entries.filter((e) => e.officeCode === 'C01' && e.obligationKey === 'phase:planning');
    // Due Friday 2024-03-15: overdue from Saturday 00:00, mailed on Monday at 09:00.
    expect(planning.at(-2)).toMatchObject({ step: 'overdue', at: '2024-03-18T09:00:00.000+08:00' });
  });

  it('filters the dry-run by office, obligation kind and date range', async () => {
    const campaign = (await createCampaign()).json<{ id: string }>();
    const url = `/campaigns/${campaign.id}/calendar?officeId=${officeIds[0]}&kind=monthly-report&from=2024-09-01&to=2024-10-31`;
    const { entries } = (await api.call({ method: 'GET', url })).json<{ entries: Entry[] }>();
    expect(new Set(entries.map((e) => e.officeCode))).toEqual(new Set(['T01']));
    expect(
      entries.every(
        (e) =>
          e.obligationKey.startsWith('monthly-report:') && e.localDate >= '2024-09-01' && e.localDate <= '2024-10-31',
      ),
    ).toBe(true);
    // The September report due 2024-10-02 (National Day) is reminded before the holiday, on 2024-09-27 and 2024-09-30.
    expect(
      entries
        .filter((e) => e.obligationKey === 'monthly-report:2024-09' && e.stepKind === 'reminder')
        .map((e) => e.localDate),
    ).toEqual(['2024-09-27', '2024-09-30']);
  });

  it("serves an office's deadlines as an iCalendar feed a standard parser reads", async () => {
    const campaign = (await createCampaign()).json<{ id: string }>();
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${campaign.id}/offices/${officeIds[0]}/calendar.ics`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(response.body) as unknown[]);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(16); // 5 phases + 10 monthly reports + the year-end summary
    const march = events.find((e) => e.summary.includes('2024年3月'));
    expect(march?.startDate.toJSDate().toISOString()).toBe('2024-04-01T16:00:00.000Z');
  });

  it('lets the bureau choose immediate delivery of deadline notices, and the dry-run follows', async () => {
    const campaign = (await createCampaign()).json<{ id: string; template: { ladder: Record<string, unknown> } }>();
    expect(campaign.template.ladder.deadlineNoticeDelivery).toBe('next-send-time');
    const patched = await api.call({
      method: 'PATCH',
      url: `/campaigns/${campaign.id}`,
      payload: { template: { ladder: { deadlineNoticeDelivery: 'immediate' } } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<{ template: { ladder: Record<string, unknown> } }>().template.ladder).toMatchObject({
      deadlineNoticeDelivery: 'immediate',
      sendTime: '09:00',
    });
    const { entries } = (
      await api.call({
        method: 'GET',
        url: `/campaigns/${campaign.id}/calendar?officeId=${officeIds[0]}&kind=monthly-report&from=2024-05-01&to=2024-05-06`,
      })
    ).json<{ entries: Entry[] }>();
    expect(entries.filter((e) => e.obligationKey === 'monthly-report:2024-04').map((e) => [e.step, e.at])).toEqual([
      ['overdue', '2024-05-03T00:00:00.000+08:00'],
      ['escalation', '2024-05-04T00:00:00.000+08:00'],
    ]);
    const bad = await api.call({
      method: 'PATCH',
      url: `/campaigns/${campaign.id}`,
      payload: { template: { ladder: { deadlineNoticeDelivery: 'later' } } },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'template.ladder.deadlineNoticeDelivery',
    ]);
  });

  it('recomputes the plan after a deadline is edited', async () => {
    const campaign = (await createCampaign()).json<{ id: string }>();
    const patched = await api.call({
      method: 'PATCH',
      url: `/campaigns/${campaign.id}`,
      payload: { template: { yearEndSummary: { dueDate: '2025-01-10' }, holidayRoll: 'next-working-day' } },
    });
    expect(patched.statusCode).toBe(200);
    const { entries } = (
      await api.call({
        method: 'GET',
        url: `/campaigns/${campaign.id}/calendar?officeId=${officeIds[0]}&kind=year-end-summary`,
      })
    ).json<{ entries: Entry[] }>();
    // Due Friday 2025-01-10: overdue from Saturday 00:00, mailed on Monday 2025-01-13 at 09:00.
    expect(entries.find((e) => e.step === 'overdue')?.at).toBe('2025-01-13T09:00:00.000+08:00');
    const bad = await api.call({
      method: 'PATCH',
      url: `/campaigns/${campaign.id}`,
      payload: { template: { holidayRoll: 'sometimes' } },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['template.holidayRoll']);
  });

  it("stores the bureau's holiday data for a year the package lacks, and rejects bad entries whole", async () => {
    const before = (await api.call({ method: 'GET', url: '/holidays/2027' })).json<{ coverage: string }>();
    expect(before.coverage).toBe('none');
    const bad = await api.call({
      method: 'PUT',
      url: '/holidays/2027',
      payload: {
        entries: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2026-12-31', kind: 'holiday', name: 'x' },
        ],
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['entries[1].date']);
    expect(await db.prisma.holidayOverride.count()).toBe(0);
    const good = await api.call({
      method: 'PUT',
      url: '/holidays/2027',
      payload: {
        entries: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-02-06', kind: 'workday', name: '春节调休' },
        ],
      },
    });
    expect(good.statusCode).toBe(200);
    const year = good.json<{ coverage: string; exceptions: { date: string; working: boolean }[] }>();
    expect(year.coverage).toBe('bureau');
    expect(year.exceptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ date: '2027-01-01', working: false }),
        expect.objectContaining({ date: '2027-02-06', working: true }),
      ]),
    );
    await api.call({ method: 'PUT', url: '/holidays/2027', payload: { entries: [] } });
  });

  it('answers 404 for a campaign that does not exist and 400 for a malformed id', async () => {
    expect((await api.call({ method: 'GET', url: '/campaigns/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(
      404,
    );
    expect((await api.call({ method: 'GET', url: '/campaigns/not-a-uuid' })).statusCode).toBe(400);
  });
});
