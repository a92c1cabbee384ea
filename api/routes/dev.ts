import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startSampleMail } from '../../app/mail/start-sample-mail.js';

const CaughtMail = Type.Object({
  id: Type.Integer(),
  receivedAt: Type.String({ format: 'date-time' }),
  envelopeFrom: Type.String(),
  envelopeTo: Type.Array(Type.String()),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.Optional(Type.String()),
  headers: Type.Record(Type.String(), Type.String()),
});

/**
 * Only registered in dev mode (config.devMode: the built-in catcher stands in for SMTP and the API listens on
 * loopback), and even then only for the bureau: caught mail holds every office's escalation notices.
 */
const devRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/mail',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['dev'],
        summary: 'Every mail the built-in catcher received, oldest first',
        querystring: Type.Object({ to: Type.Optional(Type.String({ description: 'only mail to this address' })) }),
        response: { 200: Type.Object({ count: Type.Integer(), messages: Type.Array(CaughtMail) }) },
      },
    },
    async (request) => {
      const messages = fastify.deps
        .catcher!.messages()
        .filter((m) => request.query.to === undefined || m.envelopeTo.includes(request.query.to));
      return { count: messages.length, messages };
    },
  );

  fastify.post(
    '/sample-mail',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['dev'],
        summary: 'Start the sample workflow: a durable timer, then one mail to the catcher',
        body: Type.Object(
          {
            to: Type.String({ format: 'email' }),
            delaySeconds: Type.Integer({ minimum: 0, maximum: 86_400, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ workflowId: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { temporal, config } = fastify.deps;
      const { workflowId } = await startSampleMail(
        { temporal: { client: temporal, taskQueue: config.temporal.taskQueue } },
        request.body,
      );
      return reply.status(202).send({ workflowId });
    },
  );
};

export default devRoutes;
