import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { startCampaign } from '../../app/campaigns/start-campaign.js';
import { loadPlan } from '../../app/campaigns/plan-store.js';
import { obligationsOfOffice } from '../../app/campaigns/office-obligations.js';
import { workflowIds } from '../../workflows/definitions.js';
import { advanceTo, local, plannedMailKeys, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { killHard, spawnProduct, type SpawnedProduct } from '../support/realtime.js';
import { StickyQueueRelay } from '../support/sticky-queues.js';
import { startTimeSkippingServer } from '../support/temporal.js';
import { compareKeys } from './support.js';

const TASK_QUEUE = 'worker-kills-year-test';
/** Between the day's steps (sent at 09:00 local), on working days and weekends, in every phase of the year. */
const KILLS = [
  '2024-03-08T14:20:30',
  '2024-04-27T03:05:30',
  '2024-06-14T16:45:30',
  '2024-08-30T11:10:30',
  '2024-10-12T22:00:30',
  '2024-12-20T13:30:30',
];
const YEAR_END = '2025-01-14T12:00';

/**
 * The product's worker process killed with SIGKILL six times across the 2024 campaign year on the time-skipping
 * server, each time replaced by a new process. The workers connect through a StickyQueueRelay, which hands a dead
 * worker's sticky queue back to the normal queue as the real server does after its schedule-to-start timeout (the
 * time-skipping server never does). No office obligation is done, so every one runs its whole ladder up to its
 * escalation.
 */
describe('the worker killed six times across a simulated year', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let relay: StickyQueueRelay;
  let seed: Seed;
  const workers: SpawnedProduct[] = [];

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([
      startTimeSkippingServer({ startAt: '2024-02-27T16:00:00Z' }), // 2024-02-28 00:00 local
      createTestDatabase(),
      MailCatcher.start(),
    ]);
    relay = await StickyQueueRelay.start(env, TASK_QUEUE);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => killHard(w.child)));
    relay?.close();
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  async function startWorker(): Promise<void> {
    const worker = spawnProduct({
      TEMPORAL_ADDRESS: relay.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATABASE_URL: db.url,
      SMTP_URL: catcher.url,
    });
    workers.push(worker);
    await worker.ready;
  }

  it('sends every planned mail exactly once and escalates every obligation past its hard deadline', async () => {
    seed = await seedCampaign(db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN', C: 'en' },
      enterprises: { A1: 'A', B1: 'B', C1: 'C' },
    });
    const startMs = await env.currentTimeMs();
    await startWorker();
    await startCampaign({ db: db.prisma, temporal: { client: env.client, taskQueue: TASK_QUEUE } }, seed.campaignId);

    const started = Date.now();
    for (const wallTime of KILLS) {
      await advanceTo(env, local(wallTime));
      await killHard(workers.at(-1)!.child);
      relay.retire();
      await startWorker();
    }
    const endMs = local(YEAR_END);
    await advanceTo(env, endMs);
    const yearSeconds = Math.round((Date.now() - started) / 1000);

    const offices = Object.values(seed.offices);
    const planned = await plannedMailKeys(db.prisma, seed.campaignId, offices, startMs, endMs);
    const ladderMails = catcher.messages().filter((m) => !m.headers['x-campaign-step']?.startsWith('escalation-level'));
    const { duplicates, missing, received } = compareKeys(planned, ladderMails);
    const allKeys = compareKeys([], catcher.messages());

    // An office's own obligation past its hard deadline raises an escalation (督办 → 约谈 → 通报); an enterprise
    // digest's escalation is its mail to the office head and the bureau, among the planned mails above.
    const loaded = await loadPlan(db.prisma, seed.campaignId);
    const pastHardDeadline: string[] = [];
    for (const office of offices) {
      for (const o of await obligationsOfOffice(db.prisma, loaded, seed.campaignId, office.id)) {
        const escalation = o.steps.find((s) => s.kind === 'escalation');
        if (o.responsible === 'office' && escalation && escalation.atMs <= endMs) {
          pastHardDeadline.push(`${office.id}|${o.key}`);
        }
      }
    }
    const escalated = new Set(
      (
        await db.prisma.escalation.findMany({
          where: { campaignId: seed.campaignId, origin: 'automatic' },
          select: { officeId: true, obligationKey: true },
        })
      ).map((e) => `${e.officeId}|${e.obligationKey}`),
    );
    const unescalated = pastHardDeadline.filter((k) => !escalated.has(k));

    console.log(
      `worker kills across a year: kills ${KILLS.length}, workers ${workers.length}, sticky tasks released ` +
        `${relay.released}; mails planned ${planned.length}, received ${received.length} (all mails ` +
        `${allKeys.received.length}), duplicates ${allKeys.duplicates.length}, missing ${missing.length}; ` +
        `office obligations past their hard deadline ${pastHardDeadline.length}, escalated ${pastHardDeadline.length - unescalated.length}; ` +
        `the year ran in ${yearSeconds} s`,
    );
    expect(planned.length).toBeGreaterThan(100);
    expect(duplicates).toEqual([]);
    expect(allKeys.duplicates).toEqual([]);
    expect(missing).toEqual([]);
    expect(pastHardDeadline.length).toBeGreaterThan(0);
    expect(unescalated).toEqual([]);
    expect(relay.released, 'the kills left tasks on a dead worker’s sticky queue').toBeGreaterThan(0);
    for (const office of offices) {
      const d = await env.client.workflow.getHandle(workflowIds.office(seed.campaignId, office.id)).describe();
      expect(['RUNNING', 'COMPLETED'], office.code).toContain(d.status.name);
    }
  }, 600_000);
});
