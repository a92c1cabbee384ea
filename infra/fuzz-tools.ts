import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { toolsDir } from './temporal-tools.js';

const run = promisify(execFile);

/**
 * The API fuzzer (test/fuzz/): schemathesis from PyPI, pinned exactly, with every dependency pinned by
 * the committed constraints file (`pip freeze` of a fresh install). It lives in its own venv so the
 * Temporal binaries' venv (.tools/venv) is never touched.
 */
export const FUZZ_PACKAGE = 'schemathesis==4.32.5';
/** Relative to the repository root. */
export const FUZZ_CONSTRAINTS = path.join('test', 'fuzz', 'constraints.txt');

export interface FuzzTools {
  /** The `schemathesis` CLI. */
  schemathesis: string;
  /** Its venv, e.g. for `<venv>/bin/python`. */
  venv: string;
}

async function findPython(): Promise<string | undefined> {
  for (const candidate of ['python3', 'python']) {
    try {
      await run(candidate, ['-c', 'import sys, venv, ensurepip; assert sys.version_info >= (3, 10)']);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/**
 * Returns the path of the schemathesis CLI, installing the pinned package into `.tools/fuzz-venv` on
 * first use, and again when the pin or the constraints file changes (a stamp in the venv records what
 * was installed). Needs python3 (≥ 3.10, with venv) and a reachable PyPI (or mirror) the first time.
 */
export async function ensureFuzzTools(
  options: { root?: string; log?: (line: string) => void } = {},
): Promise<FuzzTools> {
  const root = options.root ?? process.cwd();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const venv = path.join(toolsDir(root), 'fuzz-venv');
  const bin = path.join(venv, 'bin');
  const schemathesis = path.join(bin, 'schemathesis');
  const stampFile = path.join(venv, '.campaign-engine-installed');

  const constraintsPath = path.join(root, FUZZ_CONSTRAINTS);
  const constraints = existsSync(constraintsPath) ? await readFile(constraintsPath, 'utf8') : '';
  const stamp = `${FUZZ_PACKAGE}\n${createHash('sha256').update(constraints).digest('hex')}\n`;
  const installed = existsSync(stampFile) ? await readFile(stampFile, 'utf8') : undefined;
  if (existsSync(schemathesis) && installed === stamp) return { schemathesis, venv };

  const python = await findPython();
  if (python === undefined) {
    throw new Error(`fuzz tools: ${FUZZ_PACKAGE} needs python3 (3.10 or later, with venv) to install into ${venv}`);
  }
  log(`fuzz tools: installing ${FUZZ_PACKAGE} into ${venv}`);
  await mkdir(toolsDir(root), { recursive: true });
  // A venv from an older pin is replaced whole, so nothing of the previous install lingers.
  if (installed !== undefined && installed !== stamp) await rm(venv, { recursive: true, force: true });
  if (!existsSync(path.join(bin, 'pip'))) await run(python, ['-m', 'venv', venv]);
  await run(
    path.join(bin, 'pip'),
    [
      'install',
      '--quiet',
      '--disable-pip-version-check',
      ...(constraints ? ['--constraint', constraintsPath] : []),
      FUZZ_PACKAGE,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  await writeFile(stampFile, stamp);
  return { schemathesis, venv };
}
