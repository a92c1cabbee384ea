import type { Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Config } from '../infra/config.js';
import { openProductDatabase, type Database } from '../infra/db.js';
import type { MailCatcher } from '../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../infra/mailer.js';
import { connectClient, startDevServer, type DevServer } from '../infra/temporal.js';
import { ensureTemporalTools } from '../infra/temporal-tools.js';
import { createToken } from '../app/access/tokens.js';
import { createCleanups } from '../infra/cleanups.js';
import { freePort } from '../infra/ports.js';
import { DateTime } from 'luxon';
import { startCampaign } from '../app/campaigns/start-campaign.js';
import { createLogger, maskSecrets, temporalLogger } from '../infra/logger.js';
import { workflowCallLogger } from '../infra/request-context.js';

export type Role = 'api' | 'worker';

export interface RunningProduct {
  apiUrl: string | undefined;
  temporalAddress: string;
  temporalUiUrl: string | undefined;
  mailCatcherUrl: string | undefined;
  /** The dev-only routes (/dev/mail) are served: see Config.devMode. */
  devMode: boolean;
  /** Where the data is (embedded server's folder or DATABASE_URL), for the banner. */
  database: string;
  /** A bureau-admin token, created when no unrevoked one existed (so on the first start); shown once. */
  firstBureauToken: string | undefined;
  /** The demo county created on this start, with an office user's token. */
  demo: { campaignId: string; officeName: string; officeToken: string } | undefined;
  db: Database;
  client: Client;
  /**
   * Stops everything in reverse order of start: API, worker (drained), database, mailer, catcher, Temporal
   * client, dev server.
   */
  stop(): Promise<void>;
  /** Resolves when a part the product cannot run without is gone for good (the dev server could not be restarted). */
  failed: Promise<Error>;
}

/** A start-up failure worth one clear line, not a stack trace. */
export class StartupError extends Error {}

async function step<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    // Drivers sometimes quote the connection string; its password must not reach the console.
    throw new StartupError(maskSecrets(`${what}: ${(error as Error).message}`), { cause: error });
  }
}

/**
 * The Temporal SDK's process-wide runtime: its log lines go to our JSON log (with workflow IDs) and
 * its metrics (workflow task latencies, slots, polls) to a Prometheus page. Installed once, before the
 * worker's first connection.
 */
function installTemporalRuntime(
  Runtime: typeof import('@temporalio/worker').Runtime,
  logger: Logger,
  metricsAddress: string | undefined,
): boolean {
  try {
    Runtime.install({
      logger: temporalLogger(logger),
      // The product stops itself on SIGINT/SIGTERM in its own order (API first, then the worker drained,
      // then its connections). The SDK's own handler would start the worker's shutdown at the same time,
      // so the worker could finish, or fail, before that order reaches it.
      shutdownSignals: [],
      telemetryOptions: {
        logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
        ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
      },
    });
    return true;
  } catch (error) {
    logger.warn({ err: error }, 'the Temporal runtime was already installed; its logs and metrics keep their settings');
    return false;
  }
}

type Cleanups = ReturnType<typeof createCleanups>;

/** What every start-up stage needs: the settings, where to report, and where to register its undo step. */
interface Startup {
  config: Config;
  log: (line: string) => void;
  logger: Logger;
  cleanups: Cleanups;
}

/** The bundled dev server unless TEMPORAL_ADDRESS names a cluster; `onGiveUp` when it cannot be restarted. */
async function startTemporal(
  { config, log, logger, cleanups }: Startup,
  onGiveUp: (error: Error) => void,
): Promise<{ address: string; devServer: DevServer | undefined }> {
  if (config.temporal.address !== undefined) return { address: config.temporal.address, devServer: undefined };
  const tools = await step('installing Temporal tools', () => ensureTemporalTools({ log }));
  if (!tools.cli) throw new StartupError('TEMPORAL_CLI_PATH: no temporal CLI available and none could be installed');
  log('starting the Temporal dev server…');
  const cliPath = tools.cli;
  const devServer = await step('Temporal dev server', () =>
    startDevServer({
      cliPath,
      dataDir: path.join(config.dataDir, 'temporal'),
      port: config.temporal.devServerPort,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      log,
      // The worker and the client reconnect by themselves once the server answers again.
      supervise: {
        onDeath: (reason) => logger.error({ reason }, 'the Temporal dev server died; restarting it'),
        onRestart: (attempt) => logger.error({ attempt }, 'the Temporal dev server was restarted'),
        onGiveUp,
      },
    }),
  );
  cleanups.push(() => devServer.stop());
  return { address: devServer.address, devServer };
}

async function connectTemporalClient({ config, logger, cleanups }: Startup, address: string): Promise<Client> {
  const client = await step('Temporal', () =>
    connectClient(address, config.temporal.namespace, config.temporal.address ? 'TEMPORAL_ADDRESS' : 'dev server', [
      workflowCallLogger(logger),
    ]),
  );
  cleanups.push(() => client.connection.close());
  return client;
}

/** The mailer over SMTP_URL, or over the built-in catcher when it is unset; checked before anything uses it. */
async function startMail({ config, cleanups }: Startup): Promise<{ mailer: Mailer; catcher: MailCatcher | undefined }> {
  let catcher: MailCatcher | undefined;
  let smtpUrl = config.mail.smtpUrl;
  if (smtpUrl === undefined) {
    const { MailCatcher } = await import('../dev/mail-catcher.js');
    catcher = await step(`MAIL_CATCHER_PORT=${config.mail.catcherPort}`, () =>
      MailCatcher.start({
        port: config.mail.catcherPort,
        file: path.join(config.dataDir, 'mail', 'caught.jsonl'),
      }),
    );
    cleanups.push(() => catcher?.close());
    smtpUrl = catcher.url;
  }
  const mailer: Mailer = createMailer({
    smtpUrl,
    from: config.mail.from,
    retryDelaysMs: config.mail.quickRetryDelaysMs,
  });
  cleanups.push(() => mailer.close());
  await step(config.mail.smtpUrl ? 'SMTP_URL' : 'mail catcher', () => mailer.verify());
  return { mailer, catcher };
}

async function openDatabase({ config, log, cleanups }: Startup) {
  const database = await step(config.databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL (DATA_DIR)', () =>
    openProductDatabase(config, log),
  );
  cleanups.push(() => database.close());
  if (database.db.migrated.length > 0) log(`database: applied migrations ${database.db.migrated.join(', ')}`);
  return database;
}

/** Starts the worker and registers its drain; returns the URL of its metrics page if it serves one. */
async function startWorker(
  { config, logger, cleanups }: Startup,
  roles: Role[],
  deps: { temporalAddress: string; db: Database; mailer: Mailer; client: Client },
): Promise<string | undefined> {
  let workerMetricsUrl: string | undefined;
  // The SDK serves its page on loopback only: beside the API it is merged into /metrics, and a worker told
  // WORKER_METRICS_ADDRESS serves it there behind a token (runtime/worker-metrics.ts).
  const wantsMetrics = config.workerMetricsAddress !== undefined || roles.includes('api');
  const sdkMetricsAddress = wantsMetrics ? `127.0.0.1:${await freePort()}` : undefined;
  // Loaded per role: the worker's modules (Temporal core, webpack) would only cost an API-only process
  // memory, and the API's (Fastify, Swagger UI, ExcelJS) a worker-only one.
  const [{ NativeConnection, Runtime }, { createWorker }] = await Promise.all([
    import('@temporalio/worker'),
    import('./worker.js'),
  ]);
  if (installTemporalRuntime(Runtime, logger, sdkMetricsAddress) && sdkMetricsAddress) {
    workerMetricsUrl = `http://${sdkMetricsAddress}/metrics`;
    if (config.workerMetricsAddress !== undefined) {
      const { serveWorkerMetrics } = await import('./worker-metrics.js');
      const page = await serveWorkerMetrics({
        address: config.workerMetricsAddress,
        sdkMetricsUrl: workerMetricsUrl,
        db: deps.db.prisma,
        logger,
      });
      cleanups.push(() => page.close());
      logger.info(
        { workerMetricsAddress: config.workerMetricsAddress },
        'the worker serves Temporal SDK metrics at /metrics (bureau or viewer token)',
      );
    }
  }
  const connection = await NativeConnection.connect({ address: deps.temporalAddress });
  const worker: Worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: {
      db: deps.db.prisma,
      mailer: deps.mailer,
      temporal: { client: deps.client, taskQueue: config.temporal.taskQueue },
      publicUrl: config.publicUrl,
    },
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
  });
  const running = worker.run();
  cleanups.push(async () => {
    // Drain: in-flight activities finish (up to the grace time), then the connection closes.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
  });
  return workerMetricsUrl;
}

/** On an empty database: the labelled demo county, its campaign started, and a token for one of its offices. */
async function seedDemo(config: Config, db: Database, client: Client): Promise<RunningProduct['demo']> {
  const { seedDemoCounty } = await import('../dev/demo.js');
  const seeded = await seedDemoCounty(db.prisma, DateTime.now().setZone('Asia/Shanghai').year);
  if (!seeded) return undefined;
  await startCampaign({ db: db.prisma, temporal: { client, taskQueue: config.temporal.taskQueue } }, seeded.campaignId);
  const office = await db.prisma.office.findUniqueOrThrow({ where: { id: seeded.officeIds[0]! } });
  const { token } = await createToken(db.prisma, {
    name: `${office.name} 联络员`,
    role: 'office-staff',
    officeId: office.id,
  });
  return { campaignId: seeded.campaignId, officeName: office.name, officeToken: token };
}

/** A bureau-admin token when none is valid, so that someone can sign in at all. */
async function createFirstBureauToken(db: Database): Promise<string | undefined> {
  if ((await db.prisma.apiToken.count({ where: { role: 'bureau-admin', revokedAt: null } })) > 0) return undefined;
  return (await createToken(db.prisma, { name: 'first bureau administrator', role: 'bureau-admin' })).token;
}

/** The API, listening; returns its address. */
async function startApi(
  { config, logger, cleanups }: Startup,
  deps: {
    db: Database;
    client: Client;
    mailer: Mailer;
    catcher: MailCatcher | undefined;
    workerMetricsUrl: string | undefined;
  },
): Promise<string> {
  const [{ buildServer }, { WebAssetsNotBuiltError }] = await Promise.all([
    import('../api/server.js'),
    import('../api/web-assets.js'),
  ]);
  const api: FastifyInstance = await buildServer(
    {
      config,
      db: deps.db,
      temporal: deps.client,
      mailer: deps.mailer,
      ...(deps.catcher ? { catcher: deps.catcher } : {}),
      ...(deps.workerMetricsUrl ? { workerMetricsUrl: deps.workerMetricsUrl } : {}),
    },
    { logger },
  ).catch((error: unknown) => {
    // The pages' browser code was never built (generated/web/): one line saying how, not a stack trace.
    throw error instanceof WebAssetsNotBuiltError ? new StartupError(error.message, { cause: error }) : error;
  });
  await step(`PORT=${config.port}`, () => api.listen({ host: config.host, port: config.port }));
  cleanups.push(() => api.close());
  // PORT=0 picks a free port, which PUBLIC_URL cannot name.
  return config.port === 0 ? `http://127.0.0.1:${(api.server.address() as AddressInfo).port}` : config.publicUrl;
}

/**
 * Starts the product: Temporal (bundled dev server unless TEMPORAL_ADDRESS), the mail catcher
 * (unless SMTP_URL), the database with migrations, then the worker and/or the API.
 */
export async function startProduct(
  config: Config,
  options: { roles?: Role[]; log?: (line: string) => void; logger?: Logger } = {},
): Promise<RunningProduct> {
  const roles = options.roles ?? ['api', 'worker'];
  const log = options.log ?? ((line: string) => console.log(line));
  const logger = options.logger ?? createLogger(config.logLevel);
  const cleanups = createCleanups(log);
  const startup: Startup = { config, log, logger, cleanups };
  const stopAll = () => cleanups.run();
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (fail = resolve));

  try {
    const { address: temporalAddress, devServer } = await startTemporal(startup, fail);
    const client = await connectTemporalClient(startup, temporalAddress);
    const { mailer, catcher } = await startMail(startup);
    const database = await openDatabase(startup);
    const { db } = database;
    const workerMetricsUrl = roles.includes('worker')
      ? await startWorker(startup, roles, { temporalAddress, db, mailer, client })
      : undefined;
    const demo = config.demoData && roles.includes('api') ? await seedDemo(config, db, client) : undefined;
    let apiUrl: string | undefined;
    let firstBureauToken: string | undefined;
    if (roles.includes('api')) {
      firstBureauToken = await createFirstBureauToken(db);
      apiUrl = await startApi(startup, { db, client, mailer, catcher, workerMetricsUrl });
    }

    return {
      apiUrl,
      temporalAddress,
      temporalUiUrl: devServer?.uiUrl,
      mailCatcherUrl: catcher?.url,
      devMode: config.devMode && catcher !== undefined && apiUrl !== undefined,
      database: database.description,
      firstBureauToken,
      demo,
      db,
      client,
      stop: stopAll,
      failed,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
