import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { listSupervision } from '../../app/supervision/list-supervision.js';
import { planGuidanceVisit } from '../../app/supervision/plan-guidance-visit.js';
import { recordAssessment } from '../../app/supervision/record-assessment.js';
import { recordEnforcementAction } from '../../app/supervision/record-enforcement-action.js';
import { recordGuidanceVisit } from '../../app/supervision/record-guidance-visit.js';
import { recordInspection } from '../../app/supervision/record-inspection.js';
import { rectifyHazard } from '../../app/supervision/rectify-hazard.js';
import { reportHazardProgress } from '../../app/supervision/report-hazard-progress.js';
import { reportHazard } from '../../app/supervision/report-hazard.js';
import type { Recorder, SupervisionDeps } from '../../app/supervision/supervision-records.js';
import {
  assessmentView,
  enforcementView,
  hazardsAt,
  inspectionView,
  progressView,
  visitView,
} from '../../app/supervision/supervision-views.js';
import { verifyHazard } from '../../app/supervision/verify-hazard.js';
import { instantOf } from '../lookups.js';
import { officeScope, requireBureau, requireWriter } from '../plugins/auth.js';
import { withProblems } from '../schemas.js';
import {
  AssessmentBody,
  AssessmentView,
  CampaignParams,
  EnforcementBody,
  EnforcementView,
  EnterpriseParams,
  HazardParams,
  HazardView,
  InspectionBody,
  InspectionWithHazards,
  OfficeParams,
  PlannedVisitBody,
  ProgressBody,
  ProgressView,
  RectificationBody,
  SelfReportedHazardBody,
  SupervisionListView,
  VerificationBody,
  VisitRecordBody,
  VisitView,
} from './supervision.schemas.js';

/**
 * Who records a supervision record: the bureau for any office, office staff for their own office only. No route here
 * names the office: the use cases find the enterprise or hazard within the caller's office scope, so another office's
 * record answers 404 like a missing one.
 */
function recorderOf(request: FastifyRequest): Recorder {
  const principal = requireWriter(request);
  return { by: principal.name, ownOfficeId: officeScope(request) };
}

/** Phases 3 and 4 (issue #17): assessments, guidance visits, inspections, hazards, enforcement; an office's records. */
// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const supervisionRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal } = fastify.deps;
  const now = () => instantOf(fastify.deps, undefined);
  const deps: SupervisionDeps = { db: db.prisma, client: temporal, now };
  /** The hazard as it stands now, with its progress reports. */
  const hazardNow = async (campaignId: string, hazardId: string) =>
    (await hazardsAt(db.prisma, campaignId, { id: hazardId }, now()))[0]!;

  fastify.post(
    '/campaigns/:id/enterprises/:enterpriseId/assessments',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['supervision'],
        summary:
          "Record an enterprise's overall risk assessment (整体评估): its colour and standardization from a day on",
        description:
          'The latest assessment by date is what the register shows; an earlier one joins the history. Its inspection ' +
          'plan follows (differentiated supervision). Office staff record for their own office.',
        params: EnterpriseParams,
        body: AssessmentBody,
        response: withProblems({ 201: AssessmentView }, [400, 401, 403, 404, 422]),
      },
    },
    async (request, reply) => {
      const assessment = await recordAssessment(
        deps,
        { campaignId: request.params.id, enterpriseId: request.params.enterpriseId, ...request.body },
        recorderOf(request),
      );
      return reply.status(201).send(assessmentView(assessment));
    },
  );

  fastify.post(
    '/campaigns/:id/guidance-visits',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['supervision'],
        summary:
          'Plan a guidance visit (指导帮扶) to an enterprise: the office is reminded until it is recorded as made',
        params: CampaignParams,
        body: PlannedVisitBody,
        response: withProblems({ 201: VisitView }, [400, 401, 403, 404, 422]),
      },
    },
    async (request, reply) => {
      const visit = await planGuidanceVisit(
        deps,
        { campaignId: request.params.id, ...request.body },
        recorderOf(request),
      );
      return reply.status(201).send(visitView(visit));
    },
  );

  fastify.post(
    '/campaigns/:id/guidance-visits/records',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['supervision'],
        summary: 'Record a guidance visit as made: a planned one (visitId), or one made without a plan (enterpriseId)',
        params: CampaignParams,
        body: VisitRecordBody,
        response: withProblems({ 201: VisitView }, [400, 401, 403, 404, 409, 422]),
      },
    },
    async (request, reply) => {
      const visit = await recordGuidanceVisit(
        deps,
        { campaignId: request.params.id, ...request.body },
        recorderOf(request),
      );
      return reply.status(201).send(visitView(visit));
    },
  );

  fastify.post(
    '/campaigns/:id/inspections',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['supervision'],
        summary: 'Record an inspection and the hazards it found, together or not at all',
        description:
          'Each hazard is followed to its rectification; a major one is under listed supervision (挂牌督办) until the ' +
          'bureau verifies it. A bad date anywhere stores nothing (422 naming each).',
        params: CampaignParams,
        body: InspectionBody,
        response: withProblems({ 201: InspectionWithHazards }, [400, 401, 403, 404, 422]),
      },
    },
    async (request, reply) => {
      const campaignId = request.params.id;
      const recorded = await recordInspection(deps, { campaignId, ...request.body }, recorderOf(request));
      const { inspection } = recorded;
      // In the order they were given: they share their finding day and recording instant, which order nothing.
      const given = new Map(recorded.hazards.map((h, i) => [h.id, i]));
      const hazards = (await hazardsAt(db.prisma, campaignId, { inspectionId: inspection.id }, now())).sort(
        (a, b) => given.get(a.id)! - given.get(b.id)!,
      );
      return reply.status(201).send({ ...inspectionView(inspection), hazards });
    },
  );

  fastify.post(
    '/campaigns/:id/hazards',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['supervision'],
        summary: 'Record a hazard the enterprise found itself (自查隐患): followed to its rectification like any other',
        params: CampaignParams,
        body: SelfReportedHazardBody,
        response: withProblems({ 201: HazardView }, [400, 401, 403, 404, 422]),
      },
    },
    async (request, reply) => {
      const hazard = await reportHazard(deps, { campaignId: request.params.id, ...request.body }, recorderOf(request));
      return reply.status(201).send(await hazardNow(request.params.id, hazard.id));
    },
  );

  fastify.post(
    '/campaigns/:id/hazards/:hazardId/rectification',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['supervision'],
        summary: 'Record a hazard as rectified: its reminders stop; a major one then awaits the bureau’s verification',
        params: HazardParams,
        body: RectificationBody,
        response: withProblems({ 200: HazardView }, [400, 401, 403, 404, 409, 422]),
      },
    },
    async (request) => {
      const { id: campaignId, hazardId } = request.params;
      await rectifyHazard(deps, { campaignId, hazardId, ...request.body }, recorderOf(request));
      return hazardNow(campaignId, hazardId);
    },
  );

  fastify.post(
    '/campaigns/:id/hazards/:hazardId/progress',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['supervision'],
        summary: 'Report progress on a major hazard under listed supervision (until the bureau verifies it)',
        params: HazardParams,
        body: ProgressBody,
        response: withProblems({ 201: ProgressView }, [400, 401, 403, 404, 409, 422]),
      },
    },
    async (request, reply) => {
      const { id: campaignId, hazardId } = request.params;
      const progress = await reportHazardProgress(deps, { campaignId, hazardId, ...request.body }, recorderOf(request));
      return reply.status(201).send(progressView(progress));
    },
  );

  fastify.post(
    '/campaigns/:id/hazards/:hazardId/verification',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['supervision'],
        summary: 'The bureau verifies a rectified major hazard (销号): its listed supervision ends (bureau only)',
        params: HazardParams,
        body: VerificationBody,
        response: withProblems({ 200: HazardView }, [400, 401, 403, 404, 409, 422]),
      },
    },
    async (request) => {
      const principal = requireBureau(request, 'verify major hazards');
      const { id: campaignId, hazardId } = request.params;
      await verifyHazard(deps, { campaignId, hazardId, ...request.body }, { by: principal.name });
      return hazardNow(campaignId, hazardId);
    },
  );

  fastify.post(
    '/campaigns/:id/enforcement-actions',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['supervision'],
        summary: 'Record an enforcement, incentive or constraint action against an enterprise (annex 4 执法激励约束)',
        description:
          'A fine carries fineYuan and nothing else does; a judicial referral carries persons (422 otherwise).',
        params: CampaignParams,
        body: EnforcementBody,
        response: withProblems({ 201: EnforcementView }, [400, 401, 403, 404, 422]),
      },
    },
    async (request, reply) => {
      const action = await recordEnforcementAction(
        deps,
        { campaignId: request.params.id, ...request.body },
        recorderOf(request),
      );
      return reply.status(201).send(enforcementView(action));
    },
  );

  fastify.get(
    '/campaigns/:id/offices/:officeId/supervision',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['supervision'],
        summary:
          "An office's supervision records in a campaign: guidance visits, inspections, hazards, enforcement, enterprises",
        description:
          "Each hazard says where it stands today in the campaign's zone. Office staff see their own office only " +
          '(another office answers 404).',
        params: OfficeParams,
        response: withProblems({ 200: SupervisionListView }, [400, 401, 403, 404]),
      },
    },
    async (request) =>
      listSupervision(
        { db: db.prisma },
        {
          campaignId: request.params.id,
          officeId: request.params.officeId,
          ownOfficeId: officeScope(request),
          atMs: now(),
        },
      ),
  );
};

export default supervisionRoutes;
