import { createServer, type Server } from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SERVER_RESTART_DELAYS_MS } from '../../infra/temporal.js';
import { buildProduct } from '../../scripts/build.js';
import {
  embeddedDefaults,
  exitOf,
  processesNaming,
  start,
  stop,
  waitForOutput,
  type Started,
} from '../support/npm-start.js';

/** The pid of the Temporal dev server that runs on `dataDir`'s SQLite file. */
async function devServerPid(dataDir: string): Promise<number | undefined> {
  const [found] = await processesNaming(path.join(dataDir, 'temporal', 'temporal.sqlite'));
  return found ? Number(found.split(' ')[0]) : undefined;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * `npm start` on its embedded defaults recovers by itself: its Temporal dev server is a supervised
 * child, restarted when it dies and never left behind when the product dies.
 */
describe('npm start recovers by itself', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let api: string;
  const started: Started[] = [];

  const startProduct = async () => {
    const product = start(env);
    started.push(product);
    await waitForOutput(product, /Press Ctrl-C to stop/);
    return product;
  };
  const ready = () =>
    waitFor(
      async () => ((await fetch(`${api}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined),
      'ready',
    );

  beforeAll(async () => {
    await buildProduct();
    ({ dataDir, env, api } = await embeddedDefaults('campaign-self-healing-'));
  }, 180_000);

  afterAll(async () => {
    for (const product of started) if (product.child.exitCode === null) product.child.kill('SIGKILL');
    const pid = await devServerPid(dataDir);
    if (pid) process.kill(pid, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('restarts its Temporal dev server when it dies, logs it at error level and is ready again', async () => {
    const product = await startProduct();
    await ready();
    const first = await devServerPid(dataDir);
    expect(first).toBeDefined();
    const killedAt = Date.now();
    process.kill(first!, 'SIGKILL');
    await waitForOutput(product, /"level":"error".*the Temporal dev server died; restarting it/);
    await waitForOutput(product, /"level":"error".*the Temporal dev server was restarted/);
    await ready();
    const second = await devServerPid(dataDir);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    console.log(`self-healing: ready again ${Date.now() - killedAt} ms after the dev server was killed`);
    expect(product.child.exitCode).toBeNull();
    expect(await stop(product)).toBe(0);
  }, 180_000);

  it('leaves no Temporal server behind when the product is killed, and a plain npm start recovers', async () => {
    const product = await startProduct();
    const server = await devServerPid(dataDir);
    product.child.kill('SIGKILL');
    await exitOf(product);
    await waitFor(async () => ((await devServerPid(dataDir)) === undefined ? true : undefined), 'server gone', 10_000);
    expect(server).toBeDefined();

    const again = await startProduct();
    expect(again.output()).not.toMatch(/port is in use/);
    await ready();
    expect(await stop(again)).toBe(0);
  }, 180_000);

  it('stops a dev server left running by a crashed start instead of calling it another server', async () => {
    const product = await startProduct();
    const server = await devServerPid(dataDir);
    // Its watchdog killed too (as a kill of the whole process group would), the server is an orphan.
    for (const line of await processesNaming('temporal-dev-server-watchdog')) {
      process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    }
    product.child.kill('SIGKILL');
    await exitOf(product);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await devServerPid(dataDir)).toBe(server);

    const again = await startProduct();
    expect(again.output()).toContain(`stopping the Temporal dev server (pid ${server}) left running by an earlier`);
    await ready();
    expect(await stop(again)).toBe(0);
  }, 180_000);

  it('exits non-zero with one clear line when its dev server cannot be restarted', async () => {
    const product = await startProduct();
    const server = await devServerPid(dataDir);
    let squatter: Server | undefined;
    try {
      process.kill(server!, 'SIGKILL');
      // Another program takes the port the moment the server is gone.
      squatter = createServer((socket) => socket.destroy());
      await waitFor(
        () =>
          new Promise<true | undefined>((resolve) => {
            squatter!.once('error', () => resolve(undefined));
            squatter!.listen(Number(env.TEMPORAL_DEV_SERVER_PORT), '127.0.0.1', () => resolve(true));
          }),
        'port taken',
        10_000,
      );
      const budget = DEV_SERVER_RESTART_DELAYS_MS.reduce((a, b) => a + b, 0) + 60_000;
      const code = await Promise.race([
        exitOf(product),
        new Promise<'running'>((r) => setTimeout(() => r('running'), budget)),
      ]);
      expect(code, product.output().slice(-3000)).toBe(1);
      expect(product.output()).toMatch(
        /Stopped: the Temporal dev server died \(signal SIGKILL\) and could not be restarted after 5 attempts/,
      );
      expect(await readFile(path.join(dataDir, 'temporal', 'server.json'), 'utf8').catch(() => 'gone')).toBe('gone');
    } finally {
      await new Promise((r) => (squatter ? squatter.close(r) : r(undefined)));
    }
  }, 180_000);
});
