import { Type, type Static } from '@sinclair/typebox';
import { instantOf } from '../lookups.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EnterpriseProgressUpdate } from '../../app/obligations/record-enterprise-progress.js';
import { completePhaseTask } from '../../app/obligations/complete-phase-task.js';
import { findEnterprise } from '../../app/obligations/find-enterprise.js';
import { updateEnterpriseProgress } from '../../app/obligations/update-enterprise-progress.js';
import { decideExtension } from '../../app/extensions/decide-extension.js';
import { listExtensions } from '../../app/extensions/list-extensions.js';
import { requestExtension } from '../../app/extensions/request-extension.js';
import { officeScope, requireBureau, requireReadOffice, requireWriteOffice } from '../plugins/auth.js';
import { LocalDateString, Uuid, withProblems } from '../schemas.js';

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

/** The body's instants as dates; the fields it leaves out stay as stored. */
function progressUpdate(body: Static<typeof ProgressBody>): EnterpriseProgressUpdate {
  const toDate = (v: string | undefined) => (v === undefined ? undefined : new Date(v));
  return Object.fromEntries(
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
  );
}

/** Phase tasks, extensions and enterprise commitments: every write reaches the office's workflow. */
// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const obligationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal } = fastify.deps;
  const deps = { db: db.prisma, client: temporal };

  fastify.post(
    '/campaigns/:id/offices/:officeId/obligations/:key/complete',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['obligations'],
        summary: "Mark an office's phase task done (reports are closed by submitting them); its reminders stop at once",
        params: Type.Object({ id: Uuid, officeId: Uuid, key: Type.String({ pattern: '^phase:[a-z-]+$' }) }),
        response: withProblems({ 204: Type.Null() }, [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      requireWriteOffice(request, request.params.officeId);
      await completePhaseTask(deps, {
        campaignId: request.params.id,
        officeId: request.params.officeId,
        obligationKey: request.params.key,
        at: new Date(instantOf(fastify.deps, undefined)),
      });
      return reply.status(204).send(null);
    },
  );

  fastify.post(
    '/campaigns/:id/offices/:officeId/extensions',
    {
      config: { access: 'office-write' },
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
      const row = await requestExtension(deps, {
        campaignId: request.params.id,
        officeId: request.params.officeId,
        ...request.body,
        requestedBy: principal.name,
      });
      return reply.status(201).send({ ...row, decidedAt: iso(row.decidedAt) });
    },
  );

  fastify.post(
    '/extensions/:extensionId/decision',
    {
      config: { access: 'bureau' },
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
      const row = await decideExtension(deps, {
        extensionId: request.params.extensionId,
        approve: request.body.approve,
        note: request.body.note,
        decidedBy: principal.name,
        ...(fastify.deps.clock ? { at: new Date(fastify.deps.clock()) } : {}),
      });
      return { ...row, decidedAt: iso(row.decidedAt) };
    },
  );

  fastify.get(
    '/campaigns/:id/extensions',
    {
      config: { access: 'signed-in' },
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
      const rows = await listExtensions(deps, {
        campaignId: request.params.id,
        officeId: request.query.officeId ?? officeScope(request),
        status: request.query.status,
      });
      return rows.map((r) => ({ ...r, decidedAt: iso(r.decidedAt) }));
    },
  );

  fastify.put(
    '/campaigns/:id/enterprises/:enterpriseId/progress',
    {
      config: { access: 'office-write' },
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
      const campaignId = request.params.id;
      // Read first: who may write depends on the enterprise's office.
      const enterprise = await findEnterprise(deps, {
        campaignId,
        enterpriseId: request.params.enterpriseId,
        ownOfficeId: officeScope(request),
      });
      requireWriteOffice(request, enterprise.officeId);
      const { progress: p, commitmentComplete } = await updateEnterpriseProgress(deps, {
        campaignId,
        enterpriseId: enterprise.id,
        update: progressUpdate(request.body),
      });
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
        commitmentComplete,
      };
    },
  );
};

export default obligationRoutes;
