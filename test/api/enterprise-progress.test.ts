import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

/** During the planning phase (commitments and plans due 2024-03-15), then at the end of the self-assessment phase. */
const PLANNING = Date.parse('2024-03-10T12:00:00+08:00');
const SELF_ASSESSMENT = Date.parse('2024-04-29T12:00:00+08:00');

interface Row {
  id: string;
  code: string;
  state: string;
  commitmentComplete: boolean;
  selfAssessmentDueDate: string;
  owing: { kind: string; dueDate: string; overdue: boolean }[];
  open: boolean;
  progress: Record<string, string | null>;
}
interface Answer {
  campaignId: string;
  officeId: string;
  asOf: string;
  timeZone: string;
  commitmentDueDate: string;
  planDueDate: string;
  selfAssessmentDueDate: string;
  counts: Record<string, number>;
  enterprises: Row[];
}

const EMPTY = {
  noticeServedAt: null,
  noticeServedBy: null,
  signedAt: null,
  signatory: null,
  committedSelfAssessmentDate: null,
  copyArchiveAt: null,
  copyNoticeBoardAt: null,
  copyTownshipAt: null,
  copyCountyAt: null,
  planSubmittedAt: null,
  selfAssessmentSubmittedAt: null,
};

describe("GET /campaigns/:id/offices/:officeId/enterprise-progress: an office's enterprise register", () => {
  let api: BuiltTestApp;
  let seed: Seed;
  let now = PLANNING;
  const tokens = {} as { staffA: string; viewer: string };

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub', clock: () => now });
    seed = await seedCampaign(api.db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN' },
      enterprises: { A2: 'A', A1: 'A', A3: 'A', B1: 'B' },
    });
    tokens.staffA = (
      await createToken(api.db.prisma, { name: 'A staff', role: 'office-staff', officeId: seed.offices.A!.id })
    ).token;
    tokens.viewer = (await createToken(api.db.prisma, { name: 'viewer', role: 'viewer' })).token;
    const put = async (code: string, body: Record<string, string>) => {
      const response = await api.call({
        method: 'PUT',
        url: `/campaigns/${seed.campaignId}/enterprises/${seed.enterprises[code]!.id}/progress`,
        payload: body,
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    // A1: the whole commitment, its plan and its own self-assessment date; A2: the notice only; A3: nothing.
    await put('A1', {
      noticeServedAt: '2024-03-01T00:00:00+08:00',
      noticeServedBy: '王五',
      signedAt: '2024-03-04T00:00:00+08:00',
      signatory: '张三',
      committedSelfAssessmentDate: '2024-04-20',
      copyArchiveAt: '2024-03-05T00:00:00+08:00',
      copyNoticeBoardAt: '2024-03-05T00:00:00+08:00',
      copyTownshipAt: '2024-03-06T00:00:00+08:00',
      copyCountyAt: '2024-03-07T00:00:00+08:00',
      planSubmittedAt: '2024-03-08T00:00:00+08:00',
    });
    await put('A2', { noticeServedAt: '2024-03-02T00:00:00+08:00', noticeServedBy: '王五' });
  });

  afterAll(async () => {
    await api?.close();
  });

  const url = (officeCode: string, campaignId = seed.campaignId) =>
    `/campaigns/${campaignId}/offices/${seed.offices[officeCode]!.id}/enterprise-progress`;
  const get = async (path: string, token?: string) =>
    api.call({ method: 'GET', url: path, ...(token ? { token } : {}) });

  it('lists the enterprises by code with their recorded steps, commitment state, what each owes now and the counts', async () => {
    now = PLANNING;
    const response = await get(url('A'));
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json<Answer>();
    expect(answer).toEqual({
      campaignId: seed.campaignId,
      officeId: seed.offices.A!.id,
      asOf: new Date(PLANNING).toISOString(),
      timeZone: 'Asia/Shanghai',
      commitmentDueDate: '2024-03-15',
      planDueDate: '2024-03-15',
      selfAssessmentDueDate: '2024-04-30',
      counts: {
        total: 3,
        open: 2,
        noticesServed: 2,
        signed: 1,
        commitmentsComplete: 1,
        plansSubmitted: 1,
        selfAssessmentsSubmitted: 0,
      },
      enterprises: [
        {
          id: seed.enterprises.A1!.id,
          code: 'A1',
          name: 'A1特种设备制造有限公司',
          sizeClass: 'small-micro',
          riskColour: 'blue',
          state: 'committed',
          commitmentComplete: true,
          selfAssessmentDueDate: '2024-04-20',
          // The self-assessment's phase has not begun: nothing is owed now.
          owing: [],
          open: false,
          progress: {
            noticeServedAt: '2024-02-29T16:00:00.000Z',
            noticeServedBy: '王五',
            signedAt: '2024-03-03T16:00:00.000Z',
            signatory: '张三',
            committedSelfAssessmentDate: '2024-04-20',
            copyArchiveAt: '2024-03-04T16:00:00.000Z',
            copyNoticeBoardAt: '2024-03-04T16:00:00.000Z',
            copyTownshipAt: '2024-03-05T16:00:00.000Z',
            copyCountyAt: '2024-03-06T16:00:00.000Z',
            planSubmittedAt: '2024-03-07T16:00:00.000Z',
            selfAssessmentSubmittedAt: null,
          },
        },
        {
          id: seed.enterprises.A2!.id,
          code: 'A2',
          name: 'A2特种设备制造有限公司',
          sizeClass: 'small-micro',
          riskColour: 'blue',
          state: 'awaiting-signature',
          commitmentComplete: false,
          selfAssessmentDueDate: '2024-04-30',
          owing: [
            { kind: 'enterprise-commitment', dueDate: '2024-03-15', overdue: false },
            { kind: 'enterprise-plan', dueDate: '2024-03-15', overdue: false },
          ],
          open: true,
          progress: { ...EMPTY, noticeServedAt: '2024-03-01T16:00:00.000Z', noticeServedBy: '王五' },
        },
        {
          id: seed.enterprises.A3!.id,
          code: 'A3',
          name: 'A3特种设备制造有限公司',
          sizeClass: 'small-micro',
          riskColour: 'blue',
          state: 'awaiting-notice',
          commitmentComplete: false,
          selfAssessmentDueDate: '2024-04-30',
          owing: [
            { kind: 'enterprise-commitment', dueDate: '2024-03-15', overdue: false },
            { kind: 'enterprise-plan', dueDate: '2024-03-15', overdue: false },
          ],
          open: true,
          progress: EMPTY,
        },
      ],
    });
  });

  it('owes the self-assessment once its phase has begun, on the date each enterprise committed to; past due days are overdue', async () => {
    now = SELF_ASSESSMENT;
    const answer = (await get(url('A'))).json<Answer>();
    const owing = Object.fromEntries(answer.enterprises.map((e) => [e.code, e.owing]));
    expect(owing).toEqual({
      A1: [{ kind: 'enterprise-self-assessment', dueDate: '2024-04-20', overdue: true }],
      A2: [
        { kind: 'enterprise-commitment', dueDate: '2024-03-15', overdue: true },
        { kind: 'enterprise-plan', dueDate: '2024-03-15', overdue: true },
        { kind: 'enterprise-self-assessment', dueDate: '2024-04-30', overdue: false },
      ],
      A3: [
        { kind: 'enterprise-commitment', dueDate: '2024-03-15', overdue: true },
        { kind: 'enterprise-plan', dueDate: '2024-03-15', overdue: true },
        { kind: 'enterprise-self-assessment', dueDate: '2024-04-30', overdue: false },
      ],
    });
    expect(answer.counts.open).toBe(3);
    now = PLANNING;
  });

  it('shows office staff their own office and refuses another office with 403, as the neighbouring routes do', async () => {
    const own = await get(url('A'), tokens.staffA);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json<Answer>().enterprises.map((e) => e.code)).toEqual(['A1', 'A2', 'A3']);
    const other = await get(url('B'), tokens.staffA);
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(other.body).not.toContain('B1');
    const status = await get(`/campaigns/${seed.campaignId}/offices/${seed.offices.B!.id}/status`, tokens.staffA);
    expect(status.statusCode).toBe(other.statusCode);
  });

  it('shows viewers and the bureau every office', async () => {
    for (const token of [tokens.viewer, undefined]) {
      const response = await get(url('B'), token);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<Answer>().enterprises.map((e) => e.code)).toEqual(['B1']);
    }
  });

  it('answers a missing campaign or office with 404, and no token with 401', async () => {
    const missingCampaign = await get(url('A', '00000000-0000-4000-8000-000000000000'));
    expect(missingCampaign.statusCode).toBe(404);
    const missingOffice = await get(
      `/campaigns/${seed.campaignId}/offices/00000000-0000-4000-8000-000000000000/enterprise-progress`,
    );
    expect(missingOffice.statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: url('A') })).statusCode).toBe(401);
  });
});
