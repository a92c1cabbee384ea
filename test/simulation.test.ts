import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingDayCalendar, type PlannedObligation } from '../domain/index.js';
import { loadPlan } from '../app/campaigns/plan-store.js';
import { deliveryOf } from '../app/campaigns/plan-obligations.js';
import { obligationsOfOffice } from '../app/campaigns/office-obligations.js';
import type { TimelineMail } from '../simulation/collect.js';
import { parseSimulationArgs, UsageError } from '../simulation/options.js';
import { runSimulation, type SimulationResult } from '../simulation/run.js';
import { addChineseFont, launchBrowser } from './support/browser.js';
import { plannedRecipients } from './support/campaign.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../test-artifacts');

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const OPTIONS = { year: 2024, offices: 3, enterprisesPerOffice: 4, seed: 1 };

/**
 * The simulation runs the production workflows and activities over the whole 2024 campaign, twice with
 * the same seed. The dry-run plan of every office is read from the live database before it closes.
 */
describe('npm run simulate: the 2024 campaign with 3 offices × 4 enterprises, seed 1', () => {
  const dirs: string[] = [];
  let first: SimulationResult;
  let second: SimulationResult;
  /** office code → every office-responsible obligation of its dry-run plan (done or not) */
  const planned = new Map<string, PlannedObligation[]>();
  /** `<office code>|<obligation>|<step>` → the instant the dry-run plan mails it (ISO, +08:00) */
  const mailedAt = new Map<string, string>();

  beforeAll(async () => {
    dirs.push(await mkdtemp(path.join(tmpdir(), 'simulation-a-')), await mkdtemp(path.join(tmpdir(), 'simulation-b-')));
    first = await runSimulation({
      ...OPTIONS,
      outDir: dirs[0],
      log: () => undefined,
      inspect: async ({ db, campaignId, officeIds }) => {
        const loaded = await loadPlan(db, campaignId);
        for (const [code, id] of officeIds) {
          const obligations = await obligationsOfOffice(db, loaded, campaignId, id, { includeDone: true });
          planned.set(code, obligations);
          for (const o of obligations) {
            for (const s of o.steps) mailedAt.set(`${code}|${o.key}|${s.key}`, deliveryOf(loaded, s).at);
          }
        }
      },
    });
    second = await runSimulation({ ...OPTIONS, outDir: dirs[1], log: () => undefined });
  }, 900_000);

  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  const officeWith = (reporting: string) => {
    const office = first.scenario.offices.find((o) => o.behaviour.reporting === reporting);
    if (!office) throw new Error(`no ${reporting} office in the scenario`);
    return office;
  };
  const ownMails = (code: string): TimelineMail[] =>
    first.timeline.mails.filter(
      (m) => m.office === code && !m.obligation.startsWith('enterprise-') && m.kind !== 'escalation-notice',
    );

  it('sends the never-reporting office exactly its dry-run plan: every reminder, overdue notice and escalation, to the planned recipients at the instants the plan mails them', () => {
    const office = officeWith('never');
    expect(office.behaviour.phaseTasks).toBe('never');
    const expected = planned
      .get(office.code)!
      .filter((o) => o.responsible === 'office')
      .flatMap((o) =>
        o.steps.flatMap((s) =>
          plannedRecipients(s.kind, o.responsible, office, first.scenario.bureauEmail).map(
            (t) => `${o.key}|${s.key}|${t}|${mailedAt.get(`${office.code}|${o.key}|${s.key}`)}`,
          ),
        ),
      )
      .sort();
    expect(expected.length).toBeGreaterThan(60);
    const received = ownMails(office.code)
      .map((m) => `${m.obligation}|${m.step}|${m.to}|${m.at}`)
      .sort();
    expect(received).toEqual(expected);
    // Every hard deadline it missed became an escalation that climbed to the public circular (通报).
    const escalations = first.timeline.escalations.filter((e) => e.office === office.code);
    expect(escalations.map((e) => e.obligation).sort()).toEqual(
      planned
        .get(office.code)!
        .filter((o) => o.responsible === 'office')
        .map((o) => o.key)
        .sort(),
    );
  });

  it('sends the on-time office only reminders, each before the deadline of its own obligation, and nothing about it to the bureau', () => {
    const office = officeWith('on-time');
    const dueAt = new Map(planned.get(office.code)!.map((o) => [o.key, o.dueAtMs]));
    const mails = ownMails(office.code);
    expect(mails.length).toBeGreaterThan(20);
    expect(mails.filter((m) => m.kind !== 'reminder')).toEqual([]);
    expect(mails.filter((m) => !(Date.parse(m.at) < dueAt.get(m.obligation)!))).toEqual([]);
    expect(mails.every((m) => m.recipient === 'contact')).toBe(true);
    expect(first.timeline.escalations.filter((e) => e.office === office.code)).toEqual([]);
    const summary = first.summary.offices.find((o) => o.code === office.code)!;
    expect(summary.monthlyReports).toMatchObject({ onTime: 10, late: 0, missing: 0, reportingRate: 1 });
  });

  it('sends no mail on a non-working day or at night: overdue notices and escalations reached at midnight go out at 09:00 on the next working day', () => {
    const calendar = createWorkingDayCalendar();
    const { mails } = first.timeline;
    expect(mails.filter((m) => !calendar.isWorkingDay(m.date))).toEqual([]);
    expect(mails.filter((m) => m.at.slice(11, 16) < '07:00')).toEqual([]);
    // What happened at midnight is recorded at midnight: escalations raised and climbed then.
    const events = first.timeline.escalations.filter((e) => e.origin === 'automatic').flatMap((e) => e.events);
    expect(events.filter((ev) => ev.kind !== 'acknowledged').every((ev) => ev.at.endsWith('T00:00:00.000+08:00'))).toBe(
      true,
    );
    // Their mails, and the overdue notices, at the send time; only the bureau's own circulars at the time it acts.
    const circular = (m: TimelineMail) => m.obligation.startsWith('escalation:') && m.step === 'escalation-level-1';
    const deadlineMails = mails.filter((m) => m.kind !== 'reminder' && !circular(m));
    expect(deadlineMails.length).toBeGreaterThan(0);
    expect(deadlineMails.filter((m) => !m.at.endsWith('T09:00:00.000+08:00'))).toEqual([]);
  });

  it('writes byte-identical timeline.json, summary.json and report.html for the same seed', async () => {
    for (const name of ['timeline.json', 'summary.json', 'report.html']) {
      const [a, b] = await Promise.all(dirs.map((d) => readFile(path.join(d, name))));
      expect(a!.equals(b!), name).toBe(true);
    }
    expect(second.files['timeline.json']).toBe(first.files['timeline.json']);
    expect(first.files['timeline.json']).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('lists every received mail once, with its instant, office, obligation, step, language and subject', () => {
    const { mails } = first.timeline;
    expect(mails.length).toBe(first.summary.totals.mails);
    expect(first.summary.offices.reduce((n, o) => n + o.mails.total, 0)).toBe(mails.length);
    for (const m of mails) {
      expect(m.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000\+08:00$/);
      expect(m.office).toMatch(/^AX\d{2}$/);
      expect(m.obligation && m.step && m.subject && m.language).toBeTruthy();
    }
    expect(first.timeline.phases.map((p) => p.phase ?? p.kind)).toEqual([
      'planning',
      'self-assessment',
      'guidance',
      'enforcement',
      'summary',
      'finished',
      'finished',
    ]);
  });

  it('opens report.html in headless Chromium without a page or console error', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 1600 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(pathToFileURL(path.join(dirs[0]!, 'report.html')).href);
      await addChineseFont(page);
      expect(await page.locator('svg').count()).toBeGreaterThan(0);
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'simulation-report.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('writes a self-contained report.html: inline CSS and SVG, no scripts, no external addresses, balanced tags', () => {
    const html = first.files['report.html'];
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\/|<script|<link|\ssrc=|url\(/i);
    expect(html).toContain('<svg');
    const stack: string[] = [];
    const voids = new Set(['meta', 'br']);
    for (const [, close, name, selfClosing] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
      const tag = name!.toLowerCase();
      if (close) expect(stack.pop(), `</${tag}>`).toBe(tag);
      else if (!selfClosing && !voids.has(tag)) stack.push(tag);
    }
    expect(stack).toEqual([]);
  });
});

describe('npm run simulate: arguments', () => {
  it('refuses a bad year, zero offices and unknown options with a message naming the option', () => {
    const error = (argv: string[]) => {
      try {
        parseSimulationArgs(argv);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      return undefined;
    };
    expect(error(['--year', 'abc'])).toBe('--year must be a whole number from 2000 to 2099 (got "abc")');
    expect(error(['--year', '2024', '--offices', '0'])).toBe(
      '--offices must be a whole number from 1 to 200 (got "0")',
    );
    expect(error([])).toBe('--year is required');
    expect(error(['--year', '2024', '--seed', '1.5'])).toMatch(/^--seed must be a whole number/);
    expect(error(['--year', '2024', '--colour', 'red'])).toMatch(/colour/);
    expect(parseSimulationArgs(['--year', '2025', '--offices', '12', '--enterprises-per-office', '20'])).toEqual({
      help: false,
      options: { year: 2025, offices: 12, enterprisesPerOffice: 20, seed: 1, outDir: 'simulation-out' },
    });
  });

  it('exits with status 2 and the message on stderr for --year abc and --offices 0', async () => {
    for (const [args, message] of [
      [['--year', 'abc'], '--year must be a whole number'],
      [['--year', '2024', '--offices', '0'], '--offices must be a whole number'],
    ] as const) {
      const failed = await run(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], {
        cwd: root,
      }).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed?.code).toBe(2);
      expect(failed?.stderr).toContain(message);
      expect(failed?.stderr).toContain('usage: npm run simulate');
    }
  });
});
