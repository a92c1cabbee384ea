import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { portIsFree } from './ports.js';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: what the fault tests restart from. */
  kill(): Promise<void>;
}

export interface DevServerOptions {
  cliPath: string;
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  log?: (line: string) => void;
  /**
   * Restart the server with back-off when it dies; `onGiveUp` is told when it cannot be restarted.
   * Without it a dead server stays dead (the tests and the bench kill it on purpose).
   */
  supervise?: {
    onDeath(reason: string): void;
    onRestart(attempt: number): void;
    onGiveUp(error: Error): void;
  };
}

/** Waits between restart attempts of a dead dev server; after the last, the product gives up. */
export const DEV_SERVER_RESTART_DELAYS_MS = [500, 1000, 2000, 4000, 8000] as const;
/** A server that ran this long since its last restart starts the back-off from the beginning again. */
const HEALTHY_AFTER_MS = 60_000;

/** Which process started the server of a data folder, and the server's own pid. */
interface ServerRecord {
  ownerPid: number;
  serverPid: number;
  port: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` is still the server of this data folder, not a process that reused the pid. */
async function isServerOf(pid: number, dbFile: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  if (process.platform !== 'linux') return true;
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return command.includes(dbFile);
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * A server left running by an earlier product process that died without stopping it is stopped;
 * one whose product still runs is that product's, so this start must not touch the folder.
 */
async function stopLeftoverServer(recordPath: string, dbFile: string, log: (line: string) => void): Promise<void> {
  const record = await readFile(recordPath, 'utf8')
    .then((text) => JSON.parse(text) as ServerRecord)
    .catch(() => undefined);
  if (!record || !(await isServerOf(record.serverPid, dbFile))) return;
  if (record.ownerPid !== process.pid && isAlive(record.ownerPid)) {
    throw new Error(
      `its data folder ${path.dirname(dbFile)} is in use by the Temporal dev server of process ${record.ownerPid}; stop that process first or use another DATA_DIR`,
    );
  }
  log(`stopping the Temporal dev server (pid ${record.serverPid}) left running by an earlier, crashed start`);
  process.kill(record.serverPid, 'SIGTERM');
  if (!(await waitUntilGone(record.serverPid, 10_000))) {
    process.kill(record.serverPid, 'SIGKILL');
    await waitUntilGone(record.serverPid, 5_000);
  }
}

/**
 * A shell that kills the server within a second of its owner's death, however the owner died
 * (SIGKILL runs no exit handler), so no server outlives the product holding its port and database.
 */
function watchOwner(serverPid: number): void {
  const script =
    'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; ' +
    'kill -0 "$1" 2>/dev/null || kill -9 "$2" 2>/dev/null';
  const watchdog = spawn(
    '/bin/sh',
    ['-c', script, 'temporal-dev-server-watchdog', String(process.pid), String(serverPid)],
    {
      stdio: 'ignore',
    },
  );
  watchdog.on('error', () => undefined);
  watchdog.unref();
}

/**
 * Starts `temporal server start-dev` with a persistent SQLite store, so workflows and their timers
 * survive a restart of the product. Resolves once the server answers on its gRPC port.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  await mkdir(options.dataDir, { recursive: true });
  const dbFile = path.join(options.dataDir, 'temporal.sqlite');
  const recordPath = path.join(options.dataDir, 'server.json');
  await stopLeftoverServer(recordPath, dbFile, log);
  const address = `127.0.0.1:${options.port}`;

  let current = await launchRetryingEarlyExits(options, dbFile, address, log);
  await writeFile(
    recordPath,
    JSON.stringify({ ownerPid: process.pid, serverPid: current.child.pid!, port: options.port }),
  );
  watchOwner(current.child.pid!);
  let stopping = false;

  const supervise = options.supervise;
  if (supervise) {
    const onExit = (running: Launched, startedAt: number, failures: number) => {
      void running.exited.then(async (reason) => {
        if (stopping) return;
        supervise.onDeath(reason);
        let attempt = Date.now() - startedAt >= HEALTHY_AFTER_MS ? 0 : failures;
        for (;;) {
          const delay = DEV_SERVER_RESTART_DELAYS_MS[attempt];
          if (delay === undefined) {
            supervise.onGiveUp(
              new Error(
                `the Temporal dev server died (${reason}) and could not be restarted after ${attempt} attempts`,
              ),
            );
            return;
          }
          await new Promise((r) => setTimeout(r, delay));
          if (stopping) return;
          attempt += 1;
          try {
            current = await launch(options, dbFile, address);
          } catch (error) {
            log(`Temporal dev server: restart attempt ${attempt} failed: ${(error as Error).message.split('\n')[0]}`);
            continue;
          }
          await writeFile(
            recordPath,
            JSON.stringify({ ownerPid: process.pid, serverPid: current.child.pid!, port: options.port }),
          );
          watchOwner(current.child.pid!);
          supervise.onRestart(attempt);
          onExit(current, Date.now(), attempt);
          return;
        }
      });
    };
    onExit(current, Date.now(), 0);
  }

  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    async stop() {
      stopping = true;
      const { child, exited } = current;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(recordPath, { force: true });
    },
    async kill() {
      const { child, exited } = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The server exited before it answered: it may have lost a race for one of the ports it picks itself. */
class ExitedBeforeReady extends Error {}

/**
 * The dev server picks its internal ports itself (free when picked, bound a moment later); another
 * program can take one in between and the server exits while starting. Such a start is tried again.
 */
async function launchRetryingEarlyExits(
  options: DevServerOptions,
  dbFile: string,
  address: string,
  log: (line: string) => void,
): Promise<Launched> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await launch(options, dbFile, address);
    } catch (error) {
      const delay = DEV_SERVER_RESTART_DELAYS_MS[attempt];
      if (!(error instanceof ExitedBeforeReady) || attempt >= 2 || delay === undefined) throw error;
      log(`the Temporal dev server exited while starting; trying again (${error.message.split('\n')[0]})`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

interface Launched {
  child: ChildProcess;
  /** Resolves with how the process ended ("exit code 1", "signal SIGKILL"). */
  exited: Promise<string>;
}

async function launch(options: DevServerOptions, dbFile: string, address: string): Promise<Launched> {
  for (const [name, port] of [
    ['TEMPORAL_DEV_SERVER_PORT', options.port],
    ['TEMPORAL_UI_PORT', options.uiPort],
  ] as const) {
    if (!(await portIsFree(port))) {
      throw new Error(
        `${name}=${port}: the port is in use by another program; choose another port or set TEMPORAL_ADDRESS`,
      );
    }
  }
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace,
    '--db-filename',
    dbFile,
    '--log-level',
    'warn',
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
  ];
  const child: ChildProcess = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // A Go panic names its cause at the top and ends with a long stack: keep both ends.
  let head = '';
  let tail = '';
  let total = 0;
  const capture = (chunk: Buffer) => {
    const text = chunk.toString();
    total += text.length;
    if (head.length < 2000) head = (head + text).slice(0, 2000);
    tail = (tail + text).slice(-2000);
  };
  const output = () =>
    total <= head.length ? head : total <= 4000 ? head + tail.slice(head.length - total) : `${head}\n…\n${tail}`;
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`)),
  );

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new ExitedBeforeReady(`Temporal dev server exited with code ${child.exitCode}:\n${output()}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      // The namespace is registered a moment after the frontend answers.
      await connection.workflowService.describeNamespace({ namespace: options.namespace });
      await connection.close();
      return { child, exited };
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Temporal dev server did not become ready in 60 s: ${(error as Error).message}\n${output()}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Connects a client, turning an unreachable address into a message that names the variable. */
export async function connectClient(
  address: string,
  namespace: string,
  variable = 'TEMPORAL_ADDRESS',
  interceptors: WorkflowClientInterceptor[] = [],
): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5000 });
    await connection.workflowService.getSystemInfo({});
  } catch (error) {
    throw new Error(`${variable}=${address}: cannot reach a Temporal server (${(error as Error).message})`, {
      cause: error,
    });
  }
  return new Client({ connection, namespace, interceptors: { workflow: interceptors } });
}
