/**
 * Runs a whole campaign year with the production workflows and activities on the time-skipping Temporal
 * test server, a throwaway embedded PostgreSQL database and a real SMTP catcher, while scripted offices and
 * enterprises act at their local wall-clock times. Returns what was sent, to whom and when.
 */
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startCampaign } from '../app/campaigns/start-campaign.js';
import {
  buildPlan,
  createWorkingDayCalendar,
  templateFor,
  type CampaignPlan,
  type CampaignTemplate,
} from '../domain/index.js';
import { openThrowawayDatabase, type PrismaClient } from '../infra/db.js';
import { asJson } from '../infra/json.js';
import { MailCatcher } from '../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../infra/mailer.js';
import { ensureTemporalTools, testServerStartingAt } from '../infra/temporal-tools.js';
import { createWorker } from '../runtime/worker.js';
import { workflowBundlePath } from '../runtime/workflow-bundle.js';
import { workflowIds } from '../workflows/definitions.js';
import { collectOutputs, type Summary, type Timeline } from './collect.js';
import type { SimulationOptions } from './options.js';
import {
  escalationWatcher,
  HOUR,
  initialQueue,
  mayRaiseEscalations,
  officeHardDeadlines,
  play,
  type Stage,
} from './play.js';
import { renderReport } from './report.js';
import { buildScenario, scriptFor, type Scenario, type ScriptedAction } from './scenario.js';
import { supervisionEscalationInstants } from './supervision-scenario.js';

export { escalationLabel } from './play.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TASK_QUEUE = 'campaign-simulation';
const MAIL_FROM = '安溪县市场监督管理局 <campaign@localhost>';

export interface ProgressEvent {
  /** Workflow time the simulation has reached (epoch ms). */
  simulatedMs: number;
  /** 'running' while the script is played, 'finishing' while the last timers run out. */
  stage: 'running' | 'finishing';
  mails: number;
}

/** The live simulation, handed to `inspect` before the database is closed. */
export interface SimulationWorld {
  db: PrismaClient;
  campaignId: string;
  /** office code → database id */
  officeIds: Map<string, string>;
  /** hazard label (`AX01-H1`) → database id */
  hazardIds: Map<string, string>;
  scenario: Scenario;
  plan: CampaignPlan;
}

export interface RunSimulationOptions extends SimulationOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** Called with the live database after the year has run, before everything is closed. */
  inspect?: (world: SimulationWorld) => Promise<void>;
  /** Where `.tools/` (Temporal binaries, libfaketime) lives; default the repository root. */
  root?: string;
  /** Log lines (tool installation, warnings); default stderr. */
  log?: (line: string) => void;
}

export interface SimulationResult {
  scenario: Scenario;
  timeline: Timeline;
  summary: Summary;
  /** The exact bytes written to timeline.json, summary.json and report.html. */
  files: { 'timeline.json': string; 'summary.json': string; 'report.html': string };
  /** Absolute paths of the written files, when `outDir` was given. */
  written: string[];
}

/** Progress of the simulated clock, for the progress line. */
type Progress = (simulatedMs: number, stage: ProgressEvent['stage']) => void;
type Cleanup = () => Promise<void> | void;

/** The services the year runs on; each is closed by the cleanups it registered. */
interface Harness {
  bundlePath: string;
  db: PrismaClient;
  catcher: MailCatcher;
  mailer: Mailer;
  env: TestWorkflowEnvironment;
}

/** Every run of the same options yields the same bytes: instants are workflow time, codes come from the seed. */
export async function runSimulation(options: RunSimulationOptions): Promise<SimulationResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { template, plan, calendar, scenario, script, supervisionTicks } = prepareScenario(options, log);
  const cleanups: Cleanup[] = [];
  try {
    const harness = await openHarness(options.root ?? ROOT, plan, log, cleanups);
    const { db, env, catcher } = harness;
    const { campaignId, officeIds, enterpriseIds } = await seedDatabase(db, scenario, template);
    const temporal = { client: env.client, taskQueue: TASK_QUEUE };
    const stage: Stage = {
      db,
      temporal,
      scenario,
      plan,
      calendar,
      campaignId,
      officeIds,
      enterpriseIds,
      actions: [],
      hazardIds: new Map(),
      visitIds: new Map(),
    };
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: { codePath: harness.bundlePath },
      deps: { db, mailer: harness.mailer, temporal, publicUrl: 'http://campaign.test' },
    });
    const progress: Progress = (simulatedMs, stage) =>
      options.onProgress?.({ simulatedMs, stage, mails: catcher.messages().length });
    await worker.runUntil(() => playYear(env, stage, { script, supervisionTicks }, progress));

    if (options.inspect) {
      await options.inspect({ db, campaignId, officeIds, hazardIds: stage.hazardIds, scenario, plan });
    }
    const { timeline, summary } = await collectOutputs({
      db,
      campaignId,
      mails: catcher.messages(),
      scenario,
      plan,
      calendar,
      officeIds,
      enterpriseIds,
      hazardIds: stage.hazardIds,
      rules: template.supervision,
      actions: stage.actions,
      options,
    });
    const files = {
      'timeline.json': `${JSON.stringify(timeline, null, 2)}\n`,
      'summary.json': `${JSON.stringify(summary, null, 2)}\n`,
      'report.html': renderReport({ timeline, summary, plan, calendar }),
    };
    const written = options.outDir === undefined ? [] : await writeFiles(options.outDir, files);
    return { scenario, timeline, summary, files, written };
  } finally {
    await runCleanups(cleanups, log);
  }
}

/**
 * The plan of the year (the notice's plan with the documented supervision of phases 3 and 4 switched on), the
 * county drawn from the seed and what its people will do. Pure.
 */
function prepareScenario(options: SimulationOptions, log: (line: string) => void) {
  const template = templateFor(options.year, { supervision: {} });
  const calendar = createWorkingDayCalendar();
  const plan = buildPlan(template, calendar);
  for (const warning of plan.warnings) log(`warning: ${warning}`);
  const scenario = buildScenario({
    seed: options.seed,
    year: options.year,
    offices: options.offices,
    enterprisesPerOffice: options.enterprisesPerOffice,
    plan,
    calendar,
    supervision: template.supervision,
  });
  const campaignEndMs = Math.max(...plan.obligations.map((o) => o.hardDueAtMs));
  const supervisionTicks = template.supervision
    ? supervisionEscalationInstants(scenario.supervision, template.supervision, { template, calendar, campaignEndMs })
    : [];
  return { template, plan, calendar, scenario, script: scriptFor(scenario, plan, calendar), supervisionTicks };
}

async function openHarness(
  root: string,
  plan: CampaignPlan,
  log: (line: string) => void,
  cleanups: Cleanup[],
): Promise<Harness> {
  // The test server's clock starts an hour before the campaign, after the slow start-up work.
  const [bundlePath, db, catcher, serverPath] = await settle(cleanups, [
    // The product's bundle file, rebuilt (in a child process) only when a workflow source changed.
    workflowBundlePath(),
    openThrowawayDatabase(),
    MailCatcher.start(),
    ensureTemporalTools({ root, log }).then((tools) =>
      testServerStartingAt(tools, new Date(plan.startAtMs - HOUR).toISOString(), root),
    ),
  ] as const);
  const mailer = createMailer({ smtpUrl: catcher.url, from: MAIL_FROM });
  cleanups.push(() => mailer.close());
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: serverPath } },
  });
  cleanups.push(() => env.teardown());
  return { bundlePath, db: db.prisma, catcher, mailer, env };
}

/**
 * Starts the campaign at its first instant with the product's use case, plays the script item by item on
 * the simulated clock, then lets every workflow run out.
 */
async function playYear(
  env: TestWorkflowEnvironment,
  stage: Stage,
  input: { script: ScriptedAction[]; supervisionTicks: number[] },
  progress: Progress,
): Promise<void> {
  const queue = initialQueue(input.script, stage.plan, input.supervisionTicks);
  const discoverEscalations = escalationWatcher(stage, queue);
  const advanceTo = clockDriver(env);
  await advanceTo(stage.plan.startAtMs);
  // Started at the simulated instant, so the campaign's record says when the simulated year began.
  await startCampaign({ db: stage.db, temporal: stage.temporal, clock: () => stage.plan.startAtMs }, stage.campaignId);
  for (let item = queue.next(); item !== undefined; item = queue.next()) {
    await advanceTo(item.atMs);
    progress(item.atMs, 'running');
    await play(stage, item);
    if (mayRaiseEscalations(item)) await discoverEscalations(item.atMs);
  }
  await finishYear(env, stage, progress);
}

/**
 * The year ends when every workflow has: the timers left (ladders, escalations climbing) are skipped
 * through. With nothing left to wait for, the server may skip far ahead: the progress line shows only
 * plausible dates.
 */
async function finishYear(env: TestWorkflowEnvironment, stage: Stage, progress: Progress): Promise<void> {
  const plausibleEnd = Math.max(...officeHardDeadlines(stage.plan)) + 60 * 24 * HOUR;
  const poll = setInterval(() => {
    env.currentTimeMs().then(
      (ms) => {
        if (ms <= plausibleEnd) progress(ms, 'finishing');
      },
      () => undefined,
    );
  }, 250);
  try {
    await waitForEveryWorkflow(env.client, stage);
  } finally {
    clearInterval(poll);
  }
}

/** The campaign, its office workflows, then escalations until no new one appears (one may raise another). */
async function waitForEveryWorkflow(client: Client, stage: Pick<Stage, 'db' | 'campaignId' | 'officeIds'>) {
  const { db, campaignId, officeIds } = stage;
  await client.workflow.getHandle(workflowIds.campaign(campaignId)).result();
  for (const id of officeIds.values()) {
    await client.workflow.getHandle(workflowIds.office(campaignId, id)).result();
  }
  const finished = new Set<string>();
  for (;;) {
    const open = (await db.escalation.findMany({ where: { campaignId }, orderBy: { workflowId: 'asc' } }))
      .map((e) => e.workflowId)
      .filter((id) => !finished.has(id));
    if (open.length === 0) return;
    for (const id of open) {
      await client.workflow.getHandle(id).result();
      finished.add(id);
    }
  }
}

async function writeFiles(outDir: string, files: SimulationResult['files']): Promise<string[]> {
  const written: string[] = [];
  const dir = path.resolve(outDir);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, content);
    written.push(file);
  }
  return written;
}

/** Closes in reverse order of opening; a failing close is logged so the others still run. */
async function runCleanups(cleanups: Cleanup[], log: (line: string) => void): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      log(`shutdown: ${(error as Error).message}`);
    }
  }
}

/** Awaits start-up tasks side by side; whatever opened is closed again (by `cleanups`) if one fails. */
async function settle<T extends readonly unknown[]>(
  cleanups: Cleanup[],
  tasks: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const results = await Promise.allSettled(tasks);
  for (const r of results) {
    const value: unknown = r.status === 'fulfilled' ? r.value : undefined;
    if (value && typeof value === 'object' && 'close' in value && typeof value.close === 'function') {
      cleanups.push(() => (value as { close(): Promise<void> | void }).close());
    }
  }
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Moves the time-skipping server's clock forward to `targetMs`, firing every timer on the way. The
 * server's clock never goes back, so a target at or before the last one reached needs no round trip.
 */
function clockDriver(env: TestWorkflowEnvironment): (targetMs: number) => Promise<void> {
  let reached = -Infinity;
  return async (targetMs) => {
    if (targetMs <= reached) return;
    const now = await env.currentTimeMs();
    if (targetMs > now) await env.sleep(targetMs - now);
    reached = targetMs;
  };
}

async function seedDatabase(db: PrismaClient, scenario: Scenario, template: CampaignTemplate) {
  const { year } = template;
  const campaign = await db.campaign.create({
    data: {
      name: `${year}年固本强基（模拟）`,
      year,
      bureauEmail: scenario.bureauEmail,
      template: asJson(template),
    },
  });
  const officeIds = new Map<string, string>();
  for (const o of scenario.offices) {
    const row = await db.office.create({
      data: {
        code: o.code,
        name: o.name,
        unitType: o.unitType,
        contactName: o.contactName,
        contactEmail: o.contactEmail,
        headName: o.headName,
        headEmail: o.headEmail,
        language: o.language,
      },
    });
    officeIds.set(o.code, row.id);
  }
  const enterpriseIds = new Map<string, string>();
  for (const e of scenario.enterprises) {
    const row = await db.enterprise.create({
      data: {
        code: e.code,
        name: e.name,
        officeId: officeIds.get(e.officeCode)!,
        sizeClass: e.sizeClass,
        riskColour: e.riskColour,
      },
    });
    enterpriseIds.set(e.code, row.id);
  }
  return { campaignId: campaign.id, officeIds, enterpriseIds };
}
