import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFuzzTools, FUZZ_PACKAGE } from '../../infra/fuzz-tools.js';
import { findingsMarkdown, summariseRun } from './findings.js';
import { startFuzzedProduct, type FuzzedProduct } from './product.js';
import { CHECKS, PHASES, runSchemathesis } from './schemathesis.js';

const root = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(root, 'test-artifacts', 'fuzz');

/** Seconds each run may take (FUZZ_MAX_TIME overrides both), examples per operation and phase, workers. */
const BUDGET = {
  bureau: Number(process.env.FUZZ_MAX_TIME ?? 150),
  office: Number(process.env.FUZZ_MAX_TIME ?? 90),
  maxExamples: Number(process.env.FUZZ_MAX_EXAMPLES ?? 25),
  workers: 2,
};
/** FUZZ_SEED replays a run's generated data (each run's findings.md names its seed). */
const SEED = process.env.FUZZ_SEED?.trim() || undefined;

/**
 * Property-based fuzzing of the whole API with schemathesis (issue #15: the OpenAPI document tells the
 * truth, and no input makes the server fail). The real product (`npm start`'s entry, on the Temporal
 * dev server and PostgreSQL) is seeded with a small county, then schemathesis generates requests from
 * /docs/json in all four phases, once as the bureau admin and once as office staff. Every finding fails
 * the test: there is no baseline of accepted failures. Each run's folder in test-artifacts/fuzz/ holds
 * findings.md (each distinct finding with a curl command that reproduces it), the CLI's output.txt,
 * junit.xml and events.ndjson; product.log beside them is the product's log (the stack of every 500).
 */
describe('the API under schemathesis', () => {
  let cli: string;
  let product: FuzzedProduct;

  beforeAll(async () => {
    [{ schemathesis: cli }, product] = await Promise.all([
      ensureFuzzTools({ root, log: (line) => console.log(line) }),
      // The default login throttle: the ignored_auth check sends one wrong token again and again between
      // signed-in requests, which must never lock the fuzzer's address out (see LoginThrottle).
      startFuzzedProduct({}),
    ]);
  }, 300_000);

  afterAll(async () => {
    await product?.stop();
    // The product's own log (warnings and errors, with the stack of every 500) beside the runs' reports.
    if (product) await writeFile(path.join(artifacts, 'product.log'), product.output());
  }, 60_000);

  async function fuzzAs(run: 'bureau' | 'office', who: string, token: string) {
    const fuzzed = await runSchemathesis({
      cli,
      base: product.base,
      token,
      ids: product.ids,
      dir: path.join(artifacts, run),
      maxTimeSeconds: BUDGET[run],
      maxExamples: BUDGET.maxExamples,
      workers: BUDGET.workers,
      seed: SEED,
      killAfterMs: (BUDGET[run] + 240) * 1000,
    });
    const summary = await summariseRun(fuzzed.dir);
    const report = path.join(fuzzed.dir, 'findings.md');
    await writeFile(report, findingsMarkdown(`schemathesis as ${who}`, summary));
    const generated = /^\s*(\d+ generated.*)$/m.exec(fuzzed.output)?.[1] ?? '(no test case count printed)';
    console.log(
      [
        `${FUZZ_PACKAGE} as ${who}: exit ${fuzzed.exitCode} after ${(fuzzed.durationMs / 1000).toFixed(0)} s, ` +
          `seed ${summary.seed ?? '?'}`,
        `  checks: ${CHECKS.join(', ')}`,
        `  phases: ${PHASES.join(', ')}`,
        `  test cases: ${generated}`,
        `  operations (${summary.operations.length}), requests sent by phase:`,
        ...summary.operations.map(
          (op) =>
            `    ${op.operation}: ${op.total} (${[...op.byPhase].map(([phase, n]) => `${phase} ${n}`).join(', ')})`,
        ),
        `  ${summary.findings.length} distinct findings, ${summary.errors.length} errors: ${path.relative(root, report)}`,
        ...summary.findings.map((f) => `    ${f.check}: ${f.operation} → ${f.status ?? '?'} (${f.title})`),
        ...summary.errors.map((e) => `    error: ${e.label}: ${e.error.slice(0, 200)}`),
      ].join('\n'),
    );
    expect(summary.operations.length, `schemathesis tested the API (${fuzzed.dir}/output.txt)`).toBeGreaterThan(0);
    expect(
      summary.findings.map((f) => `${f.check}: ${f.operation} → ${f.status ?? '?'}`),
      `findings, each with its reproduction: ${report}`,
    ).toEqual([]);
    expect(summary.errors, `${fuzzed.dir}/output.txt`).toEqual([]);
    expect(fuzzed.exitCode, `${fuzzed.dir}/output.txt`).toBe(0);
  }

  it('finds nothing wrong as the bureau admin', { timeout: (BUDGET.bureau + 300) * 1000 }, () =>
    fuzzAs('bureau', 'bureau admin', product.bureauToken),
  );

  it('finds nothing wrong as office staff', { timeout: (BUDGET.office + 300) * 1000 }, () =>
    fuzzAs('office', 'office staff', product.officeToken),
  );
});
