import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const { sendMail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export interface DelayedMailInput {
  key: string;
  to: string;
  subject: string;
  text: string;
  /** How long to wait on a durable timer before sending, in milliseconds. */
  delayMs: number;
}

/** The walking skeleton's end-to-end path: a durable timer, then one idempotent mail. */
export async function delayedMailWorkflow(input: DelayedMailInput): Promise<{ sentAt: number; alreadySent: boolean }> {
  await sleep(input.delayMs);
  const result = await sendMail({ key: input.key, to: input.to, subject: input.subject, text: input.text });
  return { sentAt: Date.now(), alreadySent: result.alreadySent };
}
