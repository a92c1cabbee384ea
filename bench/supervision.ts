/**
 * What supervision (issue #17, phases 3 and 4) costs an office workflow at province scale: the product's own code
 * paths, called as the worker calls them, on a supervised campaign against an identical campaign without
 * supervision (see bench/README.md, "Supervision at province scale").
 *
 *   node --import tsx bench/supervision.ts [--offices 1000] [--enterprises-per-office 50] [--hazards 10000]
 *   BENCH_DATABASE_URL=postgresql://… node --import tsx bench/supervision.ts   (a scratch database on that server)
 *
 * Without BENCH_DATABASE_URL it starts a throwaway embedded PostgreSQL server (fsync off) and stops it at the end,
 * also on Ctrl-C. No Temporal: the activities' functions are called directly. It reports and never asserts; exit 1
 * only if a measurement could not be taken.
 */
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { supervisionObligations, supervisionKindOf, type LocalDate } from '../domain/index.js';
import { findObligation, withExtension } from '../app/campaigns/plan-obligations.js';
import { loadPlan } from '../app/campaigns/plan-store.js';
import { loadOfficeSchedule } from '../app/office-steps/load-office-schedule.js';
import { officeStepPlan, readStepContext, stepDeliveryAtMs, type StepDeps } from '../app/office-steps/step-mails.js';
import { supervisionContext } from '../app/supervision/plan-context.js';
import { supervisionFactsOf, supervisionFactsSql } from '../app/supervision/supervision-facts.js';
import { loadSupervisionFacts, supervisionStepPlan } from '../app/supervision/supervision-step.js';
import { createCleanups } from '../infra/cleanups.js';
import { createScratchDatabase, openDatabase, type PrismaClient } from '../infra/db.js';
import { startThrowawayPostgres } from '../infra/embedded-postgres.js';
import { createMailer } from '../infra/mailer.js';
import type { ScheduledStep } from '../workflows/types.js';
import { runBench } from './lifecycle.js';
import { generator } from './seed.js';
import { seedProvince } from './supervision-seed.js';

/** The campaign year and the instant the schedules are loaded at: mid phase 4, three months of inspections behind. */
const YEAR = 2025;
const TODAY: LocalDate = `${YEAR}-08-15`;
const NOW_MS = Date.parse(`${TODAY}T10:00:00+08:00`);

const { values } = parseArgs({
  options: {
    offices: { type: 'string', default: '1000' },
    'enterprises-per-office': { type: 'string', default: '50' },
    hazards: { type: 'string', default: '10000' },
    /** Offices measured one call at a time (besides the largest). */
    sample: { type: 'string', default: '200' },
    /** Calls of each kind on the largest office (its column is their median). */
    repeat: { type: 'string', default: '20' },
    /** Schedules loaded at once in the second whole-province pass (the Prisma pool has 10 connections). */
    concurrency: { type: 'string', default: '10' },
    /** Office k gets a share ∝ k^-skew of the enterprises (0: all alike). */
    skew: { type: 'string', default: '0.4' },
    /** Print EXPLAIN (ANALYZE, BUFFERS) of the largest office's supervision facts to stderr. */
    explain: { type: 'boolean', default: false },
    /** Leave out the experiment with an index on Inspection("campaignId", "enterpriseId") (section 4). */
    'skip-what-if': { type: 'boolean', default: false },
  },
});

const benchStart = Date.now();
const log = (line: string) =>
  process.stderr.write(`[supervision bench +${((Date.now() - benchStart) / 1000).toFixed(1)}s] ${line}\n`);
const cleanups = createCleanups(log);

interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}
const median = (samples: number[]) => stats(samples).p50;
const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const ratio = (a: number, b: number) =>
  Number.isNaN(a) || Number.isNaN(b) || b <= 0 ? 'n/a' : `${(a / b).toFixed(2)}×`;

async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await action();
  return [result, performance.now() - start];
}

async function forEachLimit<T>(items: T[], limit: number, action: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await action(items[next++]!);
    }),
  );
}

/** CPU ms used so far by a local PostgreSQL server (postmaster and backends, closed ones too); NaN for a remote one. */
async function postgresCpuMs(postmaster: number | undefined): Promise<number> {
  if (postmaster === undefined) return NaN;
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  try {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // The postmaster itself with its reaped children (cutime, cstime: backends that closed), and the live backends.
        if (Number(entry) === postmaster) total += fields.slice(11, 15).reduce((n, v) => n + Number(v), 0);
        else if (Number(fields[1]) === postmaster) total += Number(fields[11]) + Number(fields[12]);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return NaN;
  }
  return (total * 1000) / ticks;
}
const nodeCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// ---------------------------------------------------------------------------------------------------------
// The product's code paths, as the worker calls them

/** The `loadOfficeSchedule` local activity (activities/index.ts), at the bench's instant as the workflow's go-live. */
const schedule = (db: PrismaClient, campaignId: string, officeId: string) =>
  loadOfficeSchedule({ db }, { campaignId, officeId, sinceMs: NOW_MS, nowMs: NOW_MS });

/**
 * What `runOfficeStep` does for a supervision step before it sends anything: the step's context, the plan (cached),
 * then `supervisionStepPlan` (the office's supervision facts, the obligation, what is still open, the mails' text).
 * Not measured: recording the StepRun and the SMTP exchange, which every step pays alike.
 */
async function supervisionStepCompute(deps: StepDeps, campaignId: string, officeId: string, step: ScheduledStep) {
  const input = { campaignId, officeId, step };
  const context = await readStepContext(deps, input);
  const loaded = await loadPlan(deps.db, campaignId, context.stamp);
  return (await supervisionStepPlan(deps, loaded, input, context)).plan;
}

/** The same part of `runOfficeStep` for an office's own obligation (a monthly report's reminder): the reference. */
async function officeStepCompute(deps: StepDeps, campaignId: string, officeId: string, step: ScheduledStep) {
  const input = { campaignId, officeId, step };
  const context = await readStepContext(deps, input);
  const loaded = await loadPlan(deps.db, campaignId, context.stamp);
  const planned = findObligation(loaded, step.obligationKey)!;
  const obligation = withExtension(loaded, planned, context.status === null ? null : context.extendedDueDate);
  stepDeliveryAtMs(loaded, step);
  return officeStepPlan(deps, loaded, input, obligation, context);
}

const STEP_KINDS = ['inspection', 'hazard', 'major-hazard'] as const;
/** `own`: the baseline campaign's next step of an office's own obligation (a monthly report reminder). */
type StepKind = (typeof STEP_KINDS)[number] | 'own';
type Series = Record<'supervised' | 'baseline' | StepKind, number[]>;
const series = (): Series => ({
  supervised: [],
  baseline: [],
  inspection: [],
  hazard: [],
  'major-hazard': [],
  own: [],
});

/** The steps measured for an office: the next step of each supervision kind, and the baseline's next own step. */
function stepsOf(supervised: ScheduledStep[], baseline: ScheduledStep[]): Partial<Record<StepKind, ScheduledStep>> {
  const out: Partial<Record<StepKind, ScheduledStep>> = {};
  for (const kind of STEP_KINDS) {
    const step = supervised.find((s) => supervisionKindOf(s.obligationKey) === kind);
    if (step) out[kind] = step;
  }
  const own = baseline.find((s) => s.responsible === 'office' && !supervisionKindOf(s.obligationKey));
  if (own) out.own = own;
  return out;
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const N = Number(values.offices);
  const M = Number(values['enterprises-per-office']);
  const H = Number(values.hazards);
  const sampleSize = Number(values.sample);
  const repeat = Number(values.repeat);
  const concurrency = Number(values.concurrency);
  const skew = Number(values.skew);
  if (
    ![N, M, H, sampleSize, repeat, concurrency].every((v) => Number.isInteger(v) && v >= 0) ||
    N < 2 ||
    repeat < 1 ||
    concurrency < 1 ||
    !(skew >= 0)
  ) {
    throw new Error(
      'usage: bench/supervision.ts [--offices N>=2] [--enterprises-per-office M] [--hazards H] [--sample S] [--repeat R>=1] [--concurrency C>=1] [--skew s>=0] [--explain] [--skip-what-if]',
    );
  }
  const loadAtStart = os.loadavg()[0]!;

  let serverUrl = process.env.BENCH_DATABASE_URL?.trim() || undefined;
  let dbLabel = 'PostgreSQL from BENCH_DATABASE_URL';
  let postmaster: number | undefined;
  if (!serverUrl) {
    log('starting a throwaway embedded PostgreSQL server (fsync off)');
    const server = await startThrowawayPostgres();
    cleanups.push(() => server.stop());
    serverUrl = server.serverUrl;
    postmaster = server.pid;
    dbLabel = `throwaway embedded PostgreSQL (port ${server.port}, fsync off)`;
  }
  const scratch = await createScratchDatabase(serverUrl, 'bench_supervision');
  cleanups.push(() => scratch.drop());
  const admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  cleanups.push(() => admin.end());
  const pgVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  const db = await openDatabase(scratch.url);
  cleanups.push(() => db.close());

  log(`seeding ${N} offices, ${N * M} enterprises, ${H} open hazards (${YEAR}, as of ${TODAY})`);
  const [province, seedMs] = await timed(() =>
    seedProvince(db.prisma, { offices: N, enterprisesPerOffice: M, hazards: H, year: YEAR, today: TODAY, skew }, log),
  );
  await admin.query('VACUUM ANALYZE');
  log(`seeded in ${(seedMs / 1000).toFixed(1)} s`);

  const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'bench@bench.local' });
  cleanups.push(() => mailer.close());
  // The mailer points at nothing and is never called: only the read/compute part of a step is measured.
  const deps: StepDeps = { db: db.prisma, mailer, publicUrl: 'http://127.0.0.1:3000' };
  const { supervisedId, baselineId } = province;
  const largest = province.officeIds[0]!;
  const others = province.officeIds.slice(1);
  const shuffle = generator(42);
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [others[i], others[j]] = [others[j]!, others[i]!];
  }
  const sample = others.slice(0, sampleSize);

  // Warm-up: both plans computed and cached, the statements prepared, JIT warm.
  for (const officeId of others.slice(0, 10)) {
    await schedule(db.prisma, supervisedId, officeId);
    await schedule(db.prisma, baselineId, officeId);
  }

  // ---- 1. One call at a time, on the sampled offices: schedule (supervised, baseline) and the steps.
  log(`measuring ${sample.length} sampled offices one call at a time`);
  const times = series();
  const measureSteps = async (officeId: string, steps: Partial<Record<StepKind, ScheduledStep>>, into: Series) => {
    for (const kind of [...STEP_KINDS, 'own'] as const) {
      const step = steps[kind];
      if (!step) continue;
      const campaignId = kind === 'own' ? baselineId : supervisedId;
      const compute = kind === 'own' ? officeStepCompute : supervisionStepCompute;
      into[kind].push((await timed(() => compute(deps, campaignId, officeId, step)))[1]);
    }
  };
  for (const [i, officeId] of sample.entries()) {
    const order = i % 2 === 0 ? (['supervised', 'baseline'] as const) : (['baseline', 'supervised'] as const);
    const loaded: Record<string, ScheduledStep[]> = {};
    for (const which of order) {
      const [result, took] = await timed(() =>
        schedule(db.prisma, which === 'supervised' ? supervisedId : baselineId, officeId),
      );
      times[which].push(took);
      loaded[which] = result.steps;
    }
    await measureSteps(officeId, stepsOf(loaded.supervised!, loaded.baseline!), times);
  }

  // ---- 2. The largest office, `repeat` times each, and what its supervision facts are made of.
  log(`measuring the largest office (${province.enterprisesOf.get(largest)} enterprises) ${repeat} times`);
  const big = series();
  const factsTimes: number[] = [];
  const computeTimes: number[] = [];
  const bigSupervised = await schedule(db.prisma, supervisedId, largest);
  const bigBaseline = await schedule(db.prisma, baselineId, largest);
  const bigSteps = stepsOf(bigSupervised.steps, bigBaseline.steps);
  const loadedPlan = await loadPlan(db.prisma, supervisedId);
  for (let r = 0; r < repeat; r++) {
    big.supervised.push((await timed(() => schedule(db.prisma, supervisedId, largest)))[1]);
    big.baseline.push((await timed(() => schedule(db.prisma, baselineId, largest)))[1]);
    await measureSteps(largest, bigSteps, big);
    const [facts, factsMs] = await timed(() => loadSupervisionFacts(db.prisma, supervisedId, largest));
    factsTimes.push(factsMs);
    const start = performance.now();
    supervisionObligations(supervisionContext(loadedPlan), facts);
    computeTimes.push(performance.now() - start);
  }
  const [factsRow] = await db.prisma.$queryRaw<
    { supervision: string }[]
  >`SELECT ${supervisionFactsSql(supervisedId, largest)}`;
  const factsText = factsRow!.supervision;
  const facts = supervisionFactsOf(factsText);
  const factRows = {
    enterprises: facts.enterprises.length,
    assessments: facts.enterprises.reduce((n, e) => n + e.assessments.length, 0),
    inspections: facts.enterprises.reduce((n, e) => n + e.inspectedOn.length, 0),
    plannedVisits: facts.plannedVisits.length,
    hazards: facts.hazards.length,
    progress: facts.hazards.reduce((n, h) => n + h.progressAtMs.length, 0),
  };
  const [baselineFactsRow] = await db.prisma.$queryRaw<
    { supervision: string }[]
  >`SELECT ${supervisionFactsSql(baselineId, largest)}`;
  /** Execution time in PostgreSQL of the largest office's supervision facts (EXPLAIN ANALYZE). */
  const explainFacts = async (label: string) => {
    const plan = await db.prisma.$queryRaw<
      { 'QUERY PLAN': string }[]
    >`EXPLAIN (ANALYZE, BUFFERS) SELECT ${supervisionFactsSql(supervisedId, largest)}`;
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    if (values.explain) process.stderr.write(`${label}:\n${text}\n`);
    return Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
  };
  const executionMs = await explainFacts('supervision facts of the largest office');
  const obligationsOf = (steps: ScheduledStep[]) => new Set(steps.map((s) => s.obligationKey)).size;

  // ---- 3. The whole province: every office's schedule once, one at a time and then `concurrency` at a time.
  const province1 = async (campaignId: string, limit: number) => {
    const perOffice: number[] = [];
    const cpu0 = nodeCpuMs();
    const pg0 = await postgresCpuMs(postmaster);
    const [, total] = await timed(() =>
      forEachLimit(province.officeIds, limit, async (officeId) => {
        perOffice.push((await timed(() => schedule(db.prisma, campaignId, officeId)))[1]);
      }),
    );
    const pgMs = (await postgresCpuMs(postmaster)) - pg0;
    return { total, nodeMs: nodeCpuMs() - cpu0, pgMs, perOffice: stats(perOffice) };
  };
  const passes: {
    label: string;
    limit: number;
    supervised: Awaited<ReturnType<typeof province1>>;
    baseline: Awaited<ReturnType<typeof province1>>;
  }[] = [];
  for (const limit of [1, concurrency]) {
    log(`whole province, ${limit} at a time: supervised campaign`);
    const supervised = await province1(supervisedId, limit);
    log(`whole province, ${limit} at a time: baseline campaign`);
    const baseline = await province1(baselineId, limit);
    passes.push({ label: limit === 1 ? 'one at a time' : `${limit} at a time`, limit, supervised, baseline });
  }

  // ---- 4. What if Inspection and GuidanceVisit lacked the per-enterprise indexes (campaign + enterprise) of migration
  // 20261207140000? An experiment on this scratch database only: it drops them and measures again.
  const whatIf = values['skip-what-if']
    ? undefined
    : await (async () => {
        log('what if: DROP the ("campaignId", "enterpriseId") indexes of Inspection and GuidanceVisit');
        await admin.query('DROP INDEX "Inspection_campaignId_enterpriseId_idx"');
        await admin.query('DROP INDEX "GuidanceVisit_campaignId_enterpriseId_idx"');
        await admin.query('ANALYZE "Inspection"');
        await admin.query('ANALYZE "GuidanceVisit"');
        const after = series();
        for (let r = 0; r < repeat; r++) {
          after.supervised.push((await timed(() => schedule(db.prisma, supervisedId, largest)))[1]);
          after.baseline.push((await timed(() => schedule(db.prisma, baselineId, largest)))[1]);
          await measureSteps(largest, bigSteps, after);
        }
        const afterExecutionMs = await explainFacts('without the index');
        const afterPasses: typeof passes = [];
        for (const limit of [1, concurrency]) {
          log(`what if: whole province, ${limit} at a time`);
          const supervised = await province1(supervisedId, limit);
          const baseline = await province1(baselineId, limit);
          afterPasses.push({
            label: limit === 1 ? 'one at a time' : `${limit} at a time`,
            limit,
            supervised,
            baseline,
          });
        }
        return { after, afterExecutionMs, afterPasses };
      })();

  // ---- Report
  const sizes = [...province.enterprisesOf.values()].sort((a, b) => a - b);
  const rows = province.rows;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out: string[] = [
    '',
    `supervision at province scale — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, ${dbLabel}, PostgreSQL ${pgVersion}`,
    `province: ${N} offices, ${rows.enterprises} enterprises (per office: min ${sizes[0]}, median ${sizes[Math.floor(sizes.length / 2)]}, max ${sizes.at(-1)}; skew ${skew}), ` +
      `${rows.assessments} assessments, ${rows.inspections} inspections, ${rows.guidanceVisits} guidance visits, ` +
      `${rows.hazardsOpen} open + ${rows.hazardsRectified} rectified hazards (${rows.majorListed} major under listed supervision, ${rows.progressReports} progress reports); seeded in ${(seedMs / 1000).toFixed(1)} s`,
    `campaigns: ${YEAR} plan with \`supervision: {}\` (defaults) and the same plan without it (baseline, no records of its own); schedules loaded as of ${TODAY} 10:00 +08:00`,
    '',
    line([
      'per office, one call at a time',
      'n',
      'p50 ms',
      'p95 ms',
      'max ms',
      `largest office ms (median of ${repeat})`,
    ]),
    line(['---', '---:', '---:', '---:', '---:', '---:']),
  ];
  const row = (label: string, sampleTimes: number[], bigTimes: number[]) => {
    const s = stats(sampleTimes);
    out.push(line([label, String(s.n), ms(s.p50), ms(s.p95), ms(s.max), ms(median(bigTimes))]));
  };
  const ratioRow = (label: string, a: number[], b: number[], bigA: number[], bigB: number[]) => {
    const [sa, sb] = [stats(a), stats(b)];
    out.push(
      line([
        label,
        '',
        ratio(sa.p50, sb.p50),
        ratio(sa.p95, sb.p95),
        ratio(sa.max, sb.max),
        ratio(median(bigA), median(bigB)),
      ]),
    );
  };
  row('`loadOfficeSchedule`, supervised campaign', times.supervised, big.supervised);
  row('`loadOfficeSchedule`, baseline campaign', times.baseline, big.baseline);
  ratioRow('ratio supervised / baseline', times.supervised, times.baseline, big.supervised, big.baseline);
  for (const kind of STEP_KINDS) row(`step read + compute, next \`${kind}:\` step`, times[kind], big[kind]);
  row('step read + compute, baseline: next own step (monthly report reminder)', times.own, big.own);
  ratioRow('ratio `inspection:` step / baseline step', times.inspection, times.own, big.inspection, big.own);
  ratioRow('ratio `hazard:` step / baseline step', times.hazard, times.own, big.hazard, big.own);
  out.push(
    '',
    `largest office (${province.enterprisesOf.get(largest)} enterprises): supervision facts JSON ${factRows.enterprises} enterprises, ` +
      `${factRows.assessments} assessments, ${factRows.inspections} inspection dates, ${factRows.plannedVisits} planned visits, ` +
      `${factRows.hazards} hazards (open, or major awaiting 销号), ${factRows.progress} progress reports: ` +
      `${Buffer.byteLength(factsText)} bytes (baseline campaign: ${Buffer.byteLength(baselineFactsRow!.supervision)} bytes)`,
    `  schedule: ${bigSupervised.steps.length} steps of ${obligationsOf(bigSupervised.steps)} obligations supervised, ` +
      `${bigBaseline.steps.length} steps of ${obligationsOf(bigBaseline.steps)} obligations baseline`,
    `  medians: \`loadSupervisionFacts\` (SQL + parse) ${ms(median(factsTimes))} ms; \`supervisionObligations\` (JS only) ${ms(median(computeTimes))} ms; ` +
      `facts query execution in PostgreSQL (EXPLAIN ANALYZE) ${ms(executionMs)} ms`,
    '',
    line([
      'whole province: every office’s schedule once',
      'supervised s',
      'baseline s',
      'ratio',
      'node CPU s sup / base',
      'PostgreSQL CPU s sup / base',
      'per office p50 / p95 / max ms (supervised)',
    ]),
    line(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
  );
  const cpu = (v: number) => (Number.isNaN(v) ? 'n/a' : (v / 1000).toFixed(1));
  const passRow = (prefix: string, p: (typeof passes)[number]) =>
    out.push(
      line([
        `${prefix}${p.label}`,
        (p.supervised.total / 1000).toFixed(1),
        (p.baseline.total / 1000).toFixed(1),
        ratio(p.supervised.total, p.baseline.total),
        `${cpu(p.supervised.nodeMs)} / ${cpu(p.baseline.nodeMs)}`,
        `${cpu(p.supervised.pgMs)} / ${cpu(p.baseline.pgMs)}`,
        `${ms(p.supervised.perOffice.p50)} / ${ms(p.supervised.perOffice.p95)} / ${ms(p.supervised.perOffice.max)}`,
      ]),
    );
  for (const p of passes) passRow('', p);
  if (whatIf) {
    const { after, afterExecutionMs, afterPasses } = whatIf;
    for (const p of afterPasses) passRow('without the index: ', p);
    out.push(
      '',
      'what if Inspection and GuidanceVisit had no index on ("campaignId", "enterpriseId") (dropped in the scratch database only), ' +
        `largest office, medians of ${repeat}: \`loadOfficeSchedule\` supervised ${ms(median(after.supervised))} ms ` +
        `(was ${ms(median(big.supervised))}), baseline ${ms(median(after.baseline))} ms (was ${ms(median(big.baseline))}); ` +
        `\`inspection:\` step ${ms(median(after.inspection))} ms (was ${ms(median(big.inspection))}), ` +
        `\`hazard:\` step ${ms(median(after.hazard))} ms (was ${ms(median(big.hazard))}); ` +
        `facts query execution ${ms(afterExecutionMs)} ms (was ${ms(executionMs)})`,
    );
  }
  out.push(
    '',
    `total ${((Date.now() - benchStart) / 1000).toFixed(1)} s; 1-min load average ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at the end`,
    '',
  );
  process.stdout.write(out.join('\n'));
}

await runBench(main, () => cleanups.run(), log);
