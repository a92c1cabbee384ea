import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

/** The app's clock (pinned by tests and the simulation) is the one instant every write is stamped with. */
describe("writes stamped with the app's clock", () => {
  const now = Date.parse('2024-03-10T02:00:00Z');
  let api: BuiltTestApp;
  let seed: Seed;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub', clock: () => now });
    seed = await seedCampaign(api.db.prisma, { offices: { A: 'zh-CN' }, enterprises: {} });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("records a phase task done at the app's instant, not the machine's", async () => {
    const officeId = seed.offices.A!.id;
    const done = await api.call({
      method: 'POST',
      url: `/campaigns/${seed.campaignId}/offices/${officeId}/obligations/phase:planning/complete`,
    });
    expect(done.statusCode, done.body).toBe(204);
    const state = await api.db.prisma.obligationState.findUniqueOrThrow({
      where: {
        campaignId_officeId_obligationKey: { campaignId: seed.campaignId, officeId, obligationKey: 'phase:planning' },
      },
    });
    expect(state.doneAt?.toISOString()).toBe('2024-03-10T02:00:00.000Z');
  });
});
