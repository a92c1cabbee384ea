import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceTo, facts, local, seedCampaign } from '../support/campaign.js';
import { startHarness, type Harness } from '../support/harness.js';

describe('a campaign started late, on 2024-04-10', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ taskQueue: 'late-start-test', startAt: '2024-04-10T02:00:00Z' }); // 10:00 in Anxi
    const seed = await seedCampaign(h.db.prisma, { offices: { A: 'zh-CN', B: 'en' }, enterprises: { A1: 'A' } });
    const worker = await h.createWorker();
    await worker.runUntil(async () => {
      await h.startCampaign(seed.campaignId);
      await advanceTo(h.env, local('2024-04-20T12:00'));
    });
  }, 180_000);

  afterAll(async () => {
    await h?.dispose();
  });

  it('sends each office one catch-up digest listing what is already overdue', () => {
    const catchUp = facts(h.catcher.messages()).filter((m) => m.step === 'catch-up');
    expect(catchUp.map((m) => m.to).sort()).toEqual(['a.contact@office.test', 'b.contact@office.test']);
    const a = catchUp.find((m) => m.to === 'a.contact@office.test')!;
    expect(a.subject).toBe('【逾期汇总】专项行动已有2项工作超过截止时间，请尽快补报');
    expect(a.text).toContain('前期统筹谋划');
    expect(a.text).toContain('2024年3月');
    expect(catchUp.find((m) => m.to === 'b.contact@office.test')!.subject).toMatch(
      /^\[Overdue\] 2 campaign items were due/,
    );
  });

  it('sends nothing for ladder steps that lay before the start', () => {
    const others = facts(h.catcher.messages()).filter((m) => m.step !== 'catch-up');
    expect(others.every((m) => m.date >= '2024-04-10')).toBe(true);
    expect(others.some((m) => m.obligation === 'phase:planning' || m.obligation === 'monthly-report:2024-03')).toBe(
      false,
    );
  });
});
