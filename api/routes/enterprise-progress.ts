import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listEnterpriseProgress } from '../../app/obligations/list-enterprise-progress.js';
import { instantOf } from '../lookups.js';
import { requireReadOffice } from '../plugins/auth.js';
import { Uuid, withProblems } from '../schemas.js';

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const LocalDay = Type.String({ description: 'local date YYYY-MM-DD' });

const EnterpriseObligationKind = Type.Union([
  Type.Literal('enterprise-commitment'),
  Type.Literal('enterprise-plan'),
  Type.Literal('enterprise-self-assessment'),
]);

/** The recorded steps, as PUT /campaigns/:id/enterprises/:enterpriseId/progress takes them; null while not done. */
const ProgressFields = Type.Object({
  noticeServedAt: Nullable(Instant),
  noticeServedBy: Nullable(Type.String()),
  signedAt: Nullable(Instant),
  signatory: Nullable(Type.String()),
  committedSelfAssessmentDate: Nullable(LocalDay),
  copyArchiveAt: Nullable(Instant),
  copyNoticeBoardAt: Nullable(Instant),
  copyTownshipAt: Nullable(Instant),
  copyCountyAt: Nullable(Instant),
  planSubmittedAt: Nullable(Instant),
  selfAssessmentSubmittedAt: Nullable(Instant),
});

const EnterpriseRow = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  sizeClass: Type.String({ description: 'above-size = 规上, medium = 中等, small-micro = 小微' }),
  riskColour: Type.String({ description: 'red | orange | yellow | blue' }),
  state: Type.Union(
    [
      Type.Literal('awaiting-notice'),
      Type.Literal('awaiting-signature'),
      Type.Literal('awaiting-copies'),
      Type.Literal('committed'),
    ],
    { description: 'the first commitment step not done yet, or committed (notice served, signed, four copies filed)' },
  ),
  commitmentComplete: Type.Boolean(),
  selfAssessmentDueDate: LocalDay,
  owing: Type.Array(Type.Object({ kind: EnterpriseObligationKind, dueDate: LocalDay, overdue: Type.Boolean() }), {
    description: 'what it owes now: obligations whose phase (or reminders) have begun and that it has not done',
  }),
  open: Type.Boolean({ description: 'it owes something now: the enterprises the digest mails link to' }),
  progress: ProgressFields,
});

const OfficeEnterpriseProgress = Type.Object({
  campaignId: Uuid,
  officeId: Uuid,
  asOf: Instant,
  timeZone: Type.String({ description: "the campaign's time zone: recorded instants are shown as its local days" }),
  commitmentDueDate: Type.String({ description: "commitments are due by this local day ('' when the plan has none)" }),
  planDueDate: Type.String({ description: "plans are due by this local day ('' when the plan has none)" }),
  selfAssessmentDueDate: LocalDay,
  counts: Type.Object({
    total: Type.Integer(),
    open: Type.Integer(),
    noticesServed: Type.Integer(),
    signed: Type.Integer(),
    commitmentsComplete: Type.Integer(),
    plansSubmitted: Type.Integer(),
    selfAssessmentsSubmitted: Type.Integer(),
  }),
  enterprises: Type.Array(EnterpriseRow),
});

/** The enterprise register of one office: each enterprise's progress in a campaign (read-only; the PUT records it). */
const enterpriseProgressRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const deps = { db: fastify.deps.db.prisma };

  fastify.get(
    '/campaigns/:id/offices/:officeId/enterprise-progress',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['commitments'],
        summary:
          "An office's enterprises with their progress: notice, commitment, the four copies, plan, self-assessment",
        description:
          'By enterprise code. Each enterprise says where its commitment stands, whether it is complete (the one rule ' +
          'of domain/commitment.ts) and what it owes now; counts for the office. Office staff see their own office.',
        params: Type.Object({ id: Uuid, officeId: Uuid }),
        response: withProblems({ 200: OfficeEnterpriseProgress }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      requireReadOffice(request, request.params.officeId);
      return listEnterpriseProgress(deps, {
        campaignId: request.params.id,
        officeId: request.params.officeId,
        atMs: instantOf(fastify.deps, undefined),
      });
    },
  );
};

export default enterpriseProgressRoutes;
