import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { delayedMailWorkflow } from '../../workflows/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { productWorker, startTimeSkippingServer } from '../support/temporal.js';

describe('delayed mail on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let mailer: Mailer;

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([startTimeSkippingServer(), createTestDatabase(), MailCatcher.start()]);
    mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@test.local' });
  }, 120_000);

  afterAll(async () => {
    mailer?.close();
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  it('sends the mail only after a 45-day durable timer, in seconds of wall time', async () => {
    const worker = await productWorker(env, { taskQueue: 'sample-test', db: db.prisma, mailer });
    const wallStart = Date.now();
    const result = await worker.runUntil(async () => {
      const startedAt = await env.currentTimeMs();
      const handle = await env.client.workflow.start(delayedMailWorkflow, {
        taskQueue: 'sample-test',
        workflowId: 'sample-45-days',
        args: [{ key: 'sample:45d', to: 'office@test.local', subject: '提醒', text: '正文', delayMs: 45 * 86_400_000 }],
      });
      const outcome = await handle.result();
      return { outcome, startedAt };
    });
    expect(result.outcome.sentAt - result.startedAt).toBeGreaterThanOrEqual(45 * 86_400_000);
    expect(Date.now() - wallStart).toBeLessThan(30_000);
    const mails = await catcher.waitFor((m) => m.length >= 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ subject: '提醒', envelopeTo: ['office@test.local'] });
    const record = await db.prisma.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: 'sample:45d' } });
    expect(record.state).toBe('sent');
    expect(record.smtpResponse).toMatch(/^250/);
  }, 120_000);
});
