import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  daysBetween,
  defaultTemplate,
  localDateOf,
  mergeDeep,
  phaseAt,
  validateTemplate,
  type CampaignTemplate,
} from '../../domain/index.js';
import type { Campaign } from '../../generated/prisma/client.js';
import { signalRunningCampaigns } from '../../app/campaigns/campaigns.js';
import { loadPlan } from '../../app/campaigns/plan-store.js';
import { startWorkflowOnce } from '../../infra/workflow-signals.js';
import { asJson } from '../../infra/json.js';
import { campaignStatusQuery, planChangedSignal, workflowIds } from '../../workflows/definitions.js';
import { campaignWorkflow } from '../../workflows/index.js';
import { requireBureau } from '../plugins/auth.js';
import { ProblemError } from '../plugins/errors.js';
import { Language, Uuid, withProblems } from '../schemas.js';
import { AsOfInstant, instantOf } from '../lookups.js';
import { findCampaign } from '../../app/campaigns/find-campaign.js';

const TemplateOverrides = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'Changes to the default plan of the year (the 2024 notice plan moved to that year): any part of the template — ' +
    'phases[].deadline, monthlyReport {firstMonth, lastMonth, dueDayOfNextMonth, hardDayOfNextMonth}, yearEndSummary.dueDate, ' +
    'ladder {reminders[{days, unit}], remindOnDueDay, sendTime, hardDeadlineWorkingDaysAfter, escalationAckWorkingDays}, ' +
    "holidayRoll ('keep' | 'next-working-day'), timeZone, startDate. Arrays replace.",
});

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
  template: Type.Unknown({ description: 'the full, validated campaign template' }),
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

/** Template errors carry paths inside the template; in a request they live under `template`. */
function templateProblem(errors: { path: string; message: string }[]): ProblemError {
  return new ProblemError(
    422,
    'Invalid campaign template',
    errors.map((e) => `template.${e.path}: ${e.message}`).join('; '),
    errors.map((e) => ({ path: e.path ? `template.${e.path}` : 'template', message: e.message })),
  );
}

function checkedTemplate(base: CampaignTemplate, overrides: Record<string, unknown> | undefined): CampaignTemplate {
  const result = validateTemplate(mergeDeep(base, overrides ?? {}));
  if (!result.ok) throw templateProblem(result.errors);
  if (result.template.year !== base.year) {
    throw templateProblem([
      { path: 'year', message: `the campaign year is ${base.year}; create a new campaign for another year` },
    ]);
  }
  return result.template;
}

const campaignRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal, config } = fastify.deps;
  const deps = { db: db.prisma, client: temporal };

  async function view(campaign: Campaign) {
    const loaded = await loadPlan(db.prisma, campaign.id);
    return {
      ...campaign,
      createdAt: campaign.createdAt.toISOString(),
      startedAt: campaign.startedAt?.toISOString() ?? null,
      warnings: loaded.plan.warnings,
    };
  }

  const find = (id: string): Promise<Campaign> => findCampaign(db.prisma, id);

  fastify.get(
    '/templates/default',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'The default campaign template (the 2024 notice plan) for a year',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100, default: 2024 }) }),
        response: { 200: Type.Unknown() },
      },
    },
    async (request) => defaultTemplate(request.query.year),
  );

  fastify.post(
    '/campaigns',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'Create a campaign from the template for a year; nothing is stored if the template is invalid',
        body: CampaignBody,
        response: withProblems({ 201: CampaignView }, [400, 422]),
      },
    },
    async (request, reply) => {
      requireBureau(request, 'create campaigns');
      const { template: overrides, ...fields } = request.body;
      const template = checkedTemplate(defaultTemplate(fields.year), overrides);
      const campaign = await db.prisma.campaign.create({ data: { ...fields, template: asJson(template) } });
      return reply.status(201).send(await view(campaign));
    },
  );

  fastify.get(
    '/campaigns',
    { schema: { tags: ['campaigns'], summary: 'List campaigns', response: { 200: Type.Array(CampaignView) } } },
    async () => Promise.all((await db.prisma.campaign.findMany({ orderBy: { createdAt: 'asc' } })).map(view)),
  );

  fastify.get(
    '/campaigns/:id',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'One campaign with its full template',
        params: Type.Object({ id: Uuid }),
        response: withProblems({ 200: CampaignView }, [400, 404]),
      },
    },
    async (request) => view(await find(request.params.id)),
  );

  fastify.patch(
    '/campaigns/:id',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'Edit deadlines, the reminder ladder or the bureau contact; a running campaign recomputes its timers',
        params: Type.Object({ id: Uuid }),
        body: CampaignPatch,
        response: withProblems({ 200: CampaignView }, [400, 404, 422]),
      },
    },
    async (request) => {
      requireBureau(request, 'edit campaigns');
      const current = await find(request.params.id);
      const { template: overrides, ...fields } = request.body;
      const template = overrides
        ? checkedTemplate(current.template as unknown as CampaignTemplate, overrides)
        : undefined;
      const campaign = await db.prisma.campaign.update({
        where: { id: current.id },
        data: { ...fields, ...(template ? { template: asJson(template) } : {}) },
      });
      const { finished } = await signalRunningCampaigns(deps, planChangedSignal, { campaignId: campaign.id });
      // Its workflow had ended: the edit is stored and the answer shows the campaign as it now stands, finished.
      return view(finished.length > 0 ? await find(campaign.id) : campaign);
    },
  );

  fastify.post(
    '/campaigns/:id/start',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'Start the campaign: its workflow walks the phases and every office gets its reminder ladder',
        params: Type.Object({ id: Uuid }),
        response: withProblems({ 202: Type.Object({ workflowId: Type.String() }) }, [400, 404, 409]),
      },
    },
    async (request, reply) => {
      requireBureau(request, 'start campaigns');
      const campaign = await find(request.params.id);
      if (campaign.status === 'finished') {
        throw new ProblemError(409, 'Already finished', `campaign ${campaign.id} has finished; create a new campaign`);
      }
      const workflowId = workflowIds.campaign(campaign.id);
      const started = await startWorkflowOnce(temporal, campaignWorkflow, {
        taskQueue: config.temporal.taskQueue,
        workflowId,
        args: [{ campaignId: campaign.id }],
      });
      if (started === 'exists') {
        throw new ProblemError(409, 'Already started', `campaign ${campaign.id} is already running`);
      }
      await db.prisma.campaign.update({
        where: { id: campaign.id },
        data: { status: 'running', workflowId, startedAt: new Date() },
      });
      return reply.status(202).send({ workflowId });
    },
  );

  fastify.get(
    '/campaigns/:id/status',
    {
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
    async (request) => {
      const campaign = await find(request.params.id);
      const loaded = await loadPlan(db.prisma, campaign.id);
      const zone = loaded.template.timeZone;
      let source: 'workflow' | 'plan' = 'plan';
      const asOf = instantOf(fastify.deps, request.query.asOf);
      let currentPhase: string = phaseAt(loaded.plan, asOf);
      if (campaign.status === 'running' && campaign.workflowId && !request.query.asOf) {
        try {
          const answer = await temporal.workflow.getHandle(campaign.workflowId).query(campaignStatusQuery);
          // The workflow wakes at every phase boundary, so its answer is the phase; "today" stays the real day.
          source = 'workflow';
          currentPhase = answer.currentPhase;
        } catch (error) {
          // No worker has answered yet (e.g. it is still starting): the plan gives the same phase.
          request.log.warn({ err: error }, 'campaign workflow did not answer the status query');
        }
      }
      const today = localDateOf(asOf, zone);
      return {
        campaignId: campaign.id,
        status: campaign.status,
        source,
        currentPhase,
        today,
        phases: loaded.plan.phases.map((p) => ({
          key: p.key,
          nameZh: p.nameZh,
          nameEn: p.nameEn,
          startAt: p.startAt,
          deadline: p.deadline,
          deadlineAt: p.deadlineAt,
          state:
            asOf >= p.deadlineAtMs
              ? ('ended' as const)
              : asOf >= p.startAtMs
                ? ('current' as const)
                : ('upcoming' as const),
          daysLeft: daysBetween(today, p.deadline),
        })),
      };
    },
  );
};

export default campaignRoutes;
