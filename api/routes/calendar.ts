import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { officeCalendarFeed } from '../../app/calendar/office-calendar-feed.js';
import { plannedSteps } from '../../app/calendar/planned-steps.js';
import { officeScope, requireReadOffice } from '../plugins/auth.js';
import { Language, Uuid, withProblems } from '../schemas.js';
import { CalendarQuery, PlannedCalendar } from './calendar.schemas.js';

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
        querystring: CalendarQuery,
        response: withProblems({ 200: PlannedCalendar }, [400, 404]),
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
