/** The rules of an office's ladder steps: which are still worth running, what they say, and why they escalate. */
import { isCommitmentComplete, type CommitmentStep } from './commitment.js';
import type { StepKind } from './ladder.js';
import {
  bureauEscalationMessage,
  overdueMessage,
  reminderMessage,
  type Language,
  type MailAction,
  type Message,
  type ObligationText,
} from './messages.js';
import type { ObligationKind, PlannedObligation } from './plan.js';

/** A reminder more than this far in the past when a schedule is (re)loaded is no longer worth sending. */
export const STALE_REMINDER_MS = 12 * 3_600_000;

export function isStaleReminder(step: { kind: StepKind; atMs: number }, nowMs: number): boolean {
  return step.kind === 'reminder' && step.atMs < nowMs - STALE_REMINDER_MS;
}

export function obligationText(o: PlannedObligation): ObligationText {
  return { titleZh: o.titleZh, titleEn: o.titleEn, dueDate: o.dueDate, hardDueDate: o.hardDueDate };
}

/** The mail of an office's own step: a reminder, an overdue notice, or the bureau's escalation notice. */
export function officeStepMessage(
  kind: StepKind,
  language: Language,
  text: ObligationText,
  officeName: string,
  action?: MailAction,
): Message {
  if (kind === 'reminder') return reminderMessage(language, text, officeName, action);
  if (kind === 'overdue') return overdueMessage(language, text, officeName, action);
  return bureauEscalationMessage(language, text, officeName, action);
}

/** Why an office is escalated to the bureau, in the office's language. */
export function escalationReason(obligation: PlannedObligation, language: Language): string {
  return language === 'en'
    ? `${obligation.titleEn} (due ${obligation.dueDate}) still missing after ${obligation.hardDueDate}`
    : `${obligation.titleZh}（截止${obligation.dueDate}）至${obligation.hardDueDate}仍未完成`;
}

/** What an enterprise has recorded, as far as its obligations are concerned. */
export type EnterpriseRecord = Record<CommitmentStep, Date | null> & {
  planSubmittedAt: Date | null;
  selfAssessmentSubmittedAt: Date | null;
  committedSelfAssessmentDate: string | null;
};

/**
 * Whether an enterprise still owes an enterprise obligation. A self-assessment is owed on the date the enterprise
 * committed to, or on `defaultSelfAssessmentDate` when it committed to none.
 */
export function enterpriseOwes(
  obligation: { kind: ObligationKind; nominalDueDate: string },
  record: EnterpriseRecord | undefined,
  defaultSelfAssessmentDate: string,
): boolean {
  switch (obligation.kind) {
    case 'enterprise-commitment':
      return !isCommitmentComplete(record);
    case 'enterprise-plan':
      return !record?.planSubmittedAt;
    case 'enterprise-self-assessment':
      return (
        (record?.committedSelfAssessmentDate ?? defaultSelfAssessmentDate) === obligation.nominalDueDate &&
        !record?.selfAssessmentSubmittedAt
      );
    default:
      return false;
  }
}
