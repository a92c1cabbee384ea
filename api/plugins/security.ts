import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { requestContext } from '../../infra/request-context.js';

/** A content-security policy as its directives, each with its sources (none for a bare directive). */
export type PolicyDirectives = Readonly<Record<string, readonly string[]>>;

/**
 * The directives of the policy every page gets unless its route sets its own: only this origin's scripts, styles
 * and data, never framed. The status board is built for it (no inline script or style); Swagger UI under /docs
 * gets it too, with the additions api/plugins/openapi.ts names.
 */
export const CONTENT_SECURITY_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const satisfies PolicyDirectives;

/** The header value of a policy: `name source source; name source; bare-name`. */
export function policyHeader(directives: PolicyDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** Whether staff reach the product over https (PUBLIC_URL): then HSTS is sent and plain-http links are upgraded. */
export function servedOverHttps(fastify: FastifyInstance): boolean {
  return fastify.deps.config.publicUrl.startsWith('https:');
}

export const CONTENT_SECURITY_POLICY = policyHeader(CONTENT_SECURITY_DIRECTIVES);

/** Printable documents (the quarterly circular) carry their stylesheet inline and run no script. */
export const DOCUMENT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Security headers on every response, and the request ID echoed so staff can quote it to IT. */
async function security(fastify: FastifyInstance): Promise<void> {
  const https = servedOverHttps(fastify);
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
    // Swagger UI's own routes under /docs replace it with theirs (api/plugins/openapi.ts) after this hook runs.
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // Answers carry tokens and office data: never cached by a proxy or a shared browser.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

export default fp(security, { name: 'security' });
