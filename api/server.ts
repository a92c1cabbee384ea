import { AjvCompiler } from '@fastify/ajv-compiler';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createLogger } from '../infra/logger.js';
import app from './app.js';
import type { AppDeps } from './deps.js';

/** A caller's own X-Request-Id is kept when it is a plain token; anything else gets a fresh UUID. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const AJV_OPTIONS = { allErrors: true, removeAdditional: false } as const;

/**
 * Paths and query strings arrive as text, so their numbers and booleans are read from it; a JSON body says its
 * types itself, so `false` where a name is expected is refused, never stored as the text "false".
 */
function validatorsByPart(externalSchemas: Parameters<ReturnType<typeof AjvCompiler>>[0]) {
  const build = AjvCompiler();
  const fromText = build(externalSchemas, { customOptions: { ...AJV_OPTIONS, coerceTypes: 'array' } });
  const fromJson = build(externalSchemas, { customOptions: { ...AJV_OPTIONS, coerceTypes: false } });
  return (route: Parameters<typeof fromText>[0]) => (route.httpPart === 'body' ? fromJson : fromText)(route);
}

/** A Fastify instance with the app registered; `logger: false` for tests, or a pino logger to share. */
export async function buildServer(deps: AppDeps, options: { logger?: false | Logger } = {}): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger | undefined =
    options.logger === false ? undefined : (options.logger ?? createLogger(deps.config.logLevel));
  const fastify = Fastify({
    ...(loggerInstance ? { loggerInstance: loggerInstance.child({ component: 'api' }) } : { logger: false }),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: deps.config.security.trustProxy,
    // JSON bodies are small (reports' tables travel as multipart with their own limits).
    bodyLimit: 1_048_576,
    schemaController: { compilersFactory: { buildValidator: validatorsByPart } },
    // Above what fits in Node's 16 KB of request head: an overlong id reaches validation and gets a 400 naming it,
    // never the router's bare 414. (No route has a regular-expression parameter, which this limit exists for.)
    routerOptions: { maxParamLength: 16_384 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await fastify.register(app, { deps });
  await fastify.ready();
  return fastify;
}
