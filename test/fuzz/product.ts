import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { buildTables } from '../../domain/reports/index.js';
import { PHASE_KEYS } from '../../domain/index.js';
import { createToken } from '../../app/access/tokens.js';
import { freePort } from '../../infra/ports.js';
import { testOffice } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { httpClient } from '../support/http.js';
import { spawnProduct } from '../support/realtime.js';
import { startDevServer } from '../support/temporal.js';

/** Real ids of everything the seed created, by the names of the fuzzer's dictionaries. */
export interface SeededIds {
  campaign: string[];
  office: string[];
  enterprise: string[];
  token: string[];
  extension: string[];
  escalation: string[];
  mail: string[];
  obligationKey: string[];
  period: string[];
  quarter: string[];
  year: number[];
  version: number[];
  hazard: string[];
}

export interface FuzzedProduct {
  base: string;
  bureauToken: string;
  /** office-staff token of the first seeded office. */
  officeToken: string;
  ids: SeededIds;
  /** What the product process wrote (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The product as `npm start` runs it (`scripts/start.ts`, API and worker in one process, its built-in
 * mail catcher, so the /dev routes are there too) on the real Temporal dev server and a fresh copy of
 * the run's PostgreSQL template; then a county seeded through the API itself, so that paths have real
 * ids: two offices, enterprises, a campaign that runs (this year's) and one that does not (2024), a
 * monthly report, an extension request, an escalation and mail in the log.
 *
 * `env` adds to the product's environment (e.g. the login throttle's limits).
 */
export async function startFuzzedProduct(env: Record<string, string> = {}): Promise<FuzzedProduct> {
  let temporal: TestWorkflowEnvironment | undefined;
  let db: TestDatabase | undefined;
  let dataDir: string | undefined;
  let child: ChildProcess | undefined;
  let output = () => '';
  const stop = async () => {
    if (child) await stopChild(child);
    await Promise.all([temporal?.teardown(), db?.dispose()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    [temporal, db] = await Promise.all([startDevServer(), createTestDatabase()]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'api-fuzz-'));
    await chmod(dataDir, 0o755);
    const bureauToken = (await createToken(db.prisma, { name: '县局（fuzz）', role: 'bureau-admin' })).token;
    const [port, catcherPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${port}`;
    const started = spawnProduct(
      {
        PORT: String(port),
        DATA_DIR: dataDir,
        DEMO_DATA: 'false',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_TASK_QUEUE: 'api-fuzz-test',
        MAIL_CATCHER_PORT: String(catcherPort),
        SMTP_QUICK_RETRIES_MS: '',
        ...env,
      },
      ['api', 'worker'],
    );
    child = started.child;
    output = () => started.output();
    await started.ready;
    const { ids, officeToken } = await seed(base, bureauToken);
    return { base, bureauToken, officeToken, ids, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** SIGINT (Ctrl-C: the worker drains), SIGKILL if it is not gone within 15 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function seed(base: string, bureauToken: string): Promise<{ ids: SeededIds; officeToken: string }> {
  let token = bureauToken;
  const http = httpClient(base, () => token);
  const ok = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await http(method, url, body);
    if (response.status >= 300) {
      throw new Error(`seed: ${method} ${url} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body as T;
  };

  const year = DateTime.now().setZone('Asia/Shanghai').year;
  const office: string[] = [];
  for (const code of ['FZA', 'FZB']) office.push((await ok<{ id: string }>('POST', '/offices', testOffice(code))).id);
  const enterprise: string[] = [];
  for (const [i, sizeClass] of (['above-size', 'medium', 'small-micro'] as const).entries()) {
    const body = { officeId: office[i % 2], code: `FZE${i + 1}`, name: `FZE${i + 1}特种设备制造有限公司`, sizeClass };
    enterprise.push((await ok<{ id: string }>('POST', '/enterprises', body)).id);
  }
  // With the supervision rules (phases 3-4), so their routes find records to act on.
  const running = await ok<{ id: string }>('POST', '/campaigns', {
    name: `${year}年固本强基（fuzz）`,
    year,
    bureauEmail: 'bureau@county.test',
    template: { supervision: {} },
  });
  const draft = await ok<{ id: string }>('POST', '/campaigns', {
    name: '2024年固本强基（fuzz, not started）',
    year: 2024,
    bureauEmail: 'bureau@county.test',
  });
  await ok('POST', `/campaigns/${running.id}/start`);

  const issued = await ok<{ id: string; token: string }>('POST', '/tokens', {
    name: 'FZA 联络员',
    role: 'office-staff',
    officeId: office[0],
  });
  const spare = await ok<{ id: string }>('POST', '/tokens', { name: 'spare viewer (fuzz)', role: 'viewer' });

  const period = `${year}-03`;
  const form = new FormData();
  token = issued.token;
  // The campaign keeps supervision records: the report states what they determine (the register's colours).
  const computed = await ok<{ figures: { path: string; value: number }[] }>(
    'GET',
    `/campaigns/${running.id}/offices/${office[0]}/reports/${period}/computed`,
  );
  const figures = new Map(computed.figures.map((f) => [f.path, f.value]));
  form.append('tables', JSON.stringify(buildTables((field) => figures.get(field.path) ?? 0)));
  form.append(
    'summary',
    new Blob([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')], { type: 'application/pdf' }),
    '三月工作总结.pdf',
  );
  await ok('POST', `/campaigns/${running.id}/offices/${office[0]}/reports/${period}`, form);
  const extension = await ok<{ id: string }>('POST', `/campaigns/${running.id}/offices/${office[0]}/extensions`, {
    obligationKey: `monthly-report:${year}-04`,
    requestedDueDate: `${year}-05-20`,
    reason: 'fuzz seed: the contact is on leave',
  });
  token = bureauToken;
  const escalation = await ok<{ id: string }>('POST', `/campaigns/${running.id}/offices/${office[1]}/escalations`, {
    level: 1,
    reason: 'fuzz seed: no monthly report',
  });

  const today = DateTime.now().setZone('Asia/Shanghai');
  const hazard: string[] = [];
  for (const major of [false, true]) {
    const found = await ok<{ id: string }>('POST', `/campaigns/${running.id}/hazards`, {
      enterpriseId: enterprise[0],
      foundOn: today.toISODate(),
      description: major ? 'fuzz seed: 重大隐患' : 'fuzz seed: 一般隐患',
      major,
      rectifyBy: today.plus({ days: 30 }).toISODate(),
    });
    hazard.push(found.id);
  }

  // The campaign's start sends each office its catch-up digest; wait a little for mail in the log.
  let mail: string[] = [];
  for (let i = 0; i < 40 && mail.length === 0; i++) {
    const log = await ok<{ entries: { id: string }[] }>('GET', '/mail-log?limit=10');
    mail = log.entries.map((m) => m.id);
    if (mail.length === 0) await new Promise((r) => setTimeout(r, 250));
  }

  return {
    officeToken: issued.token,
    ids: {
      campaign: [running.id, draft.id],
      office,
      enterprise,
      token: [spare.id],
      extension: [extension.id],
      escalation: [escalation.id],
      mail,
      obligationKey: PHASE_KEYS.map((key) => `phase:${key}`),
      period: [period, `${year}-04`, 'year-end'],
      quarter: [`${year}-Q1`, `${year}-Q2`],
      year: [year, 2024],
      version: [1],
      hazard,
    },
  };
}
