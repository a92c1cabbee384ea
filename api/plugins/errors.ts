import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { ProblemError } from '../../app/problem.js';
import { malformedInput, PLAIN_TEXT_PATTERN, PLAIN_TEXT_RULE, withInputRules } from '../../domain/input-rules.js';
import { Problem } from '../schemas.js';

export { ProblemError, type ProblemField } from '../../app/problem.js';

function pathOf(instancePath: string, missing?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (missing) parts.push(missing);
  return parts
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed: every bad field is named in `errors`',
  401: 'No token, or a token that is unknown or revoked',
  403: 'The token may not do this, or not for this office',
  404: 'What the path names does not exist',
  409: 'It conflicts with what is stored',
  413: 'The body or a file is over its limit',
  415: 'The body is not of a media type this route takes',
  422: 'Well-formed, but against a rule: every broken rule is named in `errors`',
  429: 'Too many wrong tokens from this address: try again after Retry-After seconds',
};

/**
 * Every error the server can answer, documented once for all routes, as application/problem+json: the statuses a
 * route lists, plus what every route can meet before its handler runs — 400 when it takes input, 413 and 415 when
 * it takes a body, 401, 403 and 429 unless it is public (public routes also say they need no token).
 */
function documentProblems(route: RouteOptions): void {
  const schema = (route.schema ??= {}) as FastifySchema & { security?: unknown[]; hide?: boolean };
  if (schema.hide) return;
  const response = (schema.response ??= {}) as Record<string, unknown>;
  const codes = new Set(
    Object.keys(response)
      .map(Number)
      .filter((code) => code >= 400),
  );
  if (schema.params || schema.querystring || schema.body) codes.add(400);
  if (schema.body) [413, 415].forEach((code) => codes.add(code));
  // Public routes' `security: []` is set where the document is built (api/plugins/openapi.ts).
  if (route.config?.access !== 'public') [401, 403, 429].forEach((code) => codes.add(code));
  for (const code of codes) {
    response[code] = {
      description: PROBLEM_DESCRIPTIONS[code] ?? 'Problem details',
      content: { 'application/problem+json': { schema: Problem } },
    };
  }
}

/** Every input a route takes obeys domain/input-rules.ts (plain text, bounded integers), in its validation and its document. */
function applyInputRules(route: RouteOptions): void {
  const schema = route.schema;
  if (!schema) return;
  for (const part of ['body', 'querystring', 'params'] as const) {
    if (schema[part]) schema[part] = withInputRules(schema[part]);
  }
  // A parameter the route does not know is a mistake worth naming, not something to ignore.
  for (const part of ['querystring', 'params'] as const) {
    const object = schema[part] as { type?: string; additionalProperties?: unknown } | undefined;
    if (object?.type === 'object' && object.additionalProperties === undefined) object.additionalProperties = false;
  }
}

/** Fastify's own refusals (body parser, media type, size), said the way every other error is. */
function parserProblem(error: FastifyError, bodyLimit: number): ProblemError | undefined {
  const body = (message: string) => [{ path: 'body', message }];
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemError(
        413,
        'Body too large',
        `the body is larger than this route's limit of ${bodyLimit} bytes`,
        body(`larger than ${bodyLimit} bytes`),
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return error.statusCode === 415
        ? new ProblemError(415, 'Unsupported media type', error.message, body('send a media type this route takes'))
        : new ProblemError(400, 'Malformed body', error.message, body(error.message));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemError(400, 'Malformed body', error.message, body('a JSON body was announced but none came'));
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new ProblemError(400, 'Malformed body', error.message, body(error.message));
    default:
      return undefined;
  }
}

async function errors(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRoute', applyInputRules);
  fastify.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const problem = malformedInput(value);
      if (!problem) continue;
      const path = problem.path || part;
      throw new ProblemError(400, 'Invalid request', `${part} is invalid: ${path} ${problem.message}`, [
        { path, message: problem.message },
      ]);
    }
  });
  fastify.addHook('onRoute', documentProblems);
  fastify.setNotFoundHandler((request) => {
    throw new ProblemError(404, 'Not found', `no route ${request.method} ${request.url.split('?')[0]}`);
  });
  fastify.setErrorHandler((thrown: FastifyError | ProblemError, request, reply) => {
    const error =
      thrown instanceof ProblemError ? thrown : (parserProblem(thrown, request.routeOptions.bodyLimit ?? 0) ?? thrown);
    if (error instanceof ProblemError) {
      return reply.status(error.status).type('application/problem+json').send({
        type: 'about:blank',
        title: error.title,
        status: error.status,
        detail: error.message,
        errors: error.errors,
      });
    }
    if (error.validation) {
      const fields = error.validation.map((v) => {
        const params = v.params as { missingProperty?: string; additionalProperty?: string; pattern?: string };
        // A missing or unknown field is named by its own path, not its parent's.
        const named =
          v.keyword === 'required'
            ? String(params.missingProperty)
            : v.keyword === 'additionalProperties'
              ? String(params.additionalProperty)
              : undefined;
        return {
          path: pathOf(v.instancePath, named) || error.validationContext || '',
          message:
            v.keyword === 'pattern' && params.pattern === PLAIN_TEXT_PATTERN
              ? PLAIN_TEXT_RULE
              : v.keyword === 'additionalProperties'
                ? 'is not a field this request takes'
                : (v.message ?? 'invalid'),
        };
      });
      return reply
        .status(400)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Invalid request',
          status: 400,
          detail: `${error.validationContext ?? 'request'} is invalid: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`,
          errors: fields,
        });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply
      .status(status)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: status >= 500 ? 'Internal error' : (error.code ?? 'Error'),
        status,
        detail: status >= 500 ? 'The server could not complete the request; it has been logged.' : error.message,
      });
  });
}

export default fp(errors, { name: 'errors' });
