/**
 * On-demand benchmark of the HTTP status endpoints on PostgreSQL (see bench/README.md, "Status endpoints").
 *
 *   node --import tsx bench/status.ts [--offices 1000] [--enterprises-per-office 50] [--seconds 10] [--connections 10]
 *   BENCH_DATABASE_URL=postgresql://… node --import tsx bench/status.ts   (a scratch database on that server)
 *
 * Without BENCH_DATABASE_URL it starts a throwaway embedded PostgreSQL server (infra/embedded-postgres.ts) and
 * stops it at the end, also on Ctrl-C. Every endpoint is compared with a baseline measured in the same run: a bare
 * Fastify server answering with one `prisma.office.findUnique` on the same database and Prisma client.
 * The load comes from a child process (this file with BENCH_STATUS_ROLE=load): N keep-alive connections,
 * closed loop, T seconds per endpoint after a warm-up. It reports and never asserts; exit 0 when measured.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import inspector from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildServer } from '../api/server.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { loadConfig } from '../infra/config.js';
import { createScratchDatabase, openDatabase, type Database } from '../infra/db.js';
import { startThrowawayPostgres } from '../infra/embedded-postgres.js';
import { createMailer } from '../infra/mailer.js';
import { loadPlan } from '../app/campaigns/plan-store.js';
import { lateList } from '../app/status/late-list.js';
import { createToken } from '../app/access/tokens.js';
import { generator, seed } from './seed.js';
import { createCleanups } from '../infra/cleanups.js';
import { runBench } from './lifecycle.js';

const CAMPAIGN_YEAR = 2024;
const root = path.resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------------------------
// Messages between the parent (servers) and the load child

interface LoadJob {
  port: number;
  paths: string[];
  token: string | null;
  connections: number;
  ms: number;
}
interface LoadResult {
  /** Latencies (ms) of the 200 answers, sorted. */
  count: number;
  p50: number;
  p99: number;
  max: number;
  elapsedMs: number;
  errors: number;
  firstError?: string;
  meanBytes: number;
}
type ToChild = { id: number; type: 'load'; job: LoadJob } | { id: number; type: 'stop' };
type FromChild = { type: 'ready' } | { id: number; result: LoadResult };

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

// ---------------------------------------------------------------------------------------------------------
// The load child: a closed loop over node:http with keep-alive (undici is not a dependency)

function loadChild(): void {
  const send = (message: FromChild) => process.send!(message);
  const get = (agent: http.Agent, port: number, urlPath: string, token: string | null) =>
    new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: urlPath,
          agent,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          timeout: 300_000,
        },
        (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 300 s')));
      req.on('error', reject);
      req.end();
    });

  async function run(job: LoadJob): Promise<LoadResult> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
    const latencies: number[] = [];
    let errors = 0;
    let bytes = 0;
    let firstError: string | undefined;
    const t0 = performance.now();
    const stopAt = t0 + job.ms;
    // Each loop is one connection: the next request leaves when the previous answer is in. The phase ends
    // when the last request sent before stopAt has been answered (so elapsed includes that drain).
    await Promise.all(
      Array.from({ length: job.connections }, async () => {
        while (performance.now() < stopAt && errors < 1000) {
          const urlPath = job.paths[Math.floor(Math.random() * job.paths.length)]!;
          const start = performance.now();
          try {
            const answer = await get(agent, job.port, urlPath, job.token);
            if (answer.status === 200) {
              latencies.push(performance.now() - start);
              bytes += answer.bytes;
            } else {
              errors++;
              firstError ??= `HTTP ${answer.status} for ${urlPath}`;
            }
          } catch (error) {
            errors++;
            firstError ??= (error as Error).message;
          }
        }
      }),
    );
    const elapsedMs = performance.now() - t0;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    return {
      count: latencies.length,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: latencies.at(-1) ?? NaN,
      elapsedMs,
      errors,
      ...(firstError ? { firstError } : {}),
      meanBytes: latencies.length ? bytes / latencies.length : 0,
    };
  }

  process.on('message', (message: ToChild) => {
    if (message.type === 'stop') process.exit(0);
    void run(message.job).then((result) => send({ id: message.id, result }));
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

// ---------------------------------------------------------------------------------------------------------
// The parent

const benchStart = Date.now();
const log = (line: string) =>
  process.stderr.write(`[status-bench +${((Date.now() - benchStart) / 1000).toFixed(1)}s] ${line}\n`);

const cleanups = createCleanups(log);
const cleanup = () => cleanups.run();

async function inBatches<T>(rows: T[], size: number, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** An instant on a local (Asia/Shanghai) date, `days` later, at 10:00. */
const onDay = (date: string, days = 0) => new Date(Date.parse(`${date}T10:00:00+08:00`) + days * 86_400_000);
const dateOf = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * What the status endpoints read besides offices and enterprises (seed.ts makes those): half the offices
 * county units, enterprise progress for most enterprises, obligation states for most offices (done,
 * open, some with an approved extension), a few escalations. The campaign is 2024's: everything open is late.
 */
async function seedProgress(db: Database['prisma'], campaignId: string, officeIds: string[]) {
  const rnd = generator(2024);
  const chance = (p: number) => rnd() < p;
  await db.office.updateMany({
    where: { id: { in: officeIds.filter((_, i) => i % 2 === 1) } },
    data: { unitType: 'county-unit' },
  });

  const enterprises = await db.enterprise.findMany({ select: { id: true, officeId: true }, orderBy: { code: 'asc' } });
  const progress = enterprises.flatMap(({ id, officeId }) => {
    if (!chance(0.92)) return [];
    const served = chance(0.97) ? onDay('2024-03-05', Math.floor(rnd() * 10)) : null;
    const signed = served && chance(0.9) ? onDay(dateOf(served), 1 + Math.floor(rnd() * 7)) : null;
    const copy = () => (signed && chance(0.9) ? onDay(dateOf(signed), Math.floor(rnd() * 5)) : null);
    return [
      {
        campaignId,
        enterpriseId: id,
        officeId,
        noticeServedAt: served,
        noticeServedBy: served ? '执法人员' : null,
        signedAt: signed,
        signatory: signed ? '法定代表人' : null,
        committedSelfAssessmentDate: signed
          ? chance(0.8)
            ? '2024-04-30'
            : dateOf(onDay('2024-04-10', Math.floor(rnd() * 40)))
          : null,
        copyArchiveAt: copy(),
        copyNoticeBoardAt: copy(),
        copyTownshipAt: copy(),
        copyCountyAt: copy(),
        planSubmittedAt: signed && chance(0.8) ? onDay('2024-03-20', Math.floor(rnd() * 20)) : null,
        selfAssessmentSubmittedAt: signed && chance(0.65) ? onDay('2024-04-15', Math.floor(rnd() * 30)) : null,
      },
    ];
  });
  await inBatches(progress, 2000, (data) => db.enterpriseProgress.createMany({ data }));

  const loaded = await loadPlan(db, campaignId);
  const officeObligations = loaded.plan.obligations.filter((o) => o.responsible === 'office');
  const states: {
    campaignId: string;
    officeId: string;
    obligationKey: string;
    status: string;
    doneAt: Date | null;
    extendedDueDate: string | null;
  }[] = [];
  const late: { officeId: string; obligationKey: string }[] = [];
  for (const officeId of officeIds) {
    if (!chance(0.9)) continue; // about one office in ten has recorded nothing: all its obligations are late
    for (const o of officeObligations) {
      const done = chance(0.88);
      const extended = !done && chance(0.3);
      states.push({
        campaignId,
        officeId,
        obligationKey: o.key,
        status: done ? 'done' : 'open',
        doneAt: done ? onDay(o.dueDate, -Math.floor(rnd() * 5)) : null,
        extendedDueDate: extended ? dateOf(onDay(o.nominalDueDate, 10)) : null,
      });
      if (!done) late.push({ officeId, obligationKey: o.key });
    }
  }
  await inBatches(states, 2000, (data) => db.obligationState.createMany({ data }));

  const escalations = late
    .filter(() => chance(0.03))
    .map((l, i) => ({
      id: randomUUID(),
      campaignId,
      officeId: l.officeId,
      obligationKey: l.obligationKey,
      origin: i % 5 === 0 ? 'manual' : 'automatic',
      level: 1 + (i % 2),
      reason: `${l.obligationKey} 逾期未完成`,
      ackBy: onDay('2025-01-15'),
      status: i % 3 === 0 ? 'acknowledged' : 'unacknowledged',
      workflowId: `escalation/${campaignId}/${l.officeId}/${l.obligationKey}`,
    }));
  await db.escalation.createMany({ data: escalations });
  await db.escalationEvent.createMany({
    data: escalations.map((e) => ({ escalationId: e.id, at: onDay('2025-01-10'), kind: 'raised', level: 1 })),
  });
  return { progress: progress.length, states: states.length, openStates: late.length, escalations: escalations.length };
}

/** CPU seconds (user + system) of the given processes; a process gone meanwhile counts as 0. */
async function cpuOf(pids: number[]): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      result.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // gone
    }
  }
  return result;
}

/** The PostgreSQL backends serving the scratch database (their command line names it); none if remote. */
async function backendsOf(database: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.startsWith('postgres:') && cmdline.includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU of this process (the servers) and of the database's backends over a phase. */
class CpuMeter {
  private node = 0;
  private backends = new Map<number, number>();
  constructor(private readonly database: string) {}
  async begin(): Promise<void> {
    this.backends = await cpuOf(await backendsOf(this.database));
    const u = process.cpuUsage();
    this.node = (u.user + u.system) / 1e6;
  }
  async end(): Promise<{ nodeS: number; pgS: number; backends: number }> {
    const u = process.cpuUsage();
    const nodeS = (u.user + u.system) / 1e6 - this.node;
    const pids = new Set([...this.backends.keys(), ...(await backendsOf(this.database))]);
    const now = await cpuOf([...pids]);
    let pgS = 0;
    for (const [pid, s] of now) pgS += s - (this.backends.get(pid) ?? 0);
    return { nodeS, pgS, backends: pids.size };
  }
}

class LoadChild {
  private nextId = 1;
  private readonly pending = new Map<number, (result: LoadResult) => void>();
  readonly ready: Promise<void>;
  private constructor(private readonly proc: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      proc.on('message', (message: FromChild) => {
        if ('type' in message) resolve();
        else {
          this.pending.get(message.id)?.(message.result);
          this.pending.delete(message.id);
        }
      });
      proc.once('exit', (code, signal) => reject(new Error(`load child exited (${code ?? signal})`)));
    });
  }
  static start(): LoadChild {
    return new LoadChild(
      fork(import.meta.filename, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, BENCH_STATUS_ROLE: 'load' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
  }
  load(job: LoadJob): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, resolve);
      this.proc.once('exit', () => reject(new Error('load child exited')));
      const message: ToChild = { id, type: 'load', job };
      this.proc.send(message);
    });
  }
  stop(): void {
    if (this.proc.exitCode === null && this.proc.connected) this.proc.send({ id: 0, type: 'stop' } satisfies ToChild);
  }
}

interface Row {
  label: string;
  route: string;
  result: LoadResult;
  cpu: { nodeS: number; pgS: number; backends: number };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const rps = (r: LoadResult) => (r.count / r.elapsedMs) * 1000;

interface QueryEvent {
  sql: string;
  params: string;
  ms: number;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Total Time': number;
  Plans?: PlanNode[];
}
/** "Sort 45993 rows 20.1 ms ← Seq Scan on EnterpriseProgress 45993 rows 8.0 ms" */
function describePlan(node: PlanNode): string {
  const on = node['Index Name'] ?? node['Relation Name'];
  const self = `${node['Node Type']}${on ? ` on ${on}` : ''} ${node['Actual Rows']} rows ${node['Actual Total Time'].toFixed(1)} ms`;
  return node.Plans?.length ? `${self} ← ${node.Plans.map(describePlan).join(' + ')}` : self;
}

/** The table a Prisma-generated statement reads, e.g. "EnterpriseProgress". */
const tableOf = (sql: string) => /FROM "public"\."(\w+)"/.exec(sql)?.[1] ?? sql.slice(0, 40);

/**
 * Samples this process's CPU (V8 profiler) while `action` runs `times` times. Counts the samples whose stack
 * holds product code (api/, app/, infra/, domain/) and names the product functions with the most time including
 * their callees, and the leaf functions (any module) where that time is spent; in ms per call.
 */
async function cpuProfile(times: number, action: () => Promise<void>): Promise<string[]> {
  const session = new inspector.Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
    const t0 = performance.now();
    for (let i = 0; i < times; i++) await action();
    const wallMs = performance.now() - t0;
    const { profile } = await session.post('Profiler.stop');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const fileOf = (url: string) => url.replace(/^file:\/\//, '').replace(`${root}/`, '');
    const isProduct = (url: string) => /^(api|lib|domain)\//.test(fileOf(url));
    const key = (f: { functionName: string; url: string }) =>
      `${f.functionName || '(anonymous)'} (${fileOf(f.url).replace(/^.*node_modules\//, '') || 'native'})`;
    const inclusive = new Map<string, number>();
    const self = new Map<string, number>();
    let busyMs = 0;
    const other = new Map<string, number>();
    let otherMs = 0;
    profile.samples!.forEach((id, i) => {
      const ms = (profile.timeDeltas![i] ?? 0) / 1000;
      const stack: (typeof profile.nodes)[number][] = [];
      for (let n = byId.get(id); n; n = byId.get(parent.get(n.id) ?? -1)) stack.push(n);
      if (!stack.some((n) => isProduct(n.callFrame.url))) {
        const leaf = stack[0]!.callFrame;
        if (leaf.functionName === '(idle)' || stack.some((n) => fileOf(n.callFrame.url).startsWith('bench/'))) return;
        otherMs += ms;
        // The module on the stack nearest the leaf, e.g. @prisma/client or pg: who does this work.
        const module =
          stack
            .map((n) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(n.callFrame.url)?.[1])
            .find((m) => m !== undefined) ?? leaf.functionName;
        other.set(module, (other.get(module) ?? 0) + ms);
        return;
      }
      busyMs += ms;
      const leaf = key(stack[0]!.callFrame);
      self.set(leaf, (self.get(leaf) ?? 0) + ms);
      for (const k of new Set(stack.filter((n) => isProduct(n.callFrame.url)).map((n) => key(n.callFrame)))) {
        inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
      }
    });
    const top = (m: Map<string, number>, n: number) =>
      [...m]
        .sort((x, y) => y[1] - x[1])
        .slice(0, n)
        .map(([k, ms]) => `${k} ${(ms / times).toFixed(0)}`)
        .join(', ');
    return [
      `  CPU profile of ${times} more calls: ${(wallMs / times).toFixed(0)} ms wall per call, of which ${(busyMs / times).toFixed(0)} ms on this thread in product code`,
      `  busy outside product frames: ${(otherMs / times).toFixed(0)} ms per call (${top(other, 5)})`,
      `  product functions incl. callees, ms per call: ${top(inclusive, 8)}`,
      `  where that time is spent (leaf functions), ms per call: ${top(self, 8)}`,
    ];
  } finally {
    session.disconnect();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      offices: { type: 'string', default: '1000' },
      'enterprises-per-office': { type: 'string', default: '50' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      'warmup-seconds': { type: 'string', default: '2' },
    },
  });
  const N = Number(values.offices);
  const M = Number(values['enterprises-per-office']);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const warmup = Number(values['warmup-seconds']);
  if (!Number.isInteger(N) || N < 2 || !Number.isInteger(M) || M < 0 || !(seconds > 0) || !(connections >= 1)) {
    throw new Error(
      'usage: bench/status.ts [--offices N>=2] [--enterprises-per-office M>=0] [--seconds T] [--connections C] [--warmup-seconds W]',
    );
  }
  const loadAtStart = os.loadavg()[0]!;

  let serverUrl = process.env.BENCH_DATABASE_URL?.trim() || undefined;
  let dbLabel = 'PostgreSQL from BENCH_DATABASE_URL';
  if (!serverUrl) {
    log('starting a throwaway embedded PostgreSQL server (fsync off)');
    const server = await startThrowawayPostgres();
    cleanups.push(() => server.stop());
    serverUrl = server.serverUrl;
    dbLabel = `throwaway embedded PostgreSQL (port ${server.port}, fsync off)`;
  }
  const scratch = await createScratchDatabase(serverUrl, 'bench');
  cleanups.push(() => scratch.drop());
  const scratchName = new URL(scratch.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const pgVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  await admin.end();

  log(`opening ${scratch.url} (migrations) and seeding ${N} offices × ${M} enterprises, a ${CAMPAIGN_YEAR} campaign`);
  const db = await openDatabase(scratch.url);
  cleanups.push(() => db.close());
  const seedStart = Date.now();
  const { campaignId, officeIds } = await seed(db.prisma, { offices: N, enterprisesPerOffice: M, year: CAMPAIGN_YEAR });
  const extra = await seedProgress(db.prisma, campaignId, officeIds);
  const { token } = await createToken(db.prisma, { name: 'status bench', role: 'bureau-admin' });
  const seeder = new pg.Client({ connectionString: scratch.url });
  await seeder.connect();
  await seeder.query('VACUUM ANALYZE');
  await seeder.end();
  const seedMs = Date.now() - seedStart;
  const seededLine =
    `seeded in ${(seedMs / 1000).toFixed(1)} s: ${N} offices (half county-unit), ${N * M} enterprises, ` +
    `${extra.progress} EnterpriseProgress, ${extra.states} ObligationState (${extra.openStates} open), ${extra.escalations} Escalation`;
  log(seededLine);

  // The product server. A draft campaign's status endpoints never call Temporal: a stand-in that throws if touched.
  const temporal = new Proxy(
    {},
    {
      get(_, property) {
        throw new Error(`bench: the status endpoints touched temporal.${String(property)}`);
      },
    },
  ) as Client;
  const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'x@y' });
  cleanups.push(() => mailer.close());
  const product = await buildServer({ config: loadConfig({}), db, temporal, mailer }, { logger: false });
  cleanups.push(() => product.close());
  await product.listen({ host: '127.0.0.1', port: 0 });

  // The baseline: bare Fastify, one Prisma query by primary key, same database and client (same pool).
  const baseline: FastifyInstance = Fastify({ logger: false });
  baseline.get<{ Params: { officeId: string } }>('/offices/:officeId', async (request) =>
    db.prisma.office.findUnique({ where: { id: request.params.officeId } }),
  );
  cleanups.push(() => baseline.close());
  await baseline.listen({ host: '127.0.0.1', port: 0 });
  const portOf = (f: FastifyInstance) => (f.server.address() as AddressInfo).port;

  const child = LoadChild.start();
  cleanups.push(() => child.stop());
  await child.ready;

  const scenarios: { label: string; route: string; server: FastifyInstance; paths: string[]; auth: boolean }[] = [
    {
      label: 'baseline: bare Fastify + office.findUnique',
      route: 'GET /offices/:officeId (random office)',
      server: baseline,
      paths: officeIds.map((id) => `/offices/${id}`),
      auth: false,
    },
    {
      label: 'office status',
      route: 'GET /campaigns/:id/offices/:officeId/status (random office)',
      server: product,
      paths: officeIds.map((id) => `/campaigns/${campaignId}/offices/${id}/status`),
      auth: true,
    },
    {
      label: 'campaign status',
      route: 'GET /campaigns/:id/status',
      server: product,
      paths: [`/campaigns/${campaignId}/status`],
      auth: true,
    },
    {
      label: 'late list',
      route: 'GET /campaigns/:id/late',
      server: product,
      paths: [`/campaigns/${campaignId}/late`],
      auth: true,
    },
  ];
  const rows: Row[] = [];
  for (const s of scenarios) {
    const job = { port: portOf(s.server), paths: s.paths, token: s.auth ? token : null, connections };
    log(`${s.label}: warm-up ${warmup} s, then ${seconds} s with ${connections} connections`);
    if (warmup > 0) await child.load({ ...job, ms: warmup * 1000 });
    const meter = new CpuMeter(scratchName);
    await meter.begin();
    const result = await child.load({ ...job, ms: seconds * 1000 });
    const cpu = await meter.end();
    if (result.errors > 0) log(`${s.label}: ${result.errors} failed requests (first: ${result.firstError})`);
    log(
      `${s.label}: ${result.count} answers, ${rps(result).toFixed(1)}/s, p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms`,
    );
    rows.push({ label: s.label, route: s.route, result, cpu });
  }

  // ---- Where the time goes: each product endpoint once more, alone, through a second product server whose
  // Prisma client reports every query ($on('query')); then EXPLAIN ANALYZE of the slowest statement.
  log('profiling: one request at a time with query events');
  const events: QueryEvent[] = [];
  const traced = new PrismaClient({
    adapter: new PrismaPg({ connectionString: scratch.url, max: 10 }),
    log: [{ emit: 'event', level: 'query' }],
  });
  cleanups.push(() => traced.$disconnect());
  traced.$on('query', (e) => events.push({ sql: e.query, params: e.params, ms: e.duration }));
  const tracedServer = await buildServer(
    { config: loadConfig({}), db: { ...db, prisma: traced }, temporal, mailer },
    { logger: false },
  );
  cleanups.push(() => tracedServer.close());
  const profile: string[] = [];
  const explainer = new pg.Client({ connectionString: scratch.url });
  await explainer.connect();
  cleanups.push(() => explainer.end());
  for (const s of scenarios.slice(1)) {
    const walls: number[] = [];
    let perRequest: QueryEvent[] = [];
    for (let i = 0; i < 6; i++) {
      events.length = 0;
      const t0 = performance.now();
      const answer = await tracedServer.inject({
        method: 'GET',
        url: s.paths[i % s.paths.length]!,
        headers: { authorization: `Bearer ${token}` },
      });
      if (answer.statusCode !== 200)
        throw new Error(`${s.route}: HTTP ${answer.statusCode} ${answer.body.slice(0, 200)}`);
      if (i > 0) walls.push(performance.now() - t0); // the first one warms caches
      perRequest = [...events];
    }
    walls.sort((a, b) => a - b);
    const top = [...perRequest].sort((a, b) => b.ms - a.ms);
    profile.push(
      `${s.label}: ${fmt(quantile(walls, 0.5))} ms alone (median of 5, inject), ${perRequest.length} queries: ` +
        top.map((q) => `${tableOf(q.sql)} ${q.ms.toFixed(1)} ms`).join(', '),
    );
    for (const [rank, q] of top.slice(0, 2).entries()) {
      if (rank > 0 && q.ms < 5) break;
      try {
        const plan = await explainer.query<{
          'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }[];
        }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, JSON.parse(q.params) as unknown[]);
        const p = plan.rows[0]!['QUERY PLAN'][0]!;
        profile.push(
          `  ${rank === 0 ? 'slowest' : 'next'}: ${q.sql.replace(/\s+/g, ' ').slice(0, 150)}…`,
          `    Prisma ${q.ms.toFixed(1)} ms; EXPLAIN ANALYZE: ${describePlan(p.Plan)}; planning ${p['Planning Time'].toFixed(1)} ms, execution ${p['Execution Time'].toFixed(1)} ms in PostgreSQL`,
        );
      } catch (error) {
        profile.push(`  EXPLAIN of ${tableOf(q.sql)} failed: ${(error as Error).message}`);
      }
    }
  }
  // The late list's work outside HTTP (the use case, then the answer's JSON), on the measured (untraced) client.
  const direct: number[] = [];
  const serialize: number[] = [];
  let lateItems = 0;
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    const items = await lateList({ db: db.prisma }, { campaignId, atMs: Date.now() });
    const t1 = performance.now();
    JSON.stringify({ asOf: new Date().toISOString(), items });
    if (i > 0) {
      direct.push(t1 - t0);
      serialize.push(performance.now() - t1);
    }
    lateItems = items.length;
  }
  direct.sort((a, b) => a - b);
  serialize.sort((a, b) => a - b);
  profile.push(
    `lateList(all ${N} offices) called directly: ${fmt(quantile(direct, 0.5))} ms (median of 3), then ${fmt(quantile(serialize, 0.5))} ms for JSON.stringify of its answer; ${lateItems} late items`,
  );
  profile.push(
    ...(await cpuProfile(3, () => lateList({ db: db.prisma }, { campaignId, atMs: Date.now() }).then(() => undefined))),
  );

  // ---- The table
  const base = rows[0]!;
  const header = [
    'endpoint',
    'answers',
    'req/s',
    'p50 ms',
    'p99 ms',
    'p50 ×',
    'p99 ×',
    'req/s ×',
    'CPU ms/req node | pg',
    'KB',
  ];
  const table = rows.map((r) => {
    const x = r.result;
    const cpu = `${((r.cpu.nodeS * 1000) / x.count).toFixed(1)} | ${r.cpu.backends ? ((r.cpu.pgS * 1000) / x.count).toFixed(1) : 'n/a'}`;
    return [
      r.label,
      String(x.count),
      rps(x).toFixed(1),
      fmt(x.p50),
      fmt(x.p99),
      r === base ? '1' : (x.p50 / base.result.p50).toFixed(1),
      r === base ? '1' : (x.p99 / base.result.p99).toFixed(1),
      r === base ? '1' : (rps(x) / rps(base.result)).toFixed(3),
      cpu,
      (x.meanBytes / 1024).toFixed(1),
    ];
  });
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...table.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write(
    [
      '',
      `status endpoints bench: ${N} offices × ${M} enterprises, ${dbLabel} ${pgVersion}; ${os.cpus().length} cores, ` +
        `${connections} connections, ${seconds} s per endpoint after ${warmup} s warm-up, load from a child process`,
      seededLine,
      line(header),
      ...table.map(line),
      '',
      ...rows.map(
        (r) => `${r.label}: ${r.route}${r.result.errors ? `; ${r.result.errors} errors (${r.result.firstError})` : ''}`,
      ),
      "ratios are against the baseline (×: latency multiple, req/s ×: share of baseline throughput); CPU: this process (both servers) and the scratch database's PostgreSQL backends",
      ...profile,
      `total ${((Date.now() - benchStart) / 1000).toFixed(1)} s; 1-min load average ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at the end`,
      '',
    ].join('\n'),
  );
}

if (process.env.BENCH_STATUS_ROLE === 'load') {
  loadChild();
} else {
  await runBench(main, cleanup, log);
}
