import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendMailOnce } from '../../app/mail/send-once.js';
import { settleUncertainMails } from '../../app/mail/incidents.js';
import { officeScope, requireBureau } from '../plugins/auth.js';
import { ProblemError } from '../plugins/errors.js';
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
    description:
      'pending | sending | sent | failed | uncertain (the whole message reached the SMTP server but its answer ' +
      'was never seen: it may have arrived, so it is not resent automatically)',
  }),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  smtpResponse: Type.Union([Type.String(), Type.Null()]),
  scheduledFor: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  endOfDataAt: Type.Union([Type.String(), Type.Null()], {
    description: 'When the end of the message went to the SMTP server (from then on it may have arrived)',
  }),
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
          endOfDataAt: m.endOfDataAt?.toISOString() ?? null,
        })),
      };
    },
  );

  fastify.post(
    '/mail-log/uncertain/resolve',
    {
      schema: {
        tags: ['mail'],
        summary:
          'Settle uncertain mails at once (bureau only): after checking with the recipients, mark some delivered and send the others again',
        description:
          'Every id must name a mail that is uncertain now, or nothing changes (409 lists the others). A resent ' +
          'mail keeps its Message-ID, so a receiver that got the first copy can drop the second.',
        body: Type.Object(
          {
            delivered: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000, uniqueItems: true, default: [] }),
            resend: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000, uniqueItems: true, default: [] }),
          },
          { additionalProperties: false },
        ),
        response: withProblems(
          {
            200: Type.Object({
              delivered: Type.Integer({ description: 'Mails marked delivered' }),
              resent: Type.Array(Type.Object({ id: Type.String(), state: Type.String() }), {
                description: 'Mails sent again, with their state now (uncertain again if the answer was lost again)',
              }),
            }),
          },
          [400, 401, 403, 409],
        ),
      },
    },
    async (request) => {
      requireBureau(request, 'settle uncertain mails');
      return settleUncertainMails(
        { db: db.prisma, mailer: fastify.deps.mailer },
        { ...request.body, by: request.principal!.name },
      );
    },
  );

  fastify.post(
    '/mail-log/:id/resend',
    {
      schema: {
        tags: ['mail'],
        summary:
          'Send an uncertain mail again (bureau only): after checking that it did not arrive, a person may decide to risk a duplicate',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: withProblems({ 200: MailEntry }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      requireBureau(request, 'send a mail again');
      const mail = await db.prisma.mailMessage.findUnique({ where: { id: request.params.id } });
      if (!mail) throw new ProblemError(404, 'Not found', `no mail ${request.params.id}`);
      // Only the uncertain state may be overridden, and only once: the update is the claim.
      const released = await db.prisma.mailMessage.updateMany({
        where: { id: mail.id, state: 'uncertain' },
        data: { state: 'failed', lastError: `released for resending by ${request.principal!.name}` },
      });
      if (released.count === 0)
        throw new ProblemError(
          409,
          'Not uncertain',
          `mail ${mail.id} is ${mail.state}; only an uncertain mail can be sent again`,
        );
      await sendMailOnce(
        { db: db.prisma, mailer: fastify.deps.mailer },
        { key: mail.idempotencyKey, to: mail.recipient, subject: mail.subject, text: mail.text },
      );
      const sent = await db.prisma.mailMessage.findUniqueOrThrow({ where: { id: mail.id } });
      return {
        ...sent,
        scheduledFor: sent.scheduledFor?.toISOString() ?? null,
        createdAt: sent.createdAt.toISOString(),
        sentAt: sent.sentAt?.toISOString() ?? null,
      };
    },
  );
};

export default mailLogRoutes;
