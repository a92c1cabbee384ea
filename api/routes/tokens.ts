import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { issueToken } from '../../app/access/issue-token.js';
import { listTokens } from '../../app/access/list-tokens.js';
import { revokeToken } from '../../app/access/revoke-token.js';
import { ROLES } from '../../app/access/tokens.js';
import { TOKEN_STATES } from '../../domain/token-state.js';
import { requireBureau } from '../plugins/auth.js';
import { Uuid, withProblems } from '../schemas.js';

const Instant = Type.String({ format: 'date-time' });
const TokenState = Type.Union(TOKEN_STATES.map((s) => Type.Literal(s)));

/** A token as the bureau sees it: never its secret nor its hash. */
const TokenListing = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: Type.String(),
  officeId: Type.Union([Uuid, Type.Null()]),
  createdAt: Instant,
  expiresAt: Type.Union([Instant, Type.Null()]),
  lastUsedAt: Type.Union([Instant, Type.Null()], { description: 'to the minute: recorded at most once a minute' }),
  revokedAt: Type.Union([Instant, Type.Null()]),
  state: TokenState,
});

/** Sign-in tokens for bureau and office users, issued by the bureau. A route plugin: the list of its routes. */
const tokenRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify.deps;
  const clock = fastify.deps.clock;
  const now = clock ? { now: () => new Date(clock()) } : {};

  fastify.get(
    '/me',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Who this token signs in as',
        response: {
          200: Type.Object({ name: Type.String(), role: Type.String(), officeId: Type.Union([Uuid, Type.Null()]) }),
        },
      },
    },
    async (request) => {
      const { name, role, officeId } = request.principal!;
      return { name, role, officeId };
    },
  );

  fastify.post(
    '/tokens',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['auth'],
        summary: 'Issue a token (shown once); office-staff tokens are bound to one office',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            role: Type.Union(ROLES.map((r) => Type.Literal(r))),
            officeId: Type.Optional(Uuid),
            expiresAt: Type.Optional(
              Type.String({ format: 'date-time', description: 'after this instant the token is refused; omit: never' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: withProblems(
          { 201: Type.Object({ id: Uuid, token: Type.String(), expiresAt: Type.Union([Instant, Type.Null()]) }) },
          [400, 401, 403, 422],
        ),
      },
    },
    async (request, reply) => {
      requireBureau(request, 'issue tokens');
      return reply.status(201).send(await issueToken({ db: db.prisma, ...now }, request.body));
    },
  );

  fastify.get(
    '/tokens',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['auth'],
        summary: 'Every token, newest first, with its state (active, expired, revoked) and when it was last used',
        querystring: Type.Object({ state: Type.Optional(TokenState) }, { additionalProperties: false }),
        response: withProblems({ 200: Type.Array(TokenListing) }, [400, 401, 403]),
      },
    },
    async (request) => {
      requireBureau(request, 'see tokens');
      return listTokens({ db: db.prisma, ...now }, { state: request.query.state });
    },
  );

  fastify.delete(
    '/tokens/:id',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke a token',
        params: Type.Object({ id: Uuid }),
        response: withProblems({ 204: Type.Null() }, [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      requireBureau(request, 'revoke tokens');
      await revokeToken({ db: db.prisma }, { tokenId: request.params.id });
      return reply.status(204).send(null);
    },
  );
};

export default tokenRoutes;
