import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import type { Database } from '../infra/db.js';
import type { MailCatcher } from '../dev/mail-catcher.js';
import type { Mailer } from '../infra/mailer.js';

/** Everything the routes use, handed in by the entry point (or a test). */
export interface AppDeps {
  config: Config;
  db: Database;
  temporal: Client;
  mailer: Mailer;
  /** Present when the built-in mail catcher is in use (no SMTP_URL): with config.devMode, enables /dev/mail. */
  catcher?: MailCatcher;
  /** Milliseconds since the epoch; tests pin it. Defaults to Date.now. */
  clock?: () => number;
  /** The in-process worker's Temporal SDK metrics (Prometheus text), merged into /metrics. */
  workerMetricsUrl?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
