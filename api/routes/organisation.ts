import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addEnterprise } from '../../app/organisation/add-enterprise.js';
import { addOffice } from '../../app/organisation/add-office.js';
import { findEnterprise, listEnterprises, listOffices } from '../../app/organisation/reads.js';
import { listDuplicateCodes } from '../../app/organisation/list-duplicate-codes.js';
import { updateEnterprise } from '../../app/organisation/update-enterprise.js';
import {
  officeScope,
  requireBureau,
  requireCountyView,
  requireReadOffice,
  requireWriteOffice,
} from '../plugins/auth.js';
import { Language, Uuid, withProblems } from '../schemas.js';

const Email = Type.String({ format: 'email', maxLength: 254 });

export const OfficeInput = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    unitType: Type.Union([Type.Literal('county-unit'), Type.Literal('township')], {
      description: 'county-unit = 县直单位, township = 乡镇市场监管所',
    }),
    contactName: Type.String({ minLength: 1, maxLength: 100 }),
    contactEmail: Email,
    headName: Type.String({ minLength: 1, maxLength: 100 }),
    headEmail: Email,
    language: Type.Optional(Language),
  },
  { additionalProperties: false },
);
// One object (not an allOf with the input's additionalProperties: false, which no answer could meet).
const Office = Type.Object({
  id: Uuid,
  ...OfficeInput.properties,
  unitType: Type.String(),
  language: Type.String(),
});

export const EnterpriseInput = Type.Object(
  {
    officeId: Uuid,
    code: Type.String({ minLength: 1, maxLength: 64, description: 'unified social credit code or bureau number' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    sizeClass: Type.Union([Type.Literal('above-size'), Type.Literal('medium'), Type.Literal('small-micro')], {
      description: 'above-size = 规上, medium = 中等, small-micro = 小微',
    }),
    riskColour: Type.Optional(
      Type.Union([Type.Literal('red'), Type.Literal('orange'), Type.Literal('yellow'), Type.Literal('blue')], {
        default: 'blue',
      }),
    ),
  },
  { additionalProperties: false },
);
const Enterprise = Type.Object({
  id: Uuid,
  ...EnterpriseInput.properties,
  sizeClass: Type.String(),
  riskColour: Type.String(),
});

// Spelt out rather than derived from EnterpriseInput: its riskColour default would reset the colour on every change.
const EnterprisePatch = Type.Object(
  {
    officeId: Type.Optional(
      Type.String({ format: 'uuid', description: 'moves the enterprise, with its campaign progress, to that office' }),
    ),
    name: Type.Optional(EnterpriseInput.properties.name),
    sizeClass: Type.Optional(EnterpriseInput.properties.sizeClass),
    riskColour: Type.Optional(
      Type.Union([Type.Literal('red'), Type.Literal('orange'), Type.Literal('yellow'), Type.Literal('blue')]),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Offices (市场监管所 / 县直单位) and the enterprises they supervise. */
// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const organisationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal } = fastify.deps;
  const deps = { db: db.prisma, client: temporal };

  fastify.post(
    '/offices',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['organisation'],
        summary: 'Add an office; every running campaign starts its reminder ladder at once',
        body: OfficeInput,
        response: withProblems({ 201: Office }, [400, 409]),
      },
    },
    async (request, reply) => {
      requireBureau(request, 'add offices');
      return reply.status(201).send(await addOffice(deps, request.body));
    },
  );

  fastify.get(
    '/offices',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['organisation'], summary: 'List offices', response: { 200: Type.Array(Office) } },
    },
    async (request) => {
      return listOffices(db.prisma, { officeId: officeScope(request) });
    },
  );

  fastify.post(
    '/enterprises',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['organisation'],
        summary: "Add an enterprise to an office; the office's digests in every running campaign list it",
        body: EnterpriseInput,
        response: withProblems({ 201: Enterprise }, [400, 409, 422]),
      },
    },
    async (request, reply) => {
      requireWriteOffice(request, request.body.officeId);
      return reply.status(201).send(await addEnterprise(deps, request.body, officeScope(request)));
    },
  );

  fastify.patch(
    '/enterprises/:id',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['organisation'],
        summary:
          'Change an enterprise or move it to another office (with its progress); both offices recompute their ' +
          'digests in every running campaign',
        params: Type.Object({ id: Uuid }),
        body: EnterprisePatch,
        response: withProblems({ 200: Enterprise }, [400, 403, 404, 422]),
      },
    },
    async (request) => {
      const current = await findEnterprise(db.prisma, request.params.id, officeScope(request));
      // Office staff change their own enterprises and cannot hand one to another office.
      requireWriteOffice(request, current.officeId);
      if (request.body.officeId !== undefined) requireWriteOffice(request, request.body.officeId);
      return updateEnterprise(deps, { enterpriseId: current.id, change: request.body });
    },
  );

  fastify.get(
    '/enterprises',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['organisation'],
        summary: 'List enterprises, optionally of one office',
        querystring: Type.Object({ officeId: Type.Optional(Uuid) }),
        response: { 200: Type.Array(Enterprise) },
      },
    },
    async (request) => {
      if (request.query.officeId) requireReadOffice(request, request.query.officeId);
      return listEnterprises(db.prisma, { officeId: request.query.officeId ?? officeScope(request) });
    },
  );

  fastify.get(
    '/enterprises/duplicate-codes',
    {
      config: { access: 'county-view' },
      schema: {
        tags: ['organisation'],
        summary: 'Enterprise codes registered by more than one office, for the bureau to settle',
        response: withProblems(
          {
            200: Type.Array(
              Type.Object({
                code: Type.String(),
                enterprises: Type.Array(
                  Type.Object({ id: Uuid, name: Type.String(), officeId: Uuid, officeName: Type.String() }),
                ),
              }),
            ),
          },
          [401, 403],
        ),
      },
    },
    async (request) => {
      requireCountyView(request, 'codes registered by several offices');
      return listDuplicateCodes({ db: db.prisma });
    },
  );
};

export default organisationRoutes;
