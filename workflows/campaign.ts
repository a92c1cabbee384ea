import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { phaseKeyAt, phaseTimingAt } from '../domain/workflow-safe/phase-windows.js';
import type { Activities } from '../activities/index.js';
import type { CampaignOverview, PhaseWindow } from './types.js';
import {
  campaignStatusQuery,
  officesChangedSignal,
  planChangedSignal,
  type CampaignStatus,
  type PhaseState,
} from './definitions.js';

const activities = proxyActivities<Activities>({
  // Starting or signalling a thousand office workflows takes a while; the heartbeat tells the worker is alive.
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export interface CampaignWorkflowInput {
  campaignId: string;
  /** Set by continue-as-new: office workflows were already started by an earlier run. */
  officesStarted?: boolean;
}

/** The phase an instant falls in (the rule is domain/workflow-safe/phase-windows.ts). */
export const phaseAtInstant = phaseKeyAt;

function phaseStates(phases: PhaseWindow[], atMs: number): PhaseState[] {
  return phases.map((p) => ({
    key: p.key,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    startAt: p.startAtMs,
    deadlineAt: p.deadlineAtMs,
    state: phaseTimingAt(p, atMs),
  }));
}

/**
 * One per campaign: makes sure every office's workflow runs, walks the five phases on durable timers
 * (recording each phase change), answers the status query and passes plan changes on to the offices.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<void> {
  const { campaignId } = input;
  let overview: CampaignOverview = await activities.loadCampaignOverview({ campaignId });
  let planChanged = false;
  let officesChanged = false;

  setHandler(campaignStatusQuery, (): CampaignStatus => ({
    campaignId,
    currentPhase: phaseAtInstant(overview.phases, Date.now()),
    phases: phaseStates(overview.phases, Date.now()),
    asOf: Date.now(),
  }));
  setHandler(planChangedSignal, () => {
    planChanged = true;
  });
  setHandler(officesChangedSignal, () => {
    officesChanged = true;
  });

  if (!input.officesStarted) {
    await activities.recordCampaignEvent({
      campaignId,
      atMs: Date.now(),
      kind: 'started',
      detail: { phase: phaseAtInstant(overview.phases, Date.now()) },
    });
    await activities.ensureOfficeWorkflows({ campaignId });
  }

  let announced = phaseAtInstant(overview.phases, Date.now());
  for (;;) {
    const now = Date.now();
    const nextBoundary = [...overview.phases.flatMap((p) => [p.startAtMs, p.deadlineAtMs]), overview.endAtMs]
      .filter((t) => t > now)
      .sort((a, b) => a - b)[0];
    if (nextBoundary === undefined) break;
    const woken = await condition(() => planChanged || officesChanged, nextBoundary - now);
    if (woken) {
      if (planChanged) {
        planChanged = false;
        overview = await activities.loadCampaignOverview({ campaignId });
        await activities.recordCampaignEvent({ campaignId, atMs: Date.now(), kind: 'plan-changed' });
        await activities.signalOfficeWorkflows({ campaignId, signal: 'planChanged' });
      }
      if (officesChanged) {
        officesChanged = false;
        await activities.ensureOfficeWorkflows({ campaignId });
      }
    }
    const phase = phaseAtInstant(overview.phases, Date.now());
    if (phase !== announced) {
      announced = phase;
      await activities.recordCampaignEvent({ campaignId, atMs: Date.now(), kind: 'phase', detail: { phase } });
    }
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof campaignWorkflow>({ campaignId, officesStarted: true });
    }
  }
  await activities.recordCampaignEvent({ campaignId, atMs: Date.now(), kind: 'finished' });
}
