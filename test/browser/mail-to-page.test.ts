import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import type { CaughtMail } from '../../dev/mail-catcher.js';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { loadConfig } from '../../infra/config.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { testApp, type TestApp } from '../support/app.js';
import { enforceStrictCsp, launchBrowser, watchPageErrors } from '../support/browser.js';
import { advanceTo, local, seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { productWorker, startTimeSkippingServer } from '../support/temporal.js';

const DESKTOP = { width: 1366, height: 768 };

/** The link a mail asks its reader to follow (the text part's 办理入口 / "Do it here" line). */
function linkOf(mail: CaughtMail): string {
  const link = /(?:办理入口：|Do it here: )(\S+)/.exec(mail.text)?.[1];
  if (!link) throw new Error(`no link in "${mail.subject}"`);
  return link;
}

/**
 * The whole path from a mail to the page it links to, on the real time-skipping server with the product's worker
 * and activities, the API listening on loopback, mail caught by a real SMTP server and pages in headless Chromium.
 */
describe('from a mail to the page it links to: a campaign on the real time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let api: TestApp;
  let worker: Worker;
  let running: Promise<void>;
  let seed: Seed;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const watched: ReturnType<typeof watchPageErrors>[] = [];
  const tokens = {} as { officeA: string; officeB: string };
  let reminderLink = '';
  /** The app's clock follows the test server's: its instant at the last advance plus the real time since. */
  const clock = { serverMs: 0, realMs: 0 };

  async function advance(toMs: number): Promise<void> {
    await advanceTo(env, toMs);
    clock.serverMs = await env.currentTimeMs();
    clock.realMs = Date.now();
  }

  /** Mail to `to` that satisfies `matching`, waiting (real time) for the worker to send it. */
  async function mailTo(to: string, matching: (mail: CaughtMail) => boolean): Promise<CaughtMail> {
    for (let i = 0; i < 100; i++) {
      const found = catcher.messages().find((m) => m.envelopeTo.includes(to) && matching(m));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(
      `no mail to ${to}; caught: ${catcher
        .messages()
        .map((m) => m.subject)
        .join(' | ')}`,
    );
  }

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([
      startTimeSkippingServer({ startAt: '2024-03-26T16:00:00Z' }), // 2024-03-27 00:00 in Anxi
      createTestDatabase(),
      MailCatcher.start(),
    ]);
    clock.serverMs = await env.currentTimeMs();
    clock.realMs = Date.now();
    mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@county.test' });
    const config = loadConfig({});
    api = await testApp({
      config,
      db,
      temporal: env.client,
      mailer,
      clock: () => clock.serverMs + (Date.now() - clock.realMs),
    });
    seed = await seedCampaign(db.prisma, { offices: { A: 'zh-CN', B: 'zh-CN' }, enterprises: { A1: 'A' } });
    tokens.officeA = (
      await createToken(db.prisma, { name: 'A 联络员', role: 'office-staff', officeId: seed.offices.A!.id })
    ).token;
    tokens.officeB = (
      await createToken(db.prisma, { name: 'B 所长', role: 'office-staff', officeId: seed.offices.B!.id })
    ).token;
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    worker = await productWorker(env, {
      taskQueue: config.temporal.taskQueue,
      db: db.prisma,
      mailer,
      publicUrl: base,
    });
    running = worker.run();
    const started = await api.call({ method: 'POST', url: `/campaigns/${seed.campaignId}/start` });
    expect(started.statusCode, started.body).toBeLessThan(300);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    await api?.app.close();
    mailer?.close();
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  async function openPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    await enforceStrictCsp(context, base);
    const page = await context.newPage();
    watched.push(watchPageErrors(page));
    return page;
  }

  /** Opens the address; signs in with the token when the page asks for one. */
  async function open(page: Page, url: string, token: string): Promise<void> {
    await page.goto(url);
    await page.locator('body[data-state="signed-out"], body[data-state="ready"]').waitFor({ timeout: 20_000 });
    if (await page.locator('#token-input').isVisible()) {
      await page.locator('#token-input').fill(token);
      await page.locator('#sign-in-button').click();
    }
    await page.locator('body[data-state="ready"]').waitFor({ timeout: 20_000 });
  }

  it('sends the March report reminder with a link to that office’s report form for March', async () => {
    await advance(local('2024-03-29T10:00'));
    const reminder = await mailTo(
      'a.contact@office.test',
      (m) => m.headers['x-campaign-obligation'] === 'monthly-report:2024-03',
    );
    expect(linkOf(reminder)).toBe(
      `${base}/app/report?campaign=${seed.campaignId}&office=${seed.offices.A!.id}&period=2024-03`,
    );
    expect(reminder.html).toContain('办理入口');
    reminderLink = linkOf(reminder);
  });

  it("the office follows the reminder's link and sends the March report from the form (a refusal shown at its cell, then fixed); no overdue notice follows and the board counts it on time", async () => {
    const page = await openPage();
    const errors = watched.at(-1)!;
    await open(page, reminderLink, tokens.officeA);
    const total = 'annex3.enterprises.total';
    for (const input of await page.locator('#report-form input.cell-input').all()) {
      await input.fill((await input.getAttribute('data-path')) === total ? '1' : '0');
    }
    await page.locator('[data-path="summary"]').setInputFiles({
      name: '三月工作总结.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    errors.expectStatus(422);
    await page.locator('#submit-tables').click();
    await page.locator(`.field-error[data-error-for="${total}"]`).waitFor({ timeout: 20_000 });

    await page.locator(`input[data-path="${total}"]`).fill('0');
    await page.locator('[data-path="summary"]').setInputFiles({
      name: '三月工作总结.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await page.locator('#submit-tables').click();
    await page.locator('body[data-state="ready"] #status-line', { hasText: '已提交第1版（按时）' }).waitFor({
      timeout: 20_000,
    });

    // Past the due day and the hard deadline: the closed obligation sends nothing more.
    await advance(local('2024-04-08T12:00'));
    const after = catcher
      .messages()
      .filter(
        (m) =>
          m.headers['x-campaign-obligation'] === 'monthly-report:2024-03' &&
          m.envelopeTo.includes('a.contact@office.test') &&
          m.headers['x-campaign-step'] !== 'reminder-3wd',
      );
    expect(after.map((m) => `${m.headers['x-campaign-step']}: ${m.subject}`)).toEqual([]);

    // The board shows office A's March report on time.
    const board = await openPage();
    await open(board, `${base}/board?campaign=${seed.campaignId}`, api.bureauToken);
    const cell = board.locator(`#grid td[data-office="${seed.offices.A!.id}"][data-month="2024-03"]`);
    expect(await cell.getAttribute('data-status')).toBe('on-time');
    expect(errors.errors).toEqual([]);
  });

  it('the bureau escalates an office in the browser; its head acknowledges from the notice’s link, and it never climbs', async () => {
    const bureau = await openPage();
    const officeB = seed.offices.B!.id;
    await open(bureau, `${base}/app/office?campaign=${seed.campaignId}&office=${officeB}`, api.bureauToken);
    const form = bureau.locator('#escalate-form');
    await form.locator('[data-path="level"]').selectOption('2');
    await form.locator('[data-path="reason"]').fill('3月工作推进迟缓');
    await form.locator('[data-path="ackBy"]').fill('2024-04-12');
    await form.locator('button[type="submit"]').click();
    await bureau
      .locator('body[data-state="ready"] #status-line', { hasText: '已发出督办通知' })
      .waitFor({ timeout: 20_000 });
    const escalation = await db.prisma.escalation.findFirstOrThrow({
      where: { officeId: officeB, origin: 'manual' },
    });

    // The escalation's own workflow sends the notice to the office head, linking to this escalation.
    // (Office B never sent March either: its automatic escalations have notices of their own.)
    const notice = await mailTo('b.head@office.test', (m) => m.text.includes(`id=${escalation.id}`));
    const link = linkOf(notice);
    expect(link).toBe(`${base}/app/escalation?campaign=${seed.campaignId}&office=${officeB}&id=${escalation.id}`);

    const head = await openPage();
    await open(head, link, tokens.officeB);
    await head.locator('#acknowledge').click();
    await head.locator('#acknowledged-by').waitFor({ timeout: 20_000 });
    const stored = await db.prisma.escalation.findUniqueOrThrow({ where: { id: escalation.id } });
    expect(stored).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'B 所长' });

    // Past the ack-by date nothing climbs: the workflow ended with the acknowledgement.
    await advance(local('2024-04-16T12:00'));
    const climbs = catcher
      .messages()
      .filter((m) => m.text.includes(`id=${escalation.id}`) && m.headers['x-campaign-step'] !== 'escalation-level-2');
    expect(climbs.map((m) => m.subject)).toEqual([]);
    const description = await env.client.workflow.getHandle(escalation.workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
    for (const w of watched) expect(w.errors).toEqual([]);
  });
});
