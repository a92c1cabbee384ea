import type { Client } from '@temporalio/client';
import { daysBetween, localDateOf, phaseAt, type PlannedPhase } from '../../domain/index.js';
import { phaseTimingAt } from '../../domain/workflow-safe/phase-windows.js';
import type { PrismaClient } from '../../infra/db.js';
import { campaignStatusQuery } from '../../workflows/definitions.js';
import { ProblemError } from '../problem.js';
import { loadPlan, planStampSql } from './plan-store.js';

/** Where a warning goes when the running workflow did not answer (the request's logger). */
export interface WarningLog {
  warn(details: { err: unknown }, message: string): void;
}

export interface PhaseState {
  key: string;
  nameZh: string;
  nameEn: string;
  startAt: string;
  deadline: string;
  deadlineAt: string;
  state: 'upcoming' | 'current' | 'ended';
  /** Local days from `today` to the deadline day, negative once passed. */
  daysLeft: number;
}

export interface CampaignPhaseStatus {
  campaignId: string;
  status: string;
  /** workflow = answered by the running campaign workflow; plan = computed from the plan. */
  source: 'workflow' | 'plan';
  /** A phase key, not-started or finished. */
  currentPhase: string;
  today: string;
  phases: PhaseState[];
}

function phaseState(phase: PlannedPhase, atMs: number, today: string): PhaseState {
  return {
    key: phase.key,
    nameZh: phase.nameZh,
    nameEn: phase.nameEn,
    startAt: phase.startAt,
    deadline: phase.deadline,
    deadlineAt: phase.deadlineAt,
    state: phaseTimingAt(phase, atMs),
    daysLeft: daysBetween(today, phase.deadline),
  };
}

/**
 * The campaign's current phase and each phase with its deadline and days left, at `atMs`. When `atMs` is now
 * and the campaign runs, its workflow answers which phase it is in; otherwise (or when no worker answers) the
 * plan does. 404 if the campaign is missing.
 */
export async function getCampaignStatus(
  deps: { db: PrismaClient; client: Client; log: WarningLog },
  input: { campaignId: string; atMs: number; isNow: boolean },
): Promise<CampaignPhaseStatus> {
  // One round trip: the campaign's state and its plan's stamp (the plan itself is cached per version).
  const [campaign] = await deps.db.$queryRaw<
    { id: string; status: string; workflowId: string | null; stamp: string }[]
  >`
    SELECT c."id", c."status", c."workflowId", ${planStampSql(input.campaignId)} AS stamp
    FROM "Campaign" c WHERE c."id" = ${input.campaignId}`;
  if (!campaign) throw new ProblemError(404, 'Not found', `campaign ${input.campaignId} does not exist`);
  const loaded = await loadPlan(deps.db, campaign.id, campaign.stamp);
  let source: 'workflow' | 'plan' = 'plan';
  let currentPhase: string = phaseAt(loaded.plan, input.atMs);
  if (campaign.status === 'running' && campaign.workflowId && input.isNow) {
    try {
      const answer = await deps.client.workflow.getHandle(campaign.workflowId).query(campaignStatusQuery);
      // The workflow wakes at every phase boundary, so its answer is the phase; "today" stays the real day.
      source = 'workflow';
      currentPhase = answer.currentPhase;
    } catch (error) {
      // No worker has answered yet (e.g. it is still starting): the plan gives the same phase.
      deps.log.warn({ err: error }, 'campaign workflow did not answer the status query');
    }
  }
  const today = localDateOf(input.atMs, loaded.template.timeZone);
  return {
    campaignId: campaign.id,
    status: campaign.status,
    source,
    currentPhase,
    today,
    phases: loaded.plan.phases.map((phase) => phaseState(phase, input.atMs, today)),
  };
}
