import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { Logger } from 'pino';

/** The HTTP request being served, so code far from the route can tag its log lines with its ID. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Logs every workflow the API starts or signals with its workflow ID and the ID of the request that
 * did it: the line an operator needs to go from a staff member's complaint to the workflow's history.
 */
export function workflowCallLogger(logger: Logger): WorkflowClientInterceptor {
  const log = logger.child({ component: 'temporal-client' });
  const requestId = () => requestContext.getStore()?.requestId;
  return {
    async startWithDetails(input, next) {
      const output = await next(input);
      log.info(
        { workflowId: input.options.workflowId, workflowType: input.workflowType, requestId: requestId() },
        'workflow started',
      );
      return output;
    },
    async signal(input, next) {
      await next(input);
      log.info(
        { workflowId: input.workflowExecution.workflowId, signal: input.signalName, requestId: requestId() },
        'workflow signalled',
      );
    },
  };
}
