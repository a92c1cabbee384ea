import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

interface LateItem {
  officeCode: string;
  obligationKey: string;
  dueDate: string;
  state: string;
  daysLate: number;
  extended: boolean;
}

interface ObligationStatus {
  key: string;
  dueDate: string;
  state: string;
  daysLate: number;
  extended: boolean;
}

/**
 * The late list is read with its own query (only the obligations that can be late); every office's status reads
 * all of them. Both must say the same at every instant, whatever was recorded when.
 */
describe('the late list', () => {
  let api: BuiltTestApp;
  let seed: Seed;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub', mail: 'nowhere' });
    seed = await seedCampaign(api.db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN', C: 'en' },
      enterprises: { A1: 'A', B1: 'B' },
    });
    const { campaignId } = seed;
    const [A, B, C] = ['A', 'B', 'C'].map((code) => seed.offices[code]!.id) as [string, string, string];
    const at = (iso: string) => new Date(iso);
    await api.db.prisma.obligationState.createMany({
      data: [
        // done on time, before every instant below
        {
          campaignId,
          officeId: A,
          obligationKey: 'phase:planning',
          status: 'done',
          doneAt: at('2024-03-10T02:00:00Z'),
        },
        // done late: still late as of an instant before it was done
        {
          campaignId,
          officeId: B,
          obligationKey: 'phase:planning',
          status: 'done',
          doneAt: at('2024-04-20T02:00:00Z'),
        },
        // an extension approved on 2024-04-08 moves March's report (due 2024-04-02) to 2024-04-30
        {
          campaignId,
          officeId: C,
          obligationKey: 'monthly-report:2024-03',
          status: 'open',
          extendedDueDate: '2024-04-30',
        },
        // done, without a recorded time (an import): done at every instant
        { campaignId, officeId: C, obligationKey: 'phase:planning', status: 'done', doneAt: null },
      ],
    });
    await api.db.prisma.extension.create({
      data: {
        campaignId,
        officeId: C,
        obligationKey: 'monthly-report:2024-03',
        requestedDueDate: '2024-04-30',
        reason: '系统故障',
        status: 'approved',
        requestedBy: 'C staff',
        decidedBy: 'bureau',
        decidedAt: at('2024-04-08T02:00:00Z'),
      },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  async function lateAt(asOf: string): Promise<LateItem[]> {
    const response = await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/late?asOf=${asOf}` });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: LateItem[] }>().items;
  }

  async function lateItemsOfEveryOffice(asOf: string): Promise<LateItem[]> {
    const items: LateItem[] = [];
    for (const [code, office] of Object.entries(seed.offices)) {
      const response = await api.call({
        method: 'GET',
        url: `/campaigns/${seed.campaignId}/offices/${office.id}/status?asOf=${asOf}`,
      });
      expect(response.statusCode).toBe(200);
      for (const o of response.json<{ lateItems: ObligationStatus[] }>().lateItems) {
        items.push({
          officeCode: code,
          obligationKey: o.key,
          dueDate: o.dueDate,
          state: o.state,
          daysLate: o.daysLate,
          extended: o.extended,
        });
      }
    }
    return items;
  }

  const byOfficeAndKey = (items: LateItem[]) =>
    [...items].sort(
      (a, b) => a.officeCode.localeCompare(b.officeCode) || a.obligationKey.localeCompare(b.obligationKey),
    );

  it.each([
    '2024-03-15T12:00:00%2B08:00', // the planning phase's due day: nothing late yet
    '2024-03-16T09:00:00%2B08:00', // the day after it
    '2024-04-05T12:00:00%2B08:00', // before the extension was approved
    '2024-04-10T12:00:00%2B08:00', // after it
    '2024-05-15T12:00:00%2B08:00', // after the extended date, and after B closed its planning late
  ])('holds exactly the late items of every office status at %s', async (asOf) => {
    const list = await lateAt(asOf);
    const compared = list.map(({ officeCode, obligationKey, dueDate, state, daysLate, extended }) => ({
      officeCode,
      obligationKey,
      dueDate,
      state,
      daysLate,
      extended,
    }));
    expect(byOfficeAndKey(compared)).toEqual(byOfficeAndKey(await lateItemsOfEveryOffice(asOf)));
    const sorted = [...list].sort((a, b) => b.daysLate - a.daysLate || a.officeCode.localeCompare(b.officeCode));
    expect(list).toEqual(sorted);
  });

  it('counts an obligation done after the instant as late then, and an approved extension only from its approval', async () => {
    const keysOf = (items: LateItem[], code: string) =>
      items.filter((i) => i.officeCode === code).map((i) => i.obligationKey);
    const april5 = await lateAt('2024-04-05T12:00:00%2B08:00');
    expect(keysOf(april5, 'A')).not.toContain('phase:planning');
    expect(keysOf(april5, 'B')).toContain('phase:planning');
    expect(keysOf(april5, 'C')).toContain('monthly-report:2024-03');
    expect(keysOf(april5, 'C')).not.toContain('phase:planning');
    const april10 = await lateAt('2024-04-10T12:00:00%2B08:00');
    expect(keysOf(april10, 'C')).not.toContain('monthly-report:2024-03');
    const may15 = await lateAt('2024-05-15T12:00:00%2B08:00');
    expect(keysOf(may15, 'B')).not.toContain('phase:planning');
    expect(may15.find((i) => i.officeCode === 'C' && i.obligationKey === 'monthly-report:2024-03')).toMatchObject({
      dueDate: '2024-04-30',
      extended: true,
      state: 'late',
    });
  });

  it('answers 404 naming a campaign that does not exist', async () => {
    const response = await api.call({ method: 'GET', url: '/campaigns/00000000-0000-4000-8000-000000000000/late' });
    expect(response.statusCode).toBe(404);
    expect(response.json<{ detail: string }>().detail).toMatch(/00000000-0000-4000-8000-000000000000/);
  });
});

/** The late list of now is reused between requests: only while no write and no local midnight could change it. */
describe('the late list of now', () => {
  let api: BuiltTestApp;
  let seed: Seed;
  let now = Date.parse('2024-04-02T23:59:00+08:00');

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub', mail: 'nowhere', clock: () => now });
    seed = await seedCampaign(api.db.prisma, { offices: { A: 'zh-CN', B: 'zh-CN' }, enterprises: {} });
  });

  afterAll(async () => {
    await api?.close();
  });

  async function keysNow(): Promise<string[]> {
    const response = await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/late` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    return response
      .json<{ items: LateItem[] }>()
      .items.map((i) => `${i.officeCode} ${i.obligationKey} ${i.daysLate}`)
      .sort();
  }

  it('turns an obligation overdue at the local midnight after its due day, with nothing written in between', async () => {
    now = Date.parse('2024-04-02T23:59:00+08:00'); // March's report is due on 2024-04-02
    expect(await keysNow()).not.toContain('A monthly-report:2024-03 1');
    expect(await keysNow()).toEqual(await keysNow());
    now = Date.parse('2024-04-03T00:00:01+08:00');
    expect(await keysNow()).toContain('A monthly-report:2024-03 1');
    now = Date.parse('2024-04-04T00:00:01+08:00');
    expect(await keysNow()).toContain('A monthly-report:2024-03 2');
  });

  it('drops an obligation at once when it is recorded done', async () => {
    const planning = (keys: string[], office: string) => keys.filter((k) => k.startsWith(`${office} phase:planning `));
    expect(planning(await keysNow(), 'B')).toHaveLength(1);
    const done = await api.call({
      method: 'POST',
      url: `/campaigns/${seed.campaignId}/offices/${seed.offices.B!.id}/obligations/phase:planning/complete`,
    });
    expect(done.statusCode, done.body).toBe(204);
    const after = await keysNow();
    expect(planning(after, 'B')).toEqual([]);
    expect(planning(after, 'A')).toHaveLength(1);
  });
});
