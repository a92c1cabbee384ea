import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AssessmentView,
  EnforcementView,
  HazardView,
  InspectionWithHazards,
  ProgressView,
  SupervisionListView,
  VisitView,
} from '../../api/routes/supervision.schemas.js';
import { createToken } from '../../app/access/tokens.js';
import { defaultTemplate, mergeTemplate } from '../../domain/index.js';
import { loadConfig } from '../../infra/config.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { planChangedSignal, workflowIds } from '../../workflows/definitions.js';
import { testApp, type TestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/**
 * The supervision records of phases 3 and 4 (issue #17) through the API: risk assessments, guidance visits planned
 * and made, inspections with the hazards they found, self-reported hazards followed to their rectification and (when
 * major) the bureau's verification, enforcement actions, and an office's list of them all.
 */

/** The app's clock: a Wednesday in the enforcement phase of the 2024 campaign. */
const NOON = Date.parse('2024-06-12T12:00:00+08:00');
const TODAY = '2024-06-12';

/** The formats the response schemas use, as the API's own validator reads them. */
for (const [name, check] of [
  ['uuid', (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)],
  ['date', (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v)],
  ['date-time', (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v)],
] as const) {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
}

/** The answer matches the schema its route declares (every field, type and format). */
function conforms<T>(schema: TSchema, response: LightMyRequestResponse, status: number): T {
  expect(response.statusCode, response.body).toBe(status);
  const body: unknown = response.json();
  expect([...Value.Errors(schema, body)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
  return body as T;
}

interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** A refusal: problem+json with this status, naming exactly these fields. */
function refused(response: LightMyRequestResponse, status: number, paths: string[]): Problem {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<Problem>();
  expect(problem.status).toBe(status);
  expect([...new Set((problem.errors ?? []).map((e) => e.path))].sort()).toEqual([...paths].sort());
  return problem;
}

interface Hazard {
  id: string;
  officeId: string;
  enterpriseId: string;
  inspectionId: string | null;
  source: string;
  major: boolean;
  state: string;
  foundOn: string;
  rectifyBy: string;
  rectifiedOn: string | null;
  verifiedOn: string | null;
  verifiedBy: string | null;
  progress: { id: string; reportedOn: string; note: string }[];
}
interface Visit {
  id: string;
  enterpriseId: string;
  state: string;
  plannedFor: string | null;
  visitedOn: string | null;
  topics: string[];
}
interface Inspection {
  id: string;
  enterpriseId: string;
  inspectedOn: string;
  result: string;
  hazards: Hazard[];
}
interface Assessment {
  id: string;
  enterpriseId: string;
  colour: string;
  previousColour: string;
  standardization: string;
  previousStandardization: string;
  assessedOn: string;
}
interface Enforcement {
  id: string;
  kind: string;
  takenOn: string;
  fineYuan: number | null;
  persons: number | null;
}
interface SupervisionList {
  officeId: string;
  asOf: string;
  today: string;
  timeZone: string;
  guidanceVisits: Visit[];
  inspections: Omit<Inspection, 'hazards'>[];
  hazards: Hazard[];
  enforcementActions: Enforcement[];
  enterprises: {
    id: string;
    code: string;
    colour: string;
    standardization: string;
    assessments: Assessment[];
  }[];
}

/**
 * Temporal as the routes meet it: workflows that run take the signal, finished ones answer "not found" and
 * describe themselves as completed, any other is unknown to it.
 */
function fakeTemporal() {
  const states = new Map<string, 'running' | 'finished'>();
  const received: { workflowId: string; signal: string }[] = [];
  const notFound = (workflowId: string) => new WorkflowNotFoundError('workflow not found', workflowId, undefined);
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        signal: async (signal: { name: string } | string) => {
          if (states.get(workflowId) !== 'running') throw notFound(workflowId);
          received.push({ workflowId, signal: typeof signal === 'string' ? signal : signal.name });
        },
        describe: async () => {
          if (states.get(workflowId) === 'finished') return { status: { name: 'COMPLETED' } };
          throw notFound(workflowId);
        },
      }),
      start: () => Promise.reject(new Error('no workflow is started in this test')),
    },
  } as unknown as Client;
  return { client, states, received };
}

describe('supervision records (phases 3 and 4) through the API', () => {
  let db: TestDatabase;
  let mailer: Mailer;
  let api: TestApp;
  let seed: Seed;
  let now = NOON;
  const temporal = fakeTemporal();
  const tokens = { A: '', B: '', viewer: '' };

  const campaign = () => seed.campaignId;
  const office = (code: 'A' | 'B') => seed.offices[code]!.id;
  const enterprise = (code: string) => seed.enterprises[code]!.id;

  const post = (url: string, payload: object, token?: string) =>
    api.call({ method: 'POST', url: `/campaigns/${campaign()}${url}`, payload, ...(token ? { token } : {}) });
  const listOf = async (code: 'A' | 'B', token?: string): Promise<SupervisionList> => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${campaign()}/offices/${office(code)}/supervision`,
      ...(token ? { token } : {}),
    });
    return conforms<SupervisionList>(SupervisionListView, response, 200);
  };
  /** How many records of each kind the database holds: a refused request changes none. */
  const stored = async () => {
    const p = db.prisma;
    const [assessments, visits, made, inspections, hazards, rectified, verified, progress, actions] = await Promise.all(
      [
        p.riskAssessment.count(),
        p.guidanceVisit.count(),
        p.guidanceVisit.count({ where: { visitedOn: { not: null } } }),
        p.inspection.count(),
        p.hazard.count(),
        p.hazard.count({ where: { rectifiedOn: { not: null } } }),
        p.hazard.count({ where: { verifiedOn: { not: null } } }),
        p.hazardProgress.count(),
        p.enforcementAction.count(),
      ],
    );
    const register = await p.enterprise.findMany({
      select: { id: true, riskColour: true, standardization: true },
      orderBy: { id: 'asc' },
    });
    return { assessments, visits, made, inspections, hazards, rectified, verified, progress, actions, register };
  };

  const hazardBody = (code: string, more: Record<string, unknown> = {}) => ({
    enterpriseId: enterprise(code),
    foundOn: '2024-06-01',
    description: '压力容器安全阀未定期校验',
    major: false,
    rectifyBy: '2024-06-30',
    ...more,
  });
  const selfReported = async (code: string, more: Record<string, unknown> = {}, token?: string) =>
    conforms<Hazard>(HazardView, await post('/hazards', hazardBody(code, more), token), 201);
  const rectify = (hazardId: string, rectifiedOn: string, token?: string) =>
    post(`/hazards/${hazardId}/rectification`, { rectifiedOn, note: '已更换安全阀' }, token);
  const verify = (hazardId: string, verifiedOn: string, token?: string) =>
    post(`/hazards/${hazardId}/verification`, { verifiedOn }, token);

  beforeAll(async () => {
    db = await createTestDatabase();
    mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'bureau@test.local' });
    api = await testApp({ config: loadConfig({}), db, temporal: temporal.client, mailer, clock: () => now });
    seed = await seedCampaign(db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN' },
      enterprises: { A1: 'A', A2: 'A', A3: 'A', B1: 'B' },
      template: mergeTemplate(defaultTemplate(2024), { supervision: {} }),
    });
    for (const code of ['A', 'B'] as const) {
      tokens[code] = (
        await createToken(db.prisma, { name: `${code} 联络员`, role: 'office-staff', officeId: office(code) })
      ).token;
    }
    tokens.viewer = (await createToken(db.prisma, { name: 'viewer', role: 'viewer' })).token;
  });

  beforeEach(() => {
    now = NOON;
  });

  afterAll(async () => {
    await api?.app.close();
    mailer?.close();
    await db?.dispose();
  });

  describe('each record is stored, answered with its view, and listed', () => {
    it('an assessment answers 201 with its view; the register shows the latest by date, an earlier one joins the history with what held before it', async () => {
      const may = await post(`/enterprises/${enterprise('A1')}/assessments`, {
        colour: 'red',
        standardization: 'not-started',
        assessedOn: '2024-05-10',
        note: '整体评估：红色',
      });
      expect(conforms<Assessment>(AssessmentView, may, 201)).toMatchObject({
        enterpriseId: enterprise('A1'),
        colour: 'red',
        previousColour: 'blue',
        standardization: 'not-started',
        previousStandardization: 'in-progress',
        assessedOn: '2024-05-10',
      });
      // Recorded later, but holding from an earlier day: it goes before May's in the history.
      const april = await post(
        `/enterprises/${enterprise('A1')}/assessments`,
        { colour: 'orange', standardization: 'in-progress', assessedOn: '2024-04-01' },
        tokens.A,
      );
      expect(conforms<Assessment>(AssessmentView, april, 201)).toMatchObject({
        colour: 'orange',
        previousColour: 'blue',
        assessedOn: '2024-04-01',
      });

      const a1 = (await listOf('A')).enterprises.find((e) => e.id === enterprise('A1'))!;
      expect(a1).toMatchObject({ code: 'A1', colour: 'red', standardization: 'not-started' });
      expect(a1.assessments.map((a) => [a.assessedOn, a.previousColour, a.colour])).toEqual([
        ['2024-04-01', 'blue', 'orange'],
        ['2024-05-10', 'orange', 'red'],
      ]);
      expect(a1.assessments[1]!.previousStandardization).toBe('in-progress');
    });

    it('a planned guidance visit answers 201 as planned; recording it made answers 201 with the same visit made; one made without a plan is made at once', async () => {
      const planned = conforms<Visit>(
        VisitView,
        await post(
          '/guidance-visits',
          {
            enterpriseId: enterprise('A2'),
            plannedFor: '2024-06-20',
            team: '县局帮扶组',
            topics: ['three-types', 'five-s'],
          },
          tokens.A,
        ),
        201,
      );
      expect(planned).toMatchObject({ state: 'planned', plannedFor: '2024-06-20', visitedOn: null });

      now = Date.parse('2024-06-20T16:00:00+08:00');
      const made = conforms<Visit>(
        VisitView,
        await post(
          '/guidance-visits/records',
          {
            visitId: planned.id,
            visitedOn: '2024-06-20',
            team: '县局帮扶组',
            findings: '三类清单已建立',
            topics: ['three-lists'],
          },
          tokens.A,
        ),
        201,
      );
      expect(made).toMatchObject({ id: planned.id, state: 'made', plannedFor: '2024-06-20', visitedOn: '2024-06-20' });
      expect(made.topics).toEqual(['three-lists']);

      const unplanned = conforms<Visit>(
        VisitView,
        await post('/guidance-visits/records', {
          enterpriseId: enterprise('A3'),
          visitedOn: '2024-06-11',
          team: '所帮扶组',
          findings: '四色风险图已张贴',
          topics: ['four-colour', 'six-haves'],
        }),
        201,
      );
      expect(unplanned).toMatchObject({ state: 'made', plannedFor: null, visitedOn: '2024-06-11' });

      const visits = (await listOf('A')).guidanceVisits;
      expect(visits.map((v) => [v.id, v.state])).toEqual([
        [planned.id, 'made'],
        [unplanned.id, 'made'],
      ]);
    });

    it('a planned visit is recorded made once: a second record answers 409 and changes nothing', async () => {
      const planned = conforms<Visit>(
        VisitView,
        await post('/guidance-visits', {
          enterpriseId: enterprise('A1'),
          plannedFor: '2024-06-14',
          team: '县局帮扶组',
          topics: ['five-s'],
        }),
        201,
      );
      const record = { visitId: planned.id, visitedOn: '2024-06-12', team: '甲', findings: '好', topics: ['five-s'] };
      conforms<Visit>(VisitView, await post('/guidance-visits/records', record), 201);
      const before = await stored();
      const again = await post('/guidance-visits/records', { ...record, visitedOn: '2024-06-11' });
      expect(again.statusCode, again.body).toBe(409);
      expect(await stored()).toEqual(before);
      const listed = (await listOf('A')).guidanceVisits.find((v) => v.id === planned.id)!;
      expect(listed).toMatchObject({ state: 'made', visitedOn: '2024-06-12' });
    });

    it('an inspection answers 201 with the hazards it found, each open; one without hazards is compliant; both are listed', async () => {
      const inspection = conforms<Inspection>(
        InspectionWithHazards,
        await post(
          '/inspections',
          {
            enterpriseId: enterprise('A2'),
            inspectedOn: '2024-06-05',
            inspectors: ['张三', '李四'],
            note: '日常检查',
            hazards: [
              { description: '叉车未年检', major: false, rectifyBy: '2024-06-30' },
              { description: '压力管道焊缝裂纹', major: true, rectifyBy: '2024-07-15' },
            ],
          },
          tokens.A,
        ),
        201,
      );
      expect(inspection).toMatchObject({ enterpriseId: enterprise('A2'), result: 'hazards-found' });
      expect(inspection.hazards.map((h) => [h.source, h.major, h.state, h.foundOn, h.inspectionId])).toEqual([
        ['inspection', false, 'open', '2024-06-05', inspection.id],
        ['inspection', true, 'open', '2024-06-05', inspection.id],
      ]);

      const compliant = conforms<Inspection>(
        InspectionWithHazards,
        await post('/inspections', {
          enterpriseId: enterprise('A3'),
          inspectedOn: '2024-06-12',
          inspectors: ['王五'],
          hazards: [],
        }),
        201,
      );
      expect(compliant).toMatchObject({ result: 'compliant', hazards: [] });

      const list = await listOf('A');
      expect(list.inspections.map((i) => [i.id, i.result])).toEqual(
        expect.arrayContaining([
          [inspection.id, 'hazards-found'],
          [compliant.id, 'compliant'],
        ]),
      );
      const found = list.hazards.filter((h) => h.inspectionId === inspection.id);
      expect(found.map((h) => h.id).sort()).toEqual(inspection.hazards.map((h) => h.id).sort());
    });

    it('a self-reported hazard answers 201 with its view: no inspection, source self-report, open', async () => {
      const hazard = await selfReported('A1', {}, tokens.A);
      expect(hazard).toMatchObject({
        enterpriseId: enterprise('A1'),
        officeId: office('A'),
        inspectionId: null,
        source: 'self-report',
        state: 'open',
        rectifiedOn: null,
        progress: [],
      });
      expect((await listOf('A')).hazards.map((h) => h.id)).toContain(hazard.id);
    });

    it('enforcement actions answer 201 with their view: a fine with its amount, a judicial referral with its persons, others with neither', async () => {
      const fine = conforms<Enforcement>(
        EnforcementView,
        await post(
          '/enforcement-actions',
          { enterpriseId: enterprise('A1'), kind: 'fine', takenOn: '2024-06-03', fineYuan: 20_000, note: '罚款' },
          tokens.A,
        ),
        201,
      );
      expect(fine).toMatchObject({ kind: 'fine', fineYuan: 20_000, persons: null, takenOn: '2024-06-03' });
      const referral = conforms<Enforcement>(
        EnforcementView,
        await post('/enforcement-actions', {
          enterpriseId: enterprise('A2'),
          kind: 'judicial-referral',
          takenOn: '2024-06-04',
          persons: 2,
        }),
        201,
      );
      expect(referral).toMatchObject({ fineYuan: null, persons: 2 });
      const talk = conforms<Enforcement>(
        EnforcementView,
        await post('/enforcement-actions', { enterpriseId: enterprise('A3'), kind: 'warning-talk', takenOn: TODAY }),
        201,
      );
      expect(talk).toMatchObject({ fineYuan: null, persons: null });
      expect((await listOf('A')).enforcementActions.map((a) => a.id)).toEqual(
        expect.arrayContaining([fine.id, referral.id, talk.id]),
      );
    });

    it("the list is one office's: its campaign, today in the campaign's zone on the app clock, enterprises by code, nothing of another office", async () => {
      const b1 = await selfReported('B1', {}, tokens.B);
      const a = await listOf('A');
      expect(a).toMatchObject({
        officeId: office('A'),
        asOf: new Date(NOON).toISOString(),
        today: TODAY,
        timeZone: 'Asia/Shanghai',
      });
      expect(a.enterprises.map((e) => e.code)).toEqual(['A1', 'A2', 'A3']);
      expect(a.hazards.map((h) => h.id)).not.toContain(b1.id);
      expect(a.hazards.every((h) => h.officeId === office('A'))).toBe(true);
      const b = await listOf('B', tokens.viewer);
      expect(b.hazards.map((h) => h.id)).toEqual([b1.id]);
      expect(b.enterprises.map((e) => e.code)).toEqual(['B1']);
    });
  });

  describe('a hazard to its end: states judged on the app clock', () => {
    it('a hazard is open until its rectifyBy day, overdue after it, rectified once recorded so (a minor one)', async () => {
      const hazard = await selfReported('A3', { rectifyBy: '2024-06-15' });
      const stateOn = async (instant: string) => {
        now = Date.parse(instant);
        return (await listOf('A')).hazards.find((h) => h.id === hazard.id)!.state;
      };
      expect(await stateOn('2024-06-15T23:59:00+08:00')).toBe('open');
      // 2024-06-15T16:30Z is already June 16 in Asia/Shanghai.
      expect(await stateOn('2024-06-15T16:30:00Z')).toBe('overdue');
      now = Date.parse('2024-06-17T10:00:00+08:00');
      const rectified = conforms<Hazard>(HazardView, await rectify(hazard.id, '2024-06-17'), 200);
      expect(rectified).toMatchObject({ state: 'rectified', rectifiedOn: '2024-06-17' });
      expect(await stateOn('2024-12-31T12:00:00+08:00')).toBe('rectified');
    });

    it("a rectifyBy day up to the end of the year after the campaign's is accepted; one later is refused (422)", async () => {
      expect((await selfReported('A3', { rectifyBy: '2025-12-31' })).state).toBe('open');
      refused(await post('/hazards', hazardBody('A3', { rectifyBy: '2026-01-01' })), 422, ['rectifyBy']);
    });

    it('a major hazard: progress reports join it (201), once rectified it awaits the verification, and the bureau verifies it', async () => {
      const hazard = await selfReported('A1', { major: true, rectifyBy: '2024-07-31' }, tokens.A);
      expect(hazard.state).toBe('open');
      const progress = conforms<{ id: string; hazardId: string }>(
        ProgressView,
        await post(`/hazards/${hazard.id}/progress`, { reportedOn: TODAY, note: '已停用该设备，正在更换' }, tokens.A),
        201,
      );
      expect(progress.hazardId).toBe(hazard.id);

      now = Date.parse('2024-06-20T10:00:00+08:00');
      const rectified = conforms<Hazard>(HazardView, await rectify(hazard.id, '2024-06-19', tokens.A), 200);
      expect(rectified).toMatchObject({ state: 'awaiting-verification', rectifiedOn: '2024-06-19', verifiedOn: null });
      expect(rectified.progress.map((p) => [p.id, p.reportedOn])).toEqual([[progress.id, TODAY]]);

      const verified = conforms<Hazard>(HazardView, await verify(hazard.id, '2024-06-20'), 200);
      expect(verified).toMatchObject({ state: 'verified', verifiedOn: '2024-06-20', verifiedBy: 'test bureau' });
      const listed = (await listOf('A')).hazards.find((h) => h.id === hazard.id)!;
      expect(listed).toMatchObject({ state: 'verified', progress: [expect.objectContaining({ id: progress.id })] });
    });

    it('verification answers 409 for a hazard that is not major, not rectified yet, or already verified', async () => {
      const minor = await selfReported('A2');
      await rectify(minor.id, TODAY);
      const open = await selfReported('A2', { major: true });
      const done = await selfReported('A2', { major: true });
      await rectify(done.id, TODAY);
      conforms<Hazard>(HazardView, await verify(done.id, TODAY), 200);

      const before = await stored();
      for (const [hazard, title] of [
        [minor, 'Not listed'],
        [open, 'Not rectified'],
        [done, 'Already verified'],
      ] as const) {
        const response = await verify(hazard.id, TODAY);
        expect(response.statusCode, response.body).toBe(409);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json<Problem>().title).toBe(title);
      }
      expect(await stored()).toEqual(before);
    });

    it('two rectifications, verifications or records of one planned visit sent at once: one is stored, the other answers 409', async () => {
      const hazard = await selfReported('A3', { major: true });
      const twice = async (send: () => Promise<LightMyRequestResponse>) =>
        (await Promise.all([send(), send()])).map((r) => r.statusCode).sort();
      expect(await twice(() => rectify(hazard.id, TODAY))).toEqual([200, 409]);
      expect(await twice(() => verify(hazard.id, TODAY))).toEqual([200, 409]);
      const planned = conforms<Visit>(
        VisitView,
        await post('/guidance-visits', {
          enterpriseId: enterprise('A3'),
          plannedFor: '2024-06-21',
          team: '甲',
          topics: ['five-s'],
        }),
        201,
      );
      const record = { visitId: planned.id, visitedOn: TODAY, team: '甲', findings: '好', topics: ['five-s'] };
      expect(await twice(() => post('/guidance-visits/records', record))).toEqual([201, 409]);
    });

    it('rectification answers 409 once rectified, and progress 409 on a hazard that is not major or already verified', async () => {
      const minor = await selfReported('A2');
      conforms<Hazard>(HazardView, await rectify(minor.id, TODAY), 200);
      const major = await selfReported('A2', { major: true });
      await rectify(major.id, TODAY);
      await verify(major.id, TODAY);
      const before = await stored();
      expect((await rectify(minor.id, TODAY)).statusCode).toBe(409);
      for (const hazard of [minor, major]) {
        const response = await post(`/hazards/${hazard.id}/progress`, { reportedOn: TODAY, note: '进展' });
        expect(response.statusCode, response.body).toBe(409);
      }
      expect(await stored()).toEqual(before);
    });
  });

  describe('who may write what', () => {
    it("office staff write only for their own office's enterprises: another office's answers 404 like a missing one, and nothing is stored", async () => {
      const before = await stored();
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const enterpriseId of [enterprise('B1'), missing]) {
        const writes = [
          post(
            `/enterprises/${enterpriseId}/assessments`,
            { colour: 'red', standardization: 'in-progress', assessedOn: TODAY },
            tokens.A,
          ),
          post(
            '/guidance-visits',
            { enterpriseId, plannedFor: '2024-07-01', team: '甲', topics: ['five-s'] },
            tokens.A,
          ),
          post(
            '/guidance-visits/records',
            { enterpriseId, visitedOn: TODAY, team: '甲', findings: '好', topics: ['five-s'] },
            tokens.A,
          ),
          post('/inspections', { enterpriseId, inspectedOn: TODAY, inspectors: ['甲'], hazards: [] }, tokens.A),
          post('/hazards', { ...hazardBody('A1'), enterpriseId }, tokens.A),
          post('/enforcement-actions', { enterpriseId, kind: 'warning-talk', takenOn: TODAY }, tokens.A),
        ];
        for (const response of await Promise.all(writes)) refused(response, 404, []);
      }
      expect(await stored()).toEqual(before);
    });

    it("office staff rectify, report on and record visits only for their own office: another office's hazard or visit answers 404", async () => {
      const hazard = await selfReported('B1', { major: true }, tokens.B);
      const visit = conforms<Visit>(
        VisitView,
        await post(
          '/guidance-visits',
          { enterpriseId: enterprise('B1'), plannedFor: '2024-06-28', team: '乙', topics: ['five-s'] },
          tokens.B,
        ),
        201,
      );
      const before = await stored();
      refused(await rectify(hazard.id, TODAY, tokens.A), 404, []);
      refused(await post(`/hazards/${hazard.id}/progress`, { reportedOn: TODAY, note: '进展' }, tokens.A), 404, []);
      refused(
        await post(
          '/guidance-visits/records',
          { visitId: visit.id, visitedOn: TODAY, team: '甲', findings: '好', topics: ['five-s'] },
          tokens.A,
        ),
        404,
        [],
      );
      const missing = await rectify('00000000-0000-4000-8000-000000000000', TODAY, tokens.A);
      expect(missing.statusCode).toBe(404);
      expect(await stored()).toEqual(before);
      // Its own office's staff may.
      conforms<Hazard>(HazardView, await rectify(hazard.id, TODAY, tokens.B), 200);
    });

    it('verification is the bureau’s alone: office staff get 403 even for their own office’s hazard, viewers too', async () => {
      const hazard = await selfReported('A1', { major: true }, tokens.A);
      await rectify(hazard.id, TODAY, tokens.A);
      const before = await stored();
      for (const token of [tokens.A, tokens.B, tokens.viewer]) refused(await verify(hazard.id, TODAY, token), 403, []);
      expect(await stored()).toEqual(before);
      conforms<Hazard>(HazardView, await verify(hazard.id, TODAY), 200);
    });

    it('viewers write nothing (403); office staff read only their own office’s list (another answers 404)', async () => {
      const before = await stored();
      refused(await post('/hazards', hazardBody('A1'), tokens.viewer), 403, []);
      expect(await stored()).toEqual(before);
      const other = await api.call({
        method: 'GET',
        url: `/campaigns/${campaign()}/offices/${office('B')}/supervision`,
        token: tokens.A,
      });
      refused(other, 404, []);
      const missingOffice = await api.call({
        method: 'GET',
        url: `/campaigns/${campaign()}/offices/00000000-0000-4000-8000-000000000000/supervision`,
      });
      refused(missingOffice, 404, []);
      expect((await listOf('A', tokens.A)).officeId).toBe(office('A'));
    });

    it('a campaign that does not exist answers 404 to every write, and nothing is stored', async () => {
      const before = await stored();
      const url = '/campaigns/00000000-0000-4000-8000-000000000000';
      const response = await api.call({ method: 'POST', url: `${url}/hazards`, payload: hazardBody('A1') });
      refused(response, 404, []);
      expect(await stored()).toEqual(before);
    });
  });

  describe('bad input is refused naming the field, and nothing is stored', () => {
    const cases: [string, string, () => object, 400 | 422, string[]][] = [
      [
        'an assessment with a day that does not exist',
        'assessments',
        () => ({ colour: 'red', standardization: 'in-progress', assessedOn: '2024-02-30' }),
        400,
        ['assessedOn'],
      ],
      [
        'an assessment with an unknown colour and status',
        'assessments',
        () => ({ colour: 'purple', standardization: 'done', assessedOn: TODAY }),
        400,
        ['colour', 'standardization'],
      ],
      [
        'an assessment dated after today',
        'assessments',
        () => ({ colour: 'red', standardization: 'in-progress', assessedOn: '2024-06-13' }),
        422,
        ['assessedOn'],
      ],
      [
        'a planned visit with an unknown topic',
        '/guidance-visits',
        () => ({ enterpriseId: enterprise('A1'), plannedFor: '2024-07-01', team: '甲', topics: ['seven-wonders'] }),
        400,
        ['topics[0]'],
      ],
      [
        'a planned visit with no topic',
        '/guidance-visits',
        () => ({ enterpriseId: enterprise('A1'), plannedFor: '2024-07-01', team: '甲', topics: [] }),
        400,
        ['topics'],
      ],
      [
        'a planned visit far outside the campaign (its reminders could not be planned)',
        '/guidance-visits',
        () => ({ enterpriseId: enterprise('A1'), plannedFor: '9999-12-31', team: '甲', topics: ['five-s'] }),
        422,
        ['plannedFor'],
      ],
      [
        'a visit record naming both the planned visit and an enterprise',
        '/guidance-visits/records',
        () => ({
          visitId: '00000000-0000-4000-8000-000000000000',
          enterpriseId: enterprise('A1'),
          visitedOn: TODAY,
          team: '甲',
          findings: '好',
          topics: ['five-s'],
        }),
        422,
        ['visitId'],
      ],
      [
        'a visit record naming neither',
        '/guidance-visits/records',
        () => ({ visitedOn: TODAY, team: '甲', findings: '好', topics: ['five-s'] }),
        422,
        ['visitId'],
      ],
      [
        'a visit made after today',
        '/guidance-visits/records',
        () => ({
          enterpriseId: enterprise('A1'),
          visitedOn: '2024-06-13',
          team: '甲',
          findings: '好',
          topics: ['five-s'],
        }),
        422,
        ['visitedOn'],
      ],
      [
        'a self-reported hazard to be rectified before it was found',
        '/hazards',
        () => hazardBody('A1', { foundOn: '2024-06-10', rectifyBy: '2024-06-09' }),
        422,
        ['rectifyBy'],
      ],
      [
        'a self-reported hazard found after today, with a rectifyBy day that does not exist',
        '/hazards',
        () => hazardBody('A1', { foundOn: '2024-06-13', rectifyBy: '2024-13-01' }),
        400,
        ['rectifyBy'],
      ],
      [
        'a self-reported hazard found after today',
        '/hazards',
        () => hazardBody('A1', { foundOn: '2024-06-13', rectifyBy: '2024-06-30' }),
        422,
        ['foundOn'],
      ],
      [
        'a self-reported hazard to be rectified in year 9999',
        '/hazards',
        () => hazardBody('A1', { rectifyBy: '9999-12-31' }),
        422,
        ['rectifyBy'],
      ],
      ['a hazard whose major is not a boolean', '/hazards', () => hazardBody('A1', { major: 'yes' }), 400, ['major']],
      ['a hazard with a field it does not have', '/hazards', () => hazardBody('A1', { colour: 'red' }), 400, ['colour']],
      [
        "an inspection dated before the campaign's date window (the year before its own)",
        '/inspections',
        () => ({ enterpriseId: enterprise('A1'), inspectedOn: '2022-12-31', inspectors: ['甲'], hazards: [] }),
        422,
        ['inspectedOn'],
      ],
      [
        'a fine without its amount',
        '/enforcement-actions',
        () => ({ enterpriseId: enterprise('A1'), kind: 'fine', takenOn: TODAY }),
        422,
        ['fineYuan'],
      ],
      [
        'a warning talk with an amount and persons',
        '/enforcement-actions',
        () => ({ enterpriseId: enterprise('A1'), kind: 'warning-talk', takenOn: TODAY, fineYuan: 100, persons: 1 }),
        422,
        ['fineYuan', 'persons'],
      ],
      [
        'a judicial referral without its persons',
        '/enforcement-actions',
        () => ({ enterpriseId: enterprise('A1'), kind: 'judicial-referral', takenOn: TODAY }),
        422,
        ['persons'],
      ],
      [
        'an action of an unknown kind',
        '/enforcement-actions',
        () => ({ enterpriseId: enterprise('A1'), kind: 'public-shaming', takenOn: TODAY }),
        400,
        ['kind'],
      ],
      [
        'a fine of no yuan',
        '/enforcement-actions',
        () => ({ enterpriseId: enterprise('A1'), kind: 'fine', takenOn: TODAY, fineYuan: 0 }),
        400,
        ['fineYuan'],
      ],
    ];
    it.each(cases)('refuses %s', async (_name, route, body, status, paths) => {
      const before = await stored();
      const url = route === 'assessments' ? `/enterprises/${enterprise('A1')}/assessments` : route;
      const problem = refused(await post(url, body(), tokens.A), status, paths);
      for (const path of paths.filter(Boolean)) expect(problem.detail).toContain(path);
      expect(await stored()).toEqual(before);
    });

    it('an inspection whose second hazard is bad stores neither the inspection nor its first hazard (422 naming hazards[1].rectifyBy)', async () => {
      const before = await stored();
      const body = {
        enterpriseId: enterprise('A2'),
        inspectedOn: '2024-06-10',
        inspectors: ['张三'],
        hazards: [
          { description: '叉车未年检', major: false, rectifyBy: '2024-06-30' },
          { description: '安全阀失效', major: true, rectifyBy: '2024-06-09' },
        ],
      };
      refused(await post('/inspections', body, tokens.A), 422, ['hazards[1].rectifyBy']);
      expect(await stored()).toEqual(before);
      // A hazard malformed rather than against a rule: 400 naming it, nothing stored either.
      const malformed = { ...body, hazards: [body.hazards[0]!, { major: true, rectifyBy: '2024-06-30' }] };
      refused(await post('/inspections', malformed, tokens.A), 400, ['hazards[1].description']);
      const inFuture = { ...body, inspectedOn: '2024-06-13', hazards: [body.hazards[0]!] };
      refused(await post('/inspections', inFuture, tokens.A), 422, ['inspectedOn']);
      expect(await stored()).toEqual(before);
      const listed = await listOf('A');
      expect(listed.inspections.filter((i) => i.inspectedOn === '2024-06-10')).toEqual([]);
    });

    it('a rectification before the finding or after today, a verification before the rectification, and progress before the finding are refused (422)', async () => {
      const hazard = await selfReported('A3', { major: true, foundOn: '2024-06-05' });
      const before = await stored();
      refused(await rectify(hazard.id, '2024-06-04'), 422, ['rectifiedOn']);
      refused(await rectify(hazard.id, '2024-06-13'), 422, ['rectifiedOn']);
      refused(await rectify(hazard.id, '2024-06-31'), 400, ['rectifiedOn']);
      refused(await post(`/hazards/${hazard.id}/progress`, { reportedOn: '2024-06-04', note: '进展' }), 422, [
        'reportedOn',
      ]);
      expect(await stored()).toEqual(before);
      await rectify(hazard.id, '2024-06-10');
      const rectified = await stored();
      refused(await verify(hazard.id, '2024-06-09'), 422, ['verifiedOn']);
      refused(await verify(hazard.id, '2024-06-13'), 422, ['verifiedOn']);
      expect(await stored()).toEqual(rectified);
    });
  });

  describe("the office's workflow is told of each record", () => {
    const officeWorkflow = (code: 'A' | 'B') => workflowIds.office(campaign(), office(code));
    const signalsTo = (code: 'A' | 'B') =>
      temporal.received.filter((r) => r.workflowId === officeWorkflow(code) && r.signal === planChangedSignal.name)
        .length;
    /** Every write that changes what the office owes, as office A's staff. */
    const writes = async (): Promise<number[]> => {
      const planned = await post(
        '/guidance-visits',
        { enterpriseId: enterprise('A1'), plannedFor: '2024-06-27', team: '甲', topics: ['five-s'] },
        tokens.A,
      );
      const visit = planned.json<{ id: string }>().id;
      const inspection = await post(
        '/inspections',
        {
          enterpriseId: enterprise('A1'),
          inspectedOn: TODAY,
          inspectors: ['甲'],
          hazards: [{ description: '隐患', major: true, rectifyBy: '2024-06-30' }],
        },
        tokens.A,
      );
      const hazard = inspection.json<Inspection>().hazards[0]!.id;
      const responses = [
        planned,
        await post(
          '/guidance-visits/records',
          { visitId: visit, visitedOn: TODAY, team: '甲', findings: '好', topics: ['five-s'] },
          tokens.A,
        ),
        inspection,
        await post('/hazards', hazardBody('A1'), tokens.A),
        await rectify(hazard, TODAY, tokens.A),
        await verify(hazard, TODAY),
        await post(
          `/enterprises/${enterprise('A1')}/assessments`,
          { colour: 'yellow', standardization: 'in-progress', assessedOn: TODAY },
          tokens.A,
        ),
      ];
      return responses.map((r) => r.statusCode);
    };
    const answered = [201, 201, 201, 201, 200, 200, 201];

    it("signals the office's running workflow once per record (planChanged), and no other office's", async () => {
      await db.prisma.campaign.update({ where: { id: campaign() }, data: { status: 'running' } });
      temporal.states.set(officeWorkflow('A'), 'running');
      temporal.states.set(officeWorkflow('B'), 'running');
      temporal.received.length = 0;
      expect(await writes()).toEqual(answered);
      expect(signalsTo('A')).toBe(answered.length);
      expect(signalsTo('B')).toBe(0);
    });

    it("answers as usual and stores the records when the office's workflow has finished", async () => {
      temporal.states.set(officeWorkflow('A'), 'finished');
      temporal.received.length = 0;
      const before = await stored();
      expect(await writes()).toEqual(answered);
      expect(temporal.received).toEqual([]);
      const after = await stored();
      expect([after.visits, after.inspections, after.hazards]).toEqual([
        before.visits + 1,
        before.inspections + 1,
        before.hazards + 2,
      ]);
    });

    it('answers as usual when the campaign has no workflow at all (never started)', async () => {
      await db.prisma.campaign.update({ where: { id: campaign() }, data: { status: 'draft' } });
      temporal.states.clear();
      temporal.received.length = 0;
      expect(await writes()).toEqual(answered);
      expect(temporal.received).toEqual([]);
    });
  });
});
