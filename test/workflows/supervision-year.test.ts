import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateFor } from '../../domain/index.js';
import { planGuidanceVisit } from '../../app/supervision/plan-guidance-visit.js';
import { rectifyHazard } from '../../app/supervision/rectify-hazard.js';
import { recordAssessment } from '../../app/supervision/record-assessment.js';
import { recordGuidanceVisit } from '../../app/supervision/record-guidance-visit.js';
import { recordInspection } from '../../app/supervision/record-inspection.js';
import { reportHazardProgress } from '../../app/supervision/report-hazard-progress.js';
import type { SupervisionDeps } from '../../app/supervision/supervision-records.js';
import { verifyHazard } from '../../app/supervision/verify-hazard.js';
import { advanceTo, BUREAU_EMAIL, facts, local, seedCampaign, type MailFact, type Seed } from '../support/campaign.js';
import { startHarness, type Harness } from '../support/harness.js';

const TASK_QUEUE = 'supervision-year-test';
const CONTACT = 'a.contact@office.test';
const HEAD = 'a.head@office.test';

/**
 * Phases 3 and 4 of the 2024 campaign on the time-skipping server, with the documented supervision defaults
 * (inspections May–November; red monthly, orange every two months, blue twice a year while standardization is in
 * progress). Office A supervises R1 (assessed red), R2 (assessed orange) and B1 (blue, re-assessed red on 15 August).
 * R1 is inspected in May, July, September and November, never in June, August or October; R2 and B1 never.
 * The May inspection of R1 finds a hazard to be rectified by 14 June (never rectified) and a major hazard (listed,
 * progress reported on 10 June, rectified on 25 July, verified by the bureau on 20 August). A guidance visit to R1
 * is planned for 12 June and recorded on 11 June; R2, a key enterprise, is never visited.
 */
describe('phases 3 and 4: inspections, hazards, listed supervision and guidance over the year', () => {
  let h: Harness;
  let seed: Seed;
  let mails: MailFact[];
  let majorHazardId: string;
  let minorHazardId: string;
  let steps: { obligationKey: string; stepKey: string; outcome: string }[];
  let escalations: { obligationKey: string | null }[];

  /** The ladder's digests of an obligation (not the notices its escalation workflow sends as it climbs). */
  const of = (prefix: string) =>
    mails.filter((m) => m.obligation.startsWith(prefix) && !m.step.startsWith('escalation-level'));
  const naming = (code: string) => (m: MailFact) => m.text.includes(`（${code}）`);

  beforeAll(async () => {
    h = await startHarness({ taskQueue: TASK_QUEUE, startAt: '2024-05-01T00:00:00Z' });
    const { env, db } = h;
    seed = await seedCampaign(db.prisma, {
      offices: { A: 'zh-CN' },
      enterprises: { R1: 'A', R2: 'A', B1: 'A' },
      template: templateFor(2024, { supervision: {} }),
    });
    let nowMs = local('2024-05-01T08:00');
    const deps: SupervisionDeps = { db: db.prisma, client: env.client, now: () => nowMs };
    const staff = { by: 'a-staff', ownOfficeId: seed.offices.A!.id };
    const bureau = { by: 'bureau' };
    const at = async (wallTime: string) => {
      nowMs = local(wallTime);
      await advanceTo(env, nowMs);
    };
    const { campaignId } = seed;
    const enterprise = (code: string) => seed.enterprises[code]!.id;
    const inspect = (
      code: string,
      day: string,
      hazards: { description: string; major: boolean; rectifyBy: string }[] = [],
    ) =>
      recordInspection(
        deps,
        { campaignId, enterpriseId: enterprise(code), inspectedOn: day, inspectors: ['张三', '李四'], hazards },
        staff,
      );

    const worker = await h.createWorker();
    await worker.runUntil(async () => {
      await h.startCampaign(campaignId);
      await at('2024-05-01T10:00');
      for (const [code, colour] of [
        ['R1', 'red'],
        ['R2', 'orange'],
      ] as const) {
        await recordAssessment(
          deps,
          {
            campaignId,
            enterpriseId: enterprise(code),
            colour,
            standardization: 'in-progress',
            assessedOn: '2024-04-30',
          },
          staff,
        );
      }
      await at('2024-05-20T15:00');
      const found = await inspect('R1', '2024-05-20', [
        { description: '压力容器安全阀未定期校验', major: false, rectifyBy: '2024-06-14' },
        { description: '焊接车间动火作业无审批', major: true, rectifyBy: '2024-07-31' },
      ]);
      minorHazardId = found.hazards[0]!.id;
      majorHazardId = found.hazards[1]!.id;
      const visit = await planGuidanceVisit(
        deps,
        {
          campaignId,
          enterpriseId: enterprise('R1'),
          plannedFor: '2024-06-12',
          team: '县局帮扶组',
          topics: ['three-lists', 'five-s'],
        },
        staff,
      );
      await at('2024-06-10T15:00');
      await reportHazardProgress(
        deps,
        { campaignId, hazardId: majorHazardId, reportedOn: '2024-06-10', note: '已停止动火作业，正在补办审批' },
        staff,
      );
      await at('2024-06-11T12:00');
      await recordGuidanceVisit(
        deps,
        {
          campaignId,
          visitId: visit.id,
          visitedOn: '2024-06-11',
          team: '县局帮扶组',
          findings: '三张清单已建立',
          topics: ['three-lists'],
        },
        staff,
      );
      await at('2024-07-10T10:00');
      await inspect('R1', '2024-07-10');
      await at('2024-07-25T10:00');
      await rectifyHazard(deps, { campaignId, hazardId: majorHazardId, rectifiedOn: '2024-07-25' }, staff);
      await at('2024-08-15T10:00');
      await recordAssessment(
        deps,
        {
          campaignId,
          enterpriseId: enterprise('B1'),
          colour: 'red',
          standardization: 'in-progress',
          assessedOn: '2024-08-15',
        },
        staff,
      );
      await at('2024-08-20T10:00');
      await verifyHazard(deps, { campaignId, hazardId: majorHazardId, verifiedOn: '2024-08-20' }, bureau);
      await at('2024-09-05T10:00');
      await inspect('R1', '2024-09-05');
      await at('2024-11-05T10:00');
      await inspect('R1', '2024-11-05');
      await at('2024-12-15T12:00');
    });
    mails = facts(h.catcher.messages());
    steps = await db.prisma.stepRun.findMany({
      where: { campaignId },
      select: { obligationKey: true, stepKey: true, outcome: true },
    });
    escalations = await db.prisma.escalation.findMany({ where: { campaignId }, select: { obligationKey: true } });
  }, 600_000);

  afterAll(async () => {
    await h?.dispose();
  });

  it('a red enterprise owes an inspection every month: it is chased for exactly the months it was not inspected', () => {
    const chased = new Set(
      of('inspection:')
        .filter(naming('R1'))
        .map((m) => m.obligation),
    );
    expect([...chased].sort()).toEqual(['inspection:2024-06-30', 'inspection:2024-08-31', 'inspection:2024-10-31']);
  });

  it('an uninspected month runs the whole ladder: reminders to the contact, overdue to contact and head, escalation to the bureau, which raises an escalation', () => {
    const june = of('inspection:2024-06-30');
    const to = (kind: string) =>
      june
        .filter((m) => m.step.startsWith(kind))
        .map((m) => m.to)
        .sort();
    expect(to('reminder').length).toBeGreaterThan(0);
    expect(new Set(to('reminder'))).toEqual(new Set([CONTACT]));
    expect(to('overdue')).toEqual([CONTACT, HEAD].sort());
    expect(to('escalation')).toEqual([BUREAU_EMAIL]);
    expect(escalations.map((e) => e.obligationKey)).toContain('inspection:2024-06-30');
  });

  it("the escalation's first notice goes out the morning it is raised, not a working day later (it is raised at the send time)", () => {
    const june = mails.filter((m) => m.obligation === 'inspection:2024-06-30');
    const toBureau = june.find((m) => m.step === 'escalation');
    const notice = june.find((m) => m.step.startsWith('escalation-level'));
    expect(toBureau?.date).toBe('2024-07-03');
    expect(notice?.date).toBe(toBureau?.date);
  });

  it('an orange enterprise in progress owes an inspection every two months; the last cycle ends with the plan in November', () => {
    const chased = new Set(
      of('inspection:')
        .filter(naming('R2'))
        .map((m) => m.obligation),
    );
    expect([...chased].sort()).toEqual([
      'inspection:2024-06-30',
      'inspection:2024-08-31',
      'inspection:2024-10-31',
      'inspection:2024-11-30',
    ]);
  });

  it('a re-assessment from blue to red brings the next inspection forward to the end of that month', () => {
    const chased = [
      ...new Set(
        of('inspection:')
          .filter(naming('B1'))
          .map((m) => m.obligation),
      ),
    ].sort();
    expect(chased).toEqual([
      'inspection:2024-08-31',
      'inspection:2024-09-30',
      'inspection:2024-10-31',
      'inspection:2024-11-30',
    ]);
  });

  it('a hazard not rectified by its deadline is escalated to the bureau', () => {
    const ladder = of('hazard:2024-06-14');
    expect(ladder.some((m) => m.step === 'escalation' && m.to === BUREAU_EMAIL)).toBe(true);
    expect(ladder.every((m) => m.text.includes('压力容器安全阀未定期校验'))).toBe(true);
    expect(escalations.map((e) => e.obligationKey)).toContain('hazard:2024-06-14');
    expect(minorHazardId).toBeTruthy();
  });

  it('a major hazard is told to the bureau at once, and its listed supervision runs until the bureau verifies it', () => {
    const listed = of(`major-hazard:${majorHazardId}`);
    const listing = listed.filter((m) => m.step === 'listed');
    expect(listing.map((m) => [m.to, m.date])).toEqual([[BUREAU_EMAIL, '2024-05-20']]);
    const progress = listed.filter((m) => m.step.startsWith('progress-'));
    // Progress is asked of the office until the rectification, then the bureau is asked to verify.
    expect(progress.filter((m) => m.date < '2024-07-25').every((m) => m.to === CONTACT)).toBe(true);
    expect(progress.filter((m) => m.date > '2024-07-25').every((m) => m.to === BUREAU_EMAIL)).toBe(true);
    expect(progress.some((m) => m.date > '2024-07-25' && m.subject.includes('销号'))).toBe(true);
    expect(listed.filter((m) => m.date > '2024-08-20')).toEqual([]);
    // The progress reported on 10 June answers the next cadence step: nothing is asked then.
    const skipped = steps.filter(
      (s) => s.obligationKey === `major-hazard:${majorHazardId}` && s.outcome === 'skipped-closed',
    );
    expect(skipped.length).toBe(1);
  });

  it('reminders of a planned guidance visit stop once it is recorded', () => {
    const visit = of('guidance-visit:2024-06-12');
    expect(visit.filter((m) => m.step.startsWith('reminder')).length).toBeGreaterThan(0);
    expect(visit.filter((m) => m.date >= '2024-06-12')).toEqual([]);
  });

  it('a key enterprise without a guidance visit is chased as the guidance phase ends, and escalated', () => {
    const coverage = of('guidance-coverage');
    expect(coverage.length).toBeGreaterThan(0);
    expect(coverage.every(naming('R2'))).toBe(true);
    expect(coverage.some(naming('R1'))).toBe(false);
    expect(coverage.some((m) => m.step === 'escalation' && m.to === BUREAU_EMAIL)).toBe(true);
  });

  it('no supervision mail is sent twice', () => {
    const keys = mails.map((m) => `${m.obligation}|${m.step}|${m.to}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
