import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { MAX_ESCALATION_LEVEL, type EscalationWorkflowInput } from './types.js';
import { MAIL_STEP_RETRY } from './mail-retry.js';
import { acknowledgeSignal, escalationStatusQuery, type EscalationStatus } from './definitions.js';

const activities = proxyActivities<Activities>({
  // A step sends a few mails; a worker that dies mid-step is replaced after this long.
  startToCloseTimeout: '1 minute',
  retry: MAIL_STEP_RETRY,
});

/**
 * An escalation of a late office: notice to the office head, wait for the acknowledgement until the
 * ack-by instant, climb one level (supervision notice → warning talk 约谈 → public circular 通报)
 * when none comes. Every level and the outcome are recorded.
 */
export async function escalationWorkflow(input: EscalationWorkflowInput): Promise<EscalationStatus> {
  let level = input.level;
  let ackByMs = input.ackByMs;
  let acknowledgedBy: string | undefined;
  let state: EscalationStatus['state'] = 'waiting';

  setHandler(acknowledgeSignal, ({ by }) => {
    acknowledgedBy ??= by;
  });
  setHandler(escalationStatusQuery, () => ({ level, ackByMs, state }));

  for (;;) {
    await activities.sendEscalationNotice({ escalationId: input.escalationId, level, ackByMs, atMs: Date.now() });
    const acknowledged = await condition(() => acknowledgedBy !== undefined, Math.max(ackByMs - Date.now(), 1));
    if (acknowledged) {
      state = 'acknowledged';
      await activities.settleEscalation({
        escalationId: input.escalationId,
        outcome: 'acknowledged',
        level,
        atMs: Date.now(),
        by: acknowledgedBy,
      });
      return { level, ackByMs, state };
    }
    if (level >= MAX_ESCALATION_LEVEL) {
      state = 'unacknowledged';
      await activities.settleEscalation({
        escalationId: input.escalationId,
        outcome: 'unacknowledged',
        level,
        atMs: Date.now(),
      });
      return { level, ackByMs, state };
    }
    level += 1;
    ackByMs = await activities.climbEscalation({ escalationId: input.escalationId, level, atMs: Date.now() });
  }
}
