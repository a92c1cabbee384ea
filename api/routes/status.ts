import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentLateList, lateList, type LateItem } from '../../app/status/late-list.js';
import { officeStatus } from '../../app/status/office-status.js';
import { reportingRates } from '../../app/status/reporting-rates.js';
import { officeScope, requireReadOffice } from '../plugins/auth.js';
import { Language, Uuid, withProblems } from '../schemas.js';
import { AsOfInstant, instantOf } from '../lookups.js';

const ObligationStatus = Type.Object({
  key: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  dueDate: Type.String(),
  originalDueDate: Type.String(),
  extended: Type.Boolean(),
  state: Type.Union(
    ['done', 'open', 'overdue', 'late'].map((s) => Type.Literal(s)),
    {
      description: 'overdue = past the due day; late = past the hard deadline (escalated)',
    },
  ),
  doneAt: Type.Union([Type.String(), Type.Null()]),
  daysLate: Type.Integer(),
});

const OfficeStatus = Type.Object({
  officeId: Uuid,
  officeCode: Type.String(),
  officeName: Type.String(),
  unitType: Type.String(),
  asOf: Type.String(),
  nextDeadline: Type.Union([
    Type.Object({ key: Type.String(), title: Type.String(), dueDate: Type.String() }),
    Type.Null(),
  ]),
  openCount: Type.Integer(),
  lateItems: Type.Array(ObligationStatus),
  obligations: Type.Array(ObligationStatus),
  enterprises: Type.Object({
    total: Type.Integer(),
    commitmentsComplete: Type.Integer(),
    plansSubmitted: Type.Integer(),
    selfAssessmentsSubmitted: Type.Integer(),
  }),
});

const LateListAnswer = Type.Object({
  asOf: Type.String(),
  items: Type.Array(
    Type.Object({
      officeId: Uuid,
      officeCode: Type.String(),
      officeName: Type.String(),
      unitType: Type.String(),
      obligationKey: Type.String(),
      title: Type.String(),
      dueDate: Type.String(),
      state: Type.String(),
      daysLate: Type.Integer(),
      extended: Type.Boolean(),
    }),
  ),
});

/** The items' JSON (UTF-8), per list: a late list of now that is answered again is not serialized again. */
const serializedLateItems = new WeakMap<LateItem[], Buffer>();
const CLOSING_BRACE = Buffer.from('}');

const AsOf = Type.Object({
  asOf: Type.Optional(AsOfInstant),
  lang: Type.Optional(Language),
});

/** Who is late for what: per office, and the county-wide late list. */
// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const statusRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const deps = { db: fastify.deps.db.prisma };

  fastify.get(
    '/campaigns/:id/offices/:officeId/status',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['status'],
        summary: "An office's open obligations, next deadline, late items and enterprise progress",
        params: Type.Object({ id: Uuid, officeId: Uuid }),
        querystring: AsOf,
        response: withProblems({ 200: OfficeStatus }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      requireReadOffice(request, request.params.officeId);
      return officeStatus(deps, {
        campaignId: request.params.id,
        officeId: request.params.officeId,
        atMs: instantOf(fastify.deps, request.query.asOf),
        language: request.query.lang,
      });
    },
  );

  fastify.get(
    '/campaigns/:id/late',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['status'],
        summary: 'The late list: every office obligation past its due day, by office, with days late',
        params: Type.Object({ id: Uuid }),
        querystring: AsOf,
        response: withProblems(
          {
            200: LateListAnswer,
          },
          [400, 401, 404],
        ),
      },
    },
    async (request, reply) => {
      const atMs = instantOf(fastify.deps, request.query.asOf);
      // The list of now is reused while nothing changed; one as of a given instant is always computed.
      const items = await (request.query.asOf === undefined ? currentLateList : lateList)(deps, {
        campaignId: request.params.id,
        atMs,
        officeId: officeScope(request),
        language: request.query.lang,
      });
      // A reused list is also serialized once (thousands of items): the same JSON the schema's serializer writes.
      let json = serializedLateItems.get(items);
      if (json === undefined) serializedLateItems.set(items, (json = Buffer.from(JSON.stringify(items))));
      const asOf = Buffer.from(`{"asOf":${JSON.stringify(new Date(atMs).toISOString())},"items":`);
      return reply.type('application/json; charset=utf-8').send(Buffer.concat([asOf, json, CLOSING_BRACE]));
    },
  );

  fastify.get(
    '/campaigns/:id/reporting-rates',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['status'],
        summary: 'Reporting rates per month and office: on time, late with extension, late, missing, upcoming',
        params: Type.Object({ id: Uuid }),
        querystring: AsOf,
        response: withProblems(
          {
            200: Type.Object({
              periods: Type.Array(
                Type.Object({
                  period: Type.String(),
                  dueDate: Type.String(),
                  counts: Type.Record(Type.String(), Type.Integer()),
                  rate: Type.Number({
                    description: 'share of offices that reported on time (incl. within an extension) once due',
                  }),
                }),
              ),
              offices: Type.Array(
                Type.Object({
                  officeId: Uuid,
                  officeCode: Type.String(),
                  officeName: Type.String(),
                  byPeriod: Type.Record(Type.String(), Type.String()),
                }),
              ),
            }),
          },
          [400, 401, 404],
        ),
      },
    },
    async (request) =>
      reportingRates(deps, {
        campaignId: request.params.id,
        atMs: instantOf(fastify.deps, request.query.asOf),
        officeId: officeScope(request),
      }),
  );
};

export default statusRoutes;
