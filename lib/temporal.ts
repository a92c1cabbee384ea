import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { portIsFree } from './ports.js';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: what the fault tests restart from. */
  kill(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with a persistent SQLite store, so workflows and their timers
 * survive a restart of the product. Resolves once the server answers on its gRPC port.
 */
export async function startDevServer(options: {
  cliPath: string;
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  log?: (line: string) => void;
}): Promise<DevServer> {
  for (const [name, port] of [
    ['TEMPORAL_DEV_SERVER_PORT', options.port],
    ['TEMPORAL_UI_PORT', options.uiPort],
  ] as const) {
    if (!(await portIsFree(port))) {
      throw new Error(
        `${name}=${port}: the port is in use (another Temporal server running?); choose another port or set TEMPORAL_ADDRESS`,
      );
    }
  }
  await mkdir(options.dataDir, { recursive: true });
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
    path.join(options.dataDir, 'temporal.sqlite'),
    '--log-level',
    'warn',
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
  ];
  const child: ChildProcess = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const capture = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `127.0.0.1:${options.port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`Temporal dev server exited with code ${child.exitCode}:\n${output}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      // The namespace is registered a moment after the frontend answers.
      await connection.workflowService.describeNamespace({ namespace: options.namespace });
      await connection.close();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Temporal dev server did not become ready in 60 s: ${(error as Error).message}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
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
