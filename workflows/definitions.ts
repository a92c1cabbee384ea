import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ScheduledStep } from './types.js';

/** Workflow IDs come from business keys, so a duplicate start is refused by Temporal itself. */
export const workflowIds = {
  campaign: (campaignId: string) => `campaign/${campaignId}`,
  office: (campaignId: string, officeId: string) => `office/${campaignId}/${officeId}`,
  escalation: (campaignId: string, officeId: string, key: string) => `escalation/${campaignId}/${officeId}/${key}`,
  uncertainMailDigest: (campaignId: string, windowStartMs: number) => `uncertain-mails/${campaignId}/${windowStartMs}`,
};

/** The plan changed (edited deadline, approved extension, new enterprise dates): recompute timers. */
export const planChangedSignal = defineSignal('planChanged');
/** An obligation was fulfilled: drop its remaining ladder steps at once. */
export const obligationClosedSignal = defineSignal<[{ obligationKey: string }]>('obligationClosed');
/** Offices were added to the organisation: make sure each has its workflow. */
export const officesChangedSignal = defineSignal('officesChanged');
/** The office head acknowledged an escalation. */
export const acknowledgeSignal = defineSignal<[{ by: string }]>('acknowledge');

export interface PhaseState {
  key: string;
  nameZh: string;
  nameEn: string;
  startAt: number;
  deadlineAt: number;
  state: 'upcoming' | 'current' | 'ended';
}

export interface CampaignStatus {
  campaignId: string;
  currentPhase: string;
  phases: PhaseState[];
  /** Workflow time at which this answer was computed (epoch ms). */
  asOf: number;
}

export const campaignStatusQuery = defineQuery<CampaignStatus>('status');

export interface OfficeWorkflowStatus {
  nextSteps: ScheduledStep[];
  executed: number;
}

export const officeStatusQuery = defineQuery<OfficeWorkflowStatus>('officeStatus');

export interface EscalationStatus {
  level: number;
  ackByMs: number;
  state: 'waiting' | 'acknowledged' | 'unacknowledged';
}

export const escalationStatusQuery = defineQuery<EscalationStatus>('escalationStatus');
