/**
 * Child process of bench/run.ts: the product's worker exactly as `runtime/runtime.ts` creates it
 * (createWorker from runtime/worker.ts with the options of `loadConfig({})`, i.e. the product's defaults:
 * the prebuilt workflow bundle, WORKER_MAX_CACHED_WORKFLOWS) together with its database client, so that
 * its RSS can be read from /proc/<pid>/status.
 *
 * BENCH_DB is the URL of the scratch PostgreSQL database the parent created and seeded; the database
 * server is another process, so the RSS is the worker's alone.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { DateTime } from 'luxon';
import {
  DEFAULT_TIME_ZONE,
  defaultTemplate,
  localDateOf,
  addDays,
  templateFor,
  type CampaignTemplate,
} from '../domain/index.js';
import { reminderMessage } from '../domain/messages.js';
import { loadOfficeSchedule } from '../app/office-steps/load-office-schedule.js';
import { runOfficeStep } from '../app/office-steps/run-office-step.js';
import { messageIdFor } from '../app/mail/send-once.js';
import { loadConfig } from '../infra/config.js';
import { openDatabase, type PrismaClient } from '../infra/db.js';
import { createMailer } from '../infra/mailer.js';
import { loadCalendar, loadPlan } from '../app/campaigns/plan-store.js';
import { obligationsOfOffice } from '../app/campaigns/office-obligations.js';
import { connectClient } from '../infra/temporal.js';
import { createWorker } from '../runtime/worker.js';
import {
  serve,
  type DirectResult,
  type FanoutCampaign,
  type MailStats,
  type MemoryReport,
  type RawMailResult,
  type ReadyMessage,
} from './protocol.js';
import { asJson, BUREAU_EMAIL } from './seed.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const address = env('BENCH_TEMPORAL_ADDRESS');
const namespace = env('BENCH_NAMESPACE');
const taskQueue = env('BENCH_TASK_QUEUE');
const smtpUrl = env('BENCH_SMTP_URL');
const benchDb = env('BENCH_DB');
const FROM = '安溪县市场监督管理局 <campaign@localhost>';

Runtime.install({ logger: new DefaultLogger('WARN') });

const rssStages: [string, number][] = [];
/** RSS after a start-up stage, with the main JS heap and `external` (ArrayBuffers). */
const stage = (name: string) => {
  const m = memory();
  rssStages.push([`${name} (heap ${m.heapTotalMb}, external ${m.externalMb})`, m.rssMb]);
};
function memory(): MemoryReport {
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  return { rssMb: mb(m.rss), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) };
}
stage('node+modules');

/**
 * What the RSS is made of: the main heap in use before and after a full collection (so that garbage not yet
 * collected is told apart from what is kept), anonymous pages (every heap: V8's of both threads, malloc's,
 * Temporal core's) against file-backed ones (code), and optionally a snapshot of the main heap.
 */
async function memoryDetail(options: { heapSnapshotDir?: string }): Promise<MemoryReport> {
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  const before = process.memoryUsage();
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  const after = process.memoryUsage();
  const rollup = await readFile('/proc/self/smaps_rollup', 'utf8').catch(() => '');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
  const mappings = await anonymousMappings();
  const heapSnapshot = options.heapSnapshotDir
    ? v8.writeHeapSnapshot(path.join(options.heapSnapshotDir, `product-worker-${process.pid}.heapsnapshot`))
    : undefined;
  return {
    ...memory(),
    rssMb: mb(before.rss),
    heapTotalMb: mb(before.heapTotal),
    heapUsedMb: mb(before.heapUsed),
    heapUsedAfterGcMb: mb(after.heapUsed),
    heapTotalAfterGcMb: mb(after.heapTotal),
    rssAfterGcMb: mb(after.rss),
    rssAnonMb: Math.round(kb('Anonymous') / 1024),
    rssFileMb: Math.round((kb('Rss') - kb('Anonymous')) / 1024),
    ...mappings,
    ...(heapSnapshot ? { heapSnapshot } : {}),
  };
}

/**
 * Anonymous resident memory by where it comes from: malloc's main arena (`[heap]`; with MALLOC_ARENA_MAX=1 all of
 * malloc's small blocks: Temporal core, Node's C++, libuv), thread stacks, and unnamed mappings (V8's heap pages
 * of every isolate, WASM memory and code, malloc's large blocks), the latter also by mapping size.
 */
async function anonymousMappings(): Promise<Pick<MemoryReport, 'mallocArenaMb' | 'unnamedMb' | 'unnamedBySize'>> {
  const smaps = await readFile('/proc/self/smaps', 'utf8').catch(() => '');
  let name = '';
  let size = 0;
  let arenaKb = 0;
  let unnamedKb = 0;
  const bySize = new Map<string, number>();
  for (const line of smaps.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\d+\s*(.*)$/.exec(line);
    if (header) {
      name = header[1]!.trim();
      continue;
    }
    const field = /^(\w+):\s+(\d+) kB/.exec(line);
    if (!field) continue;
    if (field[1] === 'Size') size = Number(field[2]);
    if (field[1] !== 'Rss') continue;
    const rssKb = Number(field[2]);
    if (name === '[heap]') arenaKb += rssKb;
    if (name !== '') continue;
    unnamedKb += rssKb;
    const bucket = size < 1024 ? '<1M' : size <= 4096 ? '1-4M' : size <= 65536 ? '4-64M' : '>64M';
    bySize.set(bucket, (bySize.get(bucket) ?? 0) + rssKb);
  }
  const mb = (kb: number) => Math.round(kb / 1024);
  return {
    mallocArenaMb: mb(arenaKb),
    unnamedMb: mb(unnamedKb),
    unnamedBySize: [...bySize].map(([bucket, kb]) => `${bucket} ${mb(kb)}`).join(', '),
  };
}

const database = await openDatabase(benchDb);
const db = database.prisma;
stage('database open');

const campaignId = process.env.BENCH_CAMPAIGN_ID;
if (!campaignId) throw new Error('BENCH_CAMPAIGN_ID is not set');
const offices = await db.office.findMany({ orderBy: { code: 'asc' } });
stage('first query');

// ---- the product's worker, created as runtime/runtime.ts does with the configuration's defaults
// The defaults, except a cache size given to the bench (WORKER_MAX_CACHED_WORKFLOWS=N npm run bench).
const config = loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS });
const mailer = createMailer({ smtpUrl, from: FROM });
const client = await connectClient(address, namespace);
const connection = await NativeConnection.connect({ address });
stage('Temporal connections');
const worker = await createWorker({
  connection,
  namespace,
  taskQueue,
  deps: { db, mailer, temporal: { client, taskQueue }, publicUrl: config.publicUrl },
  maxCachedWorkflows: config.temporal.maxCachedWorkflows,
});
const running = worker.run();
stage(`worker created (prebuilt bundle, cache ${config.temporal.maxCachedWorkflows})`);
running.catch((error: unknown) => {
  process.stderr.write(`product worker failed: ${String(error)}\n`);
  process.exit(1);
});

/**
 * A campaign whose only step in the near future is one reminder per office at `atMs`.
 *
 * Template trick: every ladder step is derived from dates, and reminders go out at `ladder.sendTime`
 * (HH:mm, local) on working days. So the first phase's deadline is set to the local date of `atMs`,
 * `sendTime` to its local time and `remindOnDueDay` keeps the due-day reminder (the N-working-days-before
 * reminders are dropped, the enterprise obligations, monthly report and year-end summary moved to later
 * phases/months): each office then has exactly one step at `atMs`, the 'phase:planning' due-day reminder
 * (one mail to its contact). When that date is not a working day (a weekend), a bureau working-day entry
 * (调休上班, the HolidayOverride table the product already honours) makes it one.
 */
async function createFanoutCampaign(atMs: number): Promise<FanoutCampaign> {
  const zone = DEFAULT_TIME_ZONE;
  const local = DateTime.fromMillis(atMs, { zone });
  if (local.second !== 0 || local.millisecond !== 0) throw new Error('the instant must be on a whole minute');
  const date = localDateOf(atMs, zone);
  const sendTime = local.toFormat('HH:mm');
  const y = local.year;
  let addedWorkday = false;
  if (!(await loadCalendar(db)).isWorkingDay(date)) {
    await db.holidayOverride.upsert({
      where: { date },
      create: { date, year: y, kind: 'workday', name: '基准测试调休上班' },
      update: { kind: 'workday', name: '基准测试调休上班' },
    });
    addedWorkday = true;
  }
  const deadlines = [0, 40, 80, 120, 160].map((days) => addDays(date, days));
  const base = defaultTemplate(y);
  const template: CampaignTemplate = templateFor(y, {
    startDate: addDays(date, -1),
    phases: base.phases.map((p, i) => ({ ...p, deadline: deadlines[i]! })),
    monthlyReport: { firstMonth: deadlines[1]!.slice(0, 7), lastMonth: deadlines[1]!.slice(0, 7) },
    yearEndSummary: { dueDate: addDays(date, 170) },
    enterprise: { commitmentPhase: 'self-assessment', planPhase: 'guidance', selfAssessmentPhase: 'enforcement' },
    ladder: { reminders: [], remindOnDueDay: true, sendTime },
  });
  const created = await db.campaign.create({
    data: {
      name: `${y}年固本强基（基准：截止日扇出）`,
      year: y,
      bureauEmail: BUREAU_EMAIL,
      template: asJson(template),
    },
  });
  // Check the trick: the first step of an office after now is the one at atMs, and it is alone there.
  const loaded = await loadPlan(db, created.id);
  const obligations = await obligationsOfOffice(db, loaded, created.id, offices[0]!.id);
  const now = Date.now();
  const steps = obligations
    .flatMap((o) => o.steps)
    .filter((s) => s.atMs >= now)
    .sort((a, b) => a.atMs - b.atMs);
  return {
    campaignId: created.id,
    localDate: date,
    sendTime,
    addedWorkday,
    stepsAtInstant: steps.filter((s) => s.atMs === atMs).length,
    firstStepAtMs: steps[0]?.atMs,
  };
}

/** The fan-out baseline: raw nodemailer (same createMailer pool settings), `concurrency` sends in flight. */
async function rawMail(count: number, concurrency: number, url: string): Promise<RawMailResult> {
  const raw = createMailer({ smtpUrl: url, from: FROM });
  const message = reminderMessage(
    'zh-CN',
    {
      titleZh: '前期统筹谋划阶段工作',
      titleEn: 'Phase 1 tasks',
      dueDate: localDateOf(Date.now(), DEFAULT_TIME_ZONE),
      hardDueDate: localDateOf(Date.now(), DEFAULT_TIME_ZONE),
    },
    offices[0]!.name,
  );
  let next = 0;
  let sent = 0;
  let failed = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        const key = `bench-raw/${i}`;
        try {
          await raw.send({
            to: offices[i % offices.length]!.contactEmail,
            subject: message.subject,
            text: message.text,
            headers: { 'Message-ID': messageIdFor(key), 'X-Campaign-Key': key, 'X-Campaign-Step': 'reminder-due-day' },
          });
          sent += 1;
        } catch (error) {
          failed += 1;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  raw.close();
  return { sent, failed, ...(firstError ? { firstError } : {}) };
}

/** A Prisma client that counts and times every operation (for the direct runs only, not the worker's). */
function countingClient(): { client: PrismaClient; ops: Map<string, [number, number]> } {
  const ops = new Map<string, [number, number]>();
  const client = db.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const start = performance.now();
        try {
          return (await query(args)) as unknown;
        } finally {
          const key = `${model ?? '$raw'}.${operation}`;
          const entry = ops.get(key) ?? [0, 0];
          entry[0] += 1;
          entry[1] += performance.now() - start;
          ops.set(key, entry);
        }
      },
    },
  }) as unknown as PrismaClient;
  return { client, ops };
}

async function direct(
  calls: number,
  concurrency: number,
  action: (client: PrismaClient, i: number) => Promise<unknown>,
): Promise<DirectResult> {
  const { client, ops } = countingClient();
  let next = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, calls) }, async () => {
      while (next < calls) await action(client, next++);
    }),
  );
  const elapsedMs = Date.now() - start;
  const total = [...ops.values()].reduce((n, [count]) => n + count, 0);
  return {
    calls,
    elapsedMs,
    opsPerCall: total / calls,
    ops: [...ops]
      .map(([key, [count, ms]]): [string, number, number] => [key, count, Math.round(ms)])
      .sort((a, b) => b[2] - a[2]),
  };
}

async function mailStats(campaignId: string): Promise<MailStats> {
  const rows = await db.mailMessage.findMany({ where: { campaignId }, select: { state: true, attempts: true } });
  return {
    total: rows.length,
    sent: rows.filter((r) => r.state === 'sent').length,
    retried: rows.filter((r) => r.attempts > 1).length,
    maxAttempts: Math.max(0, ...rows.map((r) => r.attempts)),
  };
}

serve({
  createFanoutCampaign: (req) => createFanoutCampaign(req.atMs),
  rawMail: (req) => rawMail(req.count, req.concurrency, req.smtpUrl),
  mailStats: (req) => mailStats(req.campaignId),
  memory: (req) => (req.detail ? memoryDetail(req.detail) : Promise.resolve(memory())),
  directLoads: (req) =>
    direct(offices.length, req.concurrency, (client, i) =>
      loadOfficeSchedule(
        { db: client },
        { campaignId: req.campaignId, officeId: offices[i]!.id, sinceMs: Date.now(), nowMs: Date.now() },
      ),
    ),
  directSteps: (req) =>
    direct(Math.min(req.offices ?? offices.length, offices.length), req.concurrency, (client, i) =>
      runOfficeStep(
        { db: client, mailer, publicUrl: config.publicUrl },
        {
          campaignId: req.campaignId,
          officeId: offices[i]!.id,
          step: {
            obligationKey: 'phase:planning',
            stepKey: req.stepKey,
            kind: 'reminder',
            responsible: 'office',
            atMs: req.atMs,
          },
        },
      ),
    ),
  stop: async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
    await client.connection.close();
    mailer.close();
    await database.close();
  },
});

process.send?.({
  type: 'ready',
  campaignId,
  officeIds: offices.map((o) => o.id),
  rssStages,
} satisfies ReadyMessage);
