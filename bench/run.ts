/**
 * On-demand benchmark of the campaign engine on the bundled Temporal dev server (see bench/README.md).
 *
 *   node --import tsx bench/run.ts [--offices N] [--enterprises-per-office M] [--timeout-min 15]
 *   BENCH_DATABASE_URL=postgres://… node --import tsx bench/run.ts   (that server instead of an embedded one)
 *
 * Every figure is compared with a baseline measured in the same run on the same servers. It reports and
 * never asserts: the exit code is 0 whenever the measurements could be taken.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time.js';
import { createScratchDatabase, openDatabase } from '../infra/db.js';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { freePort } from '../infra/ports.js';
import { runBench } from './lifecycle.js';
import { MailCatcher } from '../dev/mail-catcher.js';
import { DiscardSink } from './discard-sink.js';
import { connectClient, startDevServer, type DevServer } from '../infra/temporal.js';
import { ensureTemporalTools } from '../infra/temporal-tools.js';
import { workflowBundlePath } from '../runtime/workflow-bundle.js';
import { workflowIds } from '../workflows/definitions.js';
import type {
  DirectResult,
  FanoutCampaign,
  MailStats,
  MemoryReport,
  RawMailResult,
  ReadyMessage,
  Reply,
  Request,
  RequestBody,
} from './protocol.js';
import { seed } from './seed.js';
import { createCleanups } from '../infra/cleanups.js';
import { buildDist, ROOT } from '../scripts/build.js';
import { MALLOC_ARENA_MAX, PRODUCT_NODE_FLAGS } from '../infra/config.js';

const root = path.resolve(import.meta.dirname, '..');
const NAMESPACE = 'default';
const PRODUCT_QUEUE = 'bench-campaign';
const BASELINE_QUEUE = 'bench-baseline';
/** ensureOfficeWorkflows starts this many office workflows at a time (FAN_OUT in activities/campaign.ts). */
const START_CONCURRENCY = 32;
/** The worker's default activity slots (maxConcurrentActivityTaskExecutions): mails in flight at most. */
const ACTIVITY_SLOTS = 100;
/** History reads per sweep when checking that timers are set (kept low not to load the server). */
const SWEEP_CONCURRENCY = 8;

const { values } = parseArgs({
  options: {
    offices: { type: 'string', default: '1000' },
    'enterprises-per-office': { type: 'string', default: '50' },
    'timeout-min': { type: 'string', default: '15' },
    /** Write a V8 CPU profile of the product worker (node --cpu-prof) into this directory. */
    'worker-cpu-prof': { type: 'string' },
    /** Extra node options for the product worker, e.g. "--max-semi-space-size=2" (experiments; not the product's). */
    'worker-node-options': { type: 'string' },
    /** Run the product worker through tsx instead of compiled as the product runs (experiments). */
    'worker-tsx': { type: 'boolean', default: false },
    /** Write a snapshot of the product worker's main heap after go-live and after the fan-out into this directory. */
    'worker-heap-snapshot': { type: 'string' },
  },
});
const N = Number(values.offices);
/** The product worker's malloc arenas: an operator's MALLOC_ARENA_MAX wins, as in `npm start` and the image. */
const productMallocArenas = process.env.MALLOC_ARENA_MAX?.trim() || String(MALLOC_ARENA_MAX);
const M = Number(values['enterprises-per-office']);
const timeoutMin = Number(values['timeout-min']);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(M) || M < 0 || !(timeoutMin > 0)) {
  throw new Error('usage: bench/run.ts [--offices N>=1] [--enterprises-per-office M>=0] [--timeout-min T]');
}

const benchStart = Date.now();
const loadAtStart = os.loadavg()[0]!;
let dbLabel = '';
const deadlineAt = benchStart + timeoutMin * 60_000;
const log = (line: string) =>
  process.stderr.write(`[bench +${((Date.now() - benchStart) / 1000).toFixed(1)}s] ${line}\n`);

class TimeoutError extends Error {}
function checkDeadline(what: string, localDeadline = deadlineAt): void {
  if (Date.now() > Math.min(localDeadline, deadlineAt)) throw new TimeoutError(`timed out while waiting for ${what}`);
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function forEachLimit<T>(items: T[], limit: number, action: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await action(items[next++]!);
    }),
  );
}

/** The q-quantile, ignoring NaN (missing); NaN when there is none. */
function quantile(values: number[], q: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
/** The largest value, ignoring NaN (missing); NaN when there is none. */
const max = (values: number[]) => {
  const known = values.filter((v) => !Number.isNaN(v));
  return known.length === 0 ? NaN : known.reduce((a, b) => Math.max(a, b), -Infinity);
};
const sec = (ms: number) => (ms / 1000).toFixed(1);

// ---------------------------------------------------------------------------------------------------------
// Child processes (product worker, baseline worker) and their memory

class Child {
  readonly ready: Promise<ReadyMessage>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
  ) {
    this.exit = new Promise((resolve) =>
      proc.once('exit', (code, signal) => {
        this.exited = true;
        for (const p of this.pending.values()) p.reject(new Error(`${name} exited (${code ?? signal})`));
        this.pending.clear();
        resolve();
      }),
    );
    this.ready = new Promise((resolve, reject) => {
      proc.on('message', (message: ReadyMessage | Reply) => {
        if (message.type === 'ready') resolve(message);
        else {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.ok) waiter?.resolve(message.result);
          else waiter?.reject(new Error(`${name}: ${message.error}`));
        }
      });
      void this.exit.then(() => reject(new Error(`${name} exited before it was ready`)));
    });
    this.ready.catch(() => {});
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** `script`: a TypeScript file beside this one (run through tsx), or a compiled .js file (plain node). */
  static start(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Child {
    const compiled = script.endsWith('.js');
    const proc = fork(compiled ? script : path.join(import.meta.dirname, script), [], {
      execArgv: [...(compiled ? [] : ['--import', 'tsx']), ...nodeArgs],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Child(name, proc);
  }

  call<T>(request: RequestBody, timeoutMs: number): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.pending.delete(id);
          reject(new TimeoutError(`${this.name}: no answer to ${request.type} within ${timeoutMs / 1000} s`));
        },
        Math.max(1, Math.min(timeoutMs, deadlineAt - Date.now())),
      );
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      const message: Request = { ...request, id };
      this.proc.send(message);
    });
  }

  /** Asks the child to shut down cleanly; kills it (by its pid) if it does not within 30 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.call({ type: 'stop' }, 30_000);
    } catch (error) {
      log(`${this.name}: ${(error as Error).message}; killing it`);
    }
    const killer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await this.exit;
    clearTimeout(killer);
  }
}

interface Memory {
  rssMb: number;
  hwmMb: number;
}
async function memoryOf(pid: number): Promise<Memory | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * The product worker's memory by part: RSS = main JS heap + external (ArrayBuffers, WASM) + the rest (code, the
 * workflow thread's heap, Temporal core, malloc), then the same after a full collection of the main heap.
 */
async function workerMemory(product: Child, heapSnapshotDir: string | undefined): Promise<string> {
  if (heapSnapshotDir) await mkdir(heapSnapshotDir, { recursive: true });
  const m = await product.call<MemoryReport>(
    { type: 'memory', detail: heapSnapshotDir ? { heapSnapshotDir: path.resolve(heapSnapshotDir) } : {} },
    120_000,
  );
  return (
    `RSS ${m.rssMb} MB (anonymous ${m.rssAnonMb}, file-backed ${m.rssFileMb}) = main JS heap ${m.heapTotalMb} MB ` +
    `(${m.heapUsedMb} in use) + external ${m.externalMb} MB + ${m.rssMb - m.heapTotalMb - m.externalMb} MB other; ` +
    `after a full collection: heap ${m.heapUsedAfterGcMb} MB in use of ${m.heapTotalAfterGcMb}, RSS ${m.rssAfterGcMb} MB; ` +
    `anonymous: malloc arena ${m.mallocArenaMb} MB, unnamed mappings ${m.unnamedMb} MB (by mapping size: ${m.unnamedBySize})` +
    (m.heapSnapshot ? `; snapshot ${m.heapSnapshot}` : '')
  );
}

/** Peak RSS of a process from a point on: VmHWM reset through clear_refs, VmRSS sampled as a fallback. */
class PeakRss {
  private sampled = 0;
  private hwmReset = false;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => {
      void memoryOf(pid).then((m) => {
        if (m) this.sampled = Math.max(this.sampled, m.rssMb);
      });
    }, 250);
  }
  async reset(): Promise<void> {
    try {
      await writeFile(`/proc/${this.pid}/clear_refs`, '5');
      this.hwmReset = true;
    } catch {
      this.hwmReset = false;
    }
    this.sampled = (await memoryOf(this.pid))?.rssMb ?? 0;
  }
  async peakMb(): Promise<number> {
    const m = await memoryOf(this.pid);
    if (m) this.sampled = Math.max(this.sampled, m.rssMb);
    return this.hwmReset && m ? Math.max(m.hwmMb, this.sampled) : this.sampled;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

/** CPU seconds (user + system) a process has used so far. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** The pid of the process whose command line contains `marker` (the dev server: its unique data dir). */
async function pidByCommandLine(marker: string): Promise<number | undefined> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if ((await readFile(`/proc/${entry}/cmdline`, 'utf8')).includes(marker)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** CPU used by the worker child, the dev server and this process (catcher, client) over a phase. */
class CpuMeter {
  private start: number[] = [];
  private t0 = 0;
  constructor(private readonly pids: { worker: number; server: number | undefined }) {}
  async begin(): Promise<void> {
    this.t0 = Date.now();
    this.start = [await cpuSeconds(this.pids.worker), await cpuSeconds(this.pids.server), ownCpu()];
  }
  async end(): Promise<string> {
    const now = [await cpuSeconds(this.pids.worker), await cpuSeconds(this.pids.server), ownCpu()];
    const d = now.map((v, i) => v - this.start[i]!);
    return `CPU over ${sec(Date.now() - this.t0)} s wall: worker ${d[0]!.toFixed(1)} s, dev server ${d[1]!.toFixed(1)} s, bench+catcher ${d[2]!.toFixed(1)} s (${os.cpus().length} cores)`;
  }
}
function ownCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function describeDirect(label: string, r: DirectResult): string {
  const top = r.ops
    .slice(0, 4)
    .map(([key, count, ms]) => `${key} ${(count / r.calls).toFixed(1)}x ${(ms / count).toFixed(1)} ms`)
    .join(', ');
  const dbMs = r.ops.reduce((n, [, , ms]) => n + ms, 0) / r.calls;
  return `${label}: ${r.calls} calls in ${sec(r.elapsedMs)} s, ${r.opsPerCall.toFixed(1)} DB operations per call taking ${dbMs.toFixed(0)} ms together (${top})`;
}

// ---------------------------------------------------------------------------------------------------------
// What the server recorded: event times from each workflow's history (server clock = this machine's)

/** One activity of a history: a regular one (scheduled, started, completed events) or a local one (a marker). */
interface ActivityRun {
  type: string;
  local: boolean;
  /** Regular: ActivityTaskScheduled. Local: when it was first scheduled, by the worker's clock. */
  scheduledAt: number | undefined;
  startedAt?: number;
  /** Regular: ActivityTaskCompleted. Local: MarkerRecorded (the workflow task that carried its result completed). */
  completedAt?: number;
  attempt?: number;
}

interface Trace {
  startedAt: number;
  timerStartedAt: number | undefined;
  timerFiredAt: number | undefined;
  /** Workflow tasks in order: when each was scheduled, picked up by a worker and completed. */
  workflowTasks: { scheduledAt: number; startedAt?: number; completedAt?: number }[];
  activities: ActivityRun[];
}

/** Timestamps in local-activity marker data (JSON made by sdk-core): RFC 3339 text or {seconds, nanos}. */
function markerTime(value: unknown): number | undefined {
  if (typeof value === 'string') return Date.parse(value);
  if (value && typeof value === 'object' && 'seconds' in value) {
    const { seconds, nanos } = value as { seconds: number | string; nanos?: number };
    return Number(seconds) * 1000 + Math.round((nanos ?? 0) / 1e6);
  }
  return undefined;
}

async function traceOf(client: Client, workflowId: string): Promise<Trace> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const trace: Trace = {
    startedAt: NaN,
    timerStartedAt: undefined,
    timerFiredAt: undefined,
    workflowTasks: [],
    activities: [],
  };
  const byScheduledId = new Map<string, ActivityRun>();
  for (const e of history.events ?? []) {
    const at = tsToMs(e.eventTime);
    if (e.workflowExecutionStartedEventAttributes) trace.startedAt = at;
    else if (e.workflowTaskScheduledEventAttributes) trace.workflowTasks.push({ scheduledAt: at });
    else if (e.workflowTaskStartedEventAttributes) trace.workflowTasks.at(-1)!.startedAt = at;
    else if (e.workflowTaskCompletedEventAttributes) trace.workflowTasks.at(-1)!.completedAt = at;
    else if (e.timerStartedEventAttributes) trace.timerStartedAt ??= at;
    else if (e.timerFiredEventAttributes) trace.timerFiredAt ??= at;
    else if (e.activityTaskScheduledEventAttributes) {
      const activity: ActivityRun = {
        type: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
        local: false,
        scheduledAt: at,
      };
      trace.activities.push(activity);
      byScheduledId.set(String(e.eventId), activity);
    } else if (e.activityTaskStartedEventAttributes) {
      const activity = byScheduledId.get(String(e.activityTaskStartedEventAttributes.scheduledEventId));
      if (activity) {
        activity.startedAt = at;
        activity.attempt = e.activityTaskStartedEventAttributes.attempt ?? 1;
      }
    } else if (e.activityTaskCompletedEventAttributes) {
      const activity = byScheduledId.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId));
      if (activity) activity.completedAt = at;
    } else if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      const raw = e.markerRecordedEventAttributes.details?.data?.payloads?.[0]?.data;
      const data = (raw ? JSON.parse(Buffer.from(raw).toString('utf8')) : {}) as {
        activity_type?: string;
        attempt?: number;
        original_schedule_time?: unknown;
      };
      trace.activities.push({
        type: data.activity_type ?? '?',
        local: true,
        scheduledAt: markerTime(data.original_schedule_time),
        completedAt: at,
        attempt: Number(data.attempt ?? 1),
      });
    }
  }
  return trace;
}

/** The completed run of an activity of this type (regular or local), if any. */
function completedRun(t: Trace, type: string): ActivityRun | undefined {
  return t.activities.find((a) => a.type === type && a.completedAt !== undefined);
}

async function countRunning(client: Client, workflowType: string): Promise<number> {
  return (await client.workflow.count(`WorkflowType = '${workflowType}' AND ExecutionStatus = 'Running'`)).count;
}

/**
 * Waits until `expectedRunning` workflows of the type run (one cheap visibility count a second), then
 * reads the histories of `ids` until each satisfies `settled`; returns their traces. The figures come
 * from the recorded event times, so this polling does not stretch them (it only adds a little load,
 * and only once every workflow has started).
 */
async function settle(
  client: Client,
  label: string,
  options: {
    workflowType: string;
    expectedRunning: number;
    ids: string[];
    settled: (t: Trace) => boolean;
    /** What `settled` means, for the progress lines. */
    what?: string;
    timeoutAt: number;
  },
): Promise<Map<string, Trace>> {
  let lastLog = 0;
  for (;;) {
    const running = await countRunning(client, options.workflowType);
    if (running >= options.expectedRunning) break;
    checkDeadline(`${label}: ${running}/${options.expectedRunning} ${options.workflowType} running`, options.timeoutAt);
    if (Date.now() - lastLog > 5_000) {
      log(`${label}: ${running}/${options.expectedRunning} ${options.workflowType} running`);
      lastLog = Date.now();
    }
    await sleep(1_000);
  }
  const traces = new Map<string, Trace>();
  const pending = new Set(options.ids);
  let lastError: string | undefined;
  for (;;) {
    await forEachLimit([...pending], SWEEP_CONCURRENCY, async (id) => {
      try {
        const trace = await traceOf(client, id);
        if (options.settled(trace)) {
          traces.set(id, trace);
          pending.delete(id);
        }
      } catch (error) {
        lastError = (error as Error).message;
      }
    });
    log(
      `${label}: ${traces.size}/${options.ids.length} ${options.what ?? 'with their timer set'}${lastError ? ` (last read error: ${lastError})` : ''}`,
    );
    if (pending.size === 0) return traces;
    checkDeadline(`${label}: ${pending.size} workflows without a timer`, options.timeoutAt);
    await sleep(1_000);
  }
}

// ---------------------------------------------------------------------------------------------------------

const cleanups = createCleanups(log);
const cleanup = () => cleanups.run();

interface Results {
  rssStages: string;
  goLiveMs: number;
  goLiveBaselineMs: number;
  goLiveDetail: string[];
  rssReadyMb: number;
  rssGoLiveMb: number;
  rssEndMb: number;
  baselineWorkerRssMb: number;
  fanoutMs: number;
  fanoutBaselineMs: number;
  /** The same raw sends into an SMTP server that keeps nothing: the physical limit of the mail path. */
  discardBaselineMs: number;
  fanoutDetail: string[];
}

async function main(): Promise<Results> {
  const detailGoLive: string[] = [];
  const detailFanout: string[] = [];
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'campaign-bench-'));
  // Run as root, the embedded PostgreSQL server's own user must pass through it (infra/embedded-postgres.ts).
  await chmod(tmp, 0o755);
  cleanups.push(() => rm(tmp, { recursive: true, force: true }));

  const tools = await ensureTemporalTools({ root, log });
  if (!tools.cli) throw new Error('no temporal CLI (TEMPORAL_CLI_PATH or `npm run tools`)');
  const cliPath = tools.cli;
  const [port, uiPort] = [await freePort(), await freePort()];
  log(`starting the Temporal dev server on 127.0.0.1:${port} (data in ${tmp})`);
  const devServer: DevServer = await startDevServer({
    cliPath,
    dataDir: path.join(tmp, 'temporal'),
    port,
    uiPort,
    namespace: NAMESPACE,
  });
  cleanups.push(() => devServer.stop());
  const client = await connectClient(devServer.address, NAMESPACE);
  cleanups.push(() => client.connection.close());
  const catcher = await MailCatcher.start();
  cleanups.push(() => catcher.close());

  const childEnv = { BENCH_TEMPORAL_ADDRESS: devServer.address, BENCH_NAMESPACE: NAMESPACE };
  const year = new Date().getUTCFullYear() + 1;
  let serverUrl = process.env.BENCH_DATABASE_URL?.trim() || undefined;
  const seedStart = Date.now();
  if (serverUrl) {
    dbLabel = 'PostgreSQL (BENCH_DATABASE_URL; scratch database, outside the worker process)';
  } else {
    // The product's embedded default: a PostgreSQL server from npm, durable as `npm start` runs it.
    const server = await startEmbeddedPostgres({ dir: path.join(tmp, 'postgres'), port: 0 });
    cleanups.push(() => server.stop());
    serverUrl = server.serverUrl;
    dbLabel = 'embedded PostgreSQL (the npm start default; scratch database, outside the worker process)';
  }
  const scratch = await createScratchDatabase(serverUrl, 'bench');
  cleanups.push(() => scratch.drop());
  const benchDb = scratch.url;
  log(`seeding ${N} offices × ${M} enterprises and a ${year} campaign into ${scratch.name}`);
  const database = await openDatabase(scratch.url);
  const seeded = await seed(database.prisma, { offices: N, enterprisesPerOffice: M, year });
  await database.close();
  const parentSeedMs = Date.now() - seedStart;
  // The product worker loads the prebuilt workflow bundle; (re)build it now if the sources changed, as
  // the product would at start, so that the child's start-up is the product's usual one.
  log(`workflow bundle: ${await workflowBundlePath()}`);
  // The product runs compiled JavaScript (scripts/build.ts, `node generated/app/start.js`); so does its worker here.
  const productScript = values['worker-tsx']
    ? 'product-worker.ts'
    : (
        await buildDist({ entryPoints: ['bench/product-worker.ts'], outdir: path.join(ROOT, 'generated', 'bench') })
      ).find((file) => path.basename(file) === 'product-worker.js')!;
  log(`product worker child (${productScript}): opening the database, starting the worker`);
  const product = Child.start(
    'product worker',
    productScript,
    {
      ...childEnv,
      BENCH_TASK_QUEUE: PRODUCT_QUEUE,
      BENCH_SMTP_URL: catcher.url,
      // As `npm start` and the image run it (an operator's MALLOC_ARENA_MAX wins there too).
      MALLOC_ARENA_MAX: productMallocArenas,
      BENCH_DB: benchDb,
      BENCH_CAMPAIGN_ID: seeded.campaignId,
    },
    [
      ...(values['worker-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['worker-cpu-prof'])}`] : []),
      // The product's command line (npm start, the compose worker); --worker-node-options come after and win.
      ...PRODUCT_NODE_FLAGS,
      ...(values['worker-node-options']?.split(/\s+/).filter(Boolean) ?? []),
    ],
  );
  cleanups.push(() => product.stop());
  const ready = await Promise.race([
    product.ready,
    sleep(deadlineAt - Date.now()).then(() => Promise.reject(new TimeoutError('product worker not ready'))),
  ]);
  const campaignId = ready.campaignId!;
  const officeIds = ready.officeIds!;
  const rssReadyMb = (await memoryOf(product.pid))?.rssMb ?? NaN;
  log(`product worker ready (seeded in ${sec(parentSeedMs)} s, RSS ${rssReadyMb.toFixed(0)} MB)`);
  const cpu = new CpuMeter({ worker: product.pid, server: await pidByCommandLine(path.join(tmp, 'temporal')) });
  const rss = new PeakRss(product.pid);
  cleanups.push(() => rss.stop());

  // ---- 1a. go-live baseline: N trivial workflows (start, then one timer), started 32 at a time
  const baseline = Child.start('baseline worker', 'baseline-worker.ts', {
    ...childEnv,
    BENCH_TASK_QUEUE: BASELINE_QUEUE,
  });
  cleanups.push(() => baseline.stop());
  await baseline.ready;
  const baselineRss = new PeakRss(baseline.pid);
  cleanups.push(() => baselineRss.stop());
  await baselineRss.reset();
  const baselineReadyMb = (await memoryOf(baseline.pid))?.rssMb ?? NaN;
  const baselineCpu = new CpuMeter({
    worker: baseline.pid,
    server: await pidByCommandLine(path.join(tmp, 'temporal')),
  });
  await baselineCpu.begin();
  /** N trivial workflows started 32 at a time; time until the last one's timer is recorded. */
  const sleepBaseline = async (round: number) => {
    log(`go-live baseline ${round}: starting ${N} benchSleepWorkflow, ${START_CONCURRENCY} at a time`);
    const ids = Array.from({ length: N }, (_, i) => `bench-sleep/${round}/${i}`);
    const t0 = Date.now();
    await forEachLimit(ids, START_CONCURRENCY, async (workflowId) => {
      await client.workflow.start('benchSleepWorkflow', { taskQueue: BASELINE_QUEUE, workflowId });
    });
    const traces = await settle(client, `go-live baseline ${round}`, {
      workflowType: 'benchSleepWorkflow',
      expectedRunning: round * N,
      ids,
      settled: (t) => t.timerStartedAt !== undefined,
      timeoutAt: t0 + Math.max(300_000, N * 600),
    });
    const all = [...traces.values()];
    return {
      ms: max(all.map((t) => t.timerStartedAt!)) - t0,
      lastStartMs: max(all.map((t) => t.startedAt)) - t0,
      traces: all,
    };
  };
  const baseline1 = await sleepBaseline(1);
  const bt = baseline1.traces;
  const baselineWorkerRssMb = await baselineRss.peakMb();
  detailGoLive.push(`baseline 1 ${await baselineCpu.end()}`);
  detailGoLive.push(
    `baseline 1: last start +${sec(baseline1.lastStartMs)} s, last timer +${sec(baseline1.ms)} s; baseline worker RSS ${baselineReadyMb.toFixed(0)} MB idle, peak ${baselineWorkerRssMb.toFixed(0)} MB with ${N} cached workflows`,
  );

  // ---- 1b. go-live: the campaign workflow starts one office workflow per office; each loads its schedule
  // and waits on a timer for its first step (next year: every step is in the future).
  await rss.reset();
  log(`go-live: starting the campaign workflow (${N} offices)`);
  await cpu.begin();
  const g0 = Date.now();
  await client.workflow.start('campaignWorkflow', {
    taskQueue: PRODUCT_QUEUE,
    workflowId: workflowIds.campaign(campaignId),
    args: [{ campaignId }],
  });
  const goLiveTraces = await settle(client, 'go-live', {
    workflowType: 'officeWorkflow',
    expectedRunning: N,
    ids: officeIds.map((id) => workflowIds.office(campaignId, id)),
    settled: (t) => t.timerStartedAt !== undefined,
    timeoutAt: g0 + Math.max(300_000, N * 600),
  });
  const gt = [...goLiveTraces.values()];
  const goLiveMs = max(gt.map((t) => t.timerStartedAt!)) - g0;
  const rssGoLiveMb = await rss.peakMb();
  detailGoLive.push(`go-live ${await cpu.end()}`);
  detailGoLive.push(`worker memory after go-live: ${await workerMemory(product, values['worker-heap-snapshot'])}`);
  const loads = gt.flatMap((t) => t.activities.filter((a) => a.type === 'loadOfficeSchedule'));
  const local = loads.some((a) => a.local);
  if (!local) {
    const loadRun = loads.filter((a) => a.startedAt && a.completedAt).map((a) => a.completedAt! - a.startedAt!);
    const loadWait = loads.filter((a) => a.startedAt).map((a) => a.startedAt! - a.scheduledAt!);
    detailGoLive.push(
      `go-live: loadOfficeSchedule (activity task) run p50 ${quantile(loadRun, 0.5).toFixed(0)} ms / max ${max(loadRun).toFixed(0)} ms, ` +
        `schedule-to-start p50 ${quantile(loadWait, 0.5).toFixed(0)} ms / max ${max(loadWait).toFixed(0)} ms`,
    );
  }
  detailGoLive.push(
    `go-live: last office workflow started +${sec(max(gt.map((t) => t.startedAt)) - g0)} s, last timer +${sec(goLiveMs)} s; ` +
      `activities before the timer: ${[...new Set(gt.flatMap((t) => t.activities.map((a) => `${a.type}${a.local ? ' (local)' : ''}`)))].join(', ')}`,
  );
  /** Per workflow: start → first workflow task picked up, → timer started, and workflow tasks until then. */
  const legsOf = (traces: Trace[]) => {
    const legs = traces.map((t) => {
      const first = t.workflowTasks[0]?.startedAt ?? NaN;
      const beforeTimer = t.workflowTasks.filter((w) => w.scheduledAt <= t.timerStartedAt!).length;
      return { toPickup: first - t.startedAt, toTimer: t.timerStartedAt! - first, tasks: beforeTimer };
    });
    const pm = (values: number[]) => `${quantile(values, 0.5).toFixed(0)}/${max(values).toFixed(0)}`;
    return (
      `start → first workflow task picked up ${pm(legs.map((l) => l.toPickup))} ms, ` +
      `→ timer started ${pm(legs.map((l) => l.toTimer))} ms, workflow tasks ${pm(legs.map((l) => l.tasks))}`
    );
  };
  detailGoLive.push(`go-live legs per office (p50/max): ${legsOf(gt)}`);
  detailGoLive.push(`baseline legs per workflow (p50/max): ${legsOf(bt)}`);
  const loadsDirect = await product.call<DirectResult>(
    { type: 'directLoads', campaignId, concurrency: ACTIVITY_SLOTS },
    300_000,
  );
  detailGoLive.push(
    describeDirect(`loadOfficeSchedule called directly (no Temporal, ${ACTIVITY_SLOTS} in flight)`, loadsDirect),
  );
  // The same baseline again after go-live: the ratio uses the mean of the two, which brackets go-live
  // in time (other load on the machine comes and goes).
  const baseline2 = await sleepBaseline(2);
  await baseline.stop();
  baselineRss.stop();
  const goLiveBaselineMs = (baseline1.ms + baseline2.ms) / 2;
  detailGoLive.push(
    `go-live baseline = mean of ${sec(baseline1.ms)} s (before go-live) and ${sec(baseline2.ms)} s (after, last start +${sec(baseline2.lastStartMs)} s)`,
  );
  log(
    `go-live: ${sec(goLiveMs)} s (baseline ${sec(goLiveBaselineMs)} s), worker peak RSS ${rssGoLiveMb.toFixed(0)} MB`,
  );

  // ---- 2a. fan-out baseline: N mails through raw nodemailer from the worker's process, 100 in flight
  catcher.clear();
  log(`fan-out baseline: ${N} mails through createMailer (pool of 5), ${ACTIVITY_SLOTS} in flight`);
  const m0 = Date.now();
  const raw = await product.call<RawMailResult>(
    { type: 'rawMail', count: N, concurrency: ACTIVITY_SLOTS, smtpUrl: catcher.url },
    300_000,
  );
  if (raw.failed > 0) log(`fan-out baseline: ${raw.failed} mails failed (${raw.firstError})`);
  await catcher.waitFor((messages) => messages.length >= raw.sent, 30_000);
  const fanoutBaselineMs = max(catcher.messages().map((m) => Date.parse(m.receivedAt))) - m0;
  catcher.clear();
  // The physical limit: the same sends into a server that accepts and discards (a send resolves on its 250).
  const sink = await DiscardSink.start();
  cleanups.push(() => sink.close());
  log(`fan-out physical limit: ${N} mails through createMailer into a discard sink`);
  const d0 = Date.now();
  const discarded = await product.call<RawMailResult>(
    { type: 'rawMail', count: N, concurrency: ACTIVITY_SLOTS, smtpUrl: sink.url },
    300_000,
  );
  const discardBaselineMs = Date.now() - d0;
  if (discarded.failed > 0) log(`fan-out physical limit: ${discarded.failed} mails failed (${discarded.firstError})`);
  await sink.close();

  // ---- 2b. fan-out: a second campaign whose only near step is one reminder per office at instant T
  const lead = Math.max(45_000, goLiveMs * 1.5 + 30_000);
  const atMs = Math.ceil((Date.now() + lead) / 60_000) * 60_000;
  const fan = await product.call<FanoutCampaign>({ type: 'createFanoutCampaign', atMs }, 60_000);
  if (fan.stepsAtInstant !== 1 || fan.firstStepAtMs !== atMs) {
    throw new Error(
      `fan-out campaign: expected one first step at ${new Date(atMs).toISOString()}, got ${JSON.stringify(fan)}`,
    );
  }
  log(
    `fan-out: campaign with one reminder per office at ${fan.localDate} ${fan.sendTime} Asia/Shanghai ` +
      `(in ${sec(atMs - Date.now())} s${fan.addedWorkday ? '; that date made a working day by a bureau entry' : ''}); starting it`,
  );
  const f0 = Date.now();
  await client.workflow.start('campaignWorkflow', {
    taskQueue: PRODUCT_QUEUE,
    workflowId: workflowIds.campaign(fan.campaignId),
    args: [{ campaignId: fan.campaignId }],
  });
  const fanIds = officeIds.map((id) => workflowIds.office(fan.campaignId, id));
  const armed = await settle(client, 'fan-out go-live', {
    workflowType: 'officeWorkflow',
    expectedRunning: 2 * N,
    ids: fanIds,
    // An office workflow that loads its schedule after T runs the step at once, without a timer.
    settled: (t) => t.timerStartedAt !== undefined || t.activities.some((a) => a.type === 'runOfficeStep'),
    timeoutAt: atMs + 120_000,
  });
  const lateArmed = [...armed.values()].filter((t) => t.timerStartedAt === undefined || t.timerStartedAt > atMs).length;
  detailFanout.push(
    `second campaign go-live (with ${N} office workflows already running): ${sec(max([...armed.values()].map((t) => t.timerStartedAt ?? NaN)) - f0)} s` +
      (lateArmed > 0 ? `; WARNING ${lateArmed} office workflows were not waiting on their timer at T` : ''),
  );
  while (Date.now() < atMs) {
    log(`fan-out: T in ${sec(atMs - Date.now())} s`);
    await sleep(Math.min(10_000, atMs - Date.now()));
  }
  await cpu.begin();
  const fanMails = () =>
    catcher.messages().filter((m) => m.headers['x-campaign-key']?.startsWith(`${fan.campaignId}/`));
  let lastLog = 0;
  while (fanMails().length < N) {
    checkDeadline(`fan-out: ${fanMails().length}/${N} mails`, atMs + Math.max(300_000, N * 600));
    if (Date.now() - lastLog > 5_000) {
      log(`fan-out: ${fanMails().length}/${N} mails caught`);
      lastLog = Date.now();
    }
    await sleep(100);
  }
  const received = fanMails().map((m) => Date.parse(m.receivedAt));
  const fanoutMs = max(received) - atMs;
  log(`fan-out: ${N} mails in ${sec(fanoutMs)} s after T (baseline ${sec(fanoutBaselineMs)} s)`);
  const rssEndMb = await rss.peakMb();
  const fanCpu = await cpu.end();
  detailFanout.push(`worker memory after the fan-out: ${await workerMemory(product, values['worker-heap-snapshot'])}`);

  // Where the fan-out time went, from the histories (read after the measurement).
  const after = [
    ...(
      await settle(client, 'fan-out histories', {
        workflowType: 'officeWorkflow',
        expectedRunning: 0,
        ids: fanIds,
        settled: (t) => completedRun(t, 'runOfficeStep') !== undefined,
        what: 'with runOfficeStep completed',
        timeoutAt: Date.now() + 120_000,
      })
    ).values(),
  ];
  const steps = after.flatMap((t) => t.activities.filter((a) => a.type === 'runOfficeStep'));
  // The workflow task that the timer's firing scheduled: when a worker picked it up.
  const pickups = after.map((t) =>
    t.workflowTasks.find((w) => w.startedAt !== undefined && w.startedAt >= (t.timerFiredAt ?? Infinity)),
  );
  const fireToPickup = after.map((t, i) => (pickups[i]?.startedAt ?? NaN) - (t.timerFiredAt ?? NaN));
  const pickupToDone = after.map(
    (t, i) => (completedRun(t, 'runOfficeStep')?.completedAt ?? NaN) - (pickups[i]?.startedAt ?? NaN),
  );
  const stepRun = steps.filter((a) => a.startedAt && a.completedAt).map((a) => a.completedAt! - a.startedAt!);
  const stats = await product.call<MailStats>({ type: 'mailStats', campaignId: fan.campaignId }, 60_000);
  const pm = (values: number[]) => `${quantile(values, 0.5).toFixed(0)}/${max(values).toFixed(0)} ms`;
  detailFanout.push(
    `fan-out: timers fired by +${sec(max(after.map((t) => t.timerFiredAt ?? NaN)) - atMs)} s, ` +
      `their workflow tasks picked up by +${sec(max(pickups.map((w) => w?.startedAt ?? NaN)) - atMs)} s, ` +
      (steps.some((a) => !a.local)
        ? `last runOfficeStep scheduled +${sec(max(steps.map((a) => a.scheduledAt ?? NaN)) - atMs)} s / started +${sec(max(steps.map((a) => a.startedAt ?? NaN)) - atMs)} s, `
        : '') +
      `first mail +${sec(Math.min(...received) - atMs)} s, last +${sec(fanoutMs)} s`,
    `fan-out per office (p50/max): timer fired → workflow task picked up ${pm(fireToPickup)}, ` +
      `→ runOfficeStep${steps.some((a) => a.local) ? ' (local)' : ''} recorded ${pm(pickupToDone)}` +
      (stepRun.length > 0 ? `; runOfficeStep activity run ${pm(stepRun)}` : '') +
      `; mail log ${stats.sent}/${stats.total} sent, ${stats.retried} needed a retry (max ${stats.maxAttempts} attempts); ` +
      `activity attempts > 1: ${steps.filter((a) => (a.attempt ?? 1) > 1).length}`,
    `fan-out ${fanCpu}`,
  );

  // The same activity code without Temporal: what the fan-out costs in the activity and database alone.
  catcher.clear();
  const stepsDirect = await product.call<DirectResult>(
    { type: 'directSteps', campaignId: fan.campaignId, concurrency: ACTIVITY_SLOTS, stepKey: 'bench-direct', atMs },
    300_000,
  );
  await catcher.waitFor((messages) => messages.length >= N, 60_000);
  detailFanout.push(
    describeDirect(`runOfficeStep called directly (no Temporal, ${ACTIVITY_SLOTS} in flight)`, stepsDirect),
  );
  const sequential = await product.call<DirectResult>(
    {
      type: 'directSteps',
      campaignId: fan.campaignId,
      concurrency: 1,
      stepKey: 'bench-direct-sequential',
      atMs,
      offices: Math.min(N, 50),
    },
    120_000,
  );
  detailFanout.push(
    describeDirect('runOfficeStep one at a time', sequential) +
      `; ${(sequential.elapsedMs / sequential.calls).toFixed(1)} ms per call`,
  );

  return {
    rssStages: (ready.rssStages ?? []).map(([name, mb]) => `${name} ${mb}`).join(' → '),
    goLiveMs,
    goLiveBaselineMs,
    goLiveDetail: detailGoLive,
    rssReadyMb,
    rssGoLiveMb,
    rssEndMb,
    baselineWorkerRssMb,
    fanoutMs,
    fanoutBaselineMs,
    discardBaselineMs,
    fanoutDetail: detailFanout,
  };
}

function report(r: Results): void {
  const rows: [string, string, string, string, string, string][] = [
    ['figure', 'measured', 'baseline', 'ratio', 'goal', 'met'],
    [
      'go-live: all office timers set',
      `${sec(r.goLiveMs)} s`,
      `${sec(r.goLiveBaselineMs)} s`,
      (r.goLiveMs / r.goLiveBaselineMs).toFixed(2),
      'ratio <= 2',
      r.goLiveMs / r.goLiveBaselineMs <= 2 ? 'yes' : 'NO',
    ],
    [
      'worker peak RSS during go-live',
      `${r.rssGoLiveMb.toFixed(0)} MB`,
      '',
      '',
      '<= 300 MB',
      r.rssGoLiveMb <= 300 ? 'yes' : 'NO',
    ],
    [
      `deadline fan-out: ${N} mails`,
      `${sec(r.fanoutMs)} s`,
      `${sec(r.fanoutBaselineMs)} s`,
      (r.fanoutMs / r.fanoutBaselineMs).toFixed(2),
      'ratio <= 2',
      r.fanoutMs / r.fanoutBaselineMs <= 2 ? 'yes' : 'NO',
    ],
    [
      `  the same, against a discard sink`,
      `${sec(r.fanoutMs)} s`,
      `${sec(r.discardBaselineMs)} s`,
      (r.fanoutMs / r.discardBaselineMs).toFixed(2),
      'physical limit',
      '',
    ],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = [
    '',
    `campaign-engine bench: ${N} offices x ${M} enterprises, database: ${dbLabel}; ${os.cpus().length} cores, Temporal dev server (SQLite)` +
      (values['worker-node-options'] ? `; worker node options: ${values['worker-node-options']}` : '') +
      (values['worker-tsx'] ? '; product worker through tsx' : '') +
      `; product worker: MALLOC_ARENA_MAX=${productMallocArenas}, ${PRODUCT_NODE_FLAGS.join(' ')}`,
    ...rows.map((row) =>
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    ),
    '',
    ...r.goLiveDetail,
    `worker RSS: ${r.rssReadyMb.toFixed(0)} MB when ready, peak ${r.rssGoLiveMb.toFixed(0)} MB during go-live, ` +
      `${r.rssEndMb.toFixed(0)} MB by the end of the fan-out (${2 * N} office workflows)`,
    `worker RSS at start-up, MB: ${r.rssStages}`,
    `fan-out baseline: raw createMailer from the worker's process, ${ACTIVITY_SLOTS} sends in flight, into the mail catcher (parses and keeps each message); discard sink: the same sends into an SMTP server that keeps nothing (bench/discard-sink.ts), timed until the last one is answered`,
    ...r.fanoutDetail,
    `total bench time ${sec(Date.now() - benchStart)} s; 1-min load average ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at the end (other processes on these cores skew every figure)`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

await runBench(async () => report(await main()), cleanup, log);
