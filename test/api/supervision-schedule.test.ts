import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

/**
 * The supervision obligations (issue #17) are the office's ordinary steps: the dry-run (GET /calendar and the preview
 * of a template change), the office's .ics feed and the board's next mails list them like any other.
 */

interface Entry {
  officeCode: string;
  obligationKey: string;
  kind: string;
  step: string;
  stepKind: string;
  dueDate: string;
  at: string;
}

describe('supervision obligations in the dry-run, the .ics feed and the next mails', () => {
  let api: BuiltTestApp;
  let seed: Seed;
  /** seed.campaignId plans no supervision; this one does, with the defaults. */
  let supervised = '';
  const officeA = () => seed.offices.A!.id;

  const calendarOf = async (campaignId: string, query: string) => {
    const response = await api.call({ method: 'GET', url: `/campaigns/${campaignId}/calendar?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ entries: Entry[] }>().entries;
  };
  const keysOf = (entries: Entry[]) => [...new Set(entries.map((e) => e.obligationKey))];

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    seed = await seedCampaign(api.db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN' },
      enterprises: { A1: 'A', B1: 'B' },
    });
    // A1: red, standardization in progress — inspected monthly from May to November under the defaults.
    await api.db.prisma.enterprise.update({
      where: { id: seed.enterprises.A1!.id },
      data: { riskColour: 'red', standardization: 'in-progress' },
    });
    const created = await api.call({
      method: 'POST',
      url: '/campaigns',
      payload: {
        name: '2024年固本强基（差异化监管）',
        year: 2024,
        bureauEmail: 'bureau@county.test',
        template: { supervision: {} },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    supervised = created.json<{ id: string }>().id;
    const hazard = await api.call({
      method: 'POST',
      url: `/campaigns/${supervised}/hazards`,
      payload: {
        enterpriseId: seed.enterprises.A1!.id,
        foundOn: '2024-06-03',
        description: '配电箱未接地',
        major: false,
        rectifyBy: '2024-06-28',
      },
    });
    expect(hazard.statusCode, hazard.body).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
  });

  it("the dry-run lists a red enterprise's monthly inspection obligation, due on each month's last day and reminded on working days", async () => {
    const entries = await calendarOf(supervised, `officeId=${officeA()}&kind=inspection`);
    expect(keysOf(entries)).toEqual([
      'inspection:2024-05-31',
      'inspection:2024-06-30',
      'inspection:2024-07-31',
      'inspection:2024-08-31',
      'inspection:2024-09-30',
      'inspection:2024-10-31',
      'inspection:2024-11-30',
    ]);
    expect(new Set(entries.map((e) => e.stepKind))).toEqual(new Set(['reminder', 'overdue', 'escalation']));
    // June's cycle ends on Sunday the 30th: reminded on the working days before, overdue on Monday 1 July.
    const june = entries.filter((e) => e.obligationKey === 'inspection:2024-06-30');
    expect(june.map((e) => [e.step, e.at])).toEqual([
      ['reminder-3wd', '2024-06-26T09:00:00.000+08:00'],
      ['reminder-1wd', '2024-06-28T09:00:00.000+08:00'],
      ['overdue', '2024-07-01T09:00:00.000+08:00'],
      ['escalation', '2024-07-03T09:00:00.000+08:00'],
    ]);
  });

  it("the dry-run lists the hazard's rectification deadline with its whole ladder", async () => {
    const entries = await calendarOf(supervised, `officeId=${officeA()}&kind=hazard`);
    expect(keysOf(entries)).toEqual(['hazard:2024-06-28']);
    expect(entries.map((e) => e.stepKind)).toContain('escalation');
  });

  it('an office without supervised enterprises or hazards owes no supervision step', async () => {
    const entries = await calendarOf(supervised, `officeId=${seed.offices.B!.id}&kind=inspection`);
    // B1 is blue (the register's default) and in progress: twice a year, May-October and November.
    expect(keysOf(entries)).toEqual(['inspection:2024-10-31', 'inspection:2024-11-30']);
    expect(await calendarOf(supervised, `officeId=${seed.offices.B!.id}&kind=hazard`)).toEqual([]);
  });

  it('a campaign without supervision rules plans none, and the preview of switching them on shows them', async () => {
    expect(await calendarOf(seed.campaignId, `officeId=${officeA()}&kind=inspection`)).toEqual([]);
    const preview = await api.call({
      method: 'POST',
      url: `/campaigns/${seed.campaignId}/calendar/preview?officeId=${officeA()}&kind=inspection`,
      payload: { template: { supervision: {} } },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(keysOf(preview.json<{ entries: Entry[] }>().entries)).toHaveLength(7);
  });

  it("the office's .ics feed carries the inspection, hazard and key-enterprise guidance deadlines", async () => {
    const events = async (campaignId: string) => {
      const response = await api.call({
        method: 'GET',
        url: `/campaigns/${campaignId}/offices/${officeA()}/calendar.ics`,
      });
      expect(response.statusCode, response.body).toBe(200);
      const calendar = new ICAL.Component(ICAL.parse(response.body) as unknown[]);
      return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    };
    const plain = await events(seed.campaignId);
    const withSupervision = await events(supervised);
    // The same plan, and 7 inspection deadlines, the hazard's deadline and the guidance of A1 (red: a key enterprise).
    expect(withSupervision).toHaveLength(plain.length + 7 + 1 + 1);
    expect(withSupervision.filter((e) => e.summary.includes('隐患整改'))).toHaveLength(1);
  });

  it("the board's next mails include the supervision steps", async () => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${supervised}/next-mails?officeId=${officeA()}&asOf=2024-05-27T00:00:00%2B08:00&limit=10`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<{ items: { obligationKey: string }[] }>().items;
    expect(items.map((i) => i.obligationKey)).toContain('inspection:2024-05-31');
  });

  it('recording the inspection drops that month from the schedule, and the rest stays', async () => {
    const inspection = await api.call({
      method: 'POST',
      url: `/campaigns/${supervised}/inspections`,
      payload: { enterpriseId: seed.enterprises.A1!.id, inspectedOn: '2024-05-20', inspectors: ['张三'], hazards: [] },
    });
    expect(inspection.statusCode, inspection.body).toBe(201);
    const keys = keysOf(await calendarOf(supervised, `officeId=${officeA()}&kind=inspection`));
    expect(keys).not.toContain('inspection:2024-05-31');
    expect(keys).toHaveLength(6);
  });
  it('an enterprise that joined the register on 1 August (Beijing time) owes its inspections from September', async () => {
    const created = await api.call({
      method: 'POST',
      url: '/enterprises',
      payload: { officeId: seed.offices.B!.id, code: 'B2', name: 'B2机械制造有限公司', sizeClass: 'small-micro' },
    });
    expect(created.statusCode, created.body).toBe(201);
    await api.db.prisma.enterprise.update({
      where: { id: created.json<{ id: string }>().id },
      // 01:00 on 1 August in Asia/Shanghai, still 31 July in UTC.
      data: { riskColour: 'red', createdAt: new Date('2024-07-31T17:00:00Z') },
    });
    const keys = keysOf(await calendarOf(supervised, `officeId=${seed.offices.B!.id}&kind=inspection`));
    expect(keys).toEqual(['inspection:2024-09-30', 'inspection:2024-10-31', 'inspection:2024-11-30']);
  });
  it("the late list names the office's missed inspection months and its hazard past its deadline, until rectified", async () => {
    const late = async () => {
      const response = await api.call({ method: 'GET', url: `/campaigns/${supervised}/late` });
      expect(response.statusCode, response.body).toBe(200);
      return response
        .json<{ items: { officeCode: string; obligationKey: string; state: string }[] }>()
        .items.filter((i) => i.officeCode === seed.offices.A!.code)
        .map((i) => i.obligationKey);
    };
    const before = await late();
    expect(before).toContain('hazard:2024-06-28');
    expect(before).toContain('inspection:2024-06-30');
    expect(before).not.toContain('inspection:2024-05-31'); // inspected on 20 May

    const hazards = await api.db.prisma.hazard.findMany({ where: { campaignId: supervised } });
    const rectified = await api.call({
      method: 'POST',
      url: `/campaigns/${supervised}/hazards/${hazards[0]!.id}/rectification`,
      payload: { rectifiedOn: '2024-07-02' },
    });
    expect(rectified.statusCode, rectified.body).toBe(200);
    expect(await late()).not.toContain('hazard:2024-06-28');
  });
});
