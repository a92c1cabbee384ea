/** Shapes shared by workflows and activities. Pure types: safe to import from workflow code. */

export interface MailRequest {
  /** Idempotency key: one obligation, one step, one recipient. The same key is never sent twice. */
  key: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  language?: string;
  campaignId?: string;
  obligationKey?: string;
  step?: string;
  /**
   * The instant the mail was planned to go out (workflow time), kept in the log and the X-Campaign-Step-At header:
   * a reminder's step instant; an overdue notice's or escalation's delivery instant (domain/notice-delivery.ts).
   */
  scheduledForMs?: number;
}

export interface MailResult {
  key: string;
  /** uncertain: an earlier attempt died while handing it to SMTP; it is not sent again (see the mail log). */
  state: 'sent' | 'uncertain';
  messageId: string | null;
  /** True when an earlier attempt had already sent it: nothing went out this time. */
  alreadySent: boolean;
}

import type { StepKind } from '../domain/ladder.js';
export type { StepKind };

/** One ladder step an office workflow will wait for; instants are epoch ms (workflows have no time zone). */
export interface ScheduledStep {
  obligationKey: string;
  stepKey: string;
  kind: StepKind;
  responsible: 'office' | 'enterprise';
  atMs: number;
}

export interface OfficeSchedule {
  steps: ScheduledStep[];
  /** Nothing left to wait for after this instant (the workflow may end once steps run out). */
  lastStepAtMs: number | undefined;
  /**
   * Steps already recorded whose mails wait for their delivery instant (deadline notices delivered at the send
   * time), earliest first. Absent in schedules loaded before deferred delivery existed.
   */
  deliveries?: PendingDelivery[];
}

/** A recorded deadline step whose mails go out at `deliverAtMs` (domain/notice-delivery.ts). */
export interface PendingDelivery {
  step: ScheduledStep;
  deliverAtMs: number;
}

/** What an office workflow asks of runOfficeStep. */
export interface OfficeStepInput {
  campaignId: string;
  officeId: string;
  step: ScheduledStep;
  /**
   * Given by a workflow that delivers deadline notices at the send time: the step is recorded now and, when its
   * delivery instant lies after `nowMs` (workflow time), its mails wait for deliverOfficeStep (the answer's
   * `deliverAtMs`). Without it every mail goes out at once.
   */
  deliverLater?: { nowMs: number };
}

export interface StepOutcome {
  /**
   * already-done: an earlier attempt recorded the step (its workflow task did not complete); nothing is sent now.
   * deferred: the step is recorded and its mails wait for `deliverAtMs`.
   */
  outcome: 'sent' | 'skipped-closed' | 'skipped-none-open' | 'already-done' | 'deferred';
  mails: number;
  /**
   * Set when an office obligation passed its hard deadline: the workflow starts the escalation. A step run
   * again sets it too when its recorded run escalated, since the workflow never saw that first answer.
   */
  escalate?: { obligationKey: string; reason: string };
  /**
   * Set when the step was recorded and its mails wait for this instant (only when the workflow asked with
   * `deliverLater`): the workflow runs deliverOfficeStep then. A step run again sets it too while its mails wait.
   */
  deliverAtMs?: number;
}

export interface PhaseWindow {
  key: string;
  nameZh: string;
  nameEn: string;
  startAtMs: number;
  deadlineAtMs: number;
}

export interface CampaignOverview {
  campaignId: string;
  phases: PhaseWindow[];
  /** The last instant any office step is planned for: the campaign workflow stays until then. */
  endAtMs: number;
  officeCount: number;
}

export interface EscalationStart {
  campaignId: string;
  officeId: string;
  obligationKey?: string;
  origin: 'automatic' | 'manual';
  level: number;
  reason: string;
  /** Acknowledge by the end of this instant; undefined = the campaign's default working days after raising. */
  ackByMs?: number;
  /** When it is raised (workflow time). */
  raisedAtMs: number;
  /** Business key for manual escalations; automatic ones use the obligation key. */
  escalationKey?: string;
}

export interface EscalationWorkflowInput {
  escalationId: string;
  campaignId: string;
  officeId: string;
  level: number;
  ackByMs: number;
}

export { MAX_ESCALATION_LEVEL } from '../domain/workflow-safe/escalation-levels.js';

/** Reports the uncertain mails of a campaign to its bureau once the window they fell in has passed. */
export interface UncertainMailDigestInput {
  campaignId: string;
  windowStartMs: number;
  /** When to send the digest (epoch ms): the end of the window. */
  reportAtMs: number;
}
