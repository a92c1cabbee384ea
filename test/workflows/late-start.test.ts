import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { MailCatcher } from '../../lib/mail-catcher.js';
import { createMailer, type Mailer } from '../../lib/mailer.js';
import { workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import { advanceTo, facts, local, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTimeSkippingServer, workflowBundle } from '../support/temporal.js';

const TASK_QUEUE = 'late-start-test';

describe('a campaign started late, on 2024-04-10', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let seed: Seed;

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([
      startTimeSkippingServer({ startAt: '2024-04-10T02:00:00Z' }), // 10:00 in Anxi
      createTestDatabase(),
      MailCatcher.start(),
    ]);
    mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@county.test' });
    seed = await seedCampaign(db.prisma, { offices: { A: 'zh-CN', B: 'en' }, enterprises: { A1: 'A' } });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ db: db.prisma, mailer, temporal: { client: env.client, taskQueue: TASK_QUEUE } }),
    });
    await worker.runUntil(async () => {
      await env.client.workflow.start(campaignWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: workflowIds.campaign(seed.campaignId),
        args: [{ campaignId: seed.campaignId }],
      });
      await advanceTo(env, local('2024-04-20T12:00'));
    });
  }, 180_000);

  afterAll(async () => {
    mailer?.close();
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  it('sends each office one catch-up digest listing what is already overdue', () => {
    const catchUp = facts(catcher.messages()).filter((m) => m.step === 'catch-up');
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
    const others = facts(catcher.messages()).filter((m) => m.step !== 'catch-up');
    expect(others.every((m) => m.date >= '2024-04-10')).toBe(true);
    expect(others.some((m) => m.obligation === 'phase:planning' || m.obligation === 'monthly-report:2024-03')).toBe(
      false,
    );
  });
});
