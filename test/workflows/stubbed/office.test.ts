import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { obligationClosedSignal, officeStatusQuery, planChangedSignal } from '../../../workflows/definitions.js';
import { officeWorkflow } from '../../../workflows/index.js';
import { startTimeSkippingServer, workflowBundle } from '../../support/temporal.js';
import {
  advanceTo,
  DAY,
  endIfRunning,
  HOUR,
  MINUTE,
  step,
  stepKeyOf,
  StubbedOffice,
  withStubbedWorker,
} from './stubs.js';

const APRIL = 'monthly-report:2024-04';
const MAY = 'monthly-report:2024-05';
/**
 * A step runs in the workflow task its timer wakes, while the server's clock moves at wall-clock speed
 * only (measured: well under a second late); the test moves the clock a minute past each instant.
 */
const ON_TIME = 15_000;
const MARGIN = MINUTE;

/**
 * The office workflow on the real time-skipping server with in-memory activities: which step runs when,
 * and what a signal, a re-run or a hand-over to a fresh run changes about it. app/office-steps/ and the
 * database behind it are tested elsewhere (test/workflows/*.test.ts); these take seconds.
 */
describe('officeWorkflow with stubbed activities', () => {
  let env: TestWorkflowEnvironment;
  let seq = 0;

  beforeAll(async () => {
    // Bundled while the server starts: every test of the file shares both.
    [env] = await Promise.all([startTimeSkippingServer(), workflowBundle()]);
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  /** Starts the office workflow of a fresh office on its own task queue and runs `body` while a worker serves it. */
  async function withOffice(
    office: StubbedOffice,
    body: (handle: WorkflowHandleWithFirstExecutionRunId<typeof officeWorkflow>) => Promise<void>,
  ): Promise<void> {
    seq += 1;
    const taskQueue = `stubbed-office-${seq}`;
    await withStubbedWorker(env, taskQueue, office.activities, async () => {
      const handle = await env.client.workflow.start(officeWorkflow, {
        taskQueue,
        workflowId: `office/stubbed/${seq}`,
        args: [{ campaignId: 'stubbed', officeId: `office-${seq}` }],
      });
      try {
        await body(handle);
      } finally {
        await endIfRunning(handle);
      }
    });
  }

  const ranSteps = (office: StubbedOffice, n: number) =>
    vi.waitFor(
      () => {
        expect(office.calls.runOfficeStep.length).toBeGreaterThanOrEqual(n);
        return office.calls.runOfficeStep;
      },
      { timeout: 10_000, interval: 50 },
    );

  it('waits until each scheduled step instant and runs the steps in order, each at its instant', async () => {
    const t0 = await env.currentTimeMs();
    const plan = [
      step(APRIL, 'reminder-3wd', 'reminder', t0 + HOUR),
      step(APRIL, 'reminder-1wd', 'reminder', t0 + 2 * DAY),
      step(APRIL, 'overdue', 'overdue', t0 + 5 * DAY + 3 * HOUR),
    ];
    const office = new StubbedOffice(env, plan);
    await withOffice(office, async () => {
      for (const [i, s] of plan.entries()) {
        // Just before the instant nothing has run for it; just after, it has, and only it.
        await advanceTo(env, s.atMs - MARGIN);
        expect(office.calls.runOfficeStep).toHaveLength(i);
        await advanceTo(env, s.atMs + MARGIN);
        await ranSteps(office, i + 1);
        expect(office.calls.runOfficeStep).toHaveLength(i + 1);
      }
    });
    expect(office.calls.runOfficeStep.map((c) => c.key)).toEqual(plan.map(stepKeyOf));
    for (const [i, call] of office.calls.runOfficeStep.entries()) {
      expect(call.atMs).toBeGreaterThanOrEqual(plan[i]!.atMs);
      expect(call.atMs).toBeLessThan(plan[i]!.atMs + ON_TIME);
    }
    // First run: one schedule load and one catch-up digest, at the office's start.
    expect(office.calls.loadOfficeSchedule).toHaveLength(1);
    expect(office.calls.sendCatchUpDigest).toHaveLength(1);
    expect(office.calls.startEscalation).toEqual([]);
  });

  it('starts the escalation once when a step that already ran reports it again', async () => {
    const t0 = await env.currentTimeMs();
    const reminder = step(APRIL, 'reminder-1wd', 'reminder', t0 + HOUR);
    const escalation = step(APRIL, 'escalation', 'escalation', t0 + 3 * HOUR);
    const office = new StubbedOffice(env, [reminder, escalation]);
    await withOffice(office, async (handle) => {
      await advanceTo(env, t0 + 2 * HOUR);
      await ranSteps(office, 1);
      // Both steps run outside the workflow (a first attempt whose workflow task never completed): the
      // workflow never saw their answers and still has them in its schedule.
      office.recordOutsideWorkflow(reminder);
      office.recordOutsideWorkflow(escalation);
      await advanceTo(env, escalation.atMs + HOUR);
      await ranSteps(office, 2);
      await vi.waitFor(() => expect(office.calls.startEscalation).toHaveLength(1), { timeout: 10_000 });
      // A reloaded schedule no longer has the recorded step: nothing runs or escalates again.
      await handle.signal(planChangedSignal);
      await advanceTo(env, escalation.atMs + 2 * DAY);
      expect((await handle.query(officeStatusQuery)).executed).toBe(2);
    });
    expect(office.calls.runOfficeStep.map((c) => [c.key, c.answer])).toEqual([
      [stepKeyOf(reminder), { outcome: 'sent', mails: 1 }],
      [stepKeyOf(escalation), { outcome: 'already-done', mails: 0, escalate: StubbedOffice.escalationOf(escalation) }],
    ]);
    expect(office.calls.startEscalation).toHaveLength(1);
    expect(office.calls.startEscalation[0]).toMatchObject({
      campaignId: 'stubbed',
      obligationKey: APRIL,
      origin: 'automatic',
      level: 1,
      reason: StubbedOffice.escalationOf(escalation).reason,
    });
    expect(office.calls.startEscalation[0]!.raisedAtMs).toBeGreaterThanOrEqual(escalation.atMs);
  });

  it('starts the escalation once when the attempt that recorded the escalation step failed and was retried', async () => {
    const t0 = await env.currentTimeMs();
    const escalation = step(APRIL, 'escalation', 'escalation', t0 + HOUR);
    const office = new StubbedOffice(env, [escalation]);
    // The first attempt records the step (and its escalation) and dies before answering.
    office.failAfterRecording.add(stepKeyOf(escalation));
    await withOffice(office, async () => {
      // The retry waits on a durable timer (MAIL_STEP_RETRY starts at 30 s): move past it.
      await advanceTo(env, escalation.atMs + 10 * MINUTE);
      await ranSteps(office, 2);
      await vi.waitFor(() => expect(office.calls.startEscalation).toHaveLength(1), { timeout: 10_000 });
      await advanceTo(env, escalation.atMs + DAY);
    });
    expect(office.calls.runOfficeStep.map((c) => c.answer)).toEqual([
      'failed',
      { outcome: 'already-done', mails: 0, escalate: StubbedOffice.escalationOf(escalation) },
    ]);
    expect(office.calls.startEscalation.map((e) => [e.obligationKey, e.level, e.origin])).toEqual([
      [APRIL, 1, 'automatic'],
    ]);
  });

  it('reloads its schedule on a plan change during a wait and runs only the steps of the new schedule', async () => {
    const t0 = await env.currentTimeMs();
    const plan = [
      step(APRIL, 'reminder-1wd', 'reminder', t0 + HOUR),
      step(MAY, 'reminder-1wd', 'reminder', t0 + 2 * HOUR),
      step(APRIL, 'overdue', 'overdue', t0 + 3 * HOUR),
      step(MAY, 'overdue', 'overdue', t0 + 4 * HOUR),
    ];
    const office = new StubbedOffice(env, plan);
    // May's report is extended while the workflow sleeps towards its reminder: its steps move 4 h later.
    const extended = [
      step(MAY, 'reminder-1wd', 'reminder', t0 + 6 * HOUR),
      step(MAY, 'reminder-due-day', 'reminder', t0 + 7 * HOUR),
      step(MAY, 'overdue', 'overdue', t0 + 8 * HOUR),
    ];
    await withOffice(office, async (handle) => {
      await advanceTo(env, t0 + 90 * MINUTE);
      await ranSteps(office, 1);
      office.plan = [plan[0]!, plan[2]!, ...extended];
      await handle.signal(planChangedSignal);
      await vi.waitFor(() => expect(office.calls.loadOfficeSchedule).toHaveLength(2), { timeout: 10_000 });
      await advanceTo(env, t0 + 9 * HOUR);
      await ranSteps(office, 4);
    });
    expect(office.calls.loadOfficeSchedule[1]!.nowMs).toBeGreaterThanOrEqual(t0 + 90 * MINUTE);
    expect(office.calls.loadOfficeSchedule[1]!.nowMs).toBeLessThan(t0 + 2 * HOUR);
    // Nothing at +2 h or +4 h (the old instants of May's steps); the new ones each at their instant.
    const expected = [plan[0]!, plan[2]!, ...extended];
    expect(office.calls.runOfficeStep.map((c) => [c.key, c.plannedAtMs])).toEqual(
      expected.map((s) => [stepKeyOf(s), s.atMs]),
    );
    for (const call of office.calls.runOfficeStep) {
      expect(call.atMs).toBeGreaterThanOrEqual(call.plannedAtMs);
      expect(call.atMs).toBeLessThan(call.plannedAtMs + ON_TIME);
    }
  });

  it('drops the remaining steps of an obligation closed during a wait, even the one it was waiting for', async () => {
    const t0 = await env.currentTimeMs();
    const plan = [
      step(APRIL, 'reminder-1wd', 'reminder', t0 + HOUR),
      step(MAY, 'reminder-1wd', 'reminder', t0 + 2 * HOUR),
      step(APRIL, 'overdue', 'overdue', t0 + 3 * HOUR),
      step(MAY, 'overdue', 'overdue', t0 + 4 * HOUR),
      step(MAY, 'escalation', 'escalation', t0 + 5 * HOUR),
    ];
    const office = new StubbedOffice(env, plan);
    await withOffice(office, async (handle) => {
      await advanceTo(env, t0 + 90 * MINUTE);
      await ranSteps(office, 1);
      // May's report is submitted while the workflow waits for May's reminder (its next step).
      await handle.signal(obligationClosedSignal, { obligationKey: MAY });
      await vi.waitFor(
        async () =>
          expect((await handle.query(officeStatusQuery)).nextSteps.map(stepKeyOf)).toEqual([stepKeyOf(plan[2]!)]),
        { timeout: 10_000 },
      );
      await advanceTo(env, t0 + 6 * HOUR);
      await ranSteps(office, 2);
    });
    expect(office.runKeys()).toEqual([stepKeyOf(plan[0]!), stepKeyOf(plan[2]!)]);
    expect(office.calls.runOfficeStep[1]!.atMs).toBeGreaterThanOrEqual(plan[2]!.atMs);
    // Its escalation step is gone with it: nothing is escalated.
    expect(office.calls.startEscalation).toEqual([]);
  });

  it('continues as new after 40 steps and runs the remaining steps in the next run, each once', async () => {
    const t0 = await env.currentTimeMs();
    // 45 reminders ten minutes apart: the run hands over after its 40th step (STEPS_PER_RUN).
    const plan = Array.from({ length: 45 }, (_, i) =>
      step(`obligation-${String(i).padStart(2, '0')}`, 'reminder-1wd', 'reminder', t0 + (i + 1) * 10 * MINUTE),
    );
    const office = new StubbedOffice(env, plan);
    await withOffice(office, async (handle) => {
      await advanceTo(env, t0 + 8 * HOUR);
      await ranSteps(office, 45);
      const latest = await handle.describe();
      expect(latest.runId).not.toBe(handle.firstExecutionRunId);
      expect(latest.status.name).toBe('RUNNING');
      const first = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe();
      expect(first.status.name).toBe('CONTINUED_AS_NEW');
      // The count carried over: the status query of the new run counts the earlier run's steps too.
      expect(await handle.query(officeStatusQuery)).toEqual({ nextSteps: [], executed: 45 });
    });
    expect(office.runKeys()).toEqual(plan.map(stepKeyOf));
    for (const call of office.calls.runOfficeStep) {
      expect(call.atMs).toBeGreaterThanOrEqual(call.plannedAtMs);
      expect(call.atMs).toBeLessThan(call.plannedAtMs + ON_TIME);
    }
    // The new run reloads its schedule from the same start (sinceMs), and sends no second catch-up digest.
    expect(office.calls.loadOfficeSchedule).toHaveLength(2);
    expect(office.calls.loadOfficeSchedule[1]!.sinceMs).toBe(office.calls.loadOfficeSchedule[0]!.sinceMs);
    expect(office.calls.loadOfficeSchedule[1]!.nowMs).toBeGreaterThanOrEqual(plan[39]!.atMs);
    expect(office.calls.sendCatchUpDigest).toHaveLength(1);
  });

  it('completes after 30 idle days with no step left', async () => {
    const t0 = await env.currentTimeMs();
    const last = step(APRIL, 'overdue', 'overdue', t0 + HOUR);
    const office = new StubbedOffice(env, [last]);
    await withOffice(office, async (handle) => {
      await advanceTo(env, last.atMs + 29 * DAY);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await advanceTo(env, last.atMs + 31 * DAY);
      await vi.waitFor(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'), {
        timeout: 10_000,
      });
    });
    expect(office.runKeys()).toEqual([stepKeyOf(last)]);
  });

  it('records a deadline step at its instant and runs the delivery of its mails at their own instant, after later steps', async () => {
    const t0 = await env.currentTimeMs();
    const deliverAtMs = t0 + 2 * DAY;
    const overdue = step(APRIL, 'overdue', 'overdue', t0 + HOUR);
    const escalation = step(APRIL, 'escalation', 'escalation', t0 + DAY);
    const reminder = step(MAY, 'reminder-1wd', 'reminder', t0 + 36 * HOUR);
    const office = new StubbedOffice(env, [overdue, escalation, reminder], (s) =>
      s.kind === 'reminder' ? s.atMs : deliverAtMs,
    );
    await withOffice(office, async (handle) => {
      await advanceTo(env, deliverAtMs - MARGIN);
      await ranSteps(office, 3);
      expect(office.calls.deliverOfficeStep).toEqual([]);
      // A report arriving meanwhile leaves a recorded step's delivery in place: deliverOfficeStep decides then.
      await handle.signal(obligationClosedSignal, { obligationKey: APRIL });
      await advanceTo(env, deliverAtMs + MARGIN);
      await vi.waitFor(() => expect(office.calls.deliverOfficeStep).toHaveLength(2), { timeout: 10_000 });
    });
    expect(office.calls.runOfficeStep.map((c) => [c.key, c.answer])).toEqual([
      [stepKeyOf(overdue), { outcome: 'deferred', mails: 0, deliverAtMs }],
      [
        stepKeyOf(escalation),
        { outcome: 'deferred', mails: 0, escalate: StubbedOffice.escalationOf(escalation), deliverAtMs },
      ],
      [stepKeyOf(reminder), { outcome: 'sent', mails: 1 }],
    ]);
    // Each step ran at its instant, the escalation was raised at its instant, the mails went out at theirs.
    for (const call of office.calls.runOfficeStep) {
      expect(call.atMs).toBeGreaterThanOrEqual(call.plannedAtMs);
      expect(call.atMs).toBeLessThan(call.plannedAtMs + ON_TIME);
    }
    expect(office.calls.startEscalation.map((e) => e.obligationKey)).toEqual([APRIL]);
    expect(office.calls.startEscalation[0]!.raisedAtMs).toBeLessThan(escalation.atMs + ON_TIME);
    expect(office.calls.deliverOfficeStep.map((c) => [c.key, c.deliverAtMs])).toEqual([
      [stepKeyOf(overdue), deliverAtMs],
      [stepKeyOf(escalation), deliverAtMs],
    ]);
    for (const call of office.calls.deliverOfficeStep) {
      expect(call.atMs).toBeGreaterThanOrEqual(deliverAtMs);
      expect(call.atMs).toBeLessThan(deliverAtMs + ON_TIME);
    }
  });

  it('reloads the waiting deliveries with its schedule on a plan change, at the instant the plan now gives', async () => {
    const t0 = await env.currentTimeMs();
    const overdue = step(APRIL, 'overdue', 'overdue', t0 + HOUR);
    const office = new StubbedOffice(env, [overdue], () => t0 + DAY);
    await withOffice(office, async (handle) => {
      await advanceTo(env, t0 + 2 * HOUR);
      await ranSteps(office, 1);
      // The bureau moves the send time: the recorded step's mails now go out an hour later.
      office.waiting.set(stepKeyOf(overdue), { step: overdue, deliverAtMs: t0 + DAY + HOUR });
      await handle.signal(planChangedSignal);
      await vi.waitFor(() => expect(office.calls.loadOfficeSchedule).toHaveLength(2), { timeout: 10_000 });
      await advanceTo(env, t0 + DAY + MARGIN);
      expect(office.calls.deliverOfficeStep).toEqual([]);
      await advanceTo(env, t0 + DAY + HOUR + MARGIN);
      await vi.waitFor(() => expect(office.calls.deliverOfficeStep).toHaveLength(1), { timeout: 10_000 });
    });
    expect(office.calls.deliverOfficeStep[0]).toMatchObject({ key: stepKeyOf(overdue), deliverAtMs: t0 + DAY + HOUR });
    expect(office.calls.deliverOfficeStep[0]!.atMs).toBeGreaterThanOrEqual(t0 + DAY + HOUR);
  });
});
