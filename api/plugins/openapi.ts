import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

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
      tags: [
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'organisation', description: 'Offices and the enterprises they supervise' },
        { name: 'campaigns', description: 'Campaigns created from the template: edit, start, status' },
        { name: 'calendar', description: 'Dry-run of every planned step and iCalendar feeds' },
        { name: 'holidays', description: 'Working days: holiday package plus bureau entries' },
        { name: 'dev', description: 'Built-in mail catcher and sample workflow (only without SMTP_URL)' },
      ],
    },
  });
  await fastify.register(swaggerUi, { routePrefix: '/docs' });
}

export default fp(openapi, { name: 'openapi' });
