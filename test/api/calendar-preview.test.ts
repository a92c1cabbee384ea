import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

interface Calendar {
  total: number;
  warnings: string[];
  entries: { officeCode: string; obligationKey: string; dueDate: string; step: string; at: string }[];
}
interface Problem {
  status: number;
  detail: string;
  errors: { path: string; message: string }[];
}

/** Monthly reports due on the 8th (hard deadline the 9th); one reminder 5 working days before, and the due-day one. */
const CHANGE = {
  monthlyReport: { dueDayOfNextMonth: 8, hardDayOfNextMonth: 9 },
  ladder: { reminders: [{ days: 5, unit: 'working-days' }] },
};

describe('POST /campaigns/:id/calendar/preview: the dry-run of a template change, before it is saved', () => {
  let api: BuiltTestApp;
  let seed: Seed;
  const tokens = {} as { staff: string; viewer: string };

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    seed = await seedCampaign(api.db.prisma, {
      offices: { T01: 'zh-CN', T02: 'en' },
      enterprises: { E1: 'T01' },
    });
    tokens.staff = (
      await createToken(api.db.prisma, { name: 'T01 staff', role: 'office-staff', officeId: seed.offices.T01!.id })
    ).token;
    tokens.viewer = (await createToken(api.db.prisma, { name: 'viewer', role: 'viewer' })).token;
  });

  afterAll(async () => {
    await api?.close();
  });

  const calendarUrl = (query = '') => `/campaigns/${seed.campaignId}/calendar${query}`;
  const previewUrl = (query = '') => `/campaigns/${seed.campaignId}/calendar/preview${query}`;
  const calendar = async (query = '') => {
    const response = await api.call({ method: 'GET', url: calendarUrl(query) });
    expect(response.statusCode).toBe(200);
    return response.json<Calendar>();
  };
  const preview = (payload: unknown, query = '', token?: string) =>
    api.call({ method: 'POST', url: previewUrl(query), payload: payload as object, ...(token ? { token } : {}) });
  const patch = (payload: unknown) =>
    api.call({ method: 'PATCH', url: `/campaigns/${seed.campaignId}`, payload: payload as object });
  const stored = () => api.db.prisma.campaign.findUniqueOrThrow({ where: { id: seed.campaignId } });

  it('answers what GET /calendar answers after the same PATCH, and stores nothing until then', async () => {
    const query = `?officeId=${seed.offices.T01!.id}&lang=en`;
    const before = await calendar(query);
    const everyOfficeBefore = await calendar();
    const campaignBefore = await stored();

    const response = await preview({ template: CHANGE }, query);
    expect(response.statusCode).toBe(200);
    const previewed = response.json<Calendar>();

    // The change is in the preview: March's report due on 8 April, its reminder 5 working days before.
    const march = previewed.entries.filter((e) => e.obligationKey === 'monthly-report:2024-03');
    expect(march.map((e) => e.dueDate)).toEqual(march.map(() => '2024-04-08'));
    expect(march.map((e) => e.step)).toEqual(['reminder-5wd', 'reminder-due-day', 'overdue', 'escalation']);
    expect(before.entries.find((e) => e.obligationKey === 'monthly-report:2024-03')?.dueDate).toBe('2024-04-02');

    // Nothing stored: the campaign row is as it was and the calendar answers as before.
    const campaignAfter = await stored();
    expect(campaignAfter.template).toEqual(campaignBefore.template);
    expect(campaignAfter.updatedAt).toEqual(campaignBefore.updatedAt);
    expect(await calendar(query)).toEqual(before);
    expect(await calendar()).toEqual(everyOfficeBefore);

    // Saved with the same body, the calendar is the preview, for this office and for every one.
    const everyOfficePreviewed = (await preview({ template: CHANGE })).json<Calendar>();
    expect((await patch({ template: CHANGE })).statusCode).toBe(200);
    expect(await calendar(query)).toEqual(previewed);
    expect(await calendar()).toEqual(everyOfficePreviewed);
    expect(everyOfficePreviewed.entries.some((e) => e.officeCode === 'T02')).toBe(true);
  });

  it('takes the same filters as GET /calendar, and without a change answers the calendar as it stands', async () => {
    const query = `?officeId=${seed.offices.T02!.id}&kind=monthly-report&from=2024-06-01&to=2024-07-31&limit=3&offset=1`;
    const unchanged = await preview({}, query);
    expect(unchanged.statusCode).toBe(200);
    const answer = unchanged.json<Calendar>();
    expect(answer).toEqual(await calendar(query));
    expect(answer.entries).toHaveLength(3);
    expect(answer.total).toBeGreaterThan(3);
  });

  it('refuses an invalid change exactly as PATCH does, naming every field, and stores nothing', async () => {
    const campaignBefore = await stored();
    for (const template of [
      { monthlyReport: { dueDayOfNextMonth: 29 }, ladder: { sendTime: '9am' } },
      { monthlyReport: { dueDayOfNextMonth: 4, hardDayOfNextMonth: 3 } },
      { phases: [{ key: 'planning' }], holidayRoll: 'sometimes', ladder: { reminders: [{ days: '5' }] } },
    ]) {
      const previewed = await preview({ template });
      const patched = await patch({ template });
      expect(previewed.statusCode).toBe(422);
      expect(previewed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(patched.statusCode).toBe(422);
      expect(previewed.json<Problem>().errors).toEqual(patched.json<Problem>().errors);
      expect(previewed.json<Problem>().detail).toBe(patched.json<Problem>().detail);
    }
    const named = (
      await preview({ template: { monthlyReport: { dueDayOfNextMonth: 4, hardDayOfNextMonth: 3 } } })
    ).json<Problem>().errors;
    expect(named).toEqual([
      { path: 'template.monthlyReport.hardDayOfNextMonth', message: '3 is before dueDayOfNextMonth 4' },
    ]);
    const shape = (
      await preview({ template: { monthlyReport: { dueDayOfNextMonth: 29 }, ladder: { sendTime: '9am' } } })
    )
      .json<Problem>()
      .errors.map((e) => e.path);
    expect(shape.sort()).toEqual(['template.ladder.sendTime', 'template.monthlyReport.dueDayOfNextMonth']);

    // A template that is no object, or a field the body does not have: 400 from the schema, as PATCH answers.
    for (const body of [{ template: 'later' }, { template: [] }, { template: { monthlyReport: { dueDay: 5 } } }]) {
      const previewed = await preview(body);
      const patched = await patch(body);
      expect(previewed.statusCode).toBe(patched.statusCode);
      expect(previewed.statusCode).toBeGreaterThanOrEqual(400);
      expect(previewed.json<Problem>().errors).toEqual(patched.json<Problem>().errors);
    }
    expect((await preview({ name: 'x' })).statusCode).toBe(400);
    const campaignAfter = await stored();
    expect(campaignAfter.template).toEqual(campaignBefore.template);
    expect(campaignAfter.updatedAt).toEqual(campaignBefore.updatedAt);
  });

  it('is for the bureau: office staff and viewers get 403, a missing campaign or office 404', async () => {
    expect((await preview({ template: CHANGE }, '', tokens.staff)).statusCode).toBe(403);
    expect((await preview({ template: CHANGE }, '', tokens.viewer)).statusCode).toBe(403);
    const missing = await api.call({
      method: 'POST',
      url: '/campaigns/00000000-0000-4000-8000-000000000000/calendar/preview',
      payload: { template: CHANGE },
    });
    expect(missing.statusCode).toBe(404);
    expect((await preview({}, '?officeId=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
