import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { nextMails } from '../../app/board/next-mails.js';
import { commitmentProgress } from '../../app/board/commitment-progress.js';
import { officeScope, requireReadOffice } from '../plugins/auth.js';
import { Language, PlannedStepEntry, Uuid, withProblems } from '../schemas.js';
import { AsOfInstant, instantOf } from '../lookups.js';
import { findCampaign } from '../../app/campaigns/find-campaign.js';
import { readWebAssets } from '../web-assets.js';

/**
 * The page's static shell, built from web/board/ into generated/web/ (api/web-assets.ts): its data comes from the
 * JSON API with the user's token, never from these files.
 */
const ASSETS = {
  'board.html': 'text/html; charset=utf-8',
  'board.js': 'text/javascript; charset=utf-8',
  'board.css': 'text/css; charset=utf-8',
} as const;
type Asset = keyof typeof ASSETS;

const NextMail = Type.Composite([
  PlannedStepEntry,
  Type.Object({
    recipients: Type.Array(Type.String()),
    openEnterprises: Type.Union([Type.Integer(), Type.Null()], {
      description: 'enterprise digests: how many enterprises it lists as things stand; null for office obligations',
    }),
  }),
]);

const CommitmentProgress = Type.Object({
  officeId: Uuid,
  officeCode: Type.String(),
  officeName: Type.String(),
  unitType: Type.String(),
  total: Type.Integer({ description: 'enterprises the office supervises' }),
  commitmentsComplete: Type.Integer({ description: 'notice served, commitment signed and all four copies filed' }),
  plansSubmitted: Type.Integer(),
  selfAssessmentsSubmitted: Type.Integer(),
});

/** The status board (a static page using the JSON API) and the two read-only views it needs beyond the rest. */
// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const boardRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify.deps;
  const assets = await readWebAssets(Object.keys(ASSETS) as Asset[]);

  const serve = (url: string, name: Asset, summary?: string) =>
    fastify.get(
      url,
      {
        config: { access: 'public' },
        schema: summary
          ? {
              tags: ['status'],
              summary,
              produces: ['text/html'],
              response: { 200: Type.String({ description: 'text/html; charset=utf-8' }) },
            }
          : { hide: true },
      },
      async (_request, reply) =>
        reply
          .type(ASSETS[name])
          .header('cache-control', 'no-cache')
          .header('x-content-type-options', 'nosniff')
          .send(assets[name]),
    );
  serve(
    '/board',
    'board.html',
    'The status board page: phases, office × month grid, late list, commitments, next mails (sign in with a token)',
  );
  serve('/board/board.js', 'board.js');
  serve('/board/board.css', 'board.css');

  fastify.get(
    '/campaigns/:id/next-mails',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['calendar'],
        summary: 'The next mails the engine will send: upcoming ladder steps of still-open obligations, in time order',
        description:
          'Office obligations already fulfilled and enterprise digests without an open enterprise are left out, and ' +
          'so are steps already run; approved extensions are applied. A draft campaign sends nothing until started ' +
          '(campaignStatus). Office staff see their own office only.',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({
          officeId: Type.Optional(Uuid),
          asOf: Type.Optional(AsOfInstant),
          lang: Type.Optional(Language),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
        }),
        response: withProblems(
          {
            200: Type.Object({
              asOf: Type.String(),
              campaignStatus: Type.String({
                description: 'draft | running | finished: a draft campaign sends nothing yet, a finished one no more',
              }),
              items: Type.Array(NextMail),
            }),
          },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request) => {
      if (request.query.officeId) requireReadOffice(request, request.query.officeId);
      const officeId = request.query.officeId ?? officeScope(request);
      await findCampaign(db.prisma, request.params.id);
      const atMs = instantOf(fastify.deps, request.query.asOf);
      const result = await nextMails(db.prisma, request.params.id, {
        atMs,
        limit: request.query.limit,
        ...(officeId ? { officeId } : {}),
        ...(request.query.lang ? { language: request.query.lang } : {}),
      });
      return { asOf: new Date(atMs).toISOString(), ...result };
    },
  );

  fastify.get(
    '/campaigns/:id/commitment-progress',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['commitments'],
        summary: "Each office's enterprises: commitments complete (annex 1 and 2), plans and self-assessments filed",
        description:
          'The same counts as each office status, for every office at once; office staff see their own. With ' +
          'asOf: the steps recorded as done by that instant.',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ asOf: Type.Optional(AsOfInstant) }),
        response: withProblems(
          {
            200: Type.Object({
              commitmentDueDate: Type.String({ description: 'enterprise commitments are due by this local day' }),
              selfAssessmentDueDate: Type.String({ description: 'the default self-assessment date (end of phase 2)' }),
              offices: Type.Array(CommitmentProgress),
            }),
          },
          [400, 401, 404],
        ),
      },
    },
    async (request) => {
      const scope = officeScope(request);
      return commitmentProgress(
        { db: db.prisma },
        { campaignId: request.params.id, atMs: instantOf(fastify.deps, request.query.asOf), officeId: scope },
      );
    },
  );
};

export default boardRoutes;
