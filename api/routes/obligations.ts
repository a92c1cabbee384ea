import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isLocalDate } from '../../domain/index.js';
import {
  closeOfficeObligation,
  extendOfficeObligation,
  recordEnterpriseProgress,
} from '../../app/obligations/obligations.js';
import { findObligation, loadPlan, withExtension } from '../../app/campaigns/plan-store.js';
import { officeScope, requireBureau, requireReadOffice, requireWriteOffice } from '../plugins/auth.js';
import { ProblemError } from '../plugins/errors.js';
import { LocalDateString, Uuid, withProblems } from '../schemas.js';
import { findCampaign } from '../../app/campaigns/find-campaign.js';

const ExtensionView = Type.Object({
  id: Uuid,
  officeId: Uuid,
  obligationKey: Type.String(),
  requestedDueDate: Type.String(),
  reason: Type.String(),
  status: Type.String({ description: 'requested | approved | rejected' }),
  requestedBy: Type.String(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
});

const Instant = Type.String({ format: 'date-time' });
const ProgressBody = Type.Object(
  {
    noticeServedAt: Type.Optional(Instant),
    noticeServedBy: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    signedAt: Type.Optional(Instant),
    signatory: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'legal representative who signed the 承诺书' }),
    ),
    committedSelfAssessmentDate: Type.Optional(LocalDateString),
    copyArchiveAt: Type.Optional(Instant),
    copyNoticeBoardAt: Type.Optional(Instant),
    copyTownshipAt: Type.Optional(Instant),
    copyCountyAt: Type.Optional(Instant),
    planSubmittedAt: Type.Optional(Instant),
    selfAssessmentSubmittedAt: Type.Optional(Instant),
  },
  { additionalProperties: false, minProperties: 1 },
);

const ProgressView = Type.Object({
  enterpriseId: Uuid,
  officeId: Uuid,
  noticeServedAt: Type.Union([Type.String(), Type.Null()]),
  noticeServedBy: Type.Union([Type.String(), Type.Null()]),
  signedAt: Type.Union([Type.String(), Type.Null()]),
  signatory: Type.Union([Type.String(), Type.Null()]),
  committedSelfAssessmentDate: Type.Union([Type.String(), Type.Null()]),
  copyArchiveAt: Type.Union([Type.String(), Type.Null()]),
  copyNoticeBoardAt: Type.Union([Type.String(), Type.Null()]),
  copyTownshipAt: Type.Union([Type.String(), Type.Null()]),
  copyCountyAt: Type.Union([Type.String(), Type.Null()]),
  planSubmittedAt: Type.Union([Type.String(), Type.Null()]),
  selfAssessmentSubmittedAt: Type.Union([Type.String(), Type.Null()]),
  commitmentComplete: Type.Boolean(),
});

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** Phase tasks, extensions and enterprise commitments: every write reaches the office's workflow. */
const obligationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal } = fastify.deps;
  const deps = { db: db.prisma, client: temporal };

  async function plan(campaignId: string) {
    await findCampaign(db.prisma, campaignId);
    return loadPlan(db.prisma, campaignId);
  }

  fastify.post(
    '/campaigns/:id/offices/:officeId/obligations/:key/complete',
    {
      schema: {
        tags: ['obligations'],
        summary: "Mark an office's phase task done (reports are closed by submitting them); its reminders stop at once",
        params: Type.Object({ id: Uuid, officeId: Uuid, key: Type.String({ pattern: '^phase:[a-z-]+$' }) }),
        response: withProblems({ 204: Type.Null() }, [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      requireWriteOffice(request, request.params.officeId);
      const loaded = await plan(request.params.id);
      if (!findObligation(loaded, request.params.key)) {
        throw new ProblemError(404, 'Not found', `the plan has no obligation ${request.params.key}`);
      }
      await closeOfficeObligation(deps, {
        campaignId: request.params.id,
        officeId: request.params.officeId,
        obligationKey: request.params.key,
      });
      return reply.status(204).send(null);
    },
  );

  fastify.post(
    '/campaigns/:id/offices/:officeId/extensions',
    {
      schema: {
        tags: ['extensions'],
        summary: 'An office asks for more time on one of its obligations',
        params: Type.Object({ id: Uuid, officeId: Uuid }),
        body: Type.Object(
          {
            obligationKey: Type.String({ minLength: 1 }),
            requestedDueDate: LocalDateString,
            reason: Type.String({ minLength: 1, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: withProblems({ 201: ExtensionView }, [400, 401, 403, 404, 422]),
      },
    },
    async (request, reply) => {
      const principal = requireWriteOffice(request, request.params.officeId);
      const loaded = await plan(request.params.id);
      const { obligationKey, requestedDueDate, reason } = request.body;
      const planned = findObligation(loaded, obligationKey);
      const errors = [];
      if (!planned || planned.responsible !== 'office')
        errors.push({ path: 'obligationKey', message: 'is not an obligation of the office in this plan' });
      if (!isLocalDate(requestedDueDate)) errors.push({ path: 'requestedDueDate', message: 'is not a real date' });
      if (planned && isLocalDate(requestedDueDate)) {
        const state = await db.prisma.obligationState.findUnique({
          where: {
            campaignId_officeId_obligationKey: {
              campaignId: request.params.id,
              officeId: request.params.officeId,
              obligationKey,
            },
          },
        });
        const current = withExtension(loaded, planned, state?.extendedDueDate);
        if (state?.status === 'done') errors.push({ path: 'obligationKey', message: 'is already fulfilled' });
        if (requestedDueDate <= current.dueDate)
          errors.push({ path: 'requestedDueDate', message: `must be after the current due date ${current.dueDate}` });
      }
      if (errors.length > 0)
        throw new ProblemError(
          422,
          'Invalid extension request',
          errors.map((e) => `${e.path} ${e.message}`).join('; '),
          errors,
        );
      const row = await db.prisma.extension.create({
        data: {
          campaignId: request.params.id,
          officeId: request.params.officeId,
          obligationKey,
          requestedDueDate,
          reason,
          requestedBy: principal.name,
        },
      });
      return reply.status(201).send({ ...row, decidedAt: iso(row.decidedAt) });
    },
  );

  fastify.post(
    '/extensions/:extensionId/decision',
    {
      schema: {
        tags: ['extensions'],
        summary: 'The bureau approves or rejects an extension; an approval moves the deadline and its reminders',
        params: Type.Object({ extensionId: Uuid }),
        body: Type.Object(
          { approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        response: withProblems({ 200: ExtensionView }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      const principal = requireBureau(request, 'decide extensions');
      const extension = await db.prisma.extension.findUnique({ where: { id: request.params.extensionId } });
      if (!extension)
        throw new ProblemError(404, 'Not found', `extension ${request.params.extensionId} does not exist`);
      if (extension.status !== 'requested')
        throw new ProblemError(409, 'Already decided', `extension was already ${extension.status}`);
      const row = await db.prisma.extension.update({
        where: { id: extension.id },
        data: {
          status: request.body.approve ? 'approved' : 'rejected',
          decidedBy: principal.name,
          decidedAt: new Date(),
          decisionNote: request.body.note ?? null,
        },
      });
      if (request.body.approve) {
        await extendOfficeObligation(deps, {
          campaignId: extension.campaignId,
          officeId: extension.officeId,
          obligationKey: extension.obligationKey,
          newDueDate: extension.requestedDueDate,
        });
      }
      return { ...row, decidedAt: iso(row.decidedAt) };
    },
  );

  fastify.get(
    '/campaigns/:id/extensions',
    {
      schema: {
        tags: ['extensions'],
        summary: 'Extension requests, optionally of one office or status',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ officeId: Type.Optional(Uuid), status: Type.Optional(Type.String()) }),
        response: withProblems({ 200: Type.Array(ExtensionView) }, [400, 401, 403]),
      },
    },
    async (request) => {
      if (request.query.officeId) requireReadOffice(request, request.query.officeId);
      const officeId = request.query.officeId ?? officeScope(request);
      const rows = await db.prisma.extension.findMany({
        where: {
          campaignId: request.params.id,
          ...(officeId ? { officeId } : {}),
          ...(request.query.status ? { status: request.query.status } : {}),
        },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map((r) => ({ ...r, decidedAt: iso(r.decidedAt) }));
    },
  );

  fastify.put(
    '/campaigns/:id/enterprises/:enterpriseId/progress',
    {
      schema: {
        tags: ['commitments'],
        summary:
          "Record an enterprise's notice served, commitment signed, the four copies filed, its plan and self-assessment",
        params: Type.Object({ id: Uuid, enterpriseId: Uuid }),
        body: ProgressBody,
        response: withProblems({ 200: ProgressView }, [400, 401, 403, 404, 422]),
      },
    },
    async (request) => {
      const loaded = await plan(request.params.id);
      const enterprise = await db.prisma.enterprise.findUnique({ where: { id: request.params.enterpriseId } });
      if (!enterprise)
        throw new ProblemError(404, 'Not found', `enterprise ${request.params.enterpriseId} does not exist`);
      requireWriteOffice(request, enterprise.officeId);
      const key = { campaignId: request.params.id, enterpriseId: enterprise.id };
      const before = await db.prisma.enterpriseProgress.findUnique({ where: { campaignId_enterpriseId: key } });
      const body = request.body;
      const merged = { ...before, ...body };
      const errors: { path: string; message: string }[] = [];
      if (merged.signedAt && !merged.noticeServedAt)
        errors.push({
          path: 'signedAt',
          message: 'the notice (告知书) must be served before the commitment is signed',
        });
      if (body.signedAt && !merged.signatory)
        errors.push({ path: 'signatory', message: 'name the legal representative who signed' });
      for (const copy of ['copyArchiveAt', 'copyNoticeBoardAt', 'copyTownshipAt', 'copyCountyAt'] as const) {
        if (body[copy] && !merged.signedAt)
          errors.push({ path: copy, message: 'a copy can only be filed once the commitment is signed' });
      }
      if (body.committedSelfAssessmentDate) {
        const date = body.committedSelfAssessmentDate;
        if (!isLocalDate(date)) errors.push({ path: 'committedSelfAssessmentDate', message: 'is not a real date' });
        else if (!date.startsWith(`${loaded.template.year}-`)) {
          errors.push({
            path: 'committedSelfAssessmentDate',
            message: `must fall in the campaign year ${loaded.template.year}`,
          });
        }
      }
      if (errors.length > 0)
        throw new ProblemError(
          422,
          'Invalid progress',
          errors.map((e) => `${e.path}: ${e.message}`).join('; '),
          errors,
        );
      const toDate = (v: string | undefined) => (v === undefined ? undefined : new Date(v));
      await recordEnterpriseProgress(deps, {
        campaignId: request.params.id,
        enterpriseId: enterprise.id,
        update: Object.fromEntries(
          Object.entries({
            noticeServedAt: toDate(body.noticeServedAt),
            noticeServedBy: body.noticeServedBy,
            signedAt: toDate(body.signedAt),
            signatory: body.signatory,
            committedSelfAssessmentDate: body.committedSelfAssessmentDate,
            copyArchiveAt: toDate(body.copyArchiveAt),
            copyNoticeBoardAt: toDate(body.copyNoticeBoardAt),
            copyTownshipAt: toDate(body.copyTownshipAt),
            copyCountyAt: toDate(body.copyCountyAt),
            planSubmittedAt: toDate(body.planSubmittedAt),
            selfAssessmentSubmittedAt: toDate(body.selfAssessmentSubmittedAt),
          }).filter(([, v]) => v !== undefined),
        ),
      });
      const p = await db.prisma.enterpriseProgress.findUniqueOrThrow({ where: { campaignId_enterpriseId: key } });
      return {
        enterpriseId: p.enterpriseId,
        officeId: p.officeId,
        noticeServedAt: iso(p.noticeServedAt),
        noticeServedBy: p.noticeServedBy,
        signedAt: iso(p.signedAt),
        signatory: p.signatory,
        committedSelfAssessmentDate: p.committedSelfAssessmentDate,
        copyArchiveAt: iso(p.copyArchiveAt),
        copyNoticeBoardAt: iso(p.copyNoticeBoardAt),
        copyTownshipAt: iso(p.copyTownshipAt),
        copyCountyAt: iso(p.copyCountyAt),
        planSubmittedAt: iso(p.planSubmittedAt),
        selfAssessmentSubmittedAt: iso(p.selfAssessmentSubmittedAt),
        commitmentComplete: Boolean(
          p.noticeServedAt &&
          p.signedAt &&
          p.copyArchiveAt &&
          p.copyNoticeBoardAt &&
          p.copyTownshipAt &&
          p.copyCountyAt,
        ),
      };
    },
  );
};

export default obligationRoutes;
