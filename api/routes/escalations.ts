import { Type } from '@sinclair/typebox';
import { instantOf } from '../lookups.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findEscalation, type EscalationRecord } from '../../app/escalations/escalation-record.js';
import { listEscalations } from '../../app/escalations/list-escalations.js';
import { raiseEscalation } from '../../app/escalations/raise-escalation.js';
import { acknowledgeEscalation } from '../../app/escalations/acknowledge-escalation.js';
import { MAX_ESCALATION_LEVEL } from '../../workflows/types.js';
import { officeScope, requireBureau, requireWriteOffice } from '../plugins/auth.js';
import { ProblemError } from '../plugins/errors.js';
import { LocalDateString, Uuid, withProblems } from '../schemas.js';

const EscalationView = Type.Object({
  id: Uuid,
  officeId: Uuid,
  obligationKey: Type.Union([Type.String(), Type.Null()]),
  origin: Type.String({ description: 'automatic (hard deadline passed) or manual (raised by the bureau)' }),
  level: Type.Integer({ description: '1 督办提醒 supervision notice, 2 约谈 warning talk, 3 通报 public circular' }),
  reason: Type.String(),
  ackBy: Type.String(),
  status: Type.String({ description: 'open | acknowledged | unacknowledged' }),
  acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  events: Type.Array(
    Type.Object({
      at: Type.String(),
      kind: Type.String(),
      level: Type.Integer(),
      detail: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

/** The bureau escalates late offices by hand; office heads acknowledge; history per office. */
// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const escalationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal, config } = fastify.deps;

  const view = (e: EscalationRecord) => ({
    ...e,
    ackBy: e.ackBy.toISOString(),
    acknowledgedAt: e.acknowledgedAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    events: e.events.map((ev) => ({ at: ev.at.toISOString(), kind: ev.kind, level: ev.level, detail: ev.detail })),
  });

  fastify.post(
    '/campaigns/:id/offices/:officeId/escalations',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['escalations'],
        summary:
          'Escalate a late office (bureau only): a notice to the office head, acknowledged by a date or it climbs a level',
        params: Type.Object({ id: Uuid, officeId: Uuid }),
        body: Type.Object(
          {
            level: Type.Integer({ minimum: 1, maximum: MAX_ESCALATION_LEVEL, default: 1 }),
            reason: Type.String({ minLength: 1, maxLength: 1000 }),
            ackBy: Type.Optional(LocalDateString),
            obligationKey: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: withProblems({ 201: EscalationView }, [400, 401, 403, 404, 422]),
      },
    },
    async (request, reply) => {
      requireBureau(request, 'escalate offices');
      const escalation = await raiseEscalation(
        { db: db.prisma, temporal: { client: temporal, taskQueue: config.temporal.taskQueue } },
        {
          campaignId: request.params.id,
          officeId: request.params.officeId,
          level: request.body.level,
          reason: request.body.reason,
          ackBy: request.body.ackBy,
          obligationKey: request.body.obligationKey,
          raisedAtMs: instantOf(fastify.deps, undefined),
        },
      );
      return reply.status(201).send(view(escalation));
    },
  );

  fastify.post(
    '/escalations/:escalationId/acknowledge',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['escalations'],
        summary: 'The office acknowledges an escalation; it stops climbing',
        params: Type.Object({ escalationId: Uuid }),
        response: withProblems({ 200: EscalationView }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      // Read first: who may acknowledge depends on the escalation's office.
      const escalation = await findEscalation(db.prisma, request.params.escalationId, officeScope(request));
      const principal = requireWriteOffice(request, escalation.officeId);
      await acknowledgeEscalation(
        { db: db.prisma, client: temporal },
        { escalationId: escalation.id, by: principal.name },
      );
      return view(await findEscalation(db.prisma, escalation.id));
    },
  );

  fastify.get(
    '/campaigns/:id/escalations',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['escalations'],
        summary: 'Escalation history, optionally of one office (office staff see their own)',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ officeId: Type.Optional(Uuid), status: Type.Optional(Type.String()) }),
        response: withProblems({ 200: Type.Array(EscalationView) }, [400, 401, 403]),
      },
    },
    async (request) => {
      const scope = officeScope(request);
      if (scope && request.query.officeId && request.query.officeId !== scope) {
        throw new ProblemError(403, 'Forbidden', 'office staff may only see their own office');
      }
      const rows = await listEscalations(
        { db: db.prisma },
        { campaignId: request.params.id, officeId: scope ?? request.query.officeId, status: request.query.status },
      );
      return rows.map(view);
    },
  );
};

export default escalationRoutes;
