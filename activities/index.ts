import type { PrismaClient } from '../infra/db.js';
import type { Mailer } from '../infra/mailer.js';
import * as campaign from './campaign.js';
import { climbEscalation } from '../app/escalations/climb-escalation.js';
import { escalationNoticeDeliveryAt } from '../app/escalations/escalation-notice-delivery.js';
import { sendEscalationNotice } from '../app/escalations/send-escalation-notice.js';
import { settleEscalation } from '../app/escalations/settle-escalation.js';
import { startEscalation } from '../app/escalations/start-escalation.js';
import { sendUncertainMailDigest, uncertainMailReporter } from './incidents.js';
import { sendMailOnce } from '../app/mail/send-once.js';
import { deliverOfficeStep } from '../app/office-steps/deliver-office-step.js';
import { loadOfficeSchedule } from '../app/office-steps/load-office-schedule.js';
import { runOfficeStep } from '../app/office-steps/run-office-step.js';
import { sendCatchUpDigest } from '../app/office-steps/send-catch-up-digest.js';
import type { TemporalDeps } from '../infra/workflow-signals.js';
import type { EscalationStart, MailRequest, MailResult, OfficeStepInput } from '../workflows/types.js';

export interface ActivityDeps {
  db: PrismaClient;
  mailer: Mailer;
  temporal: TemporalDeps;
  /** The product's address as its users reach it (PUBLIC_URL): every mail links to the page where it is acted on. */
  publicUrl: string;
}

/** Thin activities: each one a data operation or one side effect, idempotent under retries. */
export function createActivities(activityDeps: ActivityDeps) {
  // Every mail an activity leaves uncertain is reported to the bureau.
  const deps = { ...activityDeps, reportUncertain: uncertainMailReporter(activityDeps.temporal) };
  return {
    sendUncertainMailDigest: (input: { campaignId: string; windowStartMs: number }) =>
      sendUncertainMailDigest(deps, input),
    sendMail: (mail: MailRequest): Promise<MailResult> => sendMailOnce(deps, mail),
    loadCampaignOverview: (input: { campaignId: string }) => campaign.loadCampaignOverview(deps, input),
    recordCampaignEvent: (input: {
      campaignId: string;
      atMs: number;
      kind: string;
      detail?: Record<string, unknown>;
    }) => campaign.recordCampaignEvent(deps, input),
    ensureOfficeWorkflows: (input: { campaignId: string }) => campaign.ensureOfficeWorkflows(deps, input),
    signalOfficeWorkflows: (input: { campaignId: string; signal: 'planChanged' }) =>
      campaign.signalOfficeWorkflows(deps, input),
    loadOfficeSchedule: (input: { campaignId: string; officeId: string; sinceMs: number; nowMs: number }) =>
      loadOfficeSchedule(deps, input),
    runOfficeStep: (input: OfficeStepInput) => runOfficeStep(deps, input),
    deliverOfficeStep: (input: OfficeStepInput & { deliverAtMs: number }) => deliverOfficeStep(deps, input),
    sendCatchUpDigest: (input: { campaignId: string; officeId: string; atMs: number }) =>
      sendCatchUpDigest(deps, input),
    startEscalation: (input: EscalationStart) => startEscalation(deps, input),
    sendEscalationNotice: (input: { escalationId: string; level: number; ackByMs: number; atMs: number }) =>
      sendEscalationNotice(deps, input),
    escalationNoticeDeliveryAt: (input: { escalationId: string; trigger: 'raised' | 'climbed'; atMs: number }) =>
      escalationNoticeDeliveryAt(deps, input),
    climbEscalation: (input: { escalationId: string; level: number; atMs: number }) => climbEscalation(deps, input),
    settleEscalation: (input: {
      escalationId: string;
      outcome: 'acknowledged' | 'unacknowledged';
      level: number;
      atMs: number;
      by?: string;
    }) => settleEscalation(deps, input),
  };
}

export type Activities = ReturnType<typeof createActivities>;
