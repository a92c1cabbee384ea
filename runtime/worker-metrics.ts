import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { identifyToken } from '../app/access/identify-token.js';
import { ROLES_BY_ACCESS } from '../api/plugins/auth.js';
import type { PrismaClient } from '../infra/db.js';

const METRICS_TIMEOUT_MS = 5_000;

/**
 * A worker's own metrics page at WORKER_METRICS_ADDRESS, guarded like the API's /metrics: the Temporal SDK serves
 * its Prometheus page on a loopback port only, and this page passes it on to a bearer token of the bureau or a
 * viewer. `/healthz` answers without a token (the container's healthcheck) and says only that the worker is up.
 */
export async function serveWorkerMetrics(options: {
  address: string;
  /** The SDK's own page, on loopback. */
  sdkMetricsUrl: string;
  db: PrismaClient;
  logger: Logger;
}): Promise<{ close: () => Promise<void> }> {
  const { db, logger, sdkMetricsUrl } = options;
  const allowed = ROLES_BY_ACCESS['county-view'];
  const send = (response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    response.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    });
    response.end(body);
  };
  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(response, 405, 'only GET\n');
    if (path === '/healthz') return send(response, 200, 'ok\n');
    if (path !== '/metrics') return send(response, 404, 'the worker serves /metrics and /healthz only\n');
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) return send(response, 401, 'sign in: send "Authorization: Bearer <token>" (a viewer token)\n');
    const holder = await identifyToken({ db }, match[1]!);
    if (!holder) return send(response, 401, 'this token is unknown, expired or revoked\n');
    if (allowed === 'anyone' || !allowed.includes(holder.role)) {
      return send(
        response,
        403,
        `only the county bureau and viewers may read worker metrics; you are ${holder.role}\n`,
      );
    }
    const sdk = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(METRICS_TIMEOUT_MS) });
    return send(response, sdk.status, await sdk.text(), sdk.headers.get('content-type') ?? undefined);
  };
  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      logger.warn({ err: error }, 'the worker metrics page could not answer');
      if (!response.headersSent) send(response, 503, 'the worker metrics are not available right now\n');
      else response.end();
    });
  });
  const at = options.address.lastIndexOf(':');
  const host = options.address.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(options.address.slice(at + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
