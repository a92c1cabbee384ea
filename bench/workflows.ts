// Bench-only workflow code (bundled for the baseline worker, never registered by the product).
import { sleep } from '@temporalio/workflow';

/** The go-live baseline: the cheapest workflow that starts and then waits on one durable timer. */
export async function benchSleepWorkflow(): Promise<void> {
  await sleep('1 day');
}
