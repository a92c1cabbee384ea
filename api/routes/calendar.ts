import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { planCalendarEvents, toICalendar } from '../../domain/index.js';
import { loadPlan, obligationsOfOffice } from '../../app/campaigns/plan-store.js';
import { officeScope, requireReadOffice } from '../plugins/auth.js';
import { ProblemError } from '../plugins/errors.js';
import { Language, LocalDateString, PlannedStepEntry, Uuid, withProblems } from '../schemas.js';
import { findCampaign } from '../../app/campaigns/find-campaign.js';

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
  const { db } = fastify.deps;

  async function campaignAndPlan(id: string) {
    await findCampaign(db.prisma, id);
    return loadPlan(db.prisma, id);
  }

  fastify.get(
    '/campaigns/:id/calendar',
    {
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
      const loaded = await campaignAndPlan(request.params.id);
      const offices = await db.prisma.office.findMany({
        where: officeId ? { id: officeId } : {},
        orderBy: { code: 'asc' },
      });
      if (officeId && offices.length === 0)
        throw new ProblemError(404, 'Not found', `office ${officeId} does not exist`);
      const entries = [];
      for (const office of offices) {
        const obligations = await obligationsOfOffice(db.prisma, loaded, loaded.campaign.id, office.id, {
          includeDone: true,
        });
        for (const o of obligations) {
          if (kind && o.kind !== kind) continue;
          for (const s of o.steps) {
            if ((from && s.localDate < from) || (to && s.localDate > to)) continue;
            entries.push({
              officeId: office.id,
              officeCode: office.code,
              officeName: office.name,
              obligationKey: o.key,
              kind: o.kind,
              title: lang === 'en' ? o.titleEn : o.titleZh,
              dueDate: o.dueDate,
              step: s.key,
              stepKind: s.kind,
              at: s.at,
              localDate: s.localDate,
              atMs: s.atMs,
            });
          }
        }
      }
      entries.sort(
        (a, b) =>
          a.atMs - b.atMs || a.officeCode.localeCompare(b.officeCode) || a.obligationKey.localeCompare(b.obligationKey),
      );
      return {
        total: entries.length,
        warnings: loaded.plan.warnings,
        entries: entries.slice(offset, offset + limit).map(({ atMs: _atMs, ...entry }) => entry),
      };
    },
  );

  fastify.get(
    '/campaigns/:id/offices/:officeId/calendar.ics',
    {
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
      const loaded = await campaignAndPlan(request.params.id);
      const office = await db.prisma.office.findUnique({ where: { id: request.params.officeId } });
      if (!office) throw new ProblemError(404, 'Not found', `office ${request.params.officeId} does not exist`);
      const obligations = await obligationsOfOffice(db.prisma, loaded, loaded.campaign.id, office.id, {
        includeDone: true,
      });
      const lang = request.query.lang === 'en' ? 'en' : 'zh';
      const ics = toICalendar({
        name: lang === 'en' ? `${loaded.campaign.name}: ${office.name}` : `${loaded.campaign.name}（${office.name}）`,
        events: planCalendarEvents(
          { timeZone: loaded.template.timeZone, obligations },
          { uidSuffix: `@${loaded.campaign.id}.${office.id}`, lang },
        ),
        dtstamp: Date.now(),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${office.code}.ics"`)
        .send(ics);
    },
  );
};

export default calendarRoutes;
