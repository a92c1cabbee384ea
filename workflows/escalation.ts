import { condition, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { MAX_ESCALATION_LEVEL, type EscalationWorkflowInput } from './types.js';
import { MAIL_STEP_RETRY } from './mail-retry.js';
import { acknowledgeSignal, escalationStatusQuery, type EscalationStatus } from './definitions.js';
import { DELIVER_DEADLINE_NOTICES_AT_SEND_TIME } from './patches.js';

const activities = proxyActivities<Activities>({
  // A step sends a few mails; a worker that dies mid-step is replaced after this long.
  startToCloseTimeout: '1 minute',
  retry: MAIL_STEP_RETRY,
});

/**
 * An escalation of a late office: notice to the office head, wait for the acknowledgement until the
 * ack-by instant, climb one level (supervision notice → warning talk 约谈 → public circular 通报)
 * when none comes. Every level and the outcome are recorded at their instant; the notice of a level reached at a
 * deadline (raised automatically at the hard deadline, or climbed) goes out at its delivery instant (the send time
 * of the next working day, by default), and goes out even when the head acknowledges before it: the level stands.
 */
export async function escalationWorkflow(input: EscalationWorkflowInput): Promise<EscalationStatus> {
  const { escalationId } = input;
  let level = input.level;
  let ackByMs = input.ackByMs;
  let acknowledgedBy: string | undefined;
  let state: EscalationStatus['state'] = 'waiting';
  let trigger: 'raised' | 'climbed' = 'raised';

  setHandler(acknowledgeSignal, ({ by }) => {
    acknowledgedBy ??= by;
  });
  setHandler(escalationStatusQuery, () => ({ level, ackByMs, state }));

  const settle = async (outcome: 'acknowledged' | 'unacknowledged') => {
    state = outcome;
    await activities.settleEscalation({
      escalationId,
      outcome,
      level,
      atMs: Date.now(),
      ...(outcome === 'acknowledged' ? { by: acknowledgedBy } : {}),
    });
  };
  /**
   * The notice of the level reached, at its delivery instant. An acknowledgement while it waits is settled at once;
   * the notice still goes out at its instant. Returns whether the escalation was settled meanwhile.
   */
  const noticeAtDeliveryInstant = async (): Promise<boolean> => {
    const deliverAtMs = await activities.escalationNoticeDeliveryAt({ escalationId, trigger, atMs: Date.now() });
    let settled = false;
    if (deliverAtMs > Date.now() && (await condition(() => acknowledgedBy !== undefined, deliverAtMs - Date.now()))) {
      await settle('acknowledged');
      settled = true;
      if (deliverAtMs > Date.now()) await sleep(deliverAtMs - Date.now());
    }
    await activities.sendEscalationNotice({ escalationId, level, ackByMs, atMs: deliverAtMs });
    return settled;
  };

  for (;;) {
    if (patched(DELIVER_DEADLINE_NOTICES_AT_SEND_TIME)) {
      if (await noticeAtDeliveryInstant()) return { level, ackByMs, state };
    } else {
      await activities.sendEscalationNotice({ escalationId, level, ackByMs, atMs: Date.now() });
    }
    const acknowledged = await condition(() => acknowledgedBy !== undefined, Math.max(ackByMs - Date.now(), 1));
    if (acknowledged) {
      await settle('acknowledged');
      return { level, ackByMs, state };
    }
    if (level >= MAX_ESCALATION_LEVEL) {
      await settle('unacknowledged');
      return { level, ackByMs, state };
    }
    level += 1;
    ackByMs = await activities.climbEscalation({ escalationId, level, atMs: Date.now() });
    trigger = 'climbed';
  }
}
