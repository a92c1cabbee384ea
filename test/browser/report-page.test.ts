import type { Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import { FIELD_CATALOGUE, formCellOf } from '../../domain/reports/index.js';
import { loadConfig } from '../../infra/config.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { testApp, type TestApp } from '../support/app.js';
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
const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: PDF });

const TOTAL = 'annex3.enterprises.total';
const LEVEL1 = 'annex3.standardization.national.level1';

/** What the office types; every other cell 0. The enterprise total (10) is not the sum of its parts (5 + 3 + 1). */
const TYPED: Record<string, string> = {
  [TOTAL]: '10',
  'annex3.enterprises.aboveSize': '5',
  'annex3.enterprises.medium': '3',
  'annex3.enterprises.smallMicro': '1',
  [LEVEL1]: '4',
  'annex4.enforcement.hazardsFound': '5',
  'annex4.enforcement.hazardsRectified': '4',
  'annex4.enforcement.fines.enterprises': '1',
  'annex4.enforcement.fines.amount': '0.35',
};

/** Temporal as far as this page reaches it: the office workflow is signalled when a report closes its obligation. */
function recordingTemporal(): { client: Client; signalled: string[] } {
  const signalled: string[] = [];
  const client = {
    workflow: {
      start: () => Promise.reject(new Error('no workflow starts from the report page')),
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

interface StoredReport {
  latest: { version: number; tables: { annex3: { enterprises: Record<string, number> } } };
  versions: { version: number; late: boolean; correctionReason: string | null; submittedBy: string }[];
}

describe('the monthly report page in headless Chromium: an office sends its March report, corrects it, and uses the Excel form', () => {
  let db: TestDatabase;
  let mailer: Mailer;
  let api: TestApp;
  let seed: Seed;
  let base: string;
  let browser: Browser;
  let temporal: ReturnType<typeof recordingTemporal>;
  const contexts: BrowserContext[] = [];
  const watched: ReturnType<typeof watchPageErrors>[] = [];
  const tokens = {} as { office: string; viewer: string };
  let office: Page;
  /** The Excel form as downloaded from the page. */
  let workbook: Buffer;

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
    await db.prisma.campaign.update({ where: { id: seed.campaignId }, data: { status: 'running' } });
    await db.prisma.office.update({ where: { id: seed.offices.T01!.id }, data: { name: '城厢市场监管所' } });
    await db.prisma.office.update({ where: { id: seed.offices.T02!.id }, data: { name: '凤城市场监管所' } });
    tokens.office = (
      await createToken(db.prisma, { name: '城厢所联络员', role: 'office-staff', officeId: seed.offices.T01!.id })
    ).token;
    tokens.viewer = (await createToken(db.prisma, { name: '县局值班员', role: 'viewer' })).token;

    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    office = await openPage(DESKTOP);
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

  const T01 = () => seed.offices.T01!.id;
  const reportUrl = (query: string) => `${base}/app/report?campaign=${seed.campaignId}${query}`;
  /** The address a report reminder links to (domain/page-links.ts). */
  const mailLink = () => reportUrl(`&office=${T01()}&period=2024-03`);

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

  /** Submits and waits for the page drawn again with the notice, or for the refusal shown in the form. */
  async function submit(page: Page, button: Locator, outcome: { notice: string } | 'refused') {
    await button.click();
    if (outcome === 'refused') {
      await page.locator('.field-error').first().waitFor({ timeout: 20_000 });
      return;
    }
    await page
      .locator('body[data-state="ready"] #status-line', { hasText: outcome.notice })
      .waitFor({ timeout: 20_000 });
  }

  const cell = (page: Page, fieldPath: string) => page.locator(`input[data-path="${fieldPath}"]`);
  /** An attribute of every element the selector finds, in document order. */
  async function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
    const found: (string | null)[] = [];
    for (const element of await page.locator(selector).all()) found.push(await element.getAttribute(name));
    return found;
  }
  const activePath = (page: Page) => page.evaluate(`document.activeElement?.getAttribute('data-path') ?? ''`);
  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  const report = () =>
    api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/offices/${T01()}/reports/2024-03` });
  const march = async () =>
    (await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/offices/${T01()}/status` }))
      .json<{ obligations: { key: string; state: string }[] }>()
      .obligations.find((o) => o.key === 'monthly-report:2024-03')!;

  /** Clicks a download button and waits for the browser's download. */
  async function download(page: Page, button: Locator): Promise<{ download: Download; content: Buffer }> {
    const [started] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), button.click()]);
    const file = await started.path();
    return { download: started, content: await readFile(file) };
  }

  it('opens from the link of a reminder mail for office staff: annex 3 and 4 as printed, blank, in Chinese', async () => {
    await open(office, mailLink(), tokens.office);
    expect(await office.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await office.locator('h1').textContent()).toBe('月报');
    expect(await office.locator('.office-name').textContent()).toBe('城厢市场监管所');
    const nav = office.locator('#nav a');
    expect(await nav.allTextContents()).toEqual(['我的所', '月报', '企业', '监管记录', '本所邮件', '节假日', '看板']);
    expect(await office.locator('#nav a[data-page="report"]').getAttribute('aria-current')).toBe('page');
    // Every period the campaign asks for, March to December and the year-end summary; March chosen by the link.
    const periods = await attributes(office, '#period-select option', 'value');
    expect(periods).toEqual([
      ...['03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2024-${m}`),
      'year-end',
    ]);
    expect(await office.locator('#period-select').inputValue()).toBe('2024-03');
    expect(await office.locator('.subject').getAttribute('data-state')).toBe('open');
    // One input per cell of the catalogue, each named by its field path, blank, with its unit.
    const paths = await attributes(office, '#report-form input.cell-input', 'data-path');
    expect([...paths].sort()).toEqual(FIELD_CATALOGUE.map((f) => f.path).sort());
    expect(
      await office
        .locator('#report-form input.cell-input')
        .evaluateAll((i) => i.every((e) => !(e as unknown as { value: string }).value)),
    ).toBe(true);
    expect(await office.locator('#annex3 h3').allTextContents()).toEqual([
      '企业数量（家）',
      '创建提升数量（家）',
      '样板乡镇（街道、园区）数量（个）',
      '标杆数量（家）',
      '评审达标数量（家）',
      '示范岗位（个）',
    ]);
    expect(await office.locator('#annex4 h3').allTextContents()).toEqual([
      '企业优化完善“四项规范”（份）',
      '落实“一企一策”数量',
      '执法激励约束',
    ]);
    // The printed rows: 国标 / 省标 / 地标, the 地标 cell spanning levels 1 to 3.
    expect(await office.locator('#annex3 tbody th').first().textContent()).toBe('国标');
    expect(
      await cell(office, 'annex3.standardization.local.compliant')
        .locator('xpath=ancestor::td')
        .getAttribute('colspan'),
    ).toBe('3');
    expect(
      await cell(office, 'annex4.enforcement.fines.amount').locator('xpath=following-sibling::span[1]').textContent(),
    ).toBe('万元');
    expect(await cell(office, TOTAL).getAttribute('aria-label')).toBe('企业数量（家）／总数（家）');
    // Nothing sent yet: no reason asked, no version listed.
    expect(await office.locator('[data-path="correctionReason"]').count()).toBe(0);
    expect(await office.locator('#versions .note').textContent()).toBe('还没有报送过。');
  });

  it('adds up the parts as one types and marks a total that does not match', async () => {
    for (const input of await office.locator('#report-form input.cell-input').all()) {
      const fieldPath = (await input.getAttribute('data-path'))!;
      await input.fill(TYPED[fieldPath] ?? '0');
    }
    const check = office.locator(`[data-check-for="${TOTAL}"]`);
    expect(await check.textContent()).toBe('各项合计 9，与总数不符');
    expect(await check.getAttribute('class')).toContain('check-mismatch');
    expect(await cell(office, TOTAL).getAttribute('class')).toContain('mismatch');
    const colours = office.locator('[data-check-for="annex4.oneEnterpriseOnePolicy.fourColourRisk.enterprises"]');
    expect(await colours.textContent()).toBe('各项合计 0');
    // A part above its whole is marked too.
    await cell(office, 'annex4.enforcement.hazardsRectified').fill('6');
    expect(await office.locator('[data-check-for="annex4.enforcement.hazardsRectified"]').textContent()).toBe(
      '大于“发现隐患（条）”（5）',
    );
    await cell(office, 'annex4.enforcement.hazardsRectified').fill('4');
    expect(await office.locator('[data-check-for="annex4.enforcement.hazardsRectified"]').textContent()).toBe('');
  });

  it("sends it with the sealed summary: the server's refusal is shown at the total's cell, focused, and nothing is stored", async () => {
    await office.locator('[data-path="summary"]').setInputFiles(pdf('三月工作总结.pdf'));
    errorsOf(office).expectStatus(422);
    await submit(office, office.locator('#submit-tables'), 'refused');
    const error = office.locator(`.field-error[data-error-for="${TOTAL}"]`);
    expect(await error.textContent()).toContain('must equal');
    expect(await office.locator('.field-error').count()).toBe(1);
    expect(await cell(office, TOTAL).getAttribute('aria-invalid')).toBe('true');
    expect(await activePath(office)).toBe(TOTAL);
    expect(await office.locator('#report-form > .form-error').textContent()).toBe('未能提交：请更正下方标出的栏目。');
    expect((await report()).statusCode).toBe(404);
    expect((await march()).state).toBe('open');
  });

  it('sends the corrected form: version 1, on time; the obligation is closed and its workflow told', async () => {
    await cell(office, 'annex3.enterprises.smallMicro').fill('2');
    expect(await office.locator(`[data-check-for="${TOTAL}"]`).textContent()).toBe('各项合计 10');
    await office.locator('[data-path="summary"]').setInputFiles(pdf('三月工作总结.pdf'));
    await submit(office, office.locator('#submit-tables'), { notice: '已提交第1版（按时）' });
    const stored = (await report()).json<StoredReport>();
    expect(stored.latest.version).toBe(1);
    expect(stored.latest.tables.annex3.enterprises).toEqual({ total: 10, aboveSize: 5, medium: 3, smallMicro: 2 });
    expect(stored.versions.map((v) => [v.version, v.late, v.correctionReason, v.submittedBy])).toEqual([
      [1, false, null, '城厢所联络员'],
    ]);
    // Closed: the office's status says done, the bureau's list says on time, the office workflow was signalled.
    expect((await march()).state).toBe('done');
    const list = (
      await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/reports/2024-03/status-list` })
    ).json<{ entries: { officeId: string; status: string; latestVersion: number | null }[] }>();
    expect(list.entries.find((e) => e.officeId === T01())).toMatchObject({ status: 'on-time', latestVersion: 1 });
    expect(temporal.signalled).toContain(`office/${seed.campaignId}/${T01()} obligationClosed`);
    // Drawn again from what was stored: the figures, the version, and now a correction needs a reason.
    expect(await office.locator('.subject').getAttribute('data-state')).toBe('done');
    expect(await cell(office, 'annex3.enterprises.smallMicro').inputValue()).toBe('2');
    expect(await cell(office, 'annex4.enforcement.fines.amount').inputValue()).toBe('0.35');
    expect(await office.locator('#form-intro').textContent()).toContain('已填入本期第1版的数据');
    const row = office.locator('#versions-table tr[data-version="1"]');
    expect(await row.getAttribute('data-late')).toBe('false');
    expect(await row.locator('.tag-done').textContent()).toBe('按时');
    expect(await office.locator('[data-path="correctionReason"]').count()).toBe(1);
    await screenshot(office, 'page-report.png');
  });

  it('asks a correction for its reason, then stores it as version 2, listed with its reason', async () => {
    await cell(office, LEVEL1).fill('5');
    await office.locator('[data-path="summary"]').setInputFiles(pdf('三月工作总结（更正）.pdf'));
    errorsOf(office).expectStatus(422);
    await submit(office, office.locator('#submit-tables'), 'refused');
    expect(await office.locator('.field-error[data-error-for="correctionReason"]').textContent()).toContain(
      'needs a reason',
    );
    expect(await activePath(office)).toBe('correctionReason');
    await office.locator('[data-path="correctionReason"]').fill('国标一级企业漏报一家');
    await submit(office, office.locator('#submit-tables'), { notice: '已提交第2版（按时）' });
    const stored = (await report()).json<StoredReport>();
    expect(stored.versions.map((v) => [v.version, v.correctionReason])).toEqual([
      [1, null],
      [2, '国标一级企业漏报一家'],
    ]);
    expect(await attributes(office, '#versions-table tbody tr', 'data-version')).toEqual(['1', '2']);
    expect(await office.locator('#versions-table tr[data-version="2"] .reason').textContent()).toBe(
      '国标一级企业漏报一家',
    );
    expect(await office.locator('#sent-count').textContent()).toBe('已报送 2 版');
    expect(await cell(office, LEVEL1).inputValue()).toBe('5');
  });

  it('downloads the Excel form with the token (an xlsx by its content, filled with version 2) and a version’s summary', async () => {
    const { download: file, content } = await download(office, office.locator('#download-workbook'));
    expect(file.suggestedFilename()).toBe('月报表-T01-2024-03.xlsx');
    expect(content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(content as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name).slice(0, 2)).toEqual(['月报表一', '月报表二']);
    const at = formCellOf(LEVEL1)!;
    expect(book.getWorksheet(at.sheetName)!.getCell(at.row, at.col).value).toBe(5);
    expect(await office.locator('#excel .download-status').textContent()).toBe('已下载 月报表-T01-2024-03.xlsx');
    workbook = content;
    const summary = await download(office, office.locator('#summary-1'));
    expect(summary.download.suggestedFilename()).toBe('三月工作总结.pdf');
    expect(summary.content.equals(PDF)).toBe(true);
  });

  it('uploads the filled Excel form instead of the tables: an error names its sheet cell, then version 3', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(workbook as unknown as ArrayBuffer);
    const total = formCellOf(TOTAL)!;
    const level1 = formCellOf(LEVEL1)!;
    book.getWorksheet(total.sheetName)!.getCell(total.row, total.col).value = 12;
    book.getWorksheet(level1.sheetName)!.getCell(level1.row, level1.col).value = 6;
    const upload = async () => ({
      name: '月报表-T01-2024-03.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    const form = office.locator('#report-form');
    await form.locator('[data-path="workbook"]').setInputFiles(await upload());
    await form.locator('[data-path="summary"]').setInputFiles(pdf('三月工作总结.pdf'));
    await form.locator('[data-path="correctionReason"]').fill('按Excel表格更正');
    errorsOf(office).expectStatus(422);
    await submit(office, office.locator('#submit-workbook'), 'refused');
    const error = office.locator(`.field-error[data-error-for="${TOTAL}"]`);
    expect(await error.getAttribute('data-cell')).toBe(total.ref);
    expect(await error.textContent()).toMatch(new RegExp(`^${total.ref} `));
    expect(await activePath(office)).toBe(TOTAL);
    expect((await report()).json<StoredReport>().latest.version).toBe(2);
    book.getWorksheet(total.sheetName)!.getCell(total.row, total.col).value = 10;
    await form.locator('[data-path="workbook"]').setInputFiles(await upload());
    await submit(office, office.locator('#submit-workbook'), { notice: '已提交第3版（按时）' });
    expect(await cell(office, LEVEL1).inputValue()).toBe('6');
    expect(await office.locator('#versions-table tr[data-version="3"] .reason').textContent()).toBe('按Excel表格更正');
  });

  it('is in English with ?lang=en: the annex headings translated, the versions listed', async () => {
    await office.goto(`${mailLink()}&lang=en`);
    await ready(office);
    expect(await office.locator('html').getAttribute('lang')).toBe('en');
    expect(await office.locator('h1').textContent()).toBe('Monthly report');
    expect(await office.locator('#annex3 h3').first().textContent()).toBe('Enterprises');
    expect(await office.locator('#annex3 tbody th').first().textContent()).toBe('National standard');
    expect(await office.locator('#nav a').allTextContents()).toEqual([
      'My office',
      'Monthly report',
      'Enterprises',
      'Supervision records',
      'Our mail',
      'Holidays',
      'Board',
    ]);
    expect(await office.locator('#versions-table tr[data-version="1"] .tag-done').textContent()).toBe('on time');
    expect(await office.locator('#submit-tables').textContent()).toBe('Send this form');
    await screenshot(office, 'page-report-en.png');
  });

  it('fits a phone: nothing wider than the screen', async () => {
    const phone = await openPage(PHONE);
    await open(phone, mailLink(), tokens.office);
    await screenshot(phone, 'page-report-phone.png');
    const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('shows viewers the figures read-only, with the versions and the download, but no form', async () => {
    const viewer = await openPage(DESKTOP);
    await open(viewer, mailLink(), tokens.viewer);
    expect(await viewer.locator('form').count()).toBe(1); // the sign-in form only
    expect(await viewer.locator('.read-only').isVisible()).toBe(true);
    expect(await cell(viewer, LEVEL1).inputValue()).toBe('6');
    expect(await cell(viewer, LEVEL1).getAttribute('readonly')).toBe('');
    expect(await viewer.locator('#versions-table tbody tr').count()).toBe(3);
    expect(await viewer.locator('#download-workbook').count()).toBe(1);
  });

  it('lets the bureau pick any office and send for it', async () => {
    const bureau = await openPage(DESKTOP);
    await open(bureau, reportUrl('&period=2024-03'), api.bureauToken);
    expect(await bureau.locator('.note').first().textContent()).toBe('请先选择一个监管所。');
    await bureau.locator('#office-select').selectOption(seed.offices.T02!.id);
    await ready(bureau);
    await bureau.locator('.office-name', { hasText: '凤城市场监管所' }).waitFor();
    expect(new URL(bureau.url()).searchParams.get('period')).toBe('2024-03');
    expect(await bureau.locator('#report-form').count()).toBe(1);
    expect(await bureau.locator('#versions .note').textContent()).toBe('还没有报送过。');
  });

  it('runs the page under the strict Content-Security-Policy without a script error or a violation', () => {
    expect(watched.flatMap((w) => w.errors)).toEqual([]);
    expect(watched.flatMap((w) => w.pending())).toEqual([]);
  });
});
