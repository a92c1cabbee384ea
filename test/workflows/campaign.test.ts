import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingDayCalendar, stepDelivery } from '../../domain/index.js';
import { startEscalation } from '../../app/escalations/start-escalation.js';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { acknowledgeEscalation } from '../../app/escalations/acknowledge-escalation.js';
import { closeOfficeObligation } from '../../app/obligations/close-office-obligation.js';
import { recordEnterpriseProgress } from '../../app/obligations/record-enterprise-progress.js';
import { loadPlan } from '../../app/campaigns/plan-store.js';
import { obligationsOfOffice } from '../../app/campaigns/office-obligations.js';
import { campaignStatusQuery, workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import {
  advanceTo,
  BUREAU_EMAIL,
  facts,
  local,
  plannedRecipients,
  seedCampaign,
  type MailFact,
  type Seed,
} from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { recordHistories } from '../support/histories.js';
import { productWorker, startTimeSkippingServer, TEST_PUBLIC_URL } from '../support/temporal.js';

const TASK_QUEUE = 'campaign-test';
const MONTHS = ['03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/** The report for 2024-MM is due on the 2nd of the next month. */
function nextMonth(mm: string): { year: number; month: string } {
  const m = Number(mm) + 1;
  return m === 13 ? { year: 2025, month: '01' } : { year: 2024, month: String(m).padStart(2, '0') };
}

/**
 * The whole 2024 campaign on the time-skipping server, with three offices that behave differently:
 * A does everything on time, B never does anything, C reports every month on the 3rd (late, but before
 * the hard deadline). Ten enterprises sign early, late or never.
 */
describe('the 2024 campaign, whole year, three offices and ten enterprises', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let seed: Seed;
  let mails: MailFact[];
  const phaseAnswers: Record<string, string> = {};
  const escalationIds: Record<string, string> = {};

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([
      startTimeSkippingServer({ startAt: '2024-02-27T16:00:00Z' }), // 2024-02-28 00:00 in Anxi
      createTestDatabase(),
      MailCatcher.start(),
    ]);
    mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@county.test' });
    seed = await seedCampaign(db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN', C: 'en' },
      enterprises: { A1: 'A', A2: 'A', A3: 'A', A4: 'A', B1: 'B', B2: 'B', B3: 'B', C1: 'C', C2: 'C', C3: 'C' },
    });
    const deps = { db: db.prisma, client: env.client };
    const { campaignId, offices, enterprises } = seed;
    const signFully = (at: number, committed?: string) => ({
      noticeServedAt: new Date(at),
      noticeServedBy: '联络员',
      signedAt: new Date(at),
      signatory: '法定代表人',
      copyArchiveAt: new Date(at),
      copyNoticeBoardAt: new Date(at),
      copyTownshipAt: new Date(at),
      copyCountyAt: new Date(at),
      ...(committed ? { committedSelfAssessmentDate: committed } : {}),
    });

    // Every action of the year, at local wall-clock times away from the 09:00 and 00:00 steps.
    const script: [number, () => Promise<void>][] = [];
    const at = (wall: string, action: () => Promise<void>) => script.push([local(wall), action]);
    const close = (office: string, obligationKey: string, when: number) =>
      closeOfficeObligation(deps, { campaignId, officeId: offices[office]!.id, obligationKey, at: new Date(when) });
    const queryPhase = (label: string) => async () => {
      phaseAnswers[label] = (
        await env.client.workflow.getHandle(workflowIds.campaign(campaignId)).query(campaignStatusQuery)
      ).currentPhase;
    };

    at('2024-03-01T12:00', () =>
      recordEnterpriseProgress(deps, {
        campaignId,
        enterpriseId: enterprises.C1!.id,
        update: signFully(local('2024-03-01T12:00')),
      }),
    );
    at('2024-03-01T13:00', queryPhase('2024-03-01'));
    at('2024-03-05T12:00', async () => {
      await recordEnterpriseProgress(deps, {
        campaignId,
        enterpriseId: enterprises.A1!.id,
        update: signFully(local('2024-03-05T12:00'), '2024-04-15'),
      });
      await recordEnterpriseProgress(deps, {
        campaignId,
        enterpriseId: enterprises.A2!.id,
        update: signFully(local('2024-03-05T12:00')),
      });
    });
    at('2024-03-13T12:00', () =>
      recordEnterpriseProgress(deps, {
        campaignId,
        enterpriseId: enterprises.A4!.id,
        update: signFully(local('2024-03-13T12:00')),
      }),
    );
    for (const [phase, deadline] of [
      ['planning', '2024-03-15'],
      ['self-assessment', '2024-04-30'],
      ['guidance', '2024-09-30'],
      ['enforcement', '2024-11-30'],
      ['summary', '2024-12-31'],
    ] as const) {
      at(`${deadline}T12:00`, () => close('A', `phase:${phase}`, local(`${deadline}T12:00`)));
    }
    for (const mm of MONTHS) {
      const next = nextMonth(mm);
      at(`${next.year}-${next.month}-01T12:00`, () =>
        close('A', `monthly-report:2024-${mm}`, local(`${next.year}-${next.month}-01T12:00`)),
      );
      at(`${next.year}-${next.month}-03T12:00`, () =>
        close('C', `monthly-report:2024-${mm}`, local(`${next.year}-${next.month}-03T12:00`)),
      );
    }
    at('2025-01-07T12:00', () => close('A', 'year-end-summary:2024', local('2025-01-07T12:00')));
    at('2024-04-10T13:00', queryPhase('2024-04-10'));
    at('2024-06-01T13:00', queryPhase('2024-06-01'));
    at('2024-06-10T12:00', async () => {
      const raised = await startEscalation(
        { db: db.prisma, temporal: { client: env.client, taskQueue: TASK_QUEUE } },
        {
          campaignId,
          officeId: offices.B!.id,
          origin: 'manual',
          level: 1,
          escalationKey: 'manual-2024-06-10',
          reason: '5月工作月报逾期未报',
          raisedAtMs: local('2024-06-10T12:00'),
          ackByMs: local('2024-06-15T00:00'),
        },
      );
      escalationIds.B = raised.escalationId;
    });
    at('2024-07-10T12:00', async () => {
      const raised = await startEscalation(
        { db: db.prisma, temporal: { client: env.client, taskQueue: TASK_QUEUE } },
        {
          campaignId,
          officeId: offices.C!.id,
          origin: 'manual',
          level: 1,
          escalationKey: 'manual-2024-07-10',
          reason: 'June report late',
          raisedAtMs: local('2024-07-10T12:00'),
          ackByMs: local('2024-07-13T00:00'),
        },
      );
      escalationIds.C = raised.escalationId;
    });
    at('2024-07-11T12:00', () =>
      acknowledgeEscalation(deps, {
        escalationId: escalationIds.C!,
        by: 'C 所长',
        at: new Date(local('2024-07-11T12:00')),
      }),
    );
    at('2024-10-15T13:00', queryPhase('2024-10-15'));
    at('2024-12-15T13:00', queryPhase('2024-12-15'));
    at('2025-01-05T13:00', queryPhase('2025-01-05'));
    script.sort((a, b) => a[0] - b[0]);

    const worker = await productWorker(env, { taskQueue: TASK_QUEUE, db: db.prisma, mailer });
    await worker.runUntil(async () => {
      const campaign = await env.client.workflow.start(campaignWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: workflowIds.campaign(campaignId),
        args: [{ campaignId }],
      });
      for (const [when, action] of script) {
        await advanceTo(env, when);
        await action();
      }
      // The year ends when every workflow of the campaign has: timers left are skipped through.
      await campaign.result();
      for (const office of Object.values(offices)) {
        await env.client.workflow.getHandle(workflowIds.office(campaignId, office.id)).result();
      }
      for (const escalation of await db.prisma.escalation.findMany()) {
        await env.client.workflow.getHandle(escalation.workflowId).result();
      }
    });
    mails = facts(catcher.messages());
  }, 600_000);

  afterAll(async () => {
    if (env && db) await recordHistories('campaign-year', env.client, db.prisma);
    mailer?.close();
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  const officeMails = (office: 'A' | 'B' | 'C') =>
    mails.filter((m) => m.to.startsWith(`${office.toLowerCase()}.`) && !m.obligation.startsWith('enterprise-'));

  it('reminds the on-time office only before its deadlines: no overdue notice, no escalation', () => {
    const a = officeMails('A');
    expect(a.length).toBeGreaterThan(20);
    expect(a.every((m) => m.step.startsWith('reminder-'))).toBe(true);
    expect(
      mails.filter(
        (m) => m.to === BUREAU_EMAIL && !m.obligation.startsWith('enterprise-') && m.text.includes('A市场监管所'),
      ),
    ).toEqual([]);
  });

  it('sends the never-reporting office every step the dry-run plans: reminders, overdue notice, escalation', async () => {
    const loaded = await loadPlan(db.prisma, seed.campaignId);
    const office = seed.offices.B!;
    const obligations = await obligationsOfOffice(db.prisma, loaded, seed.campaignId, office.id, { includeDone: true });
    // Each on the day its mail goes out: overdue notices and escalations at the send time of the next working day.
    const { ladder, timeZone } = loaded.template;
    const expected = obligations
      .filter((o) => o.responsible === 'office')
      .flatMap((o) =>
        o.steps.flatMap((s) =>
          plannedRecipients(s.kind, o.responsible, office).map(
            (t) => `${o.key}|${s.key}|${t}|${stepDelivery(s, ladder, loaded.calendar, timeZone).localDate}`,
          ),
        ),
      )
      .sort();
    const received = mails
      .filter((m) => m.obligation && !m.obligation.startsWith('enterprise-') && !m.step.startsWith('escalation-level'))
      .filter((m) => m.to.startsWith('b.') || (m.to === BUREAU_EMAIL && m.subject.includes('B市场监管所')))
      .map((m) => `${m.obligation}|${m.step}|${m.to}|${m.date}`)
      .sort();
    expect(received).toEqual(expected);
  });

  it('notifies the never-reporting office of the March report at 09:00 on 2024-04-03, escalates it at 00:00 on 2024-04-04 (Qingming) and tells the bureau on the 调休 working Sunday 2024-04-07', async () => {
    const march = mails.filter(
      (m) => m.obligation === 'monthly-report:2024-03' && (m.to.startsWith('b.') || m.to === BUREAU_EMAIL),
    );
    expect(march.filter((m) => m.step === 'overdue').map((m) => [m.to, m.date])).toEqual(
      expect.arrayContaining([
        ['b.contact@office.test', '2024-04-03'],
        ['b.head@office.test', '2024-04-03'],
      ]),
    );
    const toBureau = march.filter(
      (m) => m.step === 'escalation' && m.to === BUREAU_EMAIL && m.subject.includes('B市场监管所'),
    );
    expect(toBureau.map((m) => m.date)).toEqual(['2024-04-07']);
    // The escalation itself stands from the hard deadline, 00:00 on 2024-04-04.
    const escalation = await db.prisma.escalation.findFirstOrThrow({
      where: { officeId: seed.offices.B!.id, obligationKey: 'monthly-report:2024-03' },
      include: { events: true },
    });
    const raised = escalation.events.find((e) => e.kind === 'raised')!.at.getTime();
    expect(raised).toBeGreaterThanOrEqual(local('2024-04-04T00:00'));
    expect(raised).toBeLessThan(local('2024-04-04T00:01'));
    expect(toBureau[0]!.subject).toBe(
      '【督办】B市场监管所2024年3月工作总结及工作进展月报表（截止2024年4月2日）逾期未完成',
    );
  });

  it('does not escalate the office that reports between the deadline and the hard deadline', () => {
    const c = mails.filter((m) => m.obligation.startsWith('monthly-report:') && m.to.startsWith('c.'));
    expect(c.some((m) => m.step === 'overdue')).toBe(true);
    expect(c.some((m) => m.step.startsWith('escalation'))).toBe(false);
    expect(
      mails.filter(
        (m) => m.obligation.startsWith('monthly-report:') && m.to === BUREAU_EMAIL && m.subject.includes('C市场监管所'),
      ),
    ).toEqual([]);
  });

  it('writes to an English-speaking office in English, saying what is due, by when and what happens if late', () => {
    const reminder = mails.find(
      (m) => m.to === 'c.contact@office.test' && m.obligation === 'monthly-report:2024-03' && m.step === 'reminder-3wd',
    );
    expect(reminder?.subject).toMatch(
      /^\[Reminder\] .* due by 2 April 2024; late items are escalated to the county bureau$/,
    );
  });

  it('climbs one level when a manual escalation is not acknowledged by its date, and mails the climb on the next working morning', async () => {
    const notices = mails.filter(
      (m) => m.obligation === `escalation:${escalationIds.B}` && m.to === 'b.head@office.test',
    );
    // Raised by hand on 2024-06-10 (mailed at once), climbed at 00:00 on Saturday 2024-06-15, mailed on Monday.
    expect(notices.map((m) => [m.step, m.date])).toEqual([
      ['escalation-level-1', '2024-06-10'],
      ['escalation-level-2', '2024-06-17'],
      ['escalation-level-3', expect.any(String)],
    ]);
    expect(notices[0]!.subject).toContain('【督办提醒】');
    expect(notices[1]!.subject).toContain('【约谈】');
    const record = await db.prisma.escalation.findUniqueOrThrow({
      where: { id: escalationIds.B! },
      include: { events: true },
    });
    expect(record.status).toBe('unacknowledged');
    expect(record.events.map((e) => e.kind).sort()).toEqual(['climbed', 'climbed', 'raised', 'unacknowledged']);
  });

  it('stops an escalation once the office head acknowledges it', async () => {
    const notices = mails.filter(
      (m) => m.obligation === `escalation:${escalationIds.C}` && m.to === 'c.head@office.test',
    );
    expect(notices.map((m) => m.step)).toEqual(['escalation-level-1']);
    const record = await db.prisma.escalation.findUniqueOrThrow({ where: { id: escalationIds.C! } });
    expect(record).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'C 所长', level: 1 });
  });

  it('escalates automatically past the hard deadline and climbs while nobody acknowledges', async () => {
    const automatic = await db.prisma.escalation.findMany({
      where: { officeId: seed.offices.B!.id, origin: 'automatic' },
    });
    expect(automatic.map((e) => e.obligationKey)).toEqual(
      expect.arrayContaining(['monthly-report:2024-03', 'phase:planning', 'year-end-summary:2024']),
    );
    expect(automatic.every((e) => e.status === 'unacknowledged' && e.level === 3)).toBe(true);
  });

  it('lists exactly the enterprises still unsigned in the commitment digest, one mail per office and step', () => {
    const digest = (office: string, step: string) =>
      mails.filter(
        (m) => m.obligation === 'enterprise-commitment' && m.step === step && m.to === `${office}.contact@office.test`,
      );
    expect(digest('a', 'reminder-3wd')).toHaveLength(1);
    const onMarch12 = digest('a', 'reminder-3wd')[0]!;
    expect(onMarch12.date).toBe('2024-03-12');
    expect(onMarch12.text).toMatch(/A3/);
    expect(onMarch12.text).toMatch(/A4/);
    expect(onMarch12.text).not.toMatch(/A1|A2/);
    const onMarch14 = digest('a', 'reminder-1wd')[0]!;
    expect(onMarch14.date).toBe('2024-03-14');
    expect(onMarch14.text).toMatch(/A3/);
    expect(onMarch14.text).not.toMatch(/A1|A2|A4/);
    expect(onMarch14.subject).toMatch(/^【提醒】辖区1家企业尚未完成.+，请于2024年3月15日前督促完成，逾期将报县局督办$/);
    const c = digest('c', 'reminder-1wd')[0]!;
    expect(c.text).toMatch(/C2/);
    expect(c.text).toMatch(/C3/);
    expect(c.text).not.toMatch(/C1/);
  });

  it("turns an enterprise's committed self-assessment date into its own obligation", () => {
    const own = mails.filter(
      (m) => m.obligation === 'enterprise-self-assessment:2024-04-15' && m.to === 'a.contact@office.test',
    );
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((m) => /A1/.test(m.text) && !/A2|A3|A4/.test(m.text))).toBe(true);
    const defaults = mails.filter(
      (m) => m.obligation === 'enterprise-self-assessment:2024-04-30' && m.to === 'a.contact@office.test',
    );
    expect(defaults.length).toBeGreaterThan(0);
    expect(defaults.every((m) => !/A1/.test(m.text) && /A2/.test(m.text))).toBe(true);
  });

  it("links every mail to the page where its recipient acts, in the recipient's language, beside an HTML part", () => {
    const c = seed.campaignId;
    const one = (to: string, obligation: string, step: string) => {
      const found = mails.find((m) => m.to === to && m.obligation === obligation && m.step === step);
      if (!found) throw new Error(`no ${step} of ${obligation} to ${to}`);
      return found;
    };
    const A = seed.offices.A!.id;
    const C = seed.offices.C!.id;
    const report = one('a.contact@office.test', 'monthly-report:2024-03', 'reminder-3wd');
    const reportPage = `${TEST_PUBLIC_URL}/app/report?campaign=${c}&office=${A}&period=2024-03`;
    expect(report.text).toContain(`办理入口：${reportPage}`);
    expect(report.html).toContain(`href="${reportPage.replaceAll('&', '&amp;')}"`);
    const digest = one('c.contact@office.test', 'enterprise-commitment', 'reminder-1wd');
    expect(digest.text).toContain(
      `Do it here: ${TEST_PUBLIC_URL}/app/enterprises?campaign=${c}&office=${C}&open=1&lang=en`,
    );
    const toBureau = one(BUREAU_EMAIL, 'monthly-report:2024-03', 'escalation');
    expect(toBureau.text).toContain(`/app/office?campaign=${c}&office=${seed.offices.B!.id}`);
    const notice = mails.find((m) => m.obligation === `escalation:${escalationIds.C}` && m.to === 'c.head@office.test');
    expect(notice?.text).toContain(`/app/escalation?campaign=${c}&office=${C}&id=${escalationIds.C}&lang=en`);
    // Every mail has an HTML part that says what the text says, its link as a button.
    for (const mail of mails) {
      expect(mail.html, mail.subject).toMatch(/^<!doctype html>/);
      const link = /(?:办理入口：|Do it here: )(\S+)/.exec(mail.text)?.[1];
      if (link) expect(mail.html).toContain(link.replaceAll('&', '&amp;'));
    }
  });

  it('answers the phase query with the phase each date falls in', () => {
    expect(phaseAnswers).toEqual({
      '2024-03-01': 'planning',
      '2024-04-10': 'self-assessment',
      '2024-06-01': 'guidance',
      '2024-10-15': 'enforcement',
      '2024-12-15': 'summary',
      '2025-01-05': 'finished',
    });
  });

  it('never sends the same mail twice and sends reminders on working days only', () => {
    const keys = catcher.messages().map((m) => m.headers['x-campaign-key']);
    expect(new Set(keys).size).toBe(keys.length);
    const calendar = createWorkingDayCalendar();
    const offDays = mails.filter((m) => m.step.startsWith('reminder-') && !calendar.isWorkingDay(m.date));
    expect(offDays).toEqual([]);
  });
});
