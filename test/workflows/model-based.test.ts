import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import type { CaughtMail } from '../../dev/mail-catcher.js';
import { Prng } from '../../simulation/prng.js';
import { workflowIds } from '../../workflows/definitions.js';
import { sampleTables } from '../domain/reports/fixtures.js';
import { multipartBody, testApp, type TestApp } from '../support/app.js';
import { advanceTo, localDate, plannedRecipients, seedCampaign, testOffice, type Seed } from '../support/campaign.js';
import { startHarness, type Harness } from '../support/harness.js';
import { StickyQueueRelay } from '../support/sticky-queues.js';
import {
  at,
  endOfDay,
  hardDate,
  initialObligations,
  modelLadder,
  plusDays,
  type ModelObligation,
  type ModelStep,
} from '../support/model.js';

/**
 * A seeded random campaign year (2024) on the real time-skipping server, driven through the API, checked
 * against the independent rules of test/support/model.ts.
 *
 * Restrictions (stated so the figures are read right):
 * - invariants are checked for the office obligations (phase tasks, monthly reports, year-end summary); the
 *   enterprise digests (enterprise-*) are not modelled, though enterprises are added and moved at random;
 * - extensions are requested for phase tasks only (the hard deadline of an extended monthly report is not
 *   stated by the notice), and the bureau approves only while every step of the current ladder still lies
 *   ahead (a step already sent is never sent again, so a later approval has no single right answer);
 * - a phase deadline is moved only while every step of its old and new ladders lies ahead, and never the
 *   planning or self-assessment phase (their deadlines drive the enterprise obligations);
 * - extensions run to 2024-12-31 at the latest, so every extended ladder ends inside the run (to 2025-01-14: the year-end escalation of Saturday
 *   2025-01-11 is mailed on Monday 2025-01-13);
 * - the year-end summary is never submitted, so every office must be escalated for it;
 * - a worker restart shuts the worker down and starts a new one; both connect through a StickyQueueRelay, which
 *   hands the old worker's sticky queue back to the normal queue as the real server does (test/support/sticky-queues.ts);
 * - organisation changes and plan edits happen between 13:00 and 17:00 local, after the day's reminders
 *   (every send time used is at most 11:00), so the send time of a reminder day is the one in force at its start;
 * - closings, acknowledgements and restarts happen at any minute, 30 s past it, never at a step's instant.
 */

const TASK_QUEUE = 'model-based-test';
const SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : Math.floor(Math.random() * 1_000_000);
const SEND_TIMES = ['08:30', '09:00', '09:30', '10:00', '11:00'];
const YEAR_END_CHECK = '2025-01-14T12:00';
const DAY = 86_400_000;
const MINUTE = 60_000;

type ActionType =
  | 'close'
  | 'extension'
  | 'plan-deadline'
  | 'plan-send-time'
  | 'office-add'
  | 'enterprise-add'
  | 'enterprise-move'
  | 'acknowledge'
  | 'restart';

interface ModelOffice {
  code: string;
  id: string;
  contactEmail: string;
  headEmail: string;
  addedAtMs: number;
}

interface Event {
  atMs: number;
  label: string;
  run: () => Promise<boolean>;
}

const trace = (what: string) => process.env.MODEL_TRACE && console.log(new Date().toISOString(), what);
const officeHeader = 'code,name,unitType,contactName,contactEmail,headName,headEmail,language';

describe(`a seeded random campaign year (model-based seed=${SEED})`, () => {
  let h: Harness;
  let api: TestApp;
  let seed: Seed;
  const rng = new Prng(SEED);
  const offices: ModelOffice[] = [];
  const obligations = initialObligations();
  /** Phase deadline moves: key → nominal due date now in the plan. */
  const nominal = new Map(obligations.map((o) => [o.key, o.nominalDue]));
  /** Approved extensions: `${officeId}|${key}` → due date. */
  const extensions = new Map<string, string>();
  /** Closings: `${officeId}|${key}` → instant. */
  const doneAt = new Map<string, number>();
  const scheduledClose = new Set<string>();
  /** Send-time edits in order: [instant, send time]. */
  const sendTimes: [number, string][] = [[0, '09:00']];
  const acknowledged: { escalationId: string; atMs: number }[] = [];
  const applied: Record<string, number> = {};
  let enterpriseCount = 0;
  let mails: CaughtMail[] = [];
  let automaticEscalations: { officeId: string; obligationKey: string | null }[] = [];
  let climbs: { escalationId: string; level: number; at: Date }[] = [];
  let relay: StickyQueueRelay;
  let workerConnection: NativeConnection;

  const fail = (what: string) =>
    `${what} (reproduce: MODEL_SEED=${SEED} node --import tsx scripts/test.ts test/workflows/model-based.test.ts)`;
  const sendTimeOn = (date: string) => {
    const start = at(date, '00:00');
    return sendTimes.filter(([ms]) => ms < start).at(-1)![1];
  };
  const dueOf = (officeId: string, o: ModelObligation) => extensions.get(`${officeId}|${o.key}`) ?? nominal.get(o.key)!;
  const ladderOf = (officeId: string, o: ModelObligation): ModelStep[] => {
    const due = dueOf(officeId, o);
    return modelLadder(due, hardDate(o, due), sendTimeOn);
  };
  const isOpen = (officeId: string, key: string, ms: number) => {
    const done = doneAt.get(`${officeId}|${key}`);
    return done === undefined || done > ms;
  };

  beforeAll(async () => {
    console.log(`model-based seed=${SEED}`);
    const started = Date.now();
    h = await startHarness({ taskQueue: TASK_QUEUE, startAt: '2024-02-27T16:00:00Z' }); // 2024-02-28 00:00 local
    const { env, db } = h;
    seed = await seedCampaign(db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN', C: 'zh-CN' },
      enterprises: { A1: 'A', A2: 'A', B1: 'B', C1: 'C' },
    });
    const startMs = await env.currentTimeMs();
    for (const o of Object.values(seed.offices)) offices.push({ ...o, addedAtMs: startMs });
    api = await testApp({
      config: loadConfig({ TEMPORAL_TASK_QUEUE: TASK_QUEUE }),
      db,
      temporal: env.client,
      mailer: h.mailer,
    });
    const { campaignId } = seed;
    const call = async (label: string, options: Parameters<TestApp['call']>[0], expected: number) => {
      const response = await api.call(options);
      if (response.statusCode !== expected) {
        throw new Error(fail(`${label}: HTTP ${response.statusCode} ${response.body}`));
      }
      return response.body ? response.json<unknown>() : null;
    };

    // Every worker connects through the relay, so that a restart's new worker takes over the old one's workflows.
    relay = await StickyQueueRelay.start(env, TASK_QUEUE);
    workerConnection = await NativeConnection.connect({ address: relay.address });
    const createWorker = () => h.createWorker(workerConnection);
    let worker: Worker = await createWorker();
    let running = worker.run();
    const now = () => env.currentTimeMs();

    // The random sequence: action slots over the year, every kind drawn in balanced blocks.
    const pattern: ActionType[] = [
      'close',
      'close',
      'close',
      'close',
      'close',
      'extension',
      'plan-deadline',
      'plan-send-time',
      'office-add',
      'enterprise-add',
      'enterprise-move',
      'acknowledge',
      'restart',
    ];
    const slotCount = rng.int(25, 34);
    const events: Event[] = [];
    const first = at('2024-03-01', '00:00');
    const last = at('2024-12-28', '00:00');
    for (const type of rng.balanced(pattern, slotCount)) {
      const day = localDate(first + rng.int(0, Math.floor((last - first) / DAY)) * DAY);
      const office = type.startsWith('plan-') || type.endsWith('-add') || type === 'enterprise-move';
      const minute = office ? rng.int(13 * 60, 17 * 60 - 1) : rng.int(0, 24 * 60 - 1);
      const atMs = at(day, '00:00') + minute * MINUTE + 30_000;
      events.push({ atMs, label: type, run: () => actions[type](atMs) });
    }
    const schedule = (event: Event) => events.push(event);

    const phaseObligations = () => obligations.filter((o) => o.kind === 'phase');
    const closeable = (o: ModelObligation) => o.kind !== 'year-end-summary';

    async function close(office: ModelOffice, o: ModelObligation, atMs: number): Promise<boolean> {
      if (o.kind === 'phase') {
        await call(
          'complete',
          { method: 'POST', url: `/campaigns/${campaignId}/offices/${office.id}/obligations/${o.key}/complete` },
          204,
        );
      } else {
        const form = new FormData();
        form.set('tables', JSON.stringify(sampleTables()));
        form.set('summary', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'summary.pdf');
        const period = o.key.slice('monthly-report:'.length);
        await call(
          `report ${period}`,
          {
            method: 'POST',
            url: `/campaigns/${campaignId}/offices/${office.id}/reports/${period}`,
            ...(await multipartBody(form)),
          },
          201,
        );
      }
      doneAt.set(`${office.id}|${o.key}`, atMs);
      return true;
    }

    const actions: Record<ActionType, (atMs: number) => Promise<boolean>> = {
      // Picks an open obligation due soon and schedules its closing before, on, or after the deadline.
      async close(nowMs) {
        const candidates = offices.flatMap((office) =>
          obligations
            .filter((o) => closeable(o) && !scheduledClose.has(`${office.id}|${o.key}`))
            .filter((o) => {
              const dueAtMs = endOfDay(dueOf(office.id, o));
              return dueAtMs > nowMs - 5 * DAY && dueAtMs < nowMs + 45 * DAY;
            })
            .map((o) => ({ office, o })),
        );
        if (candidates.length === 0) return false;
        const { office, o } = rng.pick(candidates);
        const due = dueOf(office.id, o);
        const dueAtMs = endOfDay(due);
        const hardAtMs = endOfDay(hardDate(o, due));
        const when = rng.pick(['before', 'due-day', 'grace', 'late'] as const);
        let closeAt =
          when === 'before'
            ? dueAtMs - rng.int(1, 7) * DAY - rng.int(1, 600) * MINUTE
            : when === 'due-day'
              ? dueAtMs - rng.int(1, 1439) * MINUTE
              : when === 'grace'
                ? dueAtMs + rng.int(1, Math.max(1, Math.floor((hardAtMs - dueAtMs) / MINUTE) - 1)) * MINUTE
                : hardAtMs + rng.int(1, 3 * 1440) * MINUTE;
        if (closeAt <= nowMs) closeAt = nowMs + rng.int(1, 180) * MINUTE;
        closeAt = Math.floor(closeAt / MINUTE) * MINUTE + 30_000;
        scheduledClose.add(`${office.id}|${o.key}`);
        schedule({ atMs: closeAt, label: `closing (${when})`, run: () => close(office, o, closeAt) });
        return false; // counted when the closing itself is applied
      },

      // An office asks for more time on a phase task; the bureau decides a day or three later.
      async extension(nowMs) {
        const candidates = offices.flatMap((office) =>
          phaseObligations()
            .filter((o) => isOpen(office.id, o.key, nowMs) && ladderOf(office.id, o)[0]!.atMs > nowMs + DAY)
            .map((o) => ({ office, o })),
        );
        if (candidates.length === 0) return false;
        const { office, o } = rng.pick(candidates);
        // Extended at most to the end of the year, so the whole new ladder falls inside the run.
        const wanted = plusDays(dueOf(office.id, o), rng.int(3, 20));
        const requested = wanted > '2024-12-31' ? '2024-12-31' : wanted;
        if (requested <= dueOf(office.id, o)) return false;
        const row = (await call(
          'extension request',
          {
            method: 'POST',
            url: `/campaigns/${campaignId}/offices/${office.id}/extensions`,
            payload: { obligationKey: o.key, requestedDueDate: requested, reason: '人手不足，申请延期' },
          },
          201,
        )) as { id: string };
        const decideAt = nowMs + rng.int(1, 3) * DAY + rng.int(1, 600) * MINUTE;
        schedule({
          atMs: decideAt,
          label: 'extension decision',
          run: async () => {
            const current = ladderOf(office.id, o)[0]!.atMs;
            const next = modelLadder(requested, hardDate(o, requested), sendTimeOn)[0]!.atMs;
            const approve = current > decideAt && next > decideAt && rng.chance(0.75);
            await call(
              'decision',
              { method: 'POST', url: `/extensions/${row.id}/decision`, payload: { approve } },
              200,
            );
            if (approve) extensions.set(`${office.id}|${o.key}`, requested);
            return true;
          },
        });
        return true;
      },

      // The bureau moves a future phase deadline (guidance, enforcement or summary) in the plan.
      async 'plan-deadline'(nowMs) {
        const keys = ['guidance', 'enforcement', 'summary'];
        const phase = rng.pick(keys);
        const key = `phase:${phase}`;
        const o = obligations.find((x) => x.key === key)!;
        const order = ['planning', 'self-assessment', ...keys];
        const i = order.indexOf(phase);
        const prev = nominal.get(`phase:${order[i - 1]}`)!;
        const next = i + 1 < order.length ? nominal.get(`phase:${order[i + 1]}`)! : '2024-12-31';
        const moved = plusDays(nominal.get(key)!, rng.pick([-7, -5, -3, -2, -1, 1, 2, 4, 6]));
        if (moved <= prev || (i + 1 < order.length ? moved >= next : moved > next)) return false;
        const before = nominal.get(key)!;
        nominal.set(key, moved);
        const allAhead = offices.every((office) => ladderOf(office.id, o)[0]!.atMs > nowMs);
        nominal.set(key, before);
        const wasAhead = offices.every((office) => ladderOf(office.id, o)[0]!.atMs > nowMs);
        if (!allAhead || !wasAhead) return false;
        const campaign = (await call('get campaign', { method: 'GET', url: `/campaigns/${campaignId}` }, 200)) as {
          template: { phases: { key: string; deadline: string }[] };
        };
        const phases = campaign.template.phases.map((p) => (p.key === phase ? { ...p, deadline: moved } : p));
        await call(
          'plan edit',
          { method: 'PATCH', url: `/campaigns/${campaignId}`, payload: { template: { phases } } },
          200,
        );
        nominal.set(key, moved);
        return true;
      },

      async 'plan-send-time'(nowMs) {
        const current = sendTimes.at(-1)![1];
        const sendTime = rng.pick(SEND_TIMES.filter((t) => t !== current));
        await call(
          'send time edit',
          { method: 'PATCH', url: `/campaigns/${campaignId}`, payload: { template: { ladder: { sendTime } } } },
          200,
        );
        sendTimes.push([nowMs, sendTime]);
        return true;
      },

      // A new office, through POST /offices or through the office import (one of each at most).
      async 'office-add'(nowMs) {
        const added = offices.length - 3;
        if (added >= 2) return false;
        const code = `N${added + 1}`;
        const fields = testOffice(code);
        if (rng.chance(0.5)) {
          await call('add office', { method: 'POST', url: '/offices', payload: fields }, 201);
        } else {
          const csv = `${officeHeader}\r\n${[fields.code, fields.name, fields.unitType, fields.contactName, fields.contactEmail, fields.headName, fields.headEmail, 'zh-CN'].join(',')}\r\n`;
          const fd = new FormData();
          fd.append('file', new Blob([Buffer.from(csv, 'utf8')]), 'offices.csv');
          await call('import office', { method: 'POST', url: '/offices/import', ...(await multipartBody(fd)) }, 201);
        }
        const office = await db.prisma.office.findUniqueOrThrow({ where: { code } });
        // Real seconds, not workflow time: the office workflow must be running before the clock moves on.
        const handle = env.client.workflow.getHandle(workflowIds.office(campaignId, office.id));
        await vi.waitFor(() => handle.describe(), { timeout: 20_000, interval: 200 });
        offices.push({
          code,
          id: office.id,
          contactEmail: office.contactEmail,
          headEmail: office.headEmail,
          addedAtMs: nowMs,
        });
        return true;
      },

      async 'enterprise-add'() {
        const office = rng.pick(offices);
        enterpriseCount += 1;
        const code = `E${enterpriseCount}`;
        await call(
          'add enterprise',
          {
            method: 'POST',
            url: '/enterprises',
            payload: { officeId: office.id, code, name: `${code}特种设备制造有限公司`, sizeClass: 'medium' },
          },
          201,
        );
        return true;
      },

      async 'enterprise-move'() {
        const enterprises = await db.prisma.enterprise.findMany({ orderBy: { code: 'asc' } });
        const enterprise = rng.pick(enterprises);
        const to = rng.pick(offices.filter((o) => o.id !== enterprise.officeId));
        await call(
          'move enterprise',
          { method: 'PATCH', url: `/enterprises/${enterprise.id}`, payload: { officeId: to.id } },
          200,
        );
        return true;
      },

      // The office head acknowledges one of the open escalations.
      async acknowledge(nowMs) {
        const open = (await call(
          'escalations',
          { method: 'GET', url: `/campaigns/${campaignId}/escalations?status=open` },
          200,
        )) as {
          id: string;
        }[];
        if (open.length === 0) return false;
        const escalation = rng.pick(open);
        await call('acknowledge', { method: 'POST', url: `/escalations/${escalation.id}/acknowledge` }, 200);
        acknowledged.push({ escalationId: escalation.id, atMs: nowMs });
        return true;
      },

      // The worker goes away mid-year and a new one takes over (no workflow time passes in between).
      async restart() {
        worker.shutdown();
        await running;
        relay.retire();
        trace('worker shut down');
        worker = await createWorker();
        running = worker.run();
        return true;
      },
    };

    try {
      const start = await api.call({ method: 'POST', url: `/campaigns/${campaignId}/start` });
      expect(start.statusCode, fail('start')).toBe(202);
      for (;;) {
        events.sort((a, b) => a.atMs - b.atMs);
        const event = events.shift();
        if (!event) break;
        trace(`advance to ${new Date(event.atMs).toISOString()} for ${event.label}`);
        await advanceTo(env, event.atMs);
        trace(`run ${event.label}`);
        if (await event.run()) applied[event.label] = (applied[event.label] ?? 0) + 1;
        // The model takes every action to happen at its instant: the clock must not have moved meanwhile.
        if ((await now()) > event.atMs + MINUTE) throw new Error(fail(`the clock moved during ${event.label}`));
      }
      await advanceTo(env, at(YEAR_END_CHECK.slice(0, 10), YEAR_END_CHECK.slice(11)));
    } finally {
      worker.shutdown();
      await running;
    }
    mails = h.catcher.messages();
    automaticEscalations = await db.prisma.escalation.findMany({
      where: { campaignId, origin: 'automatic' },
      select: { officeId: true, obligationKey: true },
    });
    climbs = await db.prisma.escalationEvent.findMany({
      where: { kind: 'climbed' },
      select: { escalationId: true, level: true, at: true },
    });
    console.log(`model-based seed=${SEED}: the year ran in ${Math.round((Date.now() - started) / 1000)} s`);
  }, 600_000);

  afterAll(async () => {
    await api?.app.close();
    relay?.close();
    await workerConnection?.close();
    await h?.dispose();
  });

  const codeOf = (officeId: string) => offices.find((o) => o.id === officeId)?.code ?? officeId;
  const modelled = (obligation: string) =>
    obligation.startsWith('phase:') ||
    obligation.startsWith('monthly-report:') ||
    obligation === 'year-end-summary:2024';

  /**
   * `office|obligation|step|to|date` of every mail the rules plan: open at the step's instant, office present; an
   * overdue notice also still open when it is mailed (an escalation, once raised, is mailed whatever happens).
   */
  function planned(): string[] {
    return offices.flatMap((office) =>
      obligations.flatMap((o) =>
        ladderOf(office.id, o)
          .filter((s) => s.atMs > office.addedAtMs && isOpen(office.id, o.key, s.atMs))
          .filter((s) => s.kind !== 'overdue' || isOpen(office.id, o.key, s.deliverAtMs))
          .flatMap((s) =>
            plannedRecipients(s.kind, 'office', office).map(
              (to) => `${office.code}|${o.key}|${s.step}|${to}|${s.date}`,
            ),
          ),
      ),
    );
  }
  function received(): string[] {
    return (
      mails
        // Escalation notices (escalation-level-N, keyed by escalation) are checked by the acknowledgement test.
        .filter(
          (m) =>
            modelled(m.headers['x-campaign-obligation'] ?? '') &&
            !(m.headers['x-campaign-step'] ?? '').startsWith('escalation-level'),
        )
        .map((m) => {
          const officeId = (m.headers['x-campaign-key'] ?? '').split('/')[1] ?? '';
          const date = localDate(Date.parse(m.headers['x-campaign-step-at'] ?? ''));
          return `${codeOf(officeId)}|${m.headers['x-campaign-obligation']}|${m.headers['x-campaign-step']}|${m.envelopeTo.join(',')}|${date}`;
        })
    );
  }
  const duplicates = (list: string[]) => list.filter((x, i) => list.indexOf(x) !== i);

  it('sends every step of an office obligation still open at its instant exactly once to each recipient (1), and nothing for one closed before it (2)', () => {
    const want = planned().sort();
    const got = received().sort();
    const missing = want.filter((x) => !got.includes(x));
    const unexpected = got.filter((x) => !want.includes(x));
    expect({ missing, unexpected, duplicates: duplicates(got) }, fail('mails differ from the model')).toEqual({
      missing: [],
      unexpected: [],
      duplicates: [],
    });
  });

  it('escalates every obligation not done by its hard deadline exactly once, and no other (3)', () => {
    const want = offices
      .flatMap((office) =>
        obligations
          .filter((o) => {
            const escalation = ladderOf(office.id, o).at(-1)!;
            return escalation.atMs > office.addedAtMs && isOpen(office.id, o.key, escalation.atMs);
          })
          .map((o) => `${office.code}|${o.key}`),
      )
      .sort();
    const got = automaticEscalations
      .filter((e) => modelled(e.obligationKey ?? ''))
      .map((e) => `${codeOf(e.officeId)}|${e.obligationKey}`)
      .sort();
    expect(got, fail('automatic escalations differ from the model')).toEqual(want);
  });

  it('sends an office added mid-year every step due after it was added (4)', () => {
    const got = received();
    for (const office of offices.filter((o) => o.addedAtMs > offices[0]!.addedAtMs)) {
      const want = planned().filter((x) => x.startsWith(`${office.code}|`));
      expect(want.length, fail(`${office.code} has steps planned`)).toBeGreaterThan(0);
      expect(
        want.filter((x) => !got.includes(x)),
        fail(`steps missing for ${office.code}, added ${new Date(office.addedAtMs).toISOString()}`),
      ).toEqual([]);
    }
  });

  it('stops an escalation from climbing once the office head acknowledges it', () => {
    for (const { escalationId, atMs } of acknowledged) {
      const notices = mails.filter((m) => (m.headers['x-campaign-key'] ?? '').includes(`/escalation/${escalationId}/`));
      expect(notices.length, fail(`escalation ${escalationId} sent its first notice`)).toBeGreaterThan(0);
      // A level is reached at its instant; its notice may go out after the acknowledgement (at the next send time).
      const after = climbs.filter((c) => c.escalationId === escalationId && c.at.getTime() > atMs);
      expect(
        after.map((c) => `level ${c.level}`),
        fail(`escalation ${escalationId} climbed after its acknowledgement`),
      ).toEqual([]);
      // Every level reached, and no other, had its notice.
      const levels = [1, ...climbs.filter((c) => c.escalationId === escalationId).map((c) => c.level)];
      const noticed = notices.map((m) =>
        Number(/^escalation-level-(\d)$/.exec(m.headers['x-campaign-step'] ?? '')?.[1]),
      );
      expect(
        [...new Set(noticed)].sort(),
        fail(`escalation ${escalationId} mailed the notices of the levels it reached`),
      ).toEqual(levels.sort());
    }
  });

  it('never sends the same mail twice, whatever the restarts', () => {
    const keys = mails.map((m) => m.headers['x-campaign-key'] ?? '');
    expect(duplicates(keys), fail('duplicate mail keys')).toEqual([]);
  });

  it('prints the figures of the run', () => {
    const want = planned();
    const got = received();
    const escalationsExpected = offices.reduce(
      (n, office) =>
        n +
        obligations.filter((o) => {
          const escalation = ladderOf(office.id, o).at(-1)!;
          return escalation.atMs > office.addedAtMs && isOpen(office.id, o.key, escalation.atMs);
        }).length,
      0,
    );
    const figures = {
      seed: SEED,
      actionsApplied: Object.values(applied).reduce((a, b) => a + b, 0),
      byAction: applied,
      offices: offices.map((o) => o.code).join(','),
      mailsPlannedByModel: want.length,
      mailsReceived: got.length,
      mailsReceivedAll: mails.length,
      duplicates: duplicates(mails.map((m) => m.headers['x-campaign-key'] ?? '')).length,
      escalationsExpected,
      escalationsFound: automaticEscalations.filter((e) => modelled(e.obligationKey ?? '')).length,
      acknowledged: acknowledged.length,
      workerRestarts: applied.restart ?? 0,
      stickyTasksReleased: relay.released,
    };
    console.log(`model-based figures ${JSON.stringify(figures)}`);
    expect(figures.mailsPlannedByModel).toBeGreaterThan(0);
  });
});
