import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/ports.js';
import { startDevServer } from '../../infra/temporal.js';
import { ensureTemporalTools } from '../../infra/temporal-tools.js';

const root = path.resolve(import.meta.dirname, '../..');
const PANIC = 'panic: listen tcp 127.0.0.1:40123: bind: address already in use';

/**
 * The dev server binds ports it picked itself a moment earlier; when another program takes one in
 * between it panics while starting. A wrapper of the real CLI plays that lost race the first
 * `failures` times it is started, then runs the real server.
 */
async function cliLosingThePortRace(dir: string, realCli: string, failures: number): Promise<string> {
  const wrapper = path.join(dir, `temporal-${failures}`);
  const counter = path.join(dir, `starts-${failures}`);
  await writeFile(
    wrapper,
    [
      '#!/bin/sh',
      `starts=$(cat "${counter}" 2>/dev/null || echo 0)`,
      `echo $((starts + 1)) > "${counter}"`,
      `if [ "$starts" -lt ${failures} ]; then`,
      `  echo "${PANIC}" >&2`,
      // the long goroutine dump that follows a Go panic
      `  i=0; while [ $i -lt 200 ]; do echo "go.uber.org/dig.paramList.BuildList(...) frame $i" >&2; i=$((i + 1)); done`,
      '  exit 2',
      'fi',
      `exec "${realCli}" "$@"`,
    ].join('\n'),
  );
  await chmod(wrapper, 0o755);
  return wrapper;
}

describe('starting the Temporal dev server', () => {
  let dir: string;
  let realCli: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dev-server-start-'));
    realCli = (await ensureTemporalTools({ root })).cli!;
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('tries again when the server exits while starting, and says so', async () => {
    const lines: string[] = [];
    const server = await startDevServer({
      cliPath: await cliLosingThePortRace(dir, realCli, 1),
      dataDir: path.join(dir, 'retried'),
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      log: (line) => lines.push(line),
    });
    try {
      expect(lines).toEqual([expect.stringContaining('exited while starting; trying again')]);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('gives up after three starts with an error that keeps the cause from the top of the output', async () => {
    const failing = startDevServer({
      cliPath: await cliLosingThePortRace(dir, realCli, 3),
      dataDir: path.join(dir, 'given-up'),
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
    });
    await expect(failing).rejects.toThrow(PANIC);
    await expect(failing).rejects.toThrow(/frame 199/);
  }, 60_000);
});
