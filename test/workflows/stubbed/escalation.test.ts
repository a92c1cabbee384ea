import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { acknowledgeSignal, escalationStatusQuery } from '../../../workflows/definitions.js';
import { escalationWorkflow } from '../../../workflows/index.js';
import { MAX_ESCALATION_LEVEL, type EscalationWorkflowInput } from '../../../workflows/types.js';
import { startTimeSkippingServer, workflowBundle } from '../../support/temporal.js';
import { advanceTo, DAY, endIfRunning, HOUR, MINUTE, stubbedEscalation, withStubbedWorker } from './stubs.js';

/** Each level gives the office head three days to acknowledge (the stubbed climbEscalation's answer). */
const ACK_WINDOW = 3 * DAY;
/** The climb runs in the workflow task its timer wakes: the server's clock moves at wall-clock speed meanwhile. */
const ON_TIME = 15_000;
/** In the delivery tests, a level's notice goes out this long after the level is reached (e.g. midnight → 09:00). */
const NOTICE_DELAY = 9 * HOUR;

/**
 * The escalation workflow on the real time-skipping server with in-memory activities: when it climbs,
 * when it stops. app/escalations/ and its records are tested with the database elsewhere.
 */
describe('escalationWorkflow with stubbed activities', () => {
  let env: TestWorkflowEnvironment;
  let seq = 0;

  beforeAll(async () => {
    [env] = await Promise.all([startTimeSkippingServer(), workflowBundle()]);
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  /**
   * Starts an escalation at `level` on its own task queue, served by the stubs while `body` runs; each level's notice
   * goes out `noticeDelayMs` after the level is reached (0: at once).
   */
  async function withEscalation(
    level: number,
    body: (
      handle: WorkflowHandleWithFirstExecutionRunId<typeof escalationWorkflow>,
      input: EscalationWorkflowInput,
      calls: ReturnType<typeof stubbedEscalation>['calls'],
    ) => Promise<void>,
    noticeDelayMs = 0,
  ): Promise<void> {
    seq += 1;
    const taskQueue = `stubbed-escalation-${seq}`;
    const { calls, activities } = stubbedEscalation(ACK_WINDOW, noticeDelayMs);
    const input: EscalationWorkflowInput = {
      escalationId: `escalation-${seq}`,
      campaignId: 'stubbed',
      officeId: `office-${seq}`,
      level,
      ackByMs: (await env.currentTimeMs()) + ACK_WINDOW,
    };
    await withStubbedWorker(env, taskQueue, activities, async () => {
      const handle = await env.client.workflow.start(escalationWorkflow, {
        taskQueue,
        workflowId: `escalation/stubbed/${seq}`,
        args: [input],
      });
      try {
        await body(handle, input, calls);
      } finally {
        await endIfRunning(handle);
      }
    });
  }

  it('climbs a level at the ack-by instant when no acknowledgement comes', async () => {
    await withEscalation(1, async (handle, input, calls) => {
      await advanceTo(env, input.ackByMs - MINUTE);
      expect(await handle.query(escalationStatusQuery)).toEqual({
        level: 1,
        ackByMs: input.ackByMs,
        state: 'waiting',
      });
      expect(calls.climbEscalation).toEqual([]);

      await advanceTo(env, input.ackByMs + MINUTE);
      await vi.waitFor(() => expect(calls.sendEscalationNotice).toHaveLength(2), { timeout: 10_000 });
      const [climb] = calls.climbEscalation;
      expect(calls.climbEscalation).toHaveLength(1);
      expect(climb).toMatchObject({ escalationId: input.escalationId, level: 2 });
      expect(climb!.atMs).toBeGreaterThanOrEqual(input.ackByMs);
      expect(climb!.atMs).toBeLessThan(input.ackByMs + ON_TIME);
      // The new level's notice carries the new ack-by instant, and the workflow waits for it.
      expect(calls.sendEscalationNotice.map((n) => [n.level, n.ackByMs])).toEqual([
        [1, input.ackByMs],
        [2, climb!.ackByMs],
      ]);
      expect(await handle.query(escalationStatusQuery)).toEqual({
        level: 2,
        ackByMs: climb!.ackByMs,
        state: 'waiting',
      });
      expect(calls.settleEscalation).toEqual([]);
    });
  });

  it('stops climbing after an acknowledgement and settles at the level reached', async () => {
    await withEscalation(1, async (handle, input, calls) => {
      // Level 1 passes unacknowledged; the head acknowledges a day into level 2.
      await advanceTo(env, input.ackByMs + DAY);
      await vi.waitFor(() => expect(calls.climbEscalation).toHaveLength(1), { timeout: 10_000 });
      await handle.signal(acknowledgeSignal, { by: 'head@office.test' });
      expect(await handle.result()).toEqual({
        level: 2,
        ackByMs: calls.climbEscalation[0]!.ackByMs,
        state: 'acknowledged',
      });
      // Long past every ack-by instant: no further level, no further notice.
      await advanceTo(env, input.ackByMs + 4 * ACK_WINDOW);
      expect(calls.climbEscalation.map((c) => c.level)).toEqual([2]);
      expect(calls.sendEscalationNotice.map((n) => n.level)).toEqual([1, 2]);
      expect(calls.settleEscalation).toHaveLength(1);
      expect(calls.settleEscalation[0]).toMatchObject({
        escalationId: input.escalationId,
        outcome: 'acknowledged',
        level: 2,
        by: 'head@office.test',
      });
      expect((await handle.describe()).status.name).toBe('COMPLETED');
    });
  });

  it('settles at once when acknowledged before the ack-by instant, without climbing', async () => {
    let calls!: ReturnType<typeof stubbedEscalation>['calls'];
    let ackByMs = 0;
    await withEscalation(1, async (handle, input, c) => {
      calls = c;
      ackByMs = input.ackByMs;
      await advanceTo(env, input.ackByMs - DAY);
      await handle.signal(acknowledgeSignal, { by: 'head@office.test' });
      // A second acknowledgement (a double click) changes nothing.
      await handle.signal(acknowledgeSignal, { by: 'deputy@office.test' });
      expect(await handle.result()).toMatchObject({ level: 1, state: 'acknowledged' });
    });
    expect(calls.climbEscalation).toEqual([]);
    expect(calls.sendEscalationNotice.map((n) => n.level)).toEqual([1]);
    expect(calls.settleEscalation).toHaveLength(1);
    expect(calls.settleEscalation[0]).toMatchObject({ outcome: 'acknowledged', level: 1, by: 'head@office.test' });
    expect(calls.settleEscalation[0]!.atMs).toBeLessThan(ackByMs);
  });

  it('never climbs past MAX_ESCALATION_LEVEL and settles unacknowledged there', async () => {
    await withEscalation(1, async (handle, input, calls) => {
      // Awaiting the result lets the server skip time through every ack-by instant.
      const result = await handle.result();
      expect(result).toMatchObject({ level: MAX_ESCALATION_LEVEL, state: 'unacknowledged' });
      const levels = Array.from({ length: MAX_ESCALATION_LEVEL }, (_, i) => i + 1);
      expect(calls.sendEscalationNotice.map((n) => n.level)).toEqual(levels);
      expect(calls.climbEscalation.map((c) => c.level)).toEqual(levels.slice(1));
      // Each climb at the ack-by instant of the level before it.
      const ackBys = [input.ackByMs, ...calls.climbEscalation.map((c) => c.ackByMs)];
      for (const [i, climb] of calls.climbEscalation.entries()) {
        expect(climb.atMs).toBeGreaterThanOrEqual(ackBys[i]!);
        expect(climb.atMs).toBeLessThan(ackBys[i]! + ON_TIME);
      }
      expect(calls.settleEscalation).toHaveLength(1);
      expect(calls.settleEscalation[0]).toMatchObject({ outcome: 'unacknowledged', level: MAX_ESCALATION_LEVEL });
      expect(calls.settleEscalation[0]!.atMs).toBeGreaterThanOrEqual(ackBys.at(-1)!);
      expect(result.ackByMs).toBe(ackBys.at(-1));
    });
  });

  it('never climbs when raised at MAX_ESCALATION_LEVEL: settles unacknowledged at its ack-by instant', async () => {
    await withEscalation(MAX_ESCALATION_LEVEL, async (handle, input, calls) => {
      expect(await handle.result()).toEqual({
        level: MAX_ESCALATION_LEVEL,
        ackByMs: input.ackByMs,
        state: 'unacknowledged',
      });
      expect(calls.climbEscalation).toEqual([]);
      expect(calls.sendEscalationNotice.map((n) => n.level)).toEqual([MAX_ESCALATION_LEVEL]);
      expect(calls.settleEscalation.map((s) => [s.outcome, s.level])).toEqual([
        ['unacknowledged', MAX_ESCALATION_LEVEL],
      ]);
      expect(calls.settleEscalation[0]!.atMs).toBeGreaterThanOrEqual(input.ackByMs);
    });
  });

  it("reaches each level at its instant and mails the level's notice at its delivery instant", async () => {
    await withEscalation(
      1,
      async (handle, input, calls) => {
        await vi.waitFor(() => expect(calls.escalationNoticeDeliveryAt).toHaveLength(1), { timeout: 10_000 });
        const [raised] = calls.escalationNoticeDeliveryAt;
        expect(raised).toMatchObject({ escalationId: input.escalationId, trigger: 'raised' });
        await advanceTo(env, raised!.atMs + NOTICE_DELAY - MINUTE);
        expect(calls.sendEscalationNotice).toEqual([]);
        await advanceTo(env, raised!.atMs + NOTICE_DELAY + MINUTE);
        await vi.waitFor(() => expect(calls.sendEscalationNotice).toHaveLength(1), { timeout: 10_000 });
        expect(calls.sendEscalationNotice[0]).toMatchObject({ level: 1, atMs: raised!.atMs + NOTICE_DELAY });

        // The climb at the ack-by instant is recorded then; its notice waits for its own delivery instant.
        await advanceTo(env, input.ackByMs + MINUTE);
        await vi.waitFor(() => expect(calls.climbEscalation).toHaveLength(1), { timeout: 10_000 });
        const climb = calls.climbEscalation[0]!;
        expect(climb.atMs).toBeLessThan(input.ackByMs + ON_TIME);
        expect(calls.escalationNoticeDeliveryAt.map((c) => c.trigger)).toEqual(['raised', 'climbed']);
        expect(await handle.query(escalationStatusQuery)).toMatchObject({ level: 2, ackByMs: climb.ackByMs });
        expect(calls.sendEscalationNotice).toHaveLength(1);
        const delivery = calls.escalationNoticeDeliveryAt[1]!.atMs + NOTICE_DELAY;
        await advanceTo(env, delivery + MINUTE);
        await vi.waitFor(() => expect(calls.sendEscalationNotice).toHaveLength(2), { timeout: 10_000 });
        expect(calls.sendEscalationNotice[1]).toEqual({
          escalationId: input.escalationId,
          level: 2,
          ackByMs: climb.ackByMs,
          atMs: delivery,
        });
      },
      NOTICE_DELAY,
    );
  });

  it('settles an acknowledgement that comes while the notice waits, and still mails the notice at its instant', async () => {
    await withEscalation(
      1,
      async (handle, input, calls) => {
        await vi.waitFor(() => expect(calls.escalationNoticeDeliveryAt).toHaveLength(1), { timeout: 10_000 });
        const [raised] = calls.escalationNoticeDeliveryAt;
        await advanceTo(env, raised!.atMs + HOUR);
        await handle.signal(acknowledgeSignal, { by: 'head@office.test' });
        await vi.waitFor(() => expect(calls.settleEscalation).toHaveLength(1), { timeout: 10_000 });
        expect(calls.settleEscalation[0]).toMatchObject({ outcome: 'acknowledged', level: 1, by: 'head@office.test' });
        expect(calls.settleEscalation[0]!.atMs).toBeLessThan(raised!.atMs + NOTICE_DELAY);
        expect(await handle.query(escalationStatusQuery)).toMatchObject({ level: 1, state: 'acknowledged' });
        expect(calls.sendEscalationNotice).toEqual([]);
        // The level stood: its notice goes out at its instant, and the escalation ends there, at level 1.
        expect(await handle.result()).toEqual({ level: 1, ackByMs: input.ackByMs, state: 'acknowledged' });
        expect(calls.sendEscalationNotice.map((n) => [n.level, n.atMs])).toEqual([[1, raised!.atMs + NOTICE_DELAY]]);
        expect(calls.climbEscalation).toEqual([]);
      },
      NOTICE_DELAY,
    );
  });
});
