import { randomUUID } from 'node:crypto';
import type { TemporalDeps } from '../../infra/workflow-signals.js';
import { delayedMailWorkflow } from '../../workflows/index.js';

/** Starts the sample workflow: a durable timer, then one mail, showing that timers and delivery work. */
export async function startSampleMail(
  deps: { temporal: TemporalDeps },
  input: { to: string; delaySeconds: number },
): Promise<{ workflowId: string }> {
  const workflowId = `sample-mail-${randomUUID()}`;
  await deps.temporal.client.workflow.start(delayedMailWorkflow, {
    taskQueue: deps.temporal.taskQueue,
    workflowId,
    args: [
      {
        key: workflowId,
        to: input.to,
        subject: '【示例】专项行动提醒邮件 / Sample campaign reminder',
        text: '这是一封示例邮件：系统的定时器与邮件通道工作正常。\nThis sample mail shows that timers and mail delivery work.',
        delayMs: input.delaySeconds * 1000,
      },
    ],
  });
  return { workflowId };
}
