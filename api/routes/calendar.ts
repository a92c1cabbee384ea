import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { officeCalendarFeed } from '../../app/calendar/office-calendar-feed.js';
import { plannedSteps } from '../../app/calendar/planned-steps.js';
import { officeScope, requireReadOffice } from '../plugins/auth.js';
import { Language, LocalDateString, PlannedStepEntry, Uuid, withProblems } from '../schemas.js';

const ObligationKind = Type.Union(
  [
    'phase',
    'monthly-report',
    'year-end-summary',
    'enterprise-commitment',
    'enterprise-plan',
    'enterprise-self-assessment',
  ].map((k) => Type.Literal(k)),
);

/** Dry-run: every reminder, overdue notice and escalation the plan holds, before anything is sent. */
const calendarRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const deps = { db: fastify.deps.db.prisma };

  fastify.get(
    '/campaigns/:id/calendar',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['calendar'],
        summary: 'Dry-run: every planned step for every office, in time order',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({
          officeId: Type.Optional(Uuid),
          kind: Type.Optional(ObligationKind),
          from: Type.Optional(LocalDateString),
          to: Type.Optional(LocalDateString),
          lang: Type.Optional(Language),
          limit: Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: withProblems(
          {
            200: Type.Object({
              total: Type.Integer(),
              warnings: Type.Array(Type.String()),
              entries: Type.Array(PlannedStepEntry),
            }),
          },
          [400, 404],
        ),
      },
    },
    async (request) => {
      const { kind, from, to, lang, limit, offset } = request.query;
      if (request.query.officeId) requireReadOffice(request, request.query.officeId);
      const officeId = request.query.officeId ?? officeScope(request);
      return plannedSteps(deps, {
        campaignId: request.params.id,
        officeId,
        kind,
        from,
        to,
        language: lang,
        limit,
        offset,
      });
    },
  );

  fastify.get(
    '/campaigns/:id/offices/:officeId/calendar.ics',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['calendar'],
        summary: "iCalendar feed of an office's deadlines, for staff to subscribe to",
        params: Type.Object({ id: Uuid, officeId: Uuid }),
        querystring: Type.Object({ lang: Type.Optional(Language) }),
        produces: ['text/calendar'],
        response: withProblems({ 200: Type.String({ description: 'text/calendar (RFC 5545)' }) }, [400, 404]),
      },
    },
    async (request, reply) => {
      requireReadOffice(request, request.params.officeId);
      const { officeCode, ics } = await officeCalendarFeed(deps, {
        campaignId: request.params.id,
        officeId: request.params.officeId,
        language: request.query.lang === 'en' ? 'en' : 'zh',
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${officeCode}.ics"`)
        .send(ics);
    },
  );
};

export default calendarRoutes;
