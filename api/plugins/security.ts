import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { requestContext } from '../../infra/request-context.js';

/**
 * The policy every page gets unless its route sets its own: only this origin's scripts, styles and
 * data, never framed. The status board is built for it (no inline script or style).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Printable documents (the quarterly circular) carry their stylesheet inline and run no script. */
export const DOCUMENT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Security headers on every response, and the request ID echoed so staff can quote it to IT. */
async function security(fastify: FastifyInstance): Promise<void> {
  const https = fastify.deps.config.publicUrl.startsWith('https:');
  // Callback style on purpose: the rest of the request runs inside this context.
  fastify.addHook('onRequest', (request, _reply, done) => {
    requestContext.run({ requestId: request.id }, done);
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    // The Swagger UI under /docs brings its own inline bootstrap script and sets its own policy.
    if (!reply.hasHeader('content-security-policy') && !request.url.startsWith('/docs')) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    }
    if (https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // Answers carry tokens and office data: never cached by a proxy or a shared browser.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

export default fp(security, { name: 'security' });
