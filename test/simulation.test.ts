import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingDayCalendar, supervisionKindOf, type PlannedObligation } from '../domain/index.js';
import { loadPlan } from '../app/campaigns/plan-store.js';
import { deliveryOf } from '../app/campaigns/plan-obligations.js';
import { obligationsOfOffice } from '../app/campaigns/office-obligations.js';
import type { TimelineMail } from '../simulation/collect.js';
import { parseSimulationArgs, UsageError } from '../simulation/options.js';
import { runSimulation, type SimulationResult } from '../simulation/run.js';
import { supervisionKindOfMail, type TimelineHazard } from '../simulation/supervision-collect.js';
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
  /** What the database holds at the end of the year, read before it closes. */
  const stored = {
    inspections: 0,
    hazards: new Map<string, { rectifiedOn: string | null; verifiedOn: string | null; major: boolean }>(),
    enforcement: new Map<string, number>(),
    /** Sent mails of the mail log about supervision obligations (their ladders and their escalations). */
    supervisionMails: 0,
  };

  beforeAll(async () => {
    dirs.push(await mkdtemp(path.join(tmpdir(), 'simulation-a-')), await mkdtemp(path.join(tmpdir(), 'simulation-b-')));
    first = await runSimulation({
      ...OPTIONS,
      outDir: dirs[0],
      log: () => undefined,
      inspect: async ({ db, campaignId, officeIds, hazardIds }) => {
        stored.inspections = await db.inspection.count({ where: { campaignId } });
        const labelOf = new Map([...hazardIds].map(([label, id]) => [id, label]));
        for (const h of await db.hazard.findMany({ where: { campaignId } })) {
          stored.hazards.set(labelOf.get(h.id)!, {
            rectifiedOn: h.rectifiedOn,
            verifiedOn: h.verifiedOn,
            major: h.major,
          });
        }
        for (const a of await db.enforcementAction.findMany({ where: { campaignId } })) {
          stored.enforcement.set(a.kind, (stored.enforcement.get(a.kind) ?? 0) + 1);
        }
        const log = await db.mailMessage.findMany({
          where: { campaignId, state: 'sent' },
          select: { obligationKey: true },
        });
        stored.supervisionMails = log.filter((m) => supervisionKindOf(m.obligationKey ?? '') !== undefined).length;
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
  /** The plan's own obligations (phases, reports, year-end summary), not the supervision of phases 3 and 4. */
  const ofPlan = (obligation: string | null) => supervisionKindOfMail(obligation ?? '') === undefined;
  const ownMails = (code: string): TimelineMail[] =>
    first.timeline.mails.filter(
      (m) =>
        m.office === code &&
        ofPlan(m.obligation) &&
        !m.obligation.startsWith('enterprise-') &&
        m.kind !== 'escalation-notice',
    );
  /** The ladder of one office's supervision obligation (not the notices its escalation sends as it climbs). */
  const ladder = (office: string, obligation: string) =>
    first.timeline.mails.filter(
      (m) => m.office === office && m.obligation === obligation && m.kind !== 'escalation-notice',
    );
  const hazardsWith = (p: (h: TimelineHazard) => boolean) => {
    const found = first.timeline.hazards.filter(p);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };

  it('sends the never-reporting office exactly its dry-run plan: every reminder, overdue notice and escalation, to the planned recipients at the instants the plan mails them', () => {
    const office = officeWith('never');
    expect(office.behaviour.phaseTasks).toBe('never');
    const expected = planned
      .get(office.code)!
      .filter((o) => o.responsible === 'office' && ofPlan(o.key))
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
    const escalations = first.timeline.escalations.filter((e) => e.office === office.code && ofPlan(e.obligation));
    expect(escalations.map((e) => e.obligation).sort()).toEqual(
      planned
        .get(office.code)!
        .filter((o) => o.responsible === 'office' && ofPlan(o.key))
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
    const automatic = first.timeline.escalations.filter((e) => e.origin === 'automatic');
    const events = automatic.filter((e) => ofPlan(e.obligation)).flatMap((e) => e.events);
    expect(events.filter((ev) => ev.kind !== 'acknowledged').every((ev) => ev.at.endsWith('T00:00:00.000+08:00'))).toBe(
      true,
    );
    // A supervision obligation's escalation step is planned at its delivery instant: it is raised at 09:00.
    const supervision = automatic.filter((e) => !ofPlan(e.obligation));
    expect(supervision.length).toBeGreaterThan(0);
    expect(supervision.filter((e) => !e.raisedAt.endsWith('T09:00:00.000+08:00'))).toEqual([]);
    // Their mails, and the overdue notices, at the send time; only the bureau's own circulars at the time it acts,
    // and a major hazard's listing when it is recorded.
    const circular = (m: TimelineMail) => m.obligation.startsWith('escalation:') && m.step === 'escalation-level-1';
    const listing = (m: TimelineMail) => m.kind === 'listed' && m.step === 'listed';
    const deadlineMails = mails.filter((m) => m.kind !== 'reminder' && !circular(m) && !listing(m));
    expect(deadlineMails.length).toBeGreaterThan(0);
    expect(deadlineMails.filter((m) => !m.at.endsWith('T09:00:00.000+08:00'))).toEqual([]);
  });

  it('chases an office for exactly the inspection cycles it missed and escalates each; a punctual office is never chased past a deadline', () => {
    const { cycles } = first.scenario.supervision;
    const missed = cycles
      .filter((c) => c.inspectedOn === undefined)
      .map((c) => `${c.office}|inspection:${c.to}|${c.enterprise}`)
      .sort();
    expect(missed.length).toBeGreaterThan(0);
    // Most cycles are inspected in time.
    expect(missed.length * 2).toBeLessThan(cycles.length);
    const chased = first.timeline.mails
      .filter((m) => m.obligation.startsWith('inspection:') && m.kind === 'overdue' && m.recipient === 'contact')
      .flatMap((m) => (m.enterprises ?? []).map((e) => `${m.office}|${m.obligation}|${e}`))
      .sort();
    expect(chased).toEqual(missed);
    const escalated = first.timeline.escalations
      .filter((e) => e.obligation?.startsWith('inspection:'))
      .map((e) => e.id)
      .sort();
    expect(escalated).toEqual([...new Set(missed.map((k) => k.split('|').slice(0, 2).join('/')))].sort());
    const punctual = officeWith('on-time').code;
    const late = first.timeline.mails.filter(
      (m) => m.office === punctual && !ofPlan(m.obligation) && m.kind !== 'reminder' && m.kind !== 'listed',
    );
    expect(late).toEqual([]);
  });

  it('a hazard never rectified gets its overdue notice and escalation, and its office is escalated over it', () => {
    for (const h of hazardsWith((x) => x.outcome === 'never')) {
      const office = first.scenario.offices.find((o) => o.code === h.office)!;
      const mails = ladder(h.office, `hazard:${h.rectifyBy}`);
      expect(
        mails
          .filter((m) => m.kind === 'overdue')
          .map((m) => m.to)
          .sort(),
        h.label,
      ).toEqual([office.contactEmail, office.headEmail].sort());
      expect(mails.filter((m) => m.kind === 'escalation').map((m) => m.to)).toContain(first.scenario.bureauEmail);
      expect(mails.filter((m) => m.kind !== 'reminder' && m.date <= h.rectifyBy)).toEqual([]);
      expect(mails.every((m) => (m.enterprises ?? []).includes(h.enterprise))).toBe(true);
      expect(first.timeline.escalations.map((e) => e.id)).toContain(`${h.office}/hazard:${h.rectifyBy}`);
    }
  });

  it('a hazard rectified on time gets no overdue notice and nothing after its rectification; one rectified late gets its overdue notice, then nothing more', () => {
    for (const h of hazardsWith((x) => x.outcome === 'on-time')) {
      const mails = ladder(h.office, `hazard:${h.rectifyBy}`);
      expect(
        mails.filter((m) => m.kind !== 'reminder'),
        h.label,
      ).toEqual([]);
      expect(
        mails.filter((m) => m.date > h.rectifiedOn!),
        h.label,
      ).toEqual([]);
    }
    for (const h of hazardsWith((x) => x.outcome === 'late')) {
      const mails = ladder(h.office, `hazard:${h.rectifyBy}`);
      expect(
        mails.some((m) => m.kind === 'overdue'),
        h.label,
      ).toBe(true);
      expect(
        mails.filter((m) => m.date > h.rectifiedOn!),
        h.label,
      ).toEqual([]);
    }
  });

  it('the major hazard left unverified is still listed at year end and asked about until the campaign ends; the verified one gets no listed-supervision mail after its verification', () => {
    const [listed] = hazardsWith((h) => h.major && h.listed);
    const [verified] = hazardsWith((h) => h.major && !h.listed);
    expect(first.summary.supervision.hazards).toMatchObject({ major: 2, majorListed: 1, majorVerified: 1 });
    expect(stored.hazards.get(listed!.label)).toMatchObject({ major: true, rectifiedOn: null, verifiedOn: null });
    expect(stored.hazards.get(verified!.label)).toMatchObject({ major: true, verifiedOn: verified!.verifiedOn });

    const listedMails = first.timeline.mails.filter((m) => m.obligation === `major-hazard:${listed!.label}`);
    // The bureau is told when it is recorded; then the office is asked for progress on the cadence, to the end.
    expect(listedMails.filter((m) => m.step === 'listed').map((m) => [m.recipient, m.date])).toEqual([
      ['bureau', listed!.foundOn],
    ]);
    const asked = listedMails.filter((m) => m.step !== 'listed');
    expect(asked.length).toBeGreaterThan(3);
    expect(asked.every((m) => m.recipient === 'contact' && m.at.endsWith('T09:00:00.000+08:00'))).toBe(true);
    expect(asked.at(-1)!.date >= `${OPTIONS.year}-12-01`).toBe(true);
    // The progress it reported answered the first step of the cadence.
    expect(asked.map((m) => m.step)).not.toContain('progress-1');
    expect(asked.map((m) => m.step)).toContain('progress-2');

    const verifiedMails = first.timeline.mails.filter((m) => m.obligation === `major-hazard:${verified!.label}`);
    expect(verifiedMails.filter((m) => m.date > verified!.verifiedOn!)).toEqual([]);
    // Once rectified, the bureau was asked to verify it (销号) before it did.
    const verify = verifiedMails.filter((m) => m.step !== 'listed' && m.date > verified!.rectifiedOn!);
    expect(verify.length).toBeGreaterThan(0);
    expect(verify.every((m) => m.recipient === 'bureau' && /销号|[Vv]erify/.test(m.subject))).toBe(true);
  });

  it('a planned guidance visit never recorded is chased to the bureau and leaves its key enterprise to the coverage chase; a recorded visit stops its reminders', () => {
    const { visits } = first.scenario.supervision;
    const forgotten = visits.filter((v) => v.visitedOn === undefined);
    expect(forgotten.length).toBe(1);
    const v = forgotten[0]!;
    const mails = ladder(v.office, `guidance-visit:${v.plannedFor}`);
    expect(mails.filter((m) => m.kind === 'escalation').map((m) => m.recipient)).toEqual(['bureau']);
    const coverage = ladder(v.office, 'guidance-coverage');
    expect(coverage.filter((m) => m.kind === 'overdue').flatMap((m) => m.enterprises ?? [])).toContain(v.enterprise);
    const recorded = visits.filter((x) => x.visitedOn !== undefined);
    expect(recorded.length).toBeGreaterThan(0);
    for (const x of recorded) {
      expect(ladder(x.office, `guidance-visit:${x.plannedFor}`).filter((m) => m.date > x.visitedOn!)).toEqual([]);
    }
  });

  it('the report counts inspections, hazards and enforcement actions as recorded and the supervision mails as the mail log has them', () => {
    const t = first.summary.supervision;
    const sup = first.scenario.supervision;
    expect(t.inspections.recorded).toBe(stored.inspections);
    expect(t.inspections).toEqual({
      cyclesDue: sup.cycles.length,
      cyclesInspected: sup.cycles.filter((c) => c.inspectedOn !== undefined).length,
      cyclesMissed: sup.cycles.filter((c) => c.inspectedOn === undefined).length,
      recorded: stored.inspections,
    });
    expect(t.assessments.reassessments).toBeGreaterThanOrEqual(1);
    const outcome = (o: string) => sup.hazards.filter((h) => h.outcome === o).length;
    expect(t.hazards).toMatchObject({
      total: stored.hazards.size,
      selfReported: sup.hazards.filter((h) => h.source === 'self-report').length,
      onTime: outcome('on-time'),
      late: outcome('late'),
      never: outcome('never'),
      open: 0,
    });
    expect(t.hazards.total).toBe(sup.hazards.length);
    expect([t.hazards.onTime, t.hazards.late, t.hazards.never, t.hazards.selfReported].every((n) => n > 0)).toBe(true);
    for (const [kind, n] of stored.enforcement) expect(t.enforcement.byKind[kind], kind).toBe(n);
    for (const kind of ['fine', 'warning-talk', 'suspension']) expect(t.enforcement.byKind[kind]).toBeGreaterThan(0);
    const fines = sup.enforcement.reduce((n, e) => n + (e.fineYuan ?? 0), 0);
    expect(t.enforcement.finesWanYuan).toBe(fines / 10_000);
    // Supervision mails: as many as the mail log sent about supervision obligations, office by office adding up.
    expect(t.mails.total).toBe(stored.supervisionMails);
    expect(first.summary.offices.reduce((n, o) => n + o.supervision.mails.total, 0)).toBe(t.mails.total);
    expect(t.mails.listed.listing).toBe(2);
    expect([t.mails.reminders, t.mails.overdueNotices, t.mails.bureauEscalations].every((n) => n > 0)).toBe(true);
    // The report shows them: the section, a row per office and the total, every hazard.
    const html = first.files['report.html'];
    expect(html).toContain('监督检查与隐患整改');
    for (const h of first.timeline.hazards) expect(html).toContain(`<td>${h.label}</td>`);
    expect((JSON.parse(first.files['summary.json']) as { supervision: unknown }).supervision).toEqual(t);
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
