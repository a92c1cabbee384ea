import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../infra/ports.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Runs `npm start`'s entry exactly as the README does (compiled by `prestart`), with its own ports and data folder. */
export function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['generated/app/start.js'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

export async function waitForOutput(started: Started, pattern: RegExp, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(started.output())) {
    if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stop(started: Started): Promise<number | null> {
  if (started.child.exitCode !== null) return started.child.exitCode;
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGINT');
  return exited;
}

export async function exitOf(started: Started): Promise<number | null> {
  if (started.child.exitCode !== null) return started.child.exitCode;
  return new Promise((resolve) => started.child.once('exit', (code) => resolve(code)));
}

/** Processes whose command line names `text` (the product's children name its data folder), as "pid command". */
export async function processesNaming(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (command.includes(text)) found.push(`${entry} ${command.replaceAll('\0', ' ').trim()}`);
  }
  return found;
}

/** A data folder and free ports for one `npm start` on embedded defaults; `api` is its base URL. */
export async function embeddedDefaults(
  prefix: string,
): Promise<{ dataDir: string; env: Record<string, string>; api: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  // As a project folder is: run as root, the embedded PostgreSQL server's own user must pass through it.
  await chmod(dataDir, 0o755);
  const [port, temporalPort, uiPort, mailPort, postgresPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env = {
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(postgresPort),
    PORT: String(port),
    TEMPORAL_DEV_SERVER_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    MAIL_CATCHER_PORT: String(mailPort),
  };
  return { dataDir, env, api: `http://127.0.0.1:${port}` };
}
