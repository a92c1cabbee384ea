import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTemplate } from '../../domain/index.js';
import { asJson } from '../../infra/json.js';
import { extendOfficeObligation } from '../../app/obligations/extend-office-obligation.js';
import { planChangedSignal, workflowIds } from '../../workflows/definitions.js';
import { advanceTo, facts, local, seedCampaign, type MailFact } from '../support/campaign.js';
import { startHarness, type Harness } from '../support/harness.js';

describe('a running campaign whose plan changes', () => {
  let h: Harness;
  let mails: MailFact[];

  beforeAll(async () => {
    h = await startHarness({ taskQueue: 'plan-change-test', startAt: '2024-04-15T02:00:00Z' });
    const { env, db } = h;
    const seed = await seedCampaign(db.prisma, { offices: { A: 'zh-CN', B: 'zh-CN' }, enterprises: {} });
    const deps = { db: db.prisma, client: env.client };
    const worker = await h.createWorker();
    await worker.runUntil(async () => {
      await h.startCampaign(seed.campaignId);
      // B gets until 2024-05-10 for its April report (due 2024-05-02): an approved extension.
      await advanceTo(env, local('2024-04-20T12:00'));
      await extendOfficeObligation(deps, {
        campaignId: seed.campaignId,
        officeId: seed.offices.B!.id,
        obligationKey: 'monthly-report:2024-04',
        newDueDate: '2024-05-10',
      });
      // The bureau moves the June report's deadline to 2024-07-05 for everyone: an edited plan.
      await advanceTo(env, local('2024-05-20T12:00'));
      const template = defaultTemplate(2024);
      await db.prisma.campaign.update({
        where: { id: seed.campaignId },
        data: {
          template: asJson({
            ...template,
            monthlyReport: { ...template.monthlyReport, dueDayOfNextMonth: 5, hardDayOfNextMonth: 6 },
          }),
        },
      });
      await env.client.workflow.getHandle(workflowIds.campaign(seed.campaignId)).signal(planChangedSignal);
      await advanceTo(env, local('2024-07-10T12:00'));
    });
    mails = facts(h.catcher.messages());
  }, 240_000);

  afterAll(async () => {
    await h?.dispose();
  });

  const steps = (office: string, obligation: string) =>
    mails
      .filter((m) => m.to.startsWith(`${office}.contact`) && m.obligation === obligation)
      .map((m) => [m.step, m.date]);

  it('moves the reminders and the overdue notice of an extended obligation to the new due date', () => {
    // Overdue from 00:00 on 2024-05-03 (Labour Day): mailed on the first working day after the holiday.
    expect(steps('a', 'monthly-report:2024-04')).toEqual([
      ['reminder-3wd', '2024-04-28'],
      ['reminder-1wd', '2024-04-30'],
      ['overdue', '2024-05-06'],
    ]);
    expect(steps('b', 'monthly-report:2024-04')).toEqual([
      ['reminder-3wd', '2024-05-07'],
      ['reminder-1wd', '2024-05-09'],
      ['reminder-due-day', '2024-05-10'],
      ['overdue', '2024-05-11'],
    ]);
  });

  it('recomputes every office timer when the bureau edits a deadline of the running campaign', () => {
    // June report: due 2024-07-02 before the edit, 2024-07-05 after it.
    expect(steps('a', 'monthly-report:2024-06')).toEqual([
      ['reminder-3wd', '2024-07-02'],
      ['reminder-1wd', '2024-07-04'],
      ['reminder-due-day', '2024-07-05'],
      ['overdue', '2024-07-08'], // overdue from Saturday 00:00, mailed on Monday
    ]);
    expect(mails.filter((m) => m.obligation === 'monthly-report:2024-06' && m.date === '2024-06-28')).toEqual([]);
  });
});
