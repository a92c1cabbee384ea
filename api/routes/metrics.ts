import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readMetricsPage } from '../../app/metrics/read-metrics-page.js';
import { withProblems } from '../schemas.js';
import { instantOf } from '../lookups.js';

const metricsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, workerMetricsUrl } = fastify.deps;

  fastify.get(
    '/metrics',
    {
      config: { access: 'county-view' },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics: mails by state, obligations open/late, escalations, Temporal SDK telemetry',
        description:
          'County-wide counts: the bureau and viewers may read it, office staff may not (give Prometheus a viewer ' +
          'token as a bearer credential). When the ' +
          "worker runs in the same process, the Temporal SDK's metrics (temporal_workflow_task_execution_latency, " +
          'temporal_workflow_task_schedule_to_start_latency, activity latencies…) are appended; a separate ' +
          'worker serves them itself at WORKER_METRICS_ADDRESS.',
        produces: ['text/plain'],
        response: withProblems({ 200: Type.String({ description: 'Prometheus text format 0.0.4' }) }, [401, 403, 429]),
      },
    },
    async (request, reply) => {
      const text = await readMetricsPage(
        {
          db: db.prisma,
          workerMetricsUrl,
          warn: (error) => request.log.warn({ err: error }, 'the worker metrics could not be read'),
        },
        { atMs: instantOf(fastify.deps, undefined) },
      );
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
    },
  );
};

export default metricsRoutes;
