import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './deps.js';
import authPlugin from './plugins/auth.js';
import errorsPlugin from './plugins/errors.js';
import openapiPlugin from './plugins/openapi.js';
import securityPlugin from './plugins/security.js';
import calendarRoutes from './routes/calendar.js';
import calendarPreviewRoutes from './routes/calendar-preview.js';
import campaignRoutes from './routes/campaigns.js';
import circularRoutes from './routes/circular.js';
import devRoutes from './routes/dev.js';
import healthRoutes from './routes/health.js';
import holidayRoutes from './routes/holidays.js';
import organisationRoutes from './routes/organisation.js';
import importRoutes from './routes/import.js';
import reportRoutes from './routes/reports.js';
import reportLayoutRoutes from './routes/report-layout.js';
import exportRoutes from './routes/exports.js';
import tokenRoutes from './routes/tokens.js';
import statusRoutes from './routes/status.js';
import escalationRoutes from './routes/escalations.js';
import obligationRoutes from './routes/obligations.js';
import enterpriseProgressRoutes from './routes/enterprise-progress.js';
import supervisionRoutes from './routes/supervision.js';
import mailLogRoutes from './routes/mail-log.js';
import metricsRoutes from './routes/metrics.js';

export interface AppOptions {
  deps: AppDeps;
}

/** The whole HTTP API as one plugin: server.ts (or a test) registers it on a Fastify instance. */
async function app(fastify: FastifyInstance, options: AppOptions): Promise<void> {
  fastify.decorate('deps', options.deps);
  await fastify.register(securityPlugin);
  await fastify.register(errorsPlugin);
  await fastify.register(openapiPlugin);
  await fastify.register(authPlugin);
  await fastify.register(healthRoutes);
  await fastify.register(metricsRoutes);
  await fastify.register(tokenRoutes);
  await fastify.register(organisationRoutes);
  await fastify.register(importRoutes);
  await fastify.register(campaignRoutes);
  await fastify.register(calendarRoutes);
  await fastify.register(calendarPreviewRoutes);
  await fastify.register(holidayRoutes);
  await fastify.register(statusRoutes);
  await fastify.register(obligationRoutes);
  await fastify.register(enterpriseProgressRoutes);
  await fastify.register(supervisionRoutes);
  await fastify.register(escalationRoutes);
  await fastify.register(mailLogRoutes);
  await fastify.register(circularRoutes);
  await fastify.register(reportRoutes);
  await fastify.register(reportLayoutRoutes);
  await fastify.register(exportRoutes);
  await fastify.register(import('./routes/board.js')); // the status board page and its two read-only views
  await fastify.register(import('./routes/pages.js')); // the action pages under /app/ (office, escalation, …)
  await fastify.register(import('./routes/fonts.js')); // the pages' Chinese font, from the API's own origin
  if (options.deps.catcher && options.deps.config.devMode) await fastify.register(devRoutes, { prefix: '/dev' });
}

export default fp(app, { name: 'campaign-engine' });
