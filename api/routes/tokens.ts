import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { issueToken } from '../../app/access/issue-token.js';
import { revokeToken } from '../../app/access/revoke-token.js';
import { ROLES } from '../../app/access/tokens.js';
import { requireBureau } from '../plugins/auth.js';
import { Uuid, withProblems } from '../schemas.js';

/** Sign-in tokens for bureau and office users, issued by the bureau. */
const tokenRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify.deps;

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
          },
          { additionalProperties: false },
        ),
        response: withProblems({ 201: Type.Object({ id: Uuid, token: Type.String() }) }, [400, 401, 403, 422]),
      },
    },
    async (request, reply) => {
      requireBureau(request, 'issue tokens');
      return reply.status(201).send(await issueToken({ db: db.prisma }, request.body));
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
