import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

interface CheckResult {
  ok: boolean;
  error?: string;
  ms: number;
}

const Check = Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String()), ms: Type.Number() });

const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'The process is alive',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  fastify.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Temporal, the database and SMTP each answer',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), checks: Type.Record(Type.String(), Check) }),
          503: Type.Object({ status: Type.Literal('not-ready'), checks: Type.Record(Type.String(), Check) }),
        },
      },
    },
    async (_request, reply) => {
      const { temporal, db, mailer } = fastify.deps;
      const probes: Record<string, () => Promise<unknown>> = {
        temporal: () => temporal.connection.workflowService.getSystemInfo({}),
        database: () => db.ping(),
        smtp: () => mailer.verify(),
      };
      const results = await Promise.all(
        Object.entries(probes).map(async ([name, probe]): Promise<[string, CheckResult]> => {
          const started = Date.now();
          try {
            await withTimeout(probe(), CHECK_TIMEOUT_MS);
            return [name, { ok: true, ms: Date.now() - started }];
          } catch (error) {
            return [name, { ok: false, error: (error as Error).message, ms: Date.now() - started }];
          }
        }),
      );
      const checks: Record<string, CheckResult> = Object.fromEntries(results);
      const ready = Object.values(checks).every((c) => c.ok);
      if (ready) return reply.status(200).send({ status: 'ready' as const, checks });
      return reply.status(503).send({ status: 'not-ready' as const, checks });
    },
  );
};

export default healthRoutes;
