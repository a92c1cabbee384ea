import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { officeScope } from '../plugins/auth.js';
import { withProblems } from '../schemas.js';

const MailEntry = Type.Object({
  id: Type.String(),
  campaignId: Type.Union([Type.String(), Type.Null()]),
  obligationKey: Type.Union([Type.String(), Type.Null()]),
  step: Type.Union([Type.String(), Type.Null()]),
  recipient: Type.String(),
  language: Type.String(),
  subject: Type.String(),
  state: Type.String({
    description: 'pending | sending | sent | failed | uncertain (its sender died mid-send; not resent)',
  }),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  smtpResponse: Type.Union([Type.String(), Type.Null()]),
  scheduledFor: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
});

/** Every mail the system sent or tried to send, with its obligation, step, state and SMTP answer. */
const mailLogRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify.deps;
  fastify.get(
    '/mail-log',
    {
      schema: {
        tags: ['mail'],
        summary: 'The mail log, newest first; office staff see the mail sent to their office',
        querystring: Type.Object({
          campaignId: Type.Optional(Type.String({ format: 'uuid' })),
          obligationKey: Type.Optional(Type.String()),
          step: Type.Optional(Type.String()),
          state: Type.Optional(
            Type.Union(['pending', 'sending', 'sent', 'failed', 'uncertain'].map((s) => Type.Literal(s))),
          ),
          recipient: Type.Optional(Type.String()),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: withProblems(
          { 200: Type.Object({ total: Type.Integer(), entries: Type.Array(MailEntry) }) },
          [400, 401],
        ),
      },
    },
    async (request) => {
      const { campaignId, obligationKey, step, state, recipient, limit, offset } = request.query;
      const scope = officeScope(request);
      const office = scope ? await db.prisma.office.findUniqueOrThrow({ where: { id: scope } }) : undefined;
      const where = {
        ...(campaignId ? { campaignId } : {}),
        ...(obligationKey ? { obligationKey } : {}),
        ...(step ? { step } : {}),
        ...(state ? { state } : {}),
        AND: [
          ...(recipient ? [{ recipient }] : []),
          ...(office ? [{ recipient: { in: [office.contactEmail, office.headEmail] } }] : []),
        ],
      };
      const [total, rows] = await Promise.all([
        db.prisma.mailMessage.count({ where }),
        db.prisma.mailMessage.findMany({ where, orderBy: { createdAt: 'desc' }, take: limit, skip: offset }),
      ]);
      return {
        total,
        entries: rows.map((m) => ({
          ...m,
          scheduledFor: m.scheduledFor?.toISOString() ?? null,
          createdAt: m.createdAt.toISOString(),
          sentAt: m.sentAt?.toISOString() ?? null,
        })),
      };
    },
  );
};

export default mailLogRoutes;
