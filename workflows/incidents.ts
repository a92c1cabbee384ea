import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { UncertainMailDigestInput } from './types.js';

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Waits for the end of the window in which mails of a campaign became uncertain, so a crash in a
 * fan-out gives the bureau one mail, then sends the digest.
 */
export async function uncertainMailDigestWorkflow(input: UncertainMailDigestInput): Promise<{ mails: number }> {
  const wait = input.reportAtMs - Date.now();
  if (wait > 0) await sleep(wait);
  return activities.sendUncertainMailDigest({ campaignId: input.campaignId, windowStartMs: input.windowStartMs });
}
