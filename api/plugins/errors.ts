import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ProblemError } from '../../app/problem.js';

export { ProblemError, type ProblemField } from '../../app/problem.js';

function pathOf(instancePath: string, missing?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (missing) parts.push(missing);
  return parts
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

async function errors(fastify: FastifyInstance): Promise<void> {
  fastify.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
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
        const missing =
          v.keyword === 'required' ? String((v.params as { missingProperty?: string }).missingProperty) : undefined;
        return {
          path: pathOf(v.instancePath, missing) || error.validationContext || '',
          message: v.message ?? 'invalid',
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
