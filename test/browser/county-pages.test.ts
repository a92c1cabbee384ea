import type { Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import { emptyMonthlyTables } from '../../domain/reports/index.js';
import { loadConfig } from '../../infra/config.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { multipartBody, testApp, type TestApp } from '../support/app.js';
import { enforceStrictCsp, launchBrowser, watchPageErrors } from '../support/browser.js';
import { seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

/** The API answers as of this instant (local Asia/Shanghai time): March's report is due at the end of 2024-04-02. */
const NOW = '2024-04-01T10:00:00+08:00';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** The smallest file the API takes as a PDF (judged by its content), as the reports API tests send. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const DUE_DAY = 'template.monthlyReport.dueDayOfNextMonth';
const HARD_DAY = 'template.monthlyReport.hardDayOfNextMonth';

/** Temporal as far as these pages reach it: signals (a plan changed, an obligation closed, an extension decided). */
function recordingTemporal(): { client: Client; signalled: string[] } {
  const signalled: string[] = [];
  const client = {
    workflow: {
      start: () => Promise.reject(new Error('no workflow starts from the county pages')),
      getHandle: (workflowId: string) => ({
        signal: (signal: { name?: string } | string) => {
          signalled.push(`${workflowId} ${typeof signal === 'string' ? signal : (signal.name ?? '')}`);
          return Promise.resolve();
        },
      }),
    },
  } as unknown as Client;
  return { client, signalled };
}

interface StoredCampaign {
  template: { monthlyReport: { dueDayOfNextMonth: number; hardDayOfNextMonth: number } };
}
interface StoredExtension {
  id: string;
  officeId: string;
  status: string;
  decidedBy: string | null;
}

describe('the campaign settings page and the county reports page in headless Chromium', () => {
  let db: TestDatabase;
  let mailer: Mailer;
  let api: TestApp;
  let seed: Seed;
  let base: string;
  let browser: Browser;
  let temporal: ReturnType<typeof recordingTemporal>;
  const contexts: BrowserContext[] = [];
  const watched: ReturnType<typeof watchPageErrors>[] = [];
  const tokens = {} as { T01: string; T02: string; viewer: string };
  let bureau: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'bureau@test.local' });
    temporal = recordingTemporal();
    api = await testApp({
      config: loadConfig({}),
      db,
      temporal: temporal.client,
      mailer,
      clock: () => Date.parse(NOW),
    });
    seed = await seedCampaign(db.prisma, {
      offices: { T01: 'zh-CN', T02: 'zh-CN' },
      enterprises: { E1: 'T01', E2: 'T02' },
    });
    await db.prisma.campaign.update({
      where: { id: seed.campaignId },
      data: { status: 'running', workflowId: `campaign/${seed.campaignId}` },
    });
    await db.prisma.office.update({ where: { id: seed.offices.T01!.id }, data: { name: '城厢市场监管所' } });
    await db.prisma.office.update({
      where: { id: seed.offices.T02!.id },
      data: { name: '县特种设备检验所', unitType: 'county-unit' },
    });
    for (const code of ['T01', 'T02'] as const) {
      tokens[code] = (
        await createToken(db.prisma, { name: `${code} 联络员`, role: 'office-staff', officeId: seed.offices[code]!.id })
      ).token;
    }
    tokens.viewer = (await createToken(db.prisma, { name: '县局值班员', role: 'viewer' })).token;

    // T01 sends its March report on time (a day before it is due); T02 has sent nothing and asks for more time.
    const tables = emptyMonthlyTables();
    tables.annex3.enterprises = { total: 12, aboveSize: 5, medium: 4, smallMicro: 3 };
    tables.annex4.enforcement.inspectedEnterprises = 7;
    tables.annex4.enforcement.hazardsFound = 5;
    tables.annex4.enforcement.hazardsRectified = 4;
    const form = new FormData();
    form.append('tables', JSON.stringify(tables));
    form.append('summary', new Blob([PDF], { type: 'application/pdf' }), '三月工作总结.pdf');
    const sent = await api.call({
      method: 'POST',
      url: `/campaigns/${seed.campaignId}/offices/${seed.offices.T01!.id}/reports/2024-03`,
      ...(await multipartBody(form)),
      token: tokens.T01,
    });
    expect(sent.statusCode).toBe(201);
    const asked = await api.call({
      method: 'POST',
      url: `/campaigns/${seed.campaignId}/offices/${seed.offices.T02!.id}/extensions`,
      payload: {
        obligationKey: 'monthly-report:2024-03',
        requestedDueDate: '2024-04-12',
        reason: '检验任务集中，人手不足',
      },
      token: tokens.T02,
    });
    expect(asked.statusCode).toBe(201);

    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    bureau = await openPage(DESKTOP);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.app.close();
    mailer?.close();
    await db?.dispose();
  });

  /** A page in a browser context of its own (its own sessionStorage: another user), under the strict CSP. */
  async function openPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    contexts.push(context);
    await enforceStrictCsp(context, base);
    const page = await context.newPage();
    watched.push(watchPageErrors(page));
    return page;
  }
  const errorsOf = (page: Page) => watched[contexts.findIndex((c) => c === page.context())]!;

  const settingsUrl = (extra = '') => `${base}/app/settings?campaign=${seed.campaignId}${extra}`;
  const countyUrl = (extra = '') => `${base}/app/county?campaign=${seed.campaignId}${extra}`;

  async function ready(page: Page) {
    await page.locator('body[data-state="ready"]').waitFor({ timeout: 20_000 });
  }

  /** Opens the address; signs in with the token if the page asks for one. */
  async function open(page: Page, url: string, token: string) {
    await page.goto(url);
    await page.locator('body[data-state="signed-out"], body[data-state="ready"]').waitFor({ timeout: 20_000 });
    if (await page.locator('#token-input').isVisible()) {
      await page.locator('#token-input').fill(token);
      await page.locator('#sign-in-button').click();
    }
    await ready(page);
  }

  /** Clicks a download button and waits for the browser's download. */
  async function download(page: Page, button: Locator): Promise<{ download: Download; content: Buffer }> {
    const [started] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), button.click()]);
    const file = await started.path();
    return { download: started, content: await readFile(file) };
  }

  const campaign = async () =>
    (await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}` })).json<StoredCampaign>();
  const extensions = async () =>
    (await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/extensions` })).json<StoredExtension[]>();
  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  const control = (page: Page, dataPath: string) => page.locator(`#settings-form [data-path="${dataPath}"]`);

  it('shows the bureau the campaign settings as the template holds them, Chinese by default, saving only after a preview', async () => {
    await open(bureau, settingsUrl(), api.bureauToken);
    expect(await bureau.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await bureau.locator('h1').textContent()).toBe('行动设置');
    expect(await control(bureau, DUE_DAY).inputValue()).toBe('2');
    expect(await control(bureau, HARD_DAY).inputValue()).toBe('3');
    expect(await control(bureau, 'template.phases[0].deadline').inputValue()).toBe('2024-03-15');
    expect(await control(bureau, 'template.ladder.sendTime').inputValue()).toBe('09:00');
    expect(await control(bureau, 'template.ladder.reminders[0].days').inputValue()).toBe('3');
    expect(await control(bureau, 'template.ladder.reminders[1].days').inputValue()).toBe('1');
    expect(await control(bureau, 'template.ladder.remindOnDueDay').isChecked()).toBe(true);
    expect(await bureau.locator('#save').isDisabled()).toBe(true);
  });

  it("shows the server's refusal of an override at its field when previewing, and stores nothing", async () => {
    await control(bureau, DUE_DAY).fill('8');
    errorsOf(bureau).expectStatus(422);
    await bureau.locator('#preview').click();
    const error = bureau.locator(`#settings-form .field-error[data-error-for="${HARD_DAY}"]`);
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toBe('3 is before dueDayOfNextMonth 8');
    expect(await control(bureau, HARD_DAY).getAttribute('aria-invalid')).toBe('true');
    expect(await bureau.evaluate(`document.activeElement?.getAttribute('data-path')`)).toBe(HARD_DAY);
    expect(await bureau.locator('#settings-form .form-error').textContent()).toBe('未能提交：请更正下方标出的栏目。');
    expect(await bureau.locator('#save').isDisabled()).toBe(true);
    expect((await campaign()).template.monthlyReport).toMatchObject({ dueDayOfNextMonth: 2, hardDayOfNextMonth: 3 });
  });

  it("previews the change: March's report due on 8 April, its mails moved; then saves it", async () => {
    await control(bureau, HARD_DAY).fill('9');
    await bureau.locator('#preview').click();
    await bureau.locator('#deadline-changes').waitFor({ timeout: 20_000 });
    const march = bureau.locator('#deadline-changes tr[data-obligation="monthly-report:2024-03"]');
    expect(await march.locator('td.before').textContent()).toBe('2024-04-02');
    expect(await march.locator('td.after').textContent()).toBe('2024-04-08');
    const dueDayMail = bureau.locator('#step-changes tr[data-step-key="monthly-report:2024-03|reminder-due-day"]');
    expect(await dueDayMail.locator('td.before').textContent()).toBe('2024-04-02 09:00');
    expect(await dueDayMail.locator('td.after').textContent()).toBe('2024-04-08 09:00');
    expect(await bureau.locator('#next-mails tr[data-changed="true"]').count()).toBeGreaterThan(0);
    expect(await bureau.locator('#settings-form .field-error').count()).toBe(0);
    expect((await campaign()).template.monthlyReport.dueDayOfNextMonth).toBe(2);
    // Edited after the preview: saving waits for a new one; put back as previewed, it may save again.
    expect(await bureau.locator('#save').isDisabled()).toBe(false);
    await control(bureau, 'template.ladder.reminders[0].days').fill('4');
    expect(await bureau.locator('#save').isDisabled()).toBe(true);
    expect(await bureau.locator('#preview-box .stale').isVisible()).toBe(true);
    await control(bureau, 'template.ladder.reminders[0].days').fill('3');
    expect(await bureau.locator('#save').isDisabled()).toBe(false);
    await screenshot(bureau, 'page-settings.png');

    const signalled = temporal.signalled.length;
    await bureau.locator('#save').click();
    await bureau
      .locator('body[data-state="ready"] #status-line', { hasText: '已保存设置' })
      .waitFor({ timeout: 20_000 });
    expect((await campaign()).template.monthlyReport).toMatchObject({ dueDayOfNextMonth: 8, hardDayOfNextMonth: 9 });
    expect(temporal.signalled.slice(signalled)).toEqual([expect.stringMatching(`^campaign/${seed.campaignId} `)]);
    expect(await control(bureau, DUE_DAY).inputValue()).toBe('8');
    expect(await bureau.locator('#save').isDisabled()).toBe(true);
  });

  it('shows the settings page in English with ?lang=en', async () => {
    await bureau.goto(settingsUrl('&lang=en'));
    await ready(bureau);
    expect(await bureau.locator('html').getAttribute('lang')).toBe('en');
    expect(await bureau.locator('h1').textContent()).toBe('Campaign settings');
    expect(await bureau.locator('#preview').textContent()).toBe('Preview changes');
    await screenshot(bureau, 'page-settings-en.png');
  });

  it('shows the county page: the March status list with an office on time and one missing, the totals and the rates', async () => {
    await open(bureau, countyUrl('&period=2024-03'), api.bureauToken);
    expect(await bureau.locator('h1').textContent()).toBe('全县报送');
    expect(await bureau.locator('.period-title').textContent()).toBe('2024年3月工作月报');
    const row = (code: 'T01' | 'T02') => bureau.locator(`#status-table tr[data-office="${seed.offices[code]!.id}"]`);
    expect(await row('T01').getAttribute('data-status')).toBe('on-time');
    expect(await row('T01').locator('.tag-report-on-time').textContent()).toBe('按时报送');
    expect(await row('T02').getAttribute('data-status')).toBe('missing');
    expect(await row('T02').locator('.tag-report-missing').textContent()).toBe('未报送');
    // Saved on the settings page: March is due on the 8th.
    expect(await row('T02').locator('td').nth(3).textContent()).toBe('2024-04-08');
    expect(await bureau.locator('#totals-table tr[data-total="county"] td').nth(1).textContent()).toBe('12');
    expect(await bureau.locator('#not-reported').textContent()).toBe('未报送：县特种设备检验所。');
    expect(await bureau.locator('#rates-table tr[data-period="2024-03"] td[data-status="on-time"]').textContent()).toBe(
      '1',
    );
    expect(await bureau.locator('#period-select').inputValue()).toBe('2024-03');
  });

  it('downloads the annex workbook with the token (an xlsx by its content) and the quarterly circular', async () => {
    const { download: file, content } = await download(bureau, bureau.locator('#download-xlsx'));
    expect(file.suggestedFilename()).toBe('固本强基进展情况月报表-2024-03.xlsx');
    expect(content.subarray(0, 2).toString()).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['月报表一', '月报表二']));
    expect(await bureau.locator('#downloads .download-status').first().textContent()).toBe(
      '已下载 固本强基进展情况月报表-2024-03.xlsx',
    );
    const circular = await download(bureau, bureau.locator('#download-circular'));
    expect(circular.download.suggestedFilename()).toBe('季度通报-2024-Q1.html');
    expect(circular.content.toString()).toContain('第1季度工作情况的通报');
  });

  it("approves T02's pending extension from the county list; it is stored and leaves the list", async () => {
    const [pending] = (await extensions()).filter((e) => e.status === 'requested');
    const form = bureau.locator(`#pending-extensions form.decide[data-extension="${pending!.id}"]`);
    expect(await bureau.locator(`#extensions-table tr[data-extension="${pending!.id}"] td`).first().textContent()).toBe(
      '县特种设备检验所',
    );
    await screenshot(bureau, 'page-county.png');
    await form.locator('[data-path="note"]').fill('同意延期');
    await form.locator('button[value="true"]').click();
    await bureau
      .locator('body[data-state="ready"] #status-line', { hasText: '已批准延期' })
      .waitFor({ timeout: 20_000 });
    expect((await extensions()).map((e) => [e.id, e.status, e.decidedBy])).toEqual([
      [pending!.id, 'approved', 'test bureau'],
    ]);
    expect(await bureau.locator('#pending-extensions tr[data-extension]').count()).toBe(0);
    const t02 = bureau.locator(`#status-table tr[data-office="${seed.offices.T02!.id}"]`);
    expect(await t02.locator('td').nth(3).textContent()).toContain('2024-04-12');
  });

  it('shows the county page in English with ?lang=en', async () => {
    await bureau.goto(countyUrl('&period=2024-03&lang=en'));
    await ready(bureau);
    expect(await bureau.locator('h1').textContent()).toBe('County reports');
    expect(await bureau.locator('.period-title').textContent()).toBe('Monthly report Mar 2024');
    await screenshot(bureau, 'page-county-en.png');
  });

  it('shows viewers both pages with every figure and download but no form', async () => {
    const viewer = await openPage(DESKTOP);
    await open(viewer, settingsUrl(), tokens.viewer);
    expect(await viewer.locator('form').count()).toBe(1); // the sign-in form only
    expect(await viewer.locator(`dd[data-path="${DUE_DAY}"]`).textContent()).toBe('8');
    expect(await viewer.locator('.read-only').isVisible()).toBe(true);
    await viewer.goto(countyUrl('&period=2024-03'));
    await ready(viewer);
    expect(await viewer.locator('#status-table tr[data-status]').count()).toBe(2);
    expect(await viewer.locator('#download-xlsx').count()).toBe(1);
    expect(await viewer.locator('form').count()).toBe(1);
    const { content } = await download(viewer, viewer.locator('#download-status'));
    expect(content.toString('utf8')).toContain('县特种设备检验所');
  });

  it('fits a phone: one column, nothing wider than the screen', async () => {
    const phone = await openPage(PHONE);
    for (const url of [settingsUrl(), countyUrl('&period=2024-03')]) {
      await open(phone, url, api.bureauToken);
      const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
  });

  it('runs every page under the strict Content-Security-Policy without a script error or a violation', () => {
    expect(watched.flatMap((w) => w.errors)).toEqual([]);
    expect(watched.flatMap((w) => w.pending())).toEqual([]);
  });
});
