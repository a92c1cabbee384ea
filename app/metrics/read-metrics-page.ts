import type { PrismaClient } from '../../infra/db.js';
import { campaignMetrics } from './metrics.js';

/** The worker's own page is read with a short timeout: a slow worker must not stall the scrape. */
const WORKER_METRICS_TIMEOUT_MS = 2000;

export interface MetricsPageDeps {
  db: PrismaClient;
  /** The in-process worker's Temporal SDK metrics page, appended when given. */
  workerMetricsUrl?: string | undefined;
  /** Told when the worker's page cannot be read: the scrape still answers, with the campaign metrics. */
  warn: (error: unknown) => void;
}

/** The Prometheus page at `atMs`: the campaigns' figures, then the worker's Temporal SDK telemetry if any. */
export async function readMetricsPage(deps: MetricsPageDeps, input: { atMs: number }): Promise<string> {
  const text = await campaignMetrics(deps.db, input.atMs);
  if (!deps.workerMetricsUrl) return text;
  try {
    const response = await fetch(deps.workerMetricsUrl, { signal: AbortSignal.timeout(WORKER_METRICS_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return text + (await response.text());
  } catch (error) {
    deps.warn(error);
    return `${text}# the worker metrics could not be read\n`;
  }
}
