import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { campaignMetrics } from '../../app/metrics/metrics.js';
import { withProblems } from '../schemas.js';
import { instantOf } from '../lookups.js';

/** The worker's own page is read with a short timeout: a slow worker must not stall the scrape. */
const WORKER_METRICS_TIMEOUT_MS = 2000;

const metricsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, workerMetricsUrl } = fastify.deps;

  fastify.get(
    '/metrics',
    {
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics: mails by state, obligations open/late, escalations, Temporal SDK telemetry',
        description:
          'Any signed-in token may read it (give Prometheus a viewer token as a bearer credential). When the ' +
          "worker runs in the same process, the Temporal SDK's metrics (temporal_workflow_task_execution_latency, " +
          'temporal_workflow_task_schedule_to_start_latency, activity latencies…) are appended; a separate ' +
          'worker serves them itself at WORKER_METRICS_ADDRESS.',
        produces: ['text/plain'],
        response: withProblems({ 200: Type.String({ description: 'Prometheus text format 0.0.4' }) }, [401, 429]),
      },
    },
    async (request, reply) => {
      let text = await campaignMetrics(db.prisma, instantOf(fastify.deps, undefined));
      if (workerMetricsUrl) {
        try {
          const response = await fetch(workerMetricsUrl, { signal: AbortSignal.timeout(WORKER_METRICS_TIMEOUT_MS) });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          text += await response.text();
        } catch (error) {
          request.log.warn({ err: error }, 'the worker metrics could not be read');
          text += '# the worker metrics could not be read\n';
        }
      }
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
    },
  );
};

export default metricsRoutes;
