/**
 * Runs a whole campaign year with the production workflows and activities on the time-skipping Temporal
 * test server, a throwaway embedded PostgreSQL database and a real SMTP catcher, while scripted offices and
 * enterprises act at their local wall-clock times. Returns what was sent, to whom and when.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEscalation } from '../app/escalations/start-escalation.js';
import {
  atLocalTime,
  buildPlan,
  createWorkingDayCalendar,
  defaultTemplate,
  localDateOf,
  type CampaignPlan,
  type WorkingDayCalendar,
} from '../domain/index.js';
import { openThrowawayDatabase, type PrismaClient } from '../infra/db.js';
import { asJson } from '../infra/json.js';
import { MailCatcher } from '../dev/mail-catcher.js';
import { createMailer } from '../infra/mailer.js';
import { acknowledgeEscalation } from '../app/escalations/acknowledge-escalation.js';
import { closeOfficeObligation } from '../app/obligations/close-office-obligation.js';
import { recordEnterpriseProgress } from '../app/obligations/record-enterprise-progress.js';
import { ensureTemporalTools, testServerStartingAt } from '../infra/temporal-tools.js';
import { createWorker } from '../runtime/worker.js';
import { workflowBundlePath } from '../runtime/workflow-bundle.js';
import { workflowIds } from '../workflows/definitions.js';
import { campaignWorkflow } from '../workflows/index.js';
import { collectOutputs, type ActionRecord, type Summary, type Timeline } from './collect.js';
import type { SimulationOptions } from './options.js';
import { renderReport } from './report.js';
import {
  ACK_TIME,
  buildScenario,
  scriptFor,
  workingDayOnOrAfter,
  type Scenario,
  type ScenarioOffice,
  type ScriptedAction,
} from './scenario.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TASK_QUEUE = 'campaign-simulation';
const MAIL_FROM = '安溪县市场监督管理局 <campaign@localhost>';
const HOUR = 3_600_000;

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

type QueueItem =
  | { atMs: number; seq: number; type: 'script'; action: ScriptedAction }
  | { atMs: number; seq: number; type: 'ack'; escalationId: string; label: string; office: ScenarioOffice }
  | { atMs: number; seq: number; type: 'tick' };
type NewItem = QueueItem extends infer T ? (T extends QueueItem ? Omit<T, 'seq'> : never) : never;

/** Every run of the same options yields the same bytes: instants are workflow time, codes come from the seed. */
export async function runSimulation(options: RunSimulationOptions): Promise<SimulationResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = options.root ?? ROOT;
  const template = defaultTemplate(options.year);
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
  });
  const script = scriptFor(scenario, plan, calendar);

  const cleanups: (() => Promise<void> | void)[] = [];
  try {
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

    const prisma = db.prisma;
    const { campaignId, officeIds, enterpriseIds } = await seedDatabase(prisma, scenario, options.year);
    const temporal = { client: env.client, taskQueue: TASK_QUEUE };
    const deps = { db: prisma, client: env.client };
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: { codePath: bundlePath },
      deps: { db: prisma, mailer, temporal },
    });

    const officeByCode = new Map(scenario.offices.map((o) => [o.code, o]));
    const officeById = new Map([...officeIds].map(([code, id]) => [id, officeByCode.get(code)!]));
    const actions: ActionRecord[] = [];
    const report = (simulatedMs: number, stage: ProgressEvent['stage']) =>
      options.onProgress?.({ simulatedMs, stage, mails: catcher.messages().length });

    let seq = 0;
    const queue: QueueItem[] = [];
    const enqueue = (item: NewItem) => {
      queue.push({ ...item, seq: seq++ });
      queue.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    };
    for (const action of script) enqueue({ atMs: action.atMs, type: 'script', action });
    // Look for new escalations an hour after every hard deadline (automatic escalations are raised there),
    // and tick at every month start so the progress line moves even through quiet months.
    const hardDeadlines = new Set(plan.obligations.filter((o) => o.responsible === 'office').map((o) => o.hardDueAtMs));
    for (const ms of hardDeadlines) enqueue({ atMs: ms + HOUR, type: 'tick' });
    for (const ms of monthStarts(plan)) enqueue({ atMs: ms, type: 'tick' });

    const seen = new Set<string>();
    const discoverEscalations = async (nowMs: number) => {
      const rows = await prisma.escalation.findMany({ where: { campaignId }, include: { events: true } });
      // Database ids are random: order by office code and key, so acknowledgements at one instant keep their order.
      const fresh = rows
        .filter((r) => !seen.has(r.id))
        .map((e) => ({ e, office: officeById.get(e.officeId)! }))
        .map((x) => ({ ...x, label: escalationLabel(x.e.workflowId, x.office.code) }))
        .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
      for (const { e, office, label } of fresh) {
        seen.add(e.id);
        const raised = e.events.find((ev) => ev.kind === 'raised')!.at.getTime();
        const ackAt = ackInstant(office, raised, e.ackBy.getTime(), calendar, plan.timeZone);
        if (ackAt === undefined) continue;
        if (ackAt <= nowMs) throw new Error(`escalation ${label} was seen too late to acknowledge it on time`);
        enqueue({ atMs: ackAt, type: 'ack', escalationId: e.id, label, office });
      }
    };

    const run = async (item: QueueItem) => {
      const at = new Date(item.atMs);
      if (item.type === 'tick') return;
      if (item.type === 'ack') {
        await acknowledgeEscalation(deps, { escalationId: item.escalationId, by: item.office.headName, at });
        actions.push({
          atMs: item.atMs,
          actor: item.office.code,
          action: 'acknowledge-escalation',
          subject: item.label,
        });
        return;
      }
      const a = item.action;
      switch (a.kind) {
        case 'submit':
          await closeOfficeObligation(deps, {
            campaignId,
            officeId: officeIds.get(a.office)!,
            obligationKey: a.obligation,
            at,
          });
          actions.push({ atMs: a.atMs, actor: a.office, action: `submit-${a.outcome}`, subject: a.obligation });
          return;
        case 'enterprise-signed':
          await recordEnterpriseProgress(deps, {
            campaignId,
            enterpriseId: enterpriseIds.get(a.enterprise)!,
            update: {
              noticeServedAt: at,
              noticeServedBy: officeByCode.get(a.office)!.contactName,
              signedAt: at,
              signatory: '法定代表人',
              copyArchiveAt: at,
              copyNoticeBoardAt: at,
              copyTownshipAt: at,
              copyCountyAt: at,
              planSubmittedAt: at,
              ...(a.committedSelfAssessmentDate ? { committedSelfAssessmentDate: a.committedSelfAssessmentDate } : {}),
            },
          });
          actions.push({
            atMs: a.atMs,
            actor: a.enterprise,
            action: 'sign-commitment',
            subject: 'enterprise-commitment',
            ...(a.committedSelfAssessmentDate ? { detail: `self-assessment by ${a.committedSelfAssessmentDate}` } : {}),
          });
          return;
        case 'enterprise-self-assessment':
          await recordEnterpriseProgress(deps, {
            campaignId,
            enterpriseId: enterpriseIds.get(a.enterprise)!,
            update: { selfAssessmentSubmittedAt: at },
          });
          actions.push({
            atMs: a.atMs,
            actor: a.enterprise,
            action: 'file-self-assessment',
            subject: 'enterprise-self-assessment',
          });
          return;
        case 'bureau-circular': {
          const late = await lateReports(prisma, plan, campaignId, a.months);
          for (const office of scenario.offices) {
            const months = late.get(officeIds.get(office.code)!) ?? [];
            if (months.length === 0) continue;
            const [year, q] = a.quarter.split('-Q');
            const reason =
              office.language === 'en'
                ? `Monthly reports for ${months.join(', ')} submitted after the due date (county bureau's circular for ${year} Q${q})`
                : `${months.map((m) => `${Number(m.slice(0, 4))}年${Number(m.slice(5))}月`).join('、')}工作月报逾期报送（县局${year}年第${q}季度通报）`;
            await startEscalation(
              { db: prisma, temporal },
              {
                campaignId,
                officeId: officeIds.get(office.code)!,
                origin: 'manual',
                level: 1,
                escalationKey: `circular:${a.quarter}`,
                reason,
                raisedAtMs: a.atMs,
              },
            );
            actions.push({
              atMs: a.atMs,
              actor: 'bureau',
              action: 'raise-escalation',
              subject: `${office.code}/circular:${a.quarter}`,
              detail: reason,
            });
          }
          return;
        }
      }
    };

    const advanceTo = clockDriver(env);
    await worker.runUntil(async () => {
      await advanceTo(plan.startAtMs);
      const campaign = await env.client.workflow.start(campaignWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: workflowIds.campaign(campaignId),
        args: [{ campaignId }],
      });
      await prisma.campaign.update({
        where: { id: campaignId },
        data: { status: 'running', workflowId: campaign.workflowId, startedAt: new Date(plan.startAtMs) },
      });
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        await advanceTo(item.atMs);
        report(item.atMs, 'running');
        await run(item);
        // Escalations appear at hard deadlines (an hour before a tick) and at the bureau's circulars.
        if (item.type === 'tick' || (item.type === 'script' && item.action.kind === 'bureau-circular')) {
          await discoverEscalations(item.atMs);
        }
      }

      // The year ends when every workflow has: the timers left (ladders, escalations climbing) are skipped through.
      // With nothing left to wait for, the server may skip far ahead: show only plausible dates.
      const plausibleEnd = Math.max(...hardDeadlines) + 60 * 24 * HOUR;
      const poll = setInterval(() => {
        env.currentTimeMs().then(
          (ms) => {
            if (ms <= plausibleEnd) report(ms, 'finishing');
          },
          () => undefined,
        );
      }, 250);
      try {
        await campaign.result();
        for (const id of officeIds.values()) {
          await env.client.workflow.getHandle(workflowIds.office(campaignId, id)).result();
        }
        const finished = new Set<string>();
        for (;;) {
          const open = (await prisma.escalation.findMany({ where: { campaignId }, orderBy: { workflowId: 'asc' } }))
            .map((e) => e.workflowId)
            .filter((id) => !finished.has(id));
          if (open.length === 0) break;
          for (const id of open) {
            await env.client.workflow.getHandle(id).result();
            finished.add(id);
          }
        }
      } finally {
        clearInterval(poll);
      }
    });

    if (options.inspect) await options.inspect({ db: prisma, campaignId, officeIds, scenario, plan });
    const { timeline, summary } = await collectOutputs({
      db: prisma,
      campaignId,
      mails: catcher.messages(),
      scenario,
      plan,
      calendar,
      officeIds,
      actions,
      options,
    });
    const files = {
      'timeline.json': `${JSON.stringify(timeline, null, 2)}\n`,
      'summary.json': `${JSON.stringify(summary, null, 2)}\n`,
      'report.html': renderReport({ timeline, summary, plan, calendar }),
    };
    const written: string[] = [];
    if (options.outDir !== undefined) {
      const dir = path.resolve(options.outDir);
      await mkdir(dir, { recursive: true });
      for (const [name, content] of Object.entries(files)) {
        const file = path.join(dir, name);
        await writeFile(file, content);
        written.push(file);
      }
    }
    return { scenario, timeline, summary, files, written };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`shutdown: ${(error as Error).message}`);
      }
    }
  }
}

/** Awaits start-up tasks side by side; whatever opened is closed again (by `cleanups`) if one fails. */
async function settle<T extends readonly unknown[]>(
  cleanups: (() => Promise<void> | void)[],
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

function monthStarts(plan: CampaignPlan): number[] {
  const last = Math.max(...plan.obligations.map((o) => o.hardDueAtMs));
  const out: number[] = [];
  let [y, m] = localDateOf(plan.startAtMs, plan.timeZone).split('-').map(Number) as [number, number];
  for (;;) {
    m += 1;
    if (m === 13) [y, m] = [y + 1, 1];
    const ms = atLocalTime(`${y}-${String(m).padStart(2, '0')}-01`, '00:30', plan.timeZone).ms;
    if (ms > last) return out;
    out.push(ms);
  }
}

/** `AX03/monthly-report:2024-05` from `escalation/<campaign>/<office>/monthly-report:2024-05`. */
export function escalationLabel(workflowId: string, officeCode: string): string {
  return `${officeCode}/${workflowId.split('/').slice(3).join('/')}`;
}

/** When the office head acknowledges, by the office's behaviour; undefined: never. */
function ackInstant(
  office: ScenarioOffice,
  raisedMs: number,
  ackByMs: number,
  calendar: WorkingDayCalendar,
  zone: string,
): number | undefined {
  const at = (date: string) => atLocalTime(date, ACK_TIME, zone).ms;
  switch (office.behaviour.acknowledges) {
    case 'ignores':
      return undefined;
    case 'prompt': {
      // The first working morning after the notice arrived.
      const day = localDateOf(raisedMs, zone);
      const sameDay = at(day);
      return calendar.isWorkingDay(day) && sameDay > raisedMs ? sameDay : at(calendar.nextWorkingDay(day));
    }
    case 'after-warning-talk':
      // Only once the notice has climbed to a warning talk (约谈) at the acknowledge-by instant.
      return at(workingDayOnOrAfter(calendar, localDateOf(ackByMs, zone)));
  }
}

/** Per office id: the months of `months` whose report came in after the due date but before the hard deadline. */
async function lateReports(
  db: PrismaClient,
  plan: CampaignPlan,
  campaignId: string,
  months: string[],
): Promise<Map<string, string[]>> {
  const obligations = plan.obligations.filter((o) => o.kind === 'monthly-report' && months.includes(o.period!));
  const states = await db.obligationState.findMany({
    where: { campaignId, obligationKey: { in: obligations.map((o) => o.key) }, status: 'done' },
  });
  const out = new Map<string, string[]>();
  for (const o of obligations) {
    for (const s of states.filter((x) => x.obligationKey === o.key)) {
      const done = s.doneAt?.getTime();
      if (done !== undefined && done >= o.dueAtMs && done < o.hardDueAtMs) {
        out.set(s.officeId, [...(out.get(s.officeId) ?? []), o.period!]);
      }
    }
  }
  return out;
}

async function seedDatabase(db: PrismaClient, scenario: Scenario, year: number) {
  const campaign = await db.campaign.create({
    data: {
      name: `${year}年固本强基（模拟）`,
      year,
      bureauEmail: scenario.bureauEmail,
      template: asJson(defaultTemplate(year)),
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
