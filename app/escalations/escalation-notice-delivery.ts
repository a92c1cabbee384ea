import { deadlineNoticeDelivery } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { loadPlan } from '../campaigns/plan-store.js';

/**
 * When the notice of an escalation's level goes out (epoch ms), for a level that stands from `atMs`. A level reached
 * at a deadline — an automatic escalation raised at the hard deadline, a climb at the end of the acknowledge-by
 * day — is mailed by the delivery rule (domain/notice-delivery.ts: the send time of the next working day, unless the
 * campaign chose immediate delivery); an escalation the bureau raises by hand is mailed as it is raised.
 * The delivery instant may be a moment past (see STEP_RUN_GRACE_MS): the workflow then mails at once.
 */
export async function escalationNoticeDeliveryAt(
  deps: { db: PrismaClient },
  input: { escalationId: string; trigger: 'raised' | 'climbed'; atMs: number },
): Promise<number> {
  const { db } = deps;
  const escalation = await db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  if (input.trigger === 'raised' && escalation.origin === 'manual') return input.atMs;
  const { template, calendar } = await loadPlan(db, escalation.campaignId);
  return deadlineNoticeDelivery(input.atMs - STEP_RUN_GRACE_MS, template.ladder, calendar, template.timeZone).atMs;
}

/**
 * How long after its instant a step may still be running. A level that stands from within this time after a send
 * time is mailed at once, not on the next working day: a supervision escalation is planned at the send time itself
 * (domain/supervision/obligations.ts), so it is raised a moment after it.
 */
const STEP_RUN_GRACE_MS = 15 * 60 * 1000;
