import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { startEscalation } from '../../app/escalations/start-escalation.js';
import { MAX_ESCALATION_LEVEL } from '../../workflows/types.js';
import { endOfLocalDay, localDateOf } from '../../domain/index.js';
import { acknowledgeEscalation } from '../../app/obligations/obligations.js';
import { loadPlan } from '../../app/campaigns/plan-store.js';
import { officeScope, requireBureau, requireWriteOffice } from '../plugins/auth.js';
import { ProblemError } from '../plugins/errors.js';
import { LocalDateString, Uuid, withProblems } from '../schemas.js';
import { findCampaign } from '../../app/campaigns/find-campaign.js';

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
const escalationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal, config } = fastify.deps;

  type Row = NonNullable<Awaited<ReturnType<typeof findEscalation>>>;
  function findEscalation(id: string) {
    return db.prisma.escalation.findUnique({ where: { id }, include: { events: { orderBy: { at: 'asc' } } } });
  }
  const view = (e: Row) => ({
    ...e,
    ackBy: e.ackBy.toISOString(),
    acknowledgedAt: e.acknowledgedAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    events: e.events.map((ev) => ({ at: ev.at.toISOString(), kind: ev.kind, level: ev.level, detail: ev.detail })),
  });

  fastify.post(
    '/campaigns/:id/offices/:officeId/escalations',
    {
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
      const { id: campaignId, officeId } = request.params;
      await findCampaign(db.prisma, campaignId);
      if (!(await db.prisma.office.findUnique({ where: { id: officeId } }))) {
        throw new ProblemError(404, 'Not found', `office ${officeId} does not exist`);
      }
      const loaded = await loadPlan(db.prisma, campaignId);
      const zone = loaded.template.timeZone;
      const now = Date.now();
      let ackByMs: number | undefined;
      if (request.body.ackBy) {
        if (request.body.ackBy < localDateOf(now, zone)) {
          throw new ProblemError(422, 'Invalid escalation', 'ackBy lies in the past', [
            { path: 'ackBy', message: 'must be today or later' },
          ]);
        }
        ackByMs = endOfLocalDay(request.body.ackBy, zone).ms;
      }
      const { escalationId } = await startEscalation(
        { db: db.prisma, temporal: { client: temporal, taskQueue: config.temporal.taskQueue } },
        {
          campaignId,
          officeId,
          origin: 'manual',
          level: request.body.level,
          reason: request.body.reason,
          raisedAtMs: now,
          escalationKey: `manual-${randomUUID()}`,
          ...(request.body.obligationKey ? { obligationKey: request.body.obligationKey } : {}),
          ...(ackByMs !== undefined ? { ackByMs } : {}),
        },
      );
      return reply.status(201).send(view((await findEscalation(escalationId))!));
    },
  );

  fastify.post(
    '/escalations/:escalationId/acknowledge',
    {
      schema: {
        tags: ['escalations'],
        summary: 'The office acknowledges an escalation; it stops climbing',
        params: Type.Object({ escalationId: Uuid }),
        response: withProblems({ 200: EscalationView }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      const escalation = await findEscalation(request.params.escalationId);
      if (!escalation)
        throw new ProblemError(404, 'Not found', `escalation ${request.params.escalationId} does not exist`);
      const principal = requireWriteOffice(request, escalation.officeId);
      await acknowledgeEscalation(
        { db: db.prisma, client: temporal },
        { escalationId: escalation.id, by: principal.name },
      );
      return view((await findEscalation(escalation.id))!);
    },
  );

  fastify.get(
    '/campaigns/:id/escalations',
    {
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
      const officeId = scope ?? request.query.officeId;
      const rows = await db.prisma.escalation.findMany({
        where: {
          campaignId: request.params.id,
          ...(officeId ? { officeId } : {}),
          ...(request.query.status ? { status: request.query.status } : {}),
        },
        include: { events: { orderBy: { at: 'asc' } } },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map(view);
    },
  );
};

export default escalationRoutes;
