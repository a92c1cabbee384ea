import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { defaultTemplate, type CampaignTemplate } from '../../domain/index.js';
import { CampaignTemplateOverridesSchema, CampaignTemplateSchema } from '../../domain/template-schema.js';
import type { CampaignDetails } from '../../app/campaigns/campaign-details.js';
import { createCampaign } from '../../app/campaigns/create-campaign.js';
import { getCampaign } from '../../app/campaigns/get-campaign.js';
import { getCampaignStatus } from '../../app/campaigns/get-campaign-status.js';
import { listCampaigns } from '../../app/campaigns/list-campaigns.js';
import { startCampaign } from '../../app/campaigns/start-campaign.js';
import { updateCampaign } from '../../app/campaigns/update-campaign.js';
import { heldTemplate, holdTemplate } from '../held-template.js';
import { requireBureau } from '../plugins/auth.js';
import { Language, Uuid, withProblems } from '../schemas.js';
import { AsOfInstant, instantOf } from '../lookups.js';

/** Documented by its schema, checked by the use case on the merged template (see ../held-template.ts). */
const TemplateOverrides = CampaignTemplateOverridesSchema;

const CampaignBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    bureauName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    bureauEmail: Type.String({ format: 'email' }),
    bureauLanguage: Type.Optional(Language),
    template: Type.Optional(TemplateOverrides),
  },
  { additionalProperties: false },
);

const CampaignPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    bureauName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    bureauEmail: Type.Optional(Type.String({ format: 'email' })),
    bureauLanguage: Type.Optional(Language),
    template: Type.Optional(TemplateOverrides),
  },
  { additionalProperties: false },
);

const CampaignView = Type.Object({
  id: Uuid,
  name: Type.String(),
  year: Type.Integer(),
  status: Type.String({
    description: 'draft | running | finished (its workflow has ended: every phase is over, nothing more is sent)',
  }),
  bureauName: Type.String(),
  bureauEmail: Type.String(),
  bureauLanguage: Type.String(),
  workflowId: Type.Union([Type.String(), Type.Null()]),
  template: CampaignTemplateSchema,
  warnings: Type.Array(Type.String(), { description: 'e.g. a year without holiday data' }),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const PhaseStatus = Type.Object({
  key: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  startAt: Type.String(),
  deadline: Type.String({ description: 'last local day of the phase' }),
  deadlineAt: Type.String({ description: 'the instant the phase ends (end of its last day)' }),
  state: Type.Union([Type.Literal('upcoming'), Type.Literal('current'), Type.Literal('ended')]),
  daysLeft: Type.Integer({ description: 'local days from today to the deadline day, negative once passed' }),
});

const CampaignStatusView = Type.Object({
  campaignId: Uuid,
  status: Type.String(),
  source: Type.Union([Type.Literal('workflow'), Type.Literal('plan')], {
    description: 'workflow = answered by the running campaign workflow; plan = computed, campaign not started',
  }),
  currentPhase: Type.String({ description: 'phase key, not-started or finished' }),
  today: Type.String(),
  phases: Type.Array(PhaseStatus),
});

/** The HTTP face of a campaign: instants as ISO 8601 strings. */
function view(campaign: CampaignDetails) {
  return {
    ...campaign,
    // stored only after validateTemplate, and checked again by loadPlan whenever a campaign is read
    template: campaign.template as unknown as CampaignTemplate,
    createdAt: campaign.createdAt.toISOString(),
    startedAt: campaign.startedAt?.toISOString() ?? null,
  };
}

// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const campaignRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal, config } = fastify.deps;
  const deps = { db: db.prisma, client: temporal };

  fastify.get(
    '/templates/default',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['campaigns'],
        summary: 'The default campaign template (the 2024 notice plan) for a year',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100, default: 2024 }) }),
        response: { 200: CampaignTemplateSchema },
      },
    },
    async (request) => defaultTemplate(request.query.year),
  );

  fastify.post(
    '/campaigns',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['campaigns'],
        summary: 'Create a campaign from the template for a year; nothing is stored if the template is invalid',
        body: CampaignBody,
        response: withProblems({ 201: CampaignView }, [400, 422]),
      },
      preValidation: holdTemplate,
    },
    async (request, reply) => {
      requireBureau(request, 'create campaigns');
      const campaign = await createCampaign(deps, { ...request.body, template: heldTemplate(request) });
      return reply.status(201).send(view(campaign));
    },
  );

  fastify.get(
    '/campaigns',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['campaigns'], summary: 'List campaigns', response: { 200: Type.Array(CampaignView) } },
    },
    async () => (await listCampaigns(deps)).map(view),
  );

  fastify.get(
    '/campaigns/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['campaigns'],
        summary: 'One campaign with its full template',
        params: Type.Object({ id: Uuid }),
        response: withProblems({ 200: CampaignView }, [400, 404]),
      },
    },
    async (request) => view(await getCampaign(deps, request.params.id)),
  );

  fastify.patch(
    '/campaigns/:id',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['campaigns'],
        summary: 'Edit deadlines, the reminder ladder or the bureau contact; a running campaign recomputes its timers',
        params: Type.Object({ id: Uuid }),
        body: CampaignPatch,
        response: withProblems({ 200: CampaignView }, [400, 404, 422]),
      },
      preValidation: holdTemplate,
    },
    async (request) => {
      requireBureau(request, 'edit campaigns');
      return view(await updateCampaign(deps, request.params.id, { ...request.body, template: heldTemplate(request) }));
    },
  );

  fastify.post(
    '/campaigns/:id/start',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['campaigns'],
        summary: 'Start the campaign: its workflow walks the phases and every office gets its reminder ladder',
        params: Type.Object({ id: Uuid }),
        response: withProblems({ 202: Type.Object({ workflowId: Type.String() }) }, [400, 404, 409]),
      },
    },
    async (request, reply) => {
      requireBureau(request, 'start campaigns');
      const temporalDeps = { client: temporal, taskQueue: config.temporal.taskQueue };
      const started = await startCampaign(
        { db: db.prisma, temporal: temporalDeps, ...(fastify.deps.clock ? { clock: fastify.deps.clock } : {}) },
        request.params.id,
      );
      return reply.status(202).send(started);
    },
  );

  fastify.get(
    '/campaigns/:id/status',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['campaigns'],
        summary: 'Current phase and each phase with its deadline and days left (local time)',
        description:
          'Without asOf: now, with the phase from the running workflow. With asOf: the phases as they stand at that ' +
          'instant, from the plan.',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({
          asOf: Type.Optional(AsOfInstant),
        }),
        response: withProblems({ 200: CampaignStatusView }, [400, 404]),
      },
    },
    async (request) =>
      getCampaignStatus(
        { ...deps, log: request.log },
        {
          campaignId: request.params.id,
          atMs: instantOf(fastify.deps, request.query.asOf),
          isNow: !request.query.asOf,
        },
      ),
  );
};

export default campaignRoutes;
