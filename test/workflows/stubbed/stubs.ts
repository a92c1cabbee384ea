import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type { Activities } from '../../../activities/index.js';
import type {
  EscalationStart,
  OfficeSchedule,
  OfficeStepInput,
  PendingDelivery,
  ScheduledStep,
  StepOutcome,
} from '../../../workflows/types.js';
import { workflowBundle } from '../../support/temporal.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * A worker of the product's real workflow bundle whose activities are the given in-memory stubs, on
 * its own task queue, for the duration of `run`. No database, no SMTP: only Temporal is real.
 */
export async function withStubbedWorker<T>(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: object,
  run: () => Promise<T>,
): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
  });
  return worker.runUntil(run);
}

/**
 * Advances the test server's clock to `targetMs` (timers due before it fire on the way). The server keeps
 * its clock still while a workflow task or activity is outstanding, so each step runs at its own instant.
 */
export async function advanceTo(env: TestWorkflowEnvironment, targetMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (targetMs > now) await env.sleep(targetMs - now);
}

/**
 * A workflow left running (an office idling for plan changes, an escalation waiting) would have timers
 * fire on a task queue with no worker once a later test moves the clock: end it with its test.
 */
export async function endIfRunning(handle: WorkflowHandle): Promise<void> {
  const { status } = await handle.describe();
  if (status.name === 'RUNNING') await handle.terminate('test over');
}

export const stepKeyOf = (s: Pick<ScheduledStep, 'obligationKey' | 'stepKey'>) => `${s.obligationKey}|${s.stepKey}`;

export function step(obligationKey: string, stepKey: string, kind: ScheduledStep['kind'], atMs: number): ScheduledStep {
  return { obligationKey, stepKey, kind, responsible: 'office', atMs };
}

/** What an office's stubbed activities were asked, in order; `atMs` is the test server's time of the call. */
export interface OfficeCalls {
  loadOfficeSchedule: { sinceMs: number; nowMs: number }[];
  sendCatchUpDigest: { atMs: number }[];
  runOfficeStep: { key: string; plannedAtMs: number; atMs: number; answer: StepOutcome | 'failed' }[];
  deliverOfficeStep: { key: string; deliverAtMs: number; atMs: number }[];
  startEscalation: EscalationStart[];
}

/**
 * An in-memory office that behaves like app/office-steps/ over its tables: `plan` is the office's ladder
 * (the stored plan), `recorded` its StepRun rows. The schedule leaves out steps already recorded or planned
 * before `sinceMs`; a step run again answers 'already-done', with the escalation its recorded run owed.
 */
export class StubbedOffice {
  plan: ScheduledStep[];
  readonly recorded = new Map<string, StepOutcome>();
  /** Steps whose next run records its outcome and then fails, as an attempt whose worker died after the commit. */
  readonly failAfterRecording = new Set<string>();
  readonly calls: OfficeCalls = {
    loadOfficeSchedule: [],
    sendCatchUpDigest: [],
    runOfficeStep: [],
    deliverOfficeStep: [],
    startEscalation: [],
  };
  /** Recorded steps whose mails wait, by step key: what loadOfficeSchedule answers as deliveries. */
  readonly waiting = new Map<string, PendingDelivery>();

  /**
   * `deliverAt` says when a step's mails go out (the delivery rule); by default at the step's instant, so that
   * runOfficeStep sends at once as it did before deferred delivery.
   */
  constructor(
    private readonly env: TestWorkflowEnvironment,
    plan: ScheduledStep[],
    private readonly deliverAt: (s: ScheduledStep) => number = (s) => s.atMs,
  ) {
    this.plan = plan;
  }

  /** The escalation a step of kind 'escalation' asks for, as runOfficeStep words it. */
  static escalationOf(s: ScheduledStep): NonNullable<StepOutcome['escalate']> {
    return { obligationKey: s.obligationKey, reason: `${s.obligationKey} past its hard deadline` };
  }

  /** Records a step as run outside the workflow (its workflow task never completed): what it answered then. */
  recordOutsideWorkflow(s: ScheduledStep): StepOutcome {
    const answer = StubbedOffice.answerOf(s);
    this.recorded.set(stepKeyOf(s), answer);
    return answer;
  }

  private static answerOf(s: ScheduledStep): StepOutcome {
    return s.kind === 'escalation'
      ? { outcome: 'sent', mails: 1, escalate: StubbedOffice.escalationOf(s) }
      : { outcome: 'sent', mails: 1 };
  }

  /** Keys of the steps runOfficeStep was called for, in order (a retried step appears once per attempt). */
  runKeys(): string[] {
    return this.calls.runOfficeStep.map((c) => c.key);
  }

  readonly activities = {
    loadOfficeSchedule: async (input: {
      campaignId: string;
      officeId: string;
      sinceMs: number;
      nowMs: number;
    }): Promise<OfficeSchedule> => {
      this.calls.loadOfficeSchedule.push({ sinceMs: input.sinceMs, nowMs: input.nowMs });
      const steps = this.plan
        .filter((s) => s.atMs >= input.sinceMs && !this.recorded.has(stepKeyOf(s)))
        .sort((a, b) => a.atMs - b.atMs);
      const deliveries = [...this.waiting.values()].sort((a, b) => a.deliverAtMs - b.deliverAtMs);
      return { steps, lastStepAtMs: steps.at(-1)?.atMs, deliveries };
    },
    sendCatchUpDigest: async (input: { campaignId: string; officeId: string; atMs: number }) => {
      this.calls.sendCatchUpDigest.push({ atMs: input.atMs });
      return { items: 0 };
    },
    runOfficeStep: async (input: OfficeStepInput): Promise<StepOutcome> => {
      const key = stepKeyOf(input.step);
      const call = { key, plannedAtMs: input.step.atMs, atMs: await this.env.currentTimeMs() };
      const earlier = this.recorded.get(key);
      if (earlier) {
        const waiting = input.deliverLater ? this.waiting.get(key) : undefined;
        const answer: StepOutcome = {
          outcome: 'already-done',
          mails: 0,
          ...(earlier.escalate ? { escalate: earlier.escalate } : {}),
          ...(waiting ? { deliverAtMs: waiting.deliverAtMs } : {}),
        };
        this.calls.runOfficeStep.push({ ...call, answer });
        return answer;
      }
      const deliverAtMs = this.deliverAt(input.step);
      let answer = StubbedOffice.answerOf(input.step);
      if (input.deliverLater && deliverAtMs > input.deliverLater.nowMs) {
        answer = { ...answer, outcome: 'deferred', mails: 0, deliverAtMs };
        this.waiting.set(key, { step: input.step, deliverAtMs });
      }
      this.recorded.set(key, answer);
      if (this.failAfterRecording.delete(key)) {
        this.calls.runOfficeStep.push({ ...call, answer: 'failed' });
        throw new Error(`deliberate test failure: worker lost after recording ${key}`);
      }
      this.calls.runOfficeStep.push({ ...call, answer });
      return answer;
    },
    deliverOfficeStep: async (input: OfficeStepInput & { deliverAtMs: number }): Promise<StepOutcome> => {
      const key = stepKeyOf(input.step);
      this.calls.deliverOfficeStep.push({ key, deliverAtMs: input.deliverAtMs, atMs: await this.env.currentTimeMs() });
      if (!this.waiting.delete(key)) return { outcome: 'already-done', mails: 0 };
      return { outcome: 'sent', mails: 1 };
    },
    startEscalation: async (input: EscalationStart) => {
      this.calls.startEscalation.push(input);
      const n = this.calls.startEscalation.length;
      return { escalationId: `escalation-${n}`, workflowId: `escalation/${input.campaignId}/${input.officeId}/${n}` };
    },
  } satisfies Pick<
    Activities,
    'loadOfficeSchedule' | 'sendCatchUpDigest' | 'runOfficeStep' | 'deliverOfficeStep' | 'startEscalation'
  >;
}

/** What an escalation's stubbed activities were asked, in order. */
export interface EscalationCalls {
  escalationNoticeDeliveryAt: { escalationId: string; trigger: 'raised' | 'climbed'; atMs: number }[];
  sendEscalationNotice: { escalationId: string; level: number; ackByMs: number; atMs: number }[];
  climbEscalation: { escalationId: string; level: number; atMs: number; ackByMs: number }[];
  settleEscalation: {
    escalationId: string;
    outcome: 'acknowledged' | 'unacknowledged';
    level: number;
    atMs: number;
    by?: string;
  }[];
}

/**
 * In-memory escalation activities: a climbed level gives the office `ackWindowMs` more to acknowledge; a level's
 * notice goes out `noticeDelayMs` after the level is reached (the delivery rule; 0: at once).
 */
export function stubbedEscalation(ackWindowMs: number, noticeDelayMs = 0) {
  const calls: EscalationCalls = {
    escalationNoticeDeliveryAt: [],
    sendEscalationNotice: [],
    climbEscalation: [],
    settleEscalation: [],
  };
  const activities = {
    escalationNoticeDeliveryAt: async (input: EscalationCalls['escalationNoticeDeliveryAt'][number]) => {
      calls.escalationNoticeDeliveryAt.push(input);
      return input.atMs + noticeDelayMs;
    },
    sendEscalationNotice: async (input: EscalationCalls['sendEscalationNotice'][number]) => {
      calls.sendEscalationNotice.push(input);
    },
    climbEscalation: async (input: { escalationId: string; level: number; atMs: number }) => {
      const ackByMs = input.atMs + ackWindowMs;
      calls.climbEscalation.push({ ...input, ackByMs });
      return ackByMs;
    },
    settleEscalation: async (input: EscalationCalls['settleEscalation'][number]) => {
      calls.settleEscalation.push(input);
    },
  } satisfies Pick<
    Activities,
    'escalationNoticeDeliveryAt' | 'sendEscalationNotice' | 'climbEscalation' | 'settleEscalation'
  >;
  return { calls, activities };
}
