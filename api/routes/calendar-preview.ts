import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { previewCalendar } from '../../app/calendar/preview-calendar.js';
import { CampaignTemplateOverridesSchema } from '../../domain/template-schema.js';
import { heldTemplate, holdTemplate } from '../held-template.js';
import { requireBureau } from '../plugins/auth.js';
import { Uuid, withProblems } from '../schemas.js';
import { CalendarQuery, PlannedCalendar } from './calendar.schemas.js';

/**
 * The body: the template changes exactly as `PATCH /campaigns/:id` takes them under `template`, so a page sends the
 * same body to preview and to save, and a refusal names the same fields (`template.monthlyReport.dueDayOfNextMonth`).
 * Without `template`: the calendar as it stands.
 */
const PreviewBody = Type.Object(
  {
    template: Type.Optional(CampaignTemplateOverridesSchema),
  },
  { additionalProperties: false },
);

/** The dry-run of a change to a campaign's deadlines or reminder ladder, before it is saved. */
const calendarPreviewRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const deps = { db: fastify.deps.db.prisma };

  fastify.post(
    '/campaigns/:id/calendar/preview',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['calendar'],
        summary: 'Dry-run of a template change: the calendar as it would be after the same PATCH, nothing stored',
        description:
          'Answers what GET /campaigns/:id/calendar would answer (same filters) once PATCH /campaigns/:id had ' +
          'applied these template changes: merged and checked as PATCH does (422 naming every bad field), then ' +
          'planned without storing anything or telling any workflow.',
        params: Type.Object({ id: Uuid }),
        querystring: CalendarQuery,
        body: PreviewBody,
        response: withProblems({ 200: PlannedCalendar }, [400, 404, 422]),
      },
      preValidation: holdTemplate,
    },
    async (request) => {
      requireBureau(request, 'preview campaign changes');
      const { officeId, kind, from, to, lang, limit, offset } = request.query;
      return previewCalendar(deps, {
        overrides: heldTemplate(request),
        query: { campaignId: request.params.id, officeId, kind, from, to, language: lang, limit, offset },
      });
    },
  );
};

export default calendarPreviewRoutes;
