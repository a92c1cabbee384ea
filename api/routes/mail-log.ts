import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { settleUncertainMails } from '../../app/mail/incidents.js';
import { listMailLog } from '../../app/mail/list-mail-log.js';
import { resendMail } from '../../app/mail/resend-mail.js';
import { officeScope, requireBureau } from '../plugins/auth.js';
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

interface StoredInstants {
  scheduledFor: Date | null;
  createdAt: Date;
  sentAt: Date | null;
  endOfDataAt: Date | null;
}

/** A stored mail as the API shows it: instants as ISO strings. */
function toMailEntry<Mail extends StoredInstants>(mail: Mail) {
  return {
    ...mail,
    scheduledFor: mail.scheduledFor?.toISOString() ?? null,
    createdAt: mail.createdAt.toISOString(),
    sentAt: mail.sentAt?.toISOString() ?? null,
    endOfDataAt: mail.endOfDataAt?.toISOString() ?? null,
  };
}

/** Every mail the system sent or tried to send, with its obligation, step, state and SMTP answer. */
// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const mailLogRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify.deps;
  fastify.get(
    '/mail-log',
    {
      config: { access: 'signed-in' },
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
      const { total, entries } = await listMailLog(
        { db: db.prisma },
        { ...request.query, officeId: officeScope(request) },
      );
      return { total, entries: entries.map(toMailEntry) };
    },
  );

  fastify.post(
    '/mail-log/uncertain/resolve',
    {
      config: { access: 'bureau' },
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
          [400, 401, 403, 409, 422],
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
      config: { access: 'bureau' },
      schema: {
        tags: ['mail'],
        summary:
          'Send an uncertain or failed mail again (bureau only): after checking that it did not arrive, a person may ' +
          'decide to risk a duplicate; a refusal by the SMTP server is answered with the mail failed and its error',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: withProblems({ 200: MailEntry }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      requireBureau(request, 'send a mail again');
      const mail = await resendMail(
        { db: db.prisma, mailer: fastify.deps.mailer },
        { mailId: request.params.id, by: request.principal!.name },
      );
      return toMailEntry(mail);
    },
  );
};

export default mailLogRoutes;
