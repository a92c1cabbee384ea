import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { startCampaign } from '../../app/campaigns/start-campaign.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { recordHistories } from './histories.js';
import { productWorker, startTimeSkippingServer } from './temporal.js';

/** Everything a workflow test runs on: the real time-skipping server, a database, an SMTP catcher. */
export interface Harness {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  catcher: MailCatcher;
  mailer: Mailer;
  taskQueue: string;
  /** A worker with the production workflows and activities on this harness (through `connection` if given). */
  createWorker(connection?: NativeConnection): Promise<Worker>;
  /** Starts a campaign's workflow as the API's start route does. */
  startCampaign(campaignId: string): Promise<void>;
  dispose(): Promise<void>;
}

export async function startHarness(options: { taskQueue: string; startAt?: string }): Promise<Harness> {
  const [env, db, catcher] = await Promise.all([
    startTimeSkippingServer(options.startAt ? { startAt: options.startAt } : {}),
    createTestDatabase(),
    MailCatcher.start(),
  ]);
  const mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@county.test' });
  const { taskQueue } = options;
  return {
    env,
    db,
    catcher,
    mailer,
    taskQueue,
    async createWorker(connection) {
      return productWorker(env, { taskQueue, db: db.prisma, mailer, ...(connection ? { connection } : {}) });
    },
    async startCampaign(campaignId) {
      await startCampaign({ db: db.prisma, temporal: { client: env.client, taskQueue } }, campaignId);
    },
    async dispose() {
      await recordHistories(taskQueue.replace(/-test$/, ''), env.client, db.prisma);
      mailer.close();
      await Promise.all([env.teardown(), db.dispose(), catcher.close()]);
    },
  };
}
