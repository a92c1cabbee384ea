import { randomUUID } from 'node:crypto';
import { endOfLocalDay, localDateOf } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import type { TemporalDeps } from '../../infra/workflow-signals.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { ProblemError } from '../problem.js';
import { findEscalation, type EscalationRecord } from './escalation-record.js';
import { startEscalation } from './start-escalation.js';

export interface ManualEscalation {
  campaignId: string;
  officeId: string;
  level: number;
  reason: string;
  /** The local date (YYYY-MM-DD) to acknowledge by, at the end of that day; defaults to the plan's rule. */
  ackBy?: string | undefined;
  obligationKey?: string | undefined;
  /** Defaults to now. */
  raisedAtMs?: number;
}

/**
 * The bureau escalates an office by hand: 404 when the campaign or the office does not exist, 422 when the
 * acknowledge-by date has passed. Each manual escalation is a new one, with a workflow of its own.
 */
export async function raiseEscalation(
  deps: { db: PrismaClient; temporal: TemporalDeps },
  input: ManualEscalation,
): Promise<EscalationRecord> {
  const { db } = deps;
  const { campaignId, officeId } = input;
  await findCampaign(db, campaignId);
  if (!(await db.office.findUnique({ where: { id: officeId } }))) {
    throw new ProblemError(404, 'Not found', `office ${officeId} does not exist`);
  }
  const zone = (await loadPlan(db, campaignId)).template.timeZone;
  const now = input.raisedAtMs ?? Date.now();
  let ackByMs: number | undefined;
  if (input.ackBy) {
    if (input.ackBy < localDateOf(now, zone)) {
      throw new ProblemError(422, 'Invalid escalation', 'ackBy lies in the past', [
        { path: 'ackBy', message: 'must be today or later' },
      ]);
    }
    ackByMs = endOfLocalDay(input.ackBy, zone).ms;
  }
  const { escalationId } = await startEscalation(deps, {
    campaignId,
    officeId,
    origin: 'manual',
    level: input.level,
    reason: input.reason,
    raisedAtMs: now,
    escalationKey: `manual-${randomUUID()}`,
    ...(input.obligationKey ? { obligationKey: input.obligationKey } : {}),
    ...(ackByMs !== undefined ? { ackByMs } : {}),
  });
  return findEscalation(db, escalationId);
}
