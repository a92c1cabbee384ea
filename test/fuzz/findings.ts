import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** One distinct finding: a check that failed on an operation, with the first request that showed it. */
export interface Finding {
  operation: string;
  check: string;
  /** e.g. "ST103 Undocumented status code". */
  title: string;
  message: string;
  status: number | undefined;
  /** Test cases that showed it. */
  count: number;
  phases: Set<string>;
  curl: string;
  response: string;
}

export interface OperationCases {
  operation: string;
  /** Requests sent, by phase. */
  byPhase: Map<string, number>;
  total: number;
}

export interface RunSummary {
  operations: OperationCases[];
  findings: Finding[];
  /** Errors the engine reported on an operation or the run (a schema it could not use, a connection refused). */
  errors: { label: string; error: string }[];
  seed: string | undefined;
}

interface Http {
  method: string;
  uri: string;
  headers?: Record<string, string[]>;
  body?: { $base64?: string; string?: string } | null;
}
interface Interaction {
  request: Http;
  response?: { status_code: number; content?: { $base64?: string } | null } | null;
}
interface CheckRecord {
  name: string;
  status: string;
  failure_info?: { failure: { code?: string; title: string; message: string } };
}
interface Recorder {
  label: string;
  cases: Record<string, unknown>;
  checks: Record<string, CheckRecord[]>;
  interactions: Record<string, Interaction>;
}

const decode = (b?: { $base64?: string; string?: string } | null): string =>
  b?.$base64 !== undefined ? Buffer.from(b.$base64, 'base64').toString('utf8') : (b?.string ?? '');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function curlOf(request: Http): string {
  const parts = ['curl', '-X', request.method];
  for (const [name, values] of Object.entries(request.headers ?? {})) {
    for (const value of values) {
      parts.push(
        '-H',
        name.toLowerCase() === 'authorization' ? `"Authorization: Bearer $TOKEN"` : quote(`${name}: ${value}`),
      );
    }
  }
  const body = decode(request.body);
  if (body) parts.push('--data-binary', quote(body.length > 600 ? `${body.slice(0, 600)}…` : body));
  parts.push(quote(request.uri));
  return parts.join(' ');
}

/** Reads a run's NDJSON event report: requests per operation and phase, and the distinct failed checks. */
export async function summariseRun(dir: string): Promise<RunSummary> {
  const file = (await readdir(dir)).find((name) => name.endsWith('.ndjson'));
  const operations = new Map<string, OperationCases>();
  const findings = new Map<string, Finding>();
  const errors: RunSummary['errors'] = [];
  let seed: string | undefined;
  if (!file) return { operations: [], findings: [], errors, seed };
  const lines = createInterface({ input: createReadStream(path.join(dir, file)), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.startsWith('{"Initialize"')) {
      seed = /"seed":\s*(\d+)/.exec(line)?.[1];
      continue;
    }
    if (line.startsWith('{"NonFatalError"')) {
      const error = (JSON.parse(line) as { NonFatalError: { label: string; value: unknown } }).NonFatalError;
      errors.push({ label: error.label, error: JSON.stringify(error.value).slice(0, 1000) });
      continue;
    }
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const event = (JSON.parse(line) as { ScenarioFinished: { phase: string; recorder: Recorder } }).ScenarioFinished;
    const { recorder, phase } = event;
    const op = operations.get(recorder.label) ?? { operation: recorder.label, byPhase: new Map(), total: 0 };
    operations.set(recorder.label, op);
    const sent = Object.keys(recorder.interactions ?? {}).length;
    op.byPhase.set(phase, (op.byPhase.get(phase) ?? 0) + sent);
    op.total += sent;
    for (const [caseId, checks] of Object.entries(recorder.checks ?? {})) {
      for (const check of checks) {
        if (check.status !== 'failure' || !check.failure_info) continue;
        const { failure } = check.failure_info;
        // A stateful step can fail on another operation than the scenario's label names.
        const interaction = recorder.interactions?.[caseId];
        const operation = (failure as { operation?: string }).operation ?? recorder.label;
        const status = interaction?.response?.status_code;
        const message = failure.message.trim();
        // Schema violations differ in the offending value only: one finding per rule broken.
        const gist = message.split(/\n\s*Value:/)[0]!.slice(0, 400);
        const key = [operation, failure.code, failure.title, status, gist].join('|');
        const known = findings.get(key);
        if (known) {
          known.count++;
          known.phases.add(phase);
          continue;
        }
        findings.set(key, {
          operation,
          check: check.name,
          title: `${failure.code ?? ''} ${failure.title}`.trim(),
          message,
          status,
          count: 1,
          phases: new Set([phase]),
          curl: interaction ? curlOf(interaction.request) : '(no request recorded)',
          response: decode(interaction?.response?.content).slice(0, 400),
        });
      }
    }
  }
  const byOperation = (a: { operation: string }, b: { operation: string }) =>
    a.operation.replace(/^\S+ /, '').localeCompare(b.operation.replace(/^\S+ /, '')) ||
    a.operation.localeCompare(b.operation);
  return {
    operations: [...operations.values()].sort(byOperation),
    findings: [...findings.values()].sort((a, b) => a.check.localeCompare(b.check) || byOperation(a, b)),
    errors,
    seed,
  };
}

/** The findings as Markdown, grouped by check, then operation. */
export function findingsMarkdown(title: string, summary: RunSummary): string {
  const out = [`# ${title}`, '', `seed: ${summary.seed ?? '?'} (FUZZ_SEED=… replays the generated data)`, ''];
  out.push('## Requests per operation', '', '| operation | requests (by phase) |', '| --- | --- |');
  for (const op of summary.operations) {
    const phases = [...op.byPhase].map(([phase, n]) => `${phase} ${n}`).join(', ');
    out.push(`| \`${op.operation}\` | ${op.total} (${phases}) |`);
  }
  if (summary.errors.length > 0) {
    out.push('', `## Errors (${summary.errors.length})`, '');
    for (const e of summary.errors) out.push(`- **${e.label}**: \`${e.error}\``);
  }
  out.push('', `## Findings (${summary.findings.length} distinct)`, '');
  let check = '';
  for (const f of summary.findings) {
    if (f.check !== check) out.push(`### ${(check = f.check)}`, '');
    out.push(
      `- **${f.operation}** — ${f.title}, response ${f.status ?? '?'} (${f.count} case${f.count === 1 ? '' : 's'}; ${[...f.phases].join(', ')})`,
      ...f.message.split('\n').map((line) => `  > ${line}`),
      '',
      '  ```sh',
      `  ${f.curl}`,
      '  ```',
      ...(f.response ? ['', `  response: \`${f.response.replace(/`/g, "'").replace(/\s+/g, ' ')}\``] : []),
      '',
    );
  }
  return out.join('\n');
}
