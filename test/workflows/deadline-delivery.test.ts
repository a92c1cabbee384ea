import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { templateFor } from '../../domain/index.js';
import { asJson } from '../../infra/json.js';
import type { CaughtMail } from '../../dev/mail-catcher.js';
import { startEscalation } from '../../app/escalations/start-escalation.js';
import { closeOfficeObligation } from '../../app/obligations/close-office-obligation.js';
import { loadPlan } from '../../app/campaigns/plan-store.js';
import { officeObligationStatus } from '../../app/status/obligation-status.js';
import { advanceTo, BUREAU_EMAIL, local, seedCampaign, type Seed } from '../support/campaign.js';
import { startHarness, type Harness } from '../support/harness.js';

const TASK_QUEUE = 'deadline-delivery-test';
const JULY = 'monthly-report:2024-07';
const MINUTE = 60_000;

/** A received mail reduced to what these tests read. */
interface Received {
  key: string;
  to: string;
  step: string;
  /** X-Campaign-Step-At: the instant the mail was planned to go out. */
  plannedFor: string;
}

/**
 * Deadline notices recorded at their instant and mailed at the send time of the next working day, on the real
 * time-skipping server with the product's workflows and activities. The July 2024 report is due on Friday
 * 2024-08-02: overdue from Saturday 00:00, escalated at Sunday 00:00 (end of its hard deadline, the 3rd). Office A
 * never reports it; office B reports it on Saturday at 10:00, after the deadline and before Monday's send time. A
 * second campaign over the same offices chose immediate delivery. The bureau escalates B by hand on 2024-09-10,
 * to acknowledge by the end of Saturday 2024-09-14 (a 调休 working day): it climbs at 00:00 on 2024-09-15, the
 * first day of the Mid-autumn holiday (09-15..17).
 */
describe('deadline notices: recorded at the deadline, mailed at the next send time', () => {
  let h: Harness;
  let seed: Seed;
  let immediateId = '';
  let manualEscalationId = '';
  const seen: Record<string, Received[]> = {};
  const recorded: Record<string, unknown> = {};

  const received = (campaignId: string): Received[] =>
    h.catcher.messages().flatMap((m: CaughtMail) => {
      const key = m.headers['x-campaign-key'] ?? '';
      if (!key.startsWith(`${campaignId}/`)) return [];
      return [
        {
          key,
          to: m.envelopeTo.join(','),
          step: m.headers['x-campaign-step'] ?? '',
          plannedFor: m.headers['x-campaign-step-at'] ?? '',
        },
      ];
    });
  const july = (campaignId: string, officeCode: string) =>
    received(campaignId).filter((m) => m.key.startsWith(`${campaignId}/${seed.offices[officeCode]!.id}/${JULY}/`));
  const stepRun = (campaignId: string, officeCode: string, stepKey: string) =>
    h.db.prisma.stepRun.findUnique({
      where: {
        campaignId_officeId_obligationKey_stepKey: {
          campaignId,
          officeId: seed.offices[officeCode]!.id,
          obligationKey: JULY,
          stepKey,
        },
      },
    });

  beforeAll(async () => {
    h = await startHarness({ taskQueue: TASK_QUEUE, startAt: '2024-07-29T02:00:00Z' }); // Monday 10:00 in Anxi
    const { env, db } = h;
    seed = await seedCampaign(db.prisma, { offices: { A: 'zh-CN', B: 'zh-CN' }, enterprises: {} });
    const immediate = await db.prisma.campaign.create({
      data: {
        name: '2024年固本强基（即时送达）',
        year: 2024,
        bureauEmail: BUREAU_EMAIL,
        template: asJson(templateFor(2024, { ladder: { deadlineNoticeDelivery: 'immediate' } })),
      },
    });
    immediateId = immediate.id;
    const { campaignId } = seed;
    const deps = { db: db.prisma, client: env.client };
    const worker = await h.createWorker();
    await worker.runUntil(async () => {
      await h.startCampaign(campaignId);
      await h.startCampaign(immediateId);

      // Saturday 00:01: the overdue step has run in both campaigns.
      await advanceTo(env, local('2024-08-03T00:01'));
      recorded.overdueA = await vi.waitFor(
        async () => (await stepRun(campaignId, 'A', 'overdue')) ?? Promise.reject(new Error('not yet')),
        { timeout: 20_000, interval: 200 },
      );
      const loaded = await loadPlan(db.prisma, campaignId);
      recorded.stateA = officeObligationStatus(loaded, [], local('2024-08-03T00:01')).find((o) => o.key === JULY);
      await h.catcher.waitFor(() => july(immediateId, 'A').filter((m) => m.step === 'overdue').length >= 2, 20_000);
      seen.saturdayMidnight = [...received(campaignId), ...received(immediateId)];

      // B reports on Saturday morning, after its deadline and before the overdue notice is delivered.
      await advanceTo(env, local('2024-08-03T10:00'));
      await closeOfficeObligation(deps, {
        campaignId,
        officeId: seed.offices.B!.id,
        obligationKey: JULY,
        at: new Date(local('2024-08-03T10:00')),
      });

      // Sunday 00:01: A's hard deadline has passed; the escalation is raised.
      await advanceTo(env, local('2024-08-04T00:01'));
      recorded.escalationA = await vi.waitFor(
        async () =>
          (await db.prisma.escalation.findFirst({
            where: { campaignId, officeId: seed.offices.A!.id, obligationKey: JULY },
            include: { events: true },
          })) ?? Promise.reject(new Error('not yet')),
        { timeout: 20_000, interval: 200 },
      );
      recorded.escalationStepA = await stepRun(campaignId, 'A', 'escalation');

      await advanceTo(env, local('2024-08-05T08:59'));
      seen.mondayBefore = received(campaignId);
      await advanceTo(env, local('2024-08-05T09:01'));
      // A's overdue notice (contact, head), its escalation step's mail to the bureau and the level-1 notice (head,
      // bureau): five mails planned for Monday 09:00.
      const mondayNine = new Date(local('2024-08-05T09:00')).toISOString();
      await h.catcher.waitFor(
        () => received(campaignId).filter((m) => m.plannedFor === mondayNine).length >= 5,
        20_000,
      );
      seen.mondayAfter = received(campaignId);
      recorded.overdueB = await vi.waitFor(
        async () => {
          const run = await stepRun(campaignId, 'B', 'overdue');
          return (run?.detail as { deliveredAt?: string } | null)?.deliveredAt
            ? run
            : Promise.reject(new Error('not yet'));
        },
        { timeout: 20_000, interval: 200 },
      );

      // The bureau escalates B by hand: its first notice at once, its climb at the holiday midnight.
      await advanceTo(env, local('2024-09-10T12:00'));
      const manual = await startEscalation(
        { db: db.prisma, temporal: { client: env.client, taskQueue: TASK_QUEUE } },
        {
          campaignId,
          officeId: seed.offices.B!.id,
          origin: 'manual',
          level: 1,
          escalationKey: 'manual-2024-09-10',
          reason: '8月工作月报质量不达标',
          raisedAtMs: local('2024-09-10T12:00'),
          ackByMs: local('2024-09-15T00:00'),
        },
      );
      manualEscalationId = manual.escalationId;
      await advanceTo(env, local('2024-09-10T12:01'));
      await h.catcher.waitFor((m) => m.some((x) => (x.headers['x-campaign-key'] ?? '').includes(manualEscalationId)));
      await advanceTo(env, local('2024-09-15T00:01'));
      recorded.climbed = await vi.waitFor(
        async () => {
          const e = await db.prisma.escalation.findUniqueOrThrow({
            where: { id: manualEscalationId },
            include: { events: true },
          });
          return e.level === 2 ? e : Promise.reject(new Error('not yet'));
        },
        { timeout: 20_000, interval: 200 },
      );
      await advanceTo(env, local('2024-09-18T08:59'));
      seen.beforeHolidayDelivery = received(campaignId).filter((m) => m.key.includes(manualEscalationId));
      await advanceTo(env, local('2024-09-18T09:01'));
      await h.catcher.waitFor(
        (m) =>
          m.filter((x) => (x.headers['x-campaign-key'] ?? '').includes(`${manualEscalationId}/level-2/`)).length >= 2,
        20_000,
      );
      seen.afterHolidayDelivery = received(campaignId).filter((m) => m.key.includes(manualEscalationId));
    });
  }, 600_000);

  afterAll(async () => {
    await h?.dispose();
  });

  it('records the overdue notice of a Friday-due report at Saturday 00:00 and mails it on Monday at 09:00', () => {
    const run = recorded.overdueA as { scheduledAt: Date; outcome: string; detail: { deliverAt?: string } };
    expect(run.scheduledAt.toISOString()).toBe(new Date(local('2024-08-03T00:00')).toISOString());
    expect(run.outcome).toBe('deferred');
    expect(run.detail.deliverAt).toBe(new Date(local('2024-08-05T09:00')).toISOString());
    // What the board and the API show changes at the instant: the report is overdue from Saturday 00:00.
    expect(recorded.stateA).toMatchObject({ key: JULY, state: 'overdue' });
    // Nothing on Saturday, Sunday or Monday before 09:00; on Monday at 09:00 the contact and the head.
    const overdueOfA = (m: Received) => m.step === 'overdue' && m.key.includes(`/${seed.offices.A!.id}/${JULY}/`);
    expect(seen.saturdayMidnight!.filter((m) => m.key.startsWith(`${seed.campaignId}/`) && overdueOfA(m))).toEqual([]);
    expect(seen.mondayBefore!.filter(overdueOfA)).toEqual([]);
    expect(
      seen
        .mondayAfter!.filter(overdueOfA)
        .map((m) => [m.to, m.plannedFor])
        .sort(),
    ).toEqual([
      ['a.contact@office.test', '2024-08-05T01:00:00.000Z'],
      ['a.head@office.test', '2024-08-05T01:00:00.000Z'],
    ]);
  });

  it('mails the overdue notice at Saturday 00:00 in a campaign that chose immediate delivery', () => {
    const immediate = seen.saturdayMidnight!.filter((m) =>
      m.key.startsWith(`${immediateId}/${seed.offices.A!.id}/${JULY}/overdue/`),
    );
    expect(immediate.map((m) => [m.to, m.plannedFor]).sort()).toEqual([
      ['a.contact@office.test', '2024-08-02T16:00:00.000Z'],
      ['a.head@office.test', '2024-08-02T16:00:00.000Z'],
    ]);
  });

  it('raises the escalation at Sunday 00:00 and mails the bureau and the office head on Monday at 09:00', () => {
    const escalation = recorded.escalationA as { origin: string; level: number; events: { kind: string; at: Date }[] };
    expect(escalation).toMatchObject({ origin: 'automatic', level: 1 });
    const raised = escalation.events.find((e) => e.kind === 'raised')!.at.getTime();
    expect(raised).toBeGreaterThanOrEqual(local('2024-08-04T00:00'));
    expect(raised).toBeLessThan(local('2024-08-04T00:00') + MINUTE);
    expect(recorded.escalationStepA).toMatchObject({ outcome: 'escalated' });
    // No escalation mail of the campaign before Monday 09:00.
    expect(seen.mondayBefore!.filter((m) => m.step.startsWith('escalation'))).toEqual([]);
    const monday = seen.mondayAfter!.filter(
      (m) =>
        (m.step === 'escalation' && m.key.includes(`/${seed.offices.A!.id}/${JULY}/`)) ||
        (m.step === 'escalation-level-1' && m.key.startsWith(`${seed.campaignId}/escalation/`)),
    );
    expect(monday.map((m) => [m.step, m.to, m.plannedFor]).sort()).toEqual([
      ['escalation', BUREAU_EMAIL, '2024-08-05T01:00:00.000Z'],
      ['escalation-level-1', 'a.head@office.test', '2024-08-05T01:00:00.000Z'],
      ['escalation-level-1', BUREAU_EMAIL, '2024-08-05T01:00:00.000Z'],
    ]);
  });

  it('does not mail the overdue notice of a report that arrived between the deadline and the delivery time', () => {
    expect(july(seed.campaignId, 'B').filter((m) => m.step === 'overdue')).toEqual([]);
    const run = recorded.overdueB as { outcome: string; detail: { deliverAt?: string; deliveredAt?: string } };
    expect(run.outcome).toBe('skipped-closed');
    expect(run.detail.deliveredAt).toBe(new Date(local('2024-08-05T09:00')).toISOString());
    // Reported before its hard deadline: no escalation either.
    expect(july(seed.campaignId, 'B').filter((m) => m.step.startsWith('escalation'))).toEqual([]);
  });

  it('climbs an escalation at a holiday midnight and mails the new level on the next working day', () => {
    const climbed = recorded.climbed as { level: number; events: { kind: string; level: number; at: Date }[] };
    const climb = climbed.events.find((e) => e.kind === 'climbed')!;
    expect(climb.level).toBe(2);
    expect(climb.at.getTime()).toBeGreaterThanOrEqual(local('2024-09-15T00:00'));
    expect(climb.at.getTime()).toBeLessThan(local('2024-09-15T00:00') + MINUTE);
    // The bureau's own escalation went out as it was raised (12:00 on 2024-09-10); the climb waited for Wednesday.
    expect(seen.beforeHolidayDelivery!.map((m) => [m.step, m.to]).sort()).toEqual([
      ['escalation-level-1', 'b.head@office.test'],
      ['escalation-level-1', BUREAU_EMAIL],
    ]);
    for (const m of seen.beforeHolidayDelivery!) {
      expect(Date.parse(m.plannedFor)).toBeGreaterThanOrEqual(local('2024-09-10T12:00'));
      expect(Date.parse(m.plannedFor)).toBeLessThan(local('2024-09-10T12:00') + MINUTE);
    }
    expect(
      seen
        .afterHolidayDelivery!.filter((m) => m.step === 'escalation-level-2')
        .map((m) => [m.to, m.plannedFor])
        .sort(),
    ).toEqual([
      ['b.head@office.test', '2024-09-18T01:00:00.000Z'],
      [BUREAU_EMAIL, '2024-09-18T01:00:00.000Z'],
    ]);
  });
});
