import { asyncLocalStorage } from '@temporalio/activity';

/**
 * A line in the worker's JSON log through the running activity's logger, which adds the workflow ID,
 * run ID and activity type; silent outside an activity (a bureau's manual resend through the API).
 * Subjects and texts stay in the mail log; a line carries the mail's key (obligation, step, recipient).
 */
export function activityLog(level: 'info' | 'warn', message: string, meta: Record<string, unknown>): void {
  asyncLocalStorage.getStore()?.log[level](message, meta);
}
