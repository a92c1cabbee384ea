import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import app from './app.js';
import type { AppDeps } from './deps.js';

/** A Fastify instance with the app registered; `logger: false` for tests. */
export async function buildServer(deps: AppDeps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: options.logger === false ? false : { level: deps.config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: 1_048_576,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await fastify.register(app, { deps });
  await fastify.ready();
  return fastify;
}
