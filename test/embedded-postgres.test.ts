import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, startEmbeddedPostgres, type EmbeddedPostgres } from '../infra/embedded-postgres.js';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** startEmbeddedPostgres in a child process on `dir`: what it got, the rows of `kept`, then its stop. */
async function joinFromAnotherProcess(dir: string): Promise<unknown> {
  const script = `
    import { startEmbeddedPostgres } from './infra/embedded-postgres.ts';
    import pg from 'pg';
    const server = await startEmbeddedPostgres({ dir: process.argv[1], port: 0 });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const rows = (await client.query('SELECT v FROM kept')).rows;
    await client.end();
    await server.stop();
    console.log(JSON.stringify({ owned: server.owned, port: server.port, pid: server.pid, rows }));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], {
    cwd: path.resolve(import.meta.dirname, '..'),
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code, out).toBe(0);
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

describe('the embedded PostgreSQL server from npm', () => {
  let dir: string;
  let first: EmbeddedPostgres | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'campaign-embedded-pg-'));
  });
  afterAll(async () => {
    await first?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a cluster and the campaign database on first start, reachable on loopback with its password only', async () => {
    first = await startEmbeddedPostgres({ dir, port: 0 });
    expect(first.owned).toBe(true);
    const [row] = (await query(first.url, 'SELECT current_database() AS db, version() AS version')) as {
      db: string;
      version: string;
    }[];
    expect(row?.db).toBe('campaign');
    expect(row?.version).toMatch(/^PostgreSQL 16\./);
    const wrong = new URL(first.url);
    wrong.password = 'wrong';
    await expect(query(wrong.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
  });

  it('lets a second process on the same folder share the running server, and keeps the data across a restart', async () => {
    await query(first!.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$安溪$$)');
    // Another process joins (as `--role api` beside `--role worker`): the owner is alive, so it shares the
    // server, reads the table, and its stop leaves the server running.
    const joined = await joinFromAnotherProcess(dir);
    expect(joined).toMatchObject({ owned: false, port: first!.port, pid: first!.pid, rows: [{ v: '安溪' }] });
    expect(isAlive(first!.pid)).toBe(true);

    await first!.stop();
    expect(isAlive(first!.pid)).toBe(false);
    first = await startEmbeddedPostgres({ dir, port: 0 });
    expect(await query(first.url, 'SELECT v FROM kept')).toEqual([{ v: '安溪' }]);
  });

  it('stops a server whose owning process died without stopping it, and starts anew', async () => {
    // The owner file names a process that has ended, as after `kill -9` of the product.
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    await writeFile(path.join(dir, 'owner.json'), JSON.stringify({ pid: gone.pid, port: first!.port }));
    const orphanPid = first!.pid;
    const restarted = await startEmbeddedPostgres({ dir, port: 0 });
    first = restarted;
    expect(restarted.owned).toBe(true);
    expect(restarted.pid).not.toBe(orphanPid);
    expect(isAlive(orphanPid)).toBe(false);
    const owner = JSON.parse(await readFile(path.join(dir, 'owner.json'), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    expect(await query(restarted.url, 'SELECT v FROM kept')).toEqual([{ v: '安溪' }]);
  });

  it('names the variable when the configured port is taken', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'campaign-embedded-pg-'));
    try {
      await expect(
        startEmbeddedPostgres({ dir: other, port: first!.port, portVariable: 'EMBEDDED_POSTGRES_PORT' }),
      ).rejects.toThrow(`EMBEDDED_POSTGRES_PORT=${first!.port}: the port is in use`);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
