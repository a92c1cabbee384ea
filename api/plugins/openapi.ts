import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { CONTENT_SECURITY_DIRECTIVES, policyHeader, servedOverHttps } from './security.js';

/**
 * Multipart bodies are parsed by their handlers, so their schemas let the validator pass the body it never sees
 * (`nullable`); the document shows what a client must send: the parts, never null.
 */
function withoutMultipartNull<T>(schema: T): T {
  const body = (schema as { body?: { content?: Record<string, { schema?: { nullable?: boolean } }> } } | undefined)
    ?.body;
  const multipart = body?.content?.['multipart/form-data']?.schema;
  if (!body?.content || !multipart?.nullable) return schema;
  // Rules for the parts sit under `if: { type: 'object' }` so that the validator's null passes them; the document,
  // where the body is always an object, states them plainly.
  const { nullable: _nullable, if: condition, then: whenObject, ...rest } = multipart as Record<string, unknown>;
  const parts = condition && whenObject ? { ...rest, ...whenObject } : rest;
  return {
    ...schema,
    body: { ...body, content: { ...body.content, 'multipart/form-data': { schema: parts } } },
  };
}

/**
 * Who needs a token is what the route's access says (api/plugins/auth.ts): a public route's operation says it needs
 * none (`security: []`), every other one keeps the document's global bearer requirement, whatever its schema says.
 */
function withSecurityMark(schema: FastifySchema, route: RouteOptions): FastifySchema {
  // Routes without a schema reach here too (Swagger UI's own, hidden from the document).
  const { security: _declared, ...rest }: FastifySchema & { security?: unknown } = schema ?? {};
  return route.config?.access === 'public' ? { ...rest, security: [] } : rest;
}

/**
 * The one inline style Swagger UI applies: the `<style>` inside Swagger's logo in the top bar
 * (swagger-ui-standalone-preset.js of @fastify/swagger-ui 6.1.3), shown until swagger-initializer.js puts the fastify
 * logo in its place. Allowed by its hash so that style-src needs no 'unsafe-inline';
 * test/api/openapi-security.test.ts checks it against the asset served.
 */
export const SWAGGER_LOGO_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/**
 * The policy of Swagger UI under /docs (its page, its assets, /docs/json and /docs/yaml): the one every answer gets
 * (api/plugins/security.ts) plus the logo's style hash, as @fastify/swagger-ui 6.1.3's static files show. The page
 * has no inline script: the bundle, the preset and swagger-initializer.js are files under /docs/static. Its React
 * code sets style props through element.style (the CSSOM), which style-src does not govern; its only `<style>` is
 * the logo's. Its images are data: URLs (the stylesheet's icons, the logo), its fonts the system's, the document is
 * fetched from /docs/json, and Swagger's validator badge is off. Over https, plain-http links are upgraded.
 */
export function docsContentSecurityPolicy(https: boolean): string {
  return policyHeader({
    ...CONTENT_SECURITY_DIRECTIVES,
    'style-src': [...CONTENT_SECURITY_DIRECTIVES['style-src'], SWAGGER_LOGO_STYLE_HASH],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  });
}

/** The OpenAPI document at /docs/json and Swagger UI at /docs, built from the routes' TypeBox schemas. */
async function openapi(fastify: FastifyInstance): Promise<void> {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Campaign engine API',
        version: '0.1.0',
        description:
          'Deadlines, reminders and escalations of the special-equipment manufacturing safety-standardization campaign.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'token issued by the bureau (npm run create-token)' },
        },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'auth', description: 'Bearer tokens: bureau admin, office staff (one office), viewer' },
        { name: 'organisation', description: 'Offices and the enterprises they supervise' },
        { name: 'campaigns', description: 'Campaigns created from the template: edit, start, status' },
        { name: 'calendar', description: 'Dry-run of every planned step and iCalendar feeds' },
        { name: 'holidays', description: 'Working days: holiday package plus bureau entries' },
        { name: 'status', description: 'Who is late for what, per office and county-wide' },
        { name: 'obligations', description: 'Phase tasks done' },
        { name: 'extensions', description: 'Offices ask for more time; the bureau decides' },
        { name: 'commitments', description: 'Enterprise notice, commitment, four copies, plan and self-assessment' },
        { name: 'escalations', description: 'Escalations of late offices and their acknowledgement' },
        { name: 'mail', description: 'The mail log' },
        { name: 'reports', description: 'Monthly reports (annex 3 and 4 plus the sealed summary), totals and exports' },
        { name: 'dev', description: 'Built-in mail catcher and sample workflow (only without SMTP_URL)' },
      ],
    },
    transform: ({ schema, url, route }) => ({ schema: withSecurityMark(withoutMultipartNull(schema), route), url }),
  });
  // staticCSP as a string: every route of Swagger UI answers with it (replacing the policy security.ts set first).
  await fastify.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: docsContentSecurityPolicy(servedOverHttps(fastify)),
    uiConfig: { validatorUrl: null },
  });
}

export default fp(openapi, { name: 'openapi' });
