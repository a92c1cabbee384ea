import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceTo, local, seedCampaign, type Seed } from '../support/campaign.js';
import { startHarness, type Harness } from '../support/harness.js';

describe('a mail server that refuses mail for a while', () => {
  let h: Harness;
  let seed: Seed;

  beforeAll(async () => {
    h = await startHarness({ taskQueue: 'resilience-test', startAt: '2024-02-27T16:00:00Z' });
    seed = await seedCampaign(h.db.prisma, { offices: { A: 'zh-CN' }, enterprises: { A1: 'A' } });
  });

  afterAll(async () => {
    await h?.dispose();
  });

  it('delivers every mail once it recovers, none twice, and shows the failures meanwhile', async () => {
    const { env, db, catcher } = h;
    const worker = await h.createWorker();
    await worker.runUntil(async () => {
      await h.startCampaign(seed.campaignId);
      // Up to the first reminders (2024-03-12 09:00: the planning phase task and the commitment digest).
      await advanceTo(env, local('2024-03-11T12:00'));
      expect(catcher.messages()).toHaveLength(0);
      catcher.refuse('451 mailbox temporarily unavailable');
      await advanceTo(env, local('2024-03-12T09:10'));

      const failed = await waitFor(async () => {
        const rows = await db.prisma.mailMessage.findMany({ where: { state: 'failed' } });
        return rows.length >= 1 ? rows : undefined;
      });
      expect(failed.every((m) => m.attempts >= 1 && /451|unavailable/.test(m.lastError ?? ''))).toBe(true);
      expect(catcher.messages()).toHaveLength(0);

      catcher.accept();
      await advanceTo(env, local('2024-03-12T12:00'));
      await catcher.waitFor((m) => m.length >= failed.length, 30_000);
      const rows = await db.prisma.mailMessage.findMany();
      expect(rows.every((m) => m.state === 'sent')).toBe(true);
    });
    const keys = catcher.messages().map((m) => m.headers['x-campaign-key']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual((await db.prisma.mailMessage.findMany()).map((m) => m.idempotencyKey).sort());
  }, 180_000);
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
