import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { ScheduledStep, StepOutcome } from '../../workflows/types.js';
import { workflowIds } from '../../workflows/definitions.js';
import { advanceTo, BUREAU_EMAIL, facts, local, seedCampaign, type MailFact, type Seed } from '../support/campaign.js';
import { startHarness, type Harness } from '../support/harness.js';

const TASK_QUEUE = 'step-run-again-test';
const OBLIGATION = 'monthly-report:2024-04';

/**
 * Office A never reports for April 2024. Just before the hard deadline's escalation step, that step runs once
 * outside the workflow, as a first attempt whose workflow task never completed leaves it: the bureau mail sent,
 * the step recorded, and a workflow that never saw the answer. The office workflow then runs the step again.
 */
describe('a ladder step that runs twice', () => {
  let h: Harness;
  let seed: Seed;
  let step: ScheduledStep;
  let mails: MailFact[];
  const answers: StepOutcome[] = [];
  const escalation = { runIdAfterWorkflow: '', runIdAfterSecondStart: '', secondStartId: '' };

  beforeAll(async () => {
    h = await startHarness({ taskQueue: TASK_QUEUE, startAt: '2024-04-15T02:00:00Z' });
    const { env, db } = h;
    seed = await seedCampaign(db.prisma, { offices: { A: 'zh-CN' }, enterprises: {} });
    const { campaignId } = seed;
    const officeId = seed.offices.A!.id;
    const activities = createActivities({
      db: db.prisma,
      mailer: h.mailer,
      temporal: { client: env.client, taskQueue: TASK_QUEUE },
      publicUrl: 'http://campaign.test',
    });
    const schedule = await activities.loadOfficeSchedule({
      campaignId,
      officeId,
      sinceMs: local('2024-04-15T10:00'),
      nowMs: local('2024-04-15T10:00'),
    });
    step = schedule.steps.find((s) => s.obligationKey === OBLIGATION && s.kind === 'escalation')!;
    const workflowId = workflowIds.escalation(campaignId, officeId, OBLIGATION);

    const worker = await h.createWorker();
    await worker.runUntil(async () => {
      await h.startCampaign(campaignId);
      await advanceTo(env, step.atMs - 3_600_000);
      answers.push(await activities.runOfficeStep({ campaignId, officeId, step }));

      await advanceTo(env, step.atMs + 3_600_000);
      const handle = env.client.workflow.getHandle(workflowId);
      escalation.runIdAfterWorkflow = (
        await vi.waitFor(() => handle.describe(), { timeout: 20_000, interval: 200 })
      ).runId;

      // Once more, and its escalation started again, as a further re-run would.
      const third = await activities.runOfficeStep({ campaignId, officeId, step });
      answers.push(third);
      const again = await activities.startEscalation({
        campaignId,
        officeId,
        obligationKey: third.escalate!.obligationKey,
        origin: 'automatic',
        level: 1,
        reason: third.escalate!.reason,
        raisedAtMs: step.atMs + 3_600_000,
      });
      escalation.secondStartId = again.workflowId;
      escalation.runIdAfterSecondStart = (await handle.describe()).runId;
      // The level-1 notice (office head, bureau) goes out from the escalation workflow at its delivery instant:
      // raised at 00:00 on 2024-05-04 (Labour Day), mailed at 09:00 on the first working day after the holiday.
      await advanceTo(env, local('2024-05-06T09:01'));
      await h.catcher.waitFor(
        (m) => m.filter((x) => x.headers['x-campaign-step'] === 'escalation-level-1').length >= 2,
        20_000,
      );
    });
    mails = facts(h.catcher.messages());
  }, 300_000);

  afterAll(async () => {
    await h?.dispose();
  });

  it('answers a run of a recorded escalation step with the escalation it owes, sending nothing', () => {
    const [first, third] = answers;
    expect(first).toMatchObject({ outcome: 'sent', mails: 1, escalate: { obligationKey: OBLIGATION } });
    expect(third).toEqual({ outcome: 'already-done', mails: 0, escalate: first!.escalate });
  });

  it('starts the escalation its lost first run owed, exactly once', async () => {
    const records = await h.db.prisma.escalation.findMany({ where: { campaignId: seed.campaignId } });
    expect(records.map((r) => [r.obligationKey, r.origin, r.level])).toEqual([[OBLIGATION, 'automatic', 1]]);
    const workflowId = workflowIds.escalation(seed.campaignId, seed.offices.A!.id, OBLIGATION);
    expect(records[0]!.workflowId).toBe(workflowId);
    const description = await h.env.client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.runId).toBe(escalation.runIdAfterWorkflow);
  });

  it('refuses a second start of the same escalation by its business key and treats it as done', () => {
    expect(escalation.secondStartId).toBe(workflowIds.escalation(seed.campaignId, seed.offices.A!.id, OBLIGATION));
    expect(escalation.runIdAfterSecondStart).toBe(escalation.runIdAfterWorkflow);
  });

  it('sends the bureau the escalation mail of the step once, and the escalation notice once per recipient', () => {
    const stepMails = mails.filter((m) => m.obligation === OBLIGATION && m.step === step.stepKey);
    expect(stepMails.map((m) => m.to)).toEqual([BUREAU_EMAIL]);
    const notices = mails.filter((m) => m.obligation === OBLIGATION && m.step === 'escalation-level-1');
    expect(notices.map((m) => m.to).sort()).toEqual([BUREAU_EMAIL, seed.offices.A!.headEmail].sort());
  });
});
