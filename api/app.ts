import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './deps.js';
import errorsPlugin from './plugins/errors.js';
import openapiPlugin from './plugins/openapi.js';
import devRoutes from './routes/dev.js';
import healthRoutes from './routes/health.js';

export interface AppOptions {
  deps: AppDeps;
}

/** The whole HTTP API as one plugin: server.ts (or a test) registers it on a Fastify instance. */
async function app(fastify: FastifyInstance, options: AppOptions): Promise<void> {
  fastify.decorate('deps', options.deps);
  await fastify.register(errorsPlugin);
  await fastify.register(openapiPlugin);
  await fastify.register(healthRoutes);
  if (options.deps.catcher) await fastify.register(devRoutes, { prefix: '/dev' });
}

export default fp(app, { name: 'campaign-engine' });
