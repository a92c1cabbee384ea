import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * Multipart bodies are parsed by their handlers, so their schemas let the validator pass the body it never sees
 * (`nullable`); the document shows what a client must send: the parts, never null.
 */
function withoutMultipartNull<T>(schema: T): T {
  const body = (schema as { body?: { content?: Record<string, { schema?: { nullable?: boolean } }> } } | undefined)
    ?.body;
  const multipart = body?.content?.['multipart/form-data']?.schema;
  if (!body?.content || !multipart?.nullable) return schema;
  const { nullable: _nullable, ...parts } = multipart;
  return {
    ...schema,
    body: { ...body, content: { ...body.content, 'multipart/form-data': { schema: parts } } },
  };
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
    transform: ({ schema, url }) => ({ schema: withoutMultipartNull(schema), url }),
  });
  // staticCSP: Swagger UI sets a policy that allows its own inline bootstrap script (by hash) and nothing else.
  await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}

export default fp(openapi, { name: 'openapi' });
