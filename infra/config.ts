import path from 'node:path';

/**
 * The product's settings, read from the environment by `loadConfig`. The variables are checked at start;
 * all problems are reported together, each naming its variable, so an operator fixes the whole file in
 * one go.
 */
export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** PostgreSQL connection string; undefined starts the embedded PostgreSQL server in dataDir. */
  databaseUrl: string | undefined;
  /** Loopback port of the embedded PostgreSQL server. */
  embeddedPostgresPort: number;
  temporal: {
    /** host:port of an existing Temporal cluster; undefined starts the bundled dev server. */
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    /** Workflows kept in the worker's cache; 0 turns sticky execution off. */
    maxCachedWorkflows: number;
    devServerPort: number;
    uiPort: number;
  };
  mail: {
    /** SMTP URL (smtp:// or smtps://); undefined starts the built-in mail catcher. */
    smtpUrl: string | undefined;
    from: string;
    catcherPort: number;
    /** Waits before each quick resend inside one send after a temporary failure; empty: none. */
    quickRetryDelaysMs: number[];
  };
  tools: { temporalCliPath: string | undefined; temporalTestServerPath: string | undefined };
  /** Create the labelled demo county on an empty database (default: only on the embedded defaults). */
  demoData: boolean;
  /**
   * The dev-only routes (/dev/mail, /dev/sample-mail) exist: only with the built-in mail catcher (no SMTP_URL) and
   * an API that listens on loopback, so that caught mail is never served to the network.
   */
  devMode: boolean;
  /** host:port where the worker's Temporal SDK serves Prometheus metrics; undefined: see WORKER_METRICS_ADDRESS. */
  workerMetricsAddress: string | undefined;
  security: {
    /** Wrong tokens from one client address before it is locked out for the window. */
    loginMaxFailures: number;
    loginLockoutMinutes: number;
    /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
    trustProxy: boolean;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Versioned so that incompatible payloads could move to a new queue (README, "Changing workflow code"); it has not had to. */
export const DEFAULT_TASK_QUEUE = 'campaign-engine-v1';
/**
 * Small on purpose: an office workflow sleeps for days between steps, so the cache only carries a burst (a
 * go-live, a deadline); it holds the workflow tasks a worker runs at once (runtime/worker.ts
 * MAX_CONCURRENT_WORKFLOW_TASKS) with room to spare, and a larger one only kept a go-live's workflows
 * resident (bench/README.md).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 50;
/**
 * glibc's malloc arenas for a product process, set by `npm start` and the image (MALLOC_ARENA_MAX, read
 * by glibc when the process starts, so it cannot be set from here). The worker's threads (Temporal core's
 * Tokio threads, the workflow thread, libuv's pool) would each get an arena of their own, and freed memory
 * stayed in the worker's RSS; one arena lowered the peak at no CPU cost the bench could see (bench/README.md).
 */
export const MALLOC_ARENA_MAX = 1;
/**
 * Node's V8 flags for every product process, on its command line (`npm start`, the image, both compose services),
 * each measured in bench/README.md ("The worker's RSS"):
 * - `--max-semi-space-size=4`: each isolate's young generation (the main thread's and the workflow thread's) in MB,
 *   16 by default. Costs some scavenges.
 * - `--heap-growing-percent=100`: the old generation may double past what the last full collection kept before the
 *   next one (V8 lets it grow up to 4 times on a large machine). A go-live's garbage piled up to 2–3 times the 45 MB
 *   the worker keeps, and that, not what it keeps, set the worker's peak RSS. Tighter (30 %) lowered the peak more
 *   but halved the late list's rate in the API (more full collections).
 * - `--liftoff-only`: Prisma's query compiler (WebAssembly) runs on V8's baseline code; the optimized tier added
 *   ~40 MB of RSS to each process, and queries took no longer (their plans are cached).
 */
export const PRODUCT_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=100', '--liftoff-only'] as const;

/** Off PostgreSQL's usual 5432, so a system server on the same machine is not in the way. */
export const DEFAULT_EMBEDDED_POSTGRES_PORT = 54329;

/** Quick resends inside one send: a relay back after a short refusal is used within seconds. */
export const DEFAULT_SMTP_QUICK_RETRIES_MS: readonly number[] = [1_000, 2_000, 4_000];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const HOST_PORT = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;

/** Reads variables and collects every problem, each naming its variable, instead of stopping at the first. */
class EnvironmentReader {
  readonly problems: string[] = [];
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Trimmed; empty counts as unset. */
  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  port(name: string, fallback: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      this.problems.push(`${name}=${raw}: must be a TCP port number (0-65535)`);
      return fallback;
    }
    return n;
  }

  wholeNumber(name: string, fallback: number, min: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      this.problems.push(`${name}=${raw}: must be a whole number ≥ ${min}`);
      return fallback;
    }
    return n;
  }

  /** undefined when unset. */
  trueOrFalse(name: string): boolean | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    if (!['true', 'false'].includes(raw)) this.problems.push(`${name}=${raw}: must be true or false`);
    return raw === 'true';
  }

  hostPort(name: string, example: string): string | undefined {
    const raw = this.text(name);
    if (raw !== undefined && !HOST_PORT.test(raw))
      this.problems.push(`${name}=${raw}: must be host:port, e.g. ${example}`);
    return raw;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      this.problems.push(`${name}: not a valid URL (expected ${protocols.map((p) => `${p}//…`).join(' or ')})`);
      return undefined;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.problems.push(`${name}: protocol ${parsed.protocol} not supported (expected ${protocols.join(' or ')})`);
      return undefined;
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) {
      this.problems.push(`${name}: the URL names no host`);
      return undefined;
    }
    return raw;
  }
}

function readLogLevel(read: EnvironmentReader): Config['logLevel'] {
  const logLevel = read.text('LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    read.problems.push(`LOG_LEVEL=${logLevel}: must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return logLevel as Config['logLevel'];
}

function readMailFrom(read: EnvironmentReader): string {
  const from = read.text('MAIL_FROM') ?? '安溪县市场监督管理局 <campaign@localhost>';
  if (!/<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/.test(from)) {
    read.problems.push(`MAIL_FROM=${from}: must be an address, e.g. "Bureau <noreply@example.gov.cn>"`);
  }
  return from;
}

/** Unset gives the defaults; set but empty means no quick retries (so not read with `text`). */
function readQuickRetryDelays(env: NodeJS.ProcessEnv, read: EnvironmentReader): number[] {
  const raw = env.SMTP_QUICK_RETRIES_MS?.trim();
  const delays =
    raw === undefined
      ? [...DEFAULT_SMTP_QUICK_RETRIES_MS]
      : raw === ''
        ? []
        : raw.split(',').map((part) => Number(part.trim()));
  if (delays.some((ms) => !Number.isInteger(ms) || ms < 0 || ms > 60_000)) {
    read.problems.push(
      `SMTP_QUICK_RETRIES_MS=${raw}: must be waits in milliseconds separated by commas (each 0–60000), or empty for none`,
    );
  }
  return delays;
}

/** 127.0.0.0/8, ::1 or localhost: an address nothing outside this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const read = new EnvironmentReader(env);
  // Read in this order so that the problems are listed in it.
  const host = read.text('HOST') ?? '127.0.0.1';
  const apiPort = read.port('PORT', 3000);
  const logLevel = readLogLevel(read);
  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const smtpUrl = read.url('SMTP_URL', ['smtp:', 'smtps:']);
  const temporalAddress = read.hostPort('TEMPORAL_ADDRESS', 'temporal:7233');
  const taskQueue = read.text('TEMPORAL_TASK_QUEUE') ?? DEFAULT_TASK_QUEUE;
  const maxCachedWorkflows = read.wholeNumber('WORKER_MAX_CACHED_WORKFLOWS', DEFAULT_MAX_CACHED_WORKFLOWS, 0);
  const namespace = read.text('TEMPORAL_NAMESPACE') ?? 'default';
  const from = readMailFrom(read);
  const quickRetryDelaysMs = readQuickRetryDelays(env, read);
  const publicUrl =
    read.url('PUBLIC_URL', ['http:', 'https:']) ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${apiPort}`;
  const demoData = read.trueOrFalse('DEMO_DATA') ?? (databaseUrl === undefined && smtpUrl === undefined);
  const workerMetricsAddress = read.hostPort('WORKER_METRICS_ADDRESS', '0.0.0.0:9464');
  const trustProxy = read.trueOrFalse('TRUST_PROXY') ?? false;

  const config: Config = {
    host,
    port: apiPort,
    publicUrl,
    dataDir: path.resolve(cwd, read.text('DATA_DIR') ?? '.data'),
    logLevel,
    databaseUrl,
    embeddedPostgresPort: read.port('EMBEDDED_POSTGRES_PORT', DEFAULT_EMBEDDED_POSTGRES_PORT),
    temporal: {
      address: temporalAddress,
      namespace,
      taskQueue,
      maxCachedWorkflows,
      devServerPort: read.port('TEMPORAL_DEV_SERVER_PORT', 7233),
      uiPort: read.port('TEMPORAL_UI_PORT', 8233),
    },
    mail: { smtpUrl, from, catcherPort: read.port('MAIL_CATCHER_PORT', 1025), quickRetryDelaysMs },
    demoData,
    devMode: smtpUrl === undefined && isLoopbackHost(host),
    workerMetricsAddress,
    security: {
      loginMaxFailures: read.wholeNumber('LOGIN_MAX_FAILURES', 10, 1),
      loginLockoutMinutes: read.wholeNumber('LOGIN_LOCKOUT_MINUTES', 15, 1),
      trustProxy,
    },
    tools: {
      temporalCliPath: read.text('TEMPORAL_CLI_PATH'),
      temporalTestServerPath: read.text('TEMPORAL_TEST_SERVER_PATH'),
    },
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** The variables, their defaults and meaning (a test checks that README.md names every one). */
export const CONFIG_VARIABLES: { name: string; default: string; meaning: string }[] = [
  { name: 'PORT', default: '3000', meaning: 'HTTP port of the API' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'interface the API listens on (0.0.0.0 in containers)' },
  { name: 'PUBLIC_URL', default: 'http://HOST:PORT', meaning: 'address staff use to reach the API (links in mails)' },
  { name: 'DATA_DIR', default: '.data', meaning: 'embedded database, Temporal dev-server store and caught mail' },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'pino log level' },
  {
    name: 'DATABASE_URL',
    default: '(unset: embedded PostgreSQL in DATA_DIR)',
    meaning: 'PostgreSQL connection string',
  },
  {
    name: 'EMBEDDED_POSTGRES_PORT',
    default: String(DEFAULT_EMBEDDED_POSTGRES_PORT),
    meaning: 'loopback port of the embedded PostgreSQL server (when DATABASE_URL is unset)',
  },
  { name: 'TEMPORAL_ADDRESS', default: '(unset: bundled dev server)', meaning: 'host:port of a Temporal cluster' },
  { name: 'TEMPORAL_NAMESPACE', default: 'default', meaning: 'Temporal namespace' },
  { name: 'TEMPORAL_TASK_QUEUE', default: DEFAULT_TASK_QUEUE, meaning: 'versioned task queue of the worker' },
  {
    name: 'WORKER_MAX_CACHED_WORKFLOWS',
    default: String(DEFAULT_MAX_CACHED_WORKFLOWS),
    meaning: 'workflows cached by a worker (sticky execution); 0 disables it',
  },
  { name: 'TEMPORAL_DEV_SERVER_PORT', default: '7233', meaning: 'gRPC port of the bundled dev server' },
  { name: 'TEMPORAL_UI_PORT', default: '8233', meaning: 'Web UI port of the bundled dev server' },
  {
    name: 'SMTP_URL',
    default: '(unset: built-in mail catcher)',
    meaning: 'smtp://user:pass@host:port of the mail relay',
  },
  { name: 'MAIL_FROM', default: '安溪县市场监督管理局 <campaign@localhost>', meaning: 'sender of every mail' },
  { name: 'MAIL_CATCHER_PORT', default: '1025', meaning: 'SMTP port of the built-in mail catcher' },
  {
    name: 'SMTP_QUICK_RETRIES_MS',
    default: DEFAULT_SMTP_QUICK_RETRIES_MS.join(','),
    meaning: 'waits (ms, jittered ±50 %) before resending within one send after a temporary refusal; empty: none',
  },
  {
    name: 'WORKER_METRICS_ADDRESS',
    default: '(unset: a loopback port, merged into the API /metrics when both run in one process)',
    meaning: "host:port where a worker serves the Temporal SDK's Prometheus metrics (0.0.0.0:9464 in containers)",
  },
  {
    name: 'LOGIN_MAX_FAILURES',
    default: '10',
    meaning: 'wrong tokens one client address may send before it is locked out (429)',
  },
  { name: 'LOGIN_LOCKOUT_MINUTES', default: '15', meaning: 'length of that lockout and of the counting window' },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    meaning: 'true behind a reverse proxy: client address from X-Forwarded-For',
  },
  {
    name: 'TEMPORAL_CLI_PATH',
    default: '(unset: .tools)',
    meaning: 'use this temporal CLI binary instead of installing one',
  },
  {
    name: 'TEMPORAL_TEST_SERVER_PATH',
    default: '(unset: .tools)',
    meaning: 'use this time-skipping test server binary',
  },
];
