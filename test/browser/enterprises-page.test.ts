import type { Client } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { createToken } from '../../app/access/tokens.js';
import { testApp, type TestApp } from '../support/app.js';
import { enforceStrictCsp, launchBrowser, watchPageErrors } from '../support/browser.js';
import { seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

/** The API answers as of this instant (Asia/Shanghai): the planning phase, commitments and plans due 2024-03-15. */
const NOW = '2024-03-11T10:00:00+08:00';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** Temporal as far as this page reaches it: a new self-assessment date signals the office's workflow. Recorded. */
function recordingTemporal(): { client: Client; signalled: string[] } {
  const signalled: string[] = [];
  const client = {
    workflow: {
      start: () => Promise.reject(new Error('no workflow starts from this page')),
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

interface StoredRow {
  code: string;
  state: string;
  commitmentComplete: boolean;
  open: boolean;
  progress: Record<string, string | null>;
}

/** The first instant of a local day in Asia/Shanghai, as the API answers it. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

describe('the enterprise register page in headless Chromium: an office records its enterprises one by one and in bulk', () => {
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
      enterprises: { E1: 'T01', E2: 'T01', E3: 'T01', E4: 'T01', F1: 'T02' },
    });
    await db.prisma.campaign.update({ where: { id: seed.campaignId }, data: { status: 'running' } });
    await db.prisma.office.update({ where: { id: seed.offices.T01!.id }, data: { name: '城厢市场监管所' } });
    const names: Record<string, [string, string, string]> = {
      E1: ['安溪压力容器制造有限公司', 'above-size', 'orange'],
      E2: ['城厢锅炉配件有限公司', 'medium', 'yellow'],
      E3: ['凤城起重机械厂', 'small-micro', 'red'],
      E4: ['蓬莱阀门制造有限公司', 'small-micro', 'blue'],
    };
    for (const [code, [name, sizeClass, riskColour]] of Object.entries(names)) {
      await db.prisma.enterprise.update({
        where: { id: seed.enterprises[code]!.id },
        data: { name, sizeClass, riskColour },
      });
    }
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
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    await enforceStrictCsp(context, base);
    const page = await context.newPage();
    watched.push(watchPageErrors(page));
    return page;
  }
  const errorsOf = (page: Page) => watched[contexts.findIndex((c) => c === page.context())]!;

  const T01 = () => seed.offices.T01!.id;
  const pageUrl = (extra = '') => `${base}/app/enterprises?campaign=${seed.campaignId}${extra}`;

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

  /** Submits a form; waits for the page drawn again with the action's notice, or for the refusal at a field. */
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

  const stored = async (): Promise<Record<string, StoredRow>> => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/offices/${T01()}/enterprise-progress`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json<{ enterprises: StoredRow[] }>().enterprises;
    return Object.fromEntries(rows.map((r) => [r.code, r]));
  };
  const row = (page: Page, code: string) => page.locator(`#register-table tr[data-code="${code}"]`);
  const codes = async (page: Page) =>
    page.evaluate<string[]>(
      `[...document.querySelectorAll('#register-table tr[data-code]')].map((r) => r.getAttribute('data-code'))`,
    );
  const count = (page: Page, key: string) => page.locator(`#counts li[data-count="${key}"] .figure`).textContent();
  const activePath = (page: Page) => page.evaluate(`document.activeElement?.getAttribute('data-path') ?? ''`);
  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  const editForm = (page: Page, code: string) =>
    page.locator(`#register-table tr.edit-row form[data-enterprise="${seed.enterprises[code]!.id}"]`);

  it('opens from the digest link (open=1) for office staff: the four enterprises still owing, Chinese by default', async () => {
    await open(office, pageUrl(`&office=${T01()}&open=1`), tokens.office);
    expect(await office.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await office.locator('h1').textContent()).toBe('企业承诺台账');
    expect(await office.locator('.office-name').textContent()).toBe('城厢市场监管所');
    expect(await office.locator('#office-select').count()).toBe(0);
    expect(await codes(office)).toEqual(['E1', 'E2', 'E3', 'E4']);
    for (const code of ['E1', 'E2', 'E3', 'E4']) {
      expect(await row(office, code).getAttribute('data-open')).toBe('true');
      expect(await row(office, code).getAttribute('data-state')).toBe('awaiting-notice');
    }
    expect(await row(office, 'E1').locator('.tag-state-awaiting-notice').textContent()).toBe('待送达告知书');
    expect(await row(office, 'E1').locator('.tag-risk-orange').textContent()).toBe('橙色风险');
    expect(await count(office, 'total')).toBe('4');
    expect(await count(office, 'open')).toBe('4');
    expect(await office.locator('#filter-note').textContent()).toBe('只显示尚有未办事项的企业（4 / 4 家）。');
    expect(await office.locator('#filter-toggle').textContent()).toBe('显示全部企业（4 家）');
  });

  it("shows the server's refusal at its field: a commitment signed before any notice was served; nothing is stored", async () => {
    await row(office, 'E1').locator('button.edit').click();
    const form = editForm(office, 'E1');
    await form.waitFor();
    await form.locator('[data-path="signedAt"]').fill('2024-03-06');
    await form.locator('[data-path="signatory"]').fill('陈建国');
    errorsOf(office).expectStatus(422);
    await submit(office, form.locator('button[type="submit"]'), 'refused');
    expect(await form.locator('.field-error[data-error-for="signedAt"]').textContent()).toBe(
      'the notice (告知书) must be served before the commitment is signed',
    );
    expect(await form.locator('[data-path="signedAt"]').getAttribute('aria-invalid')).toBe('true');
    expect(await activePath(office)).toBe('signedAt');
    expect(await form.locator('.form-error').textContent()).toBe('未能提交：请更正下方标出的栏目。');
    expect((await stored()).E1!.progress.signedAt).toBeNull();
  });

  it("records E1's commitment one step at a time: the notice, the signature (a date outside the year refused), the four copies", async () => {
    const form = editForm(office, 'E1');
    await form.locator('[data-path="signedAt"]').fill('');
    await form.locator('[data-path="signatory"]').fill('');
    await form.locator('[data-path="noticeServedAt"]').fill('2024-03-05');
    await form.locator('[data-path="noticeServedBy"]').fill('李明');
    await submit(office, form.locator('button[type="submit"]'), { notice: '已保存：安溪压力容器制造有限公司' });
    expect(await row(office, 'E1').getAttribute('data-state')).toBe('awaiting-signature');
    expect(await row(office, 'E1').locator('td.notice-served').textContent()).toBe('2024-03-05送达人：李明');

    // The form stays open for the next step.
    await form.locator('[data-path="signedAt"]').fill('2024-03-06');
    await form.locator('[data-path="signatory"]').fill('陈建国');
    await form.locator('[data-path="committedSelfAssessmentDate"]').fill('2025-04-20');
    errorsOf(office).expectStatus(422);
    await submit(office, form.locator('button[type="submit"]'), 'refused');
    expect(await form.locator('.field-error[data-error-for="committedSelfAssessmentDate"]').textContent()).toBe(
      'must fall in the campaign year 2024',
    );
    expect(await activePath(office)).toBe('committedSelfAssessmentDate');
    expect((await stored()).E1!.progress.signedAt).toBeNull();
    await form.locator('[data-path="committedSelfAssessmentDate"]').fill('2024-04-20');
    await submit(office, form.locator('button[type="submit"]'), { notice: '已保存' });
    expect(await row(office, 'E1').getAttribute('data-state')).toBe('awaiting-copies');
    expect(temporal.signalled.some((s) => s.startsWith(`office/${seed.campaignId}/${T01()}`))).toBe(true);

    for (const [field, day] of [
      ['copyArchiveAt', '2024-03-07'],
      ['copyNoticeBoardAt', '2024-03-07'],
      ['copyTownshipAt', '2024-03-08'],
      ['copyCountyAt', '2024-03-08'],
    ] as const) {
      await form.locator(`[data-path="${field}"]`).fill(day);
    }
    await submit(office, form.locator('button[type="submit"]'), { notice: '已保存' });
    const e1 = row(office, 'E1');
    expect(await e1.getAttribute('data-state')).toBe('committed');
    expect(await e1.getAttribute('data-complete')).toBe('true');
    expect(await e1.locator('.tag-state-committed').textContent()).toBe('已完成承诺');
    expect(await e1.locator('.copies-list li.filed').count()).toBe(4);
    expect(await count(office, 'commitmentsComplete')).toBe('1');

    const e1Stored = (await stored()).E1!;
    expect(e1Stored.commitmentComplete).toBe(true);
    expect(e1Stored.progress).toMatchObject({
      noticeServedAt: dayStart('2024-03-05'),
      noticeServedBy: '李明',
      signedAt: dayStart('2024-03-06'),
      signatory: '陈建国',
      committedSelfAssessmentDate: '2024-04-20',
      copyArchiveAt: dayStart('2024-03-07'),
      copyNoticeBoardAt: dayStart('2024-03-07'),
      copyTownshipAt: dayStart('2024-03-08'),
      copyCountyAt: dayStart('2024-03-08'),
    });
  });

  it('keeps E1 listed while it still owes its annual plan (due the same day), and drops it once the plan is in', async () => {
    const e1 = row(office, 'E1');
    expect(await e1.getAttribute('data-open')).toBe('true');
    expect(await e1.locator('td.state').textContent()).toContain('待交年度计划');
    const form = editForm(office, 'E1');
    await form.locator('[data-path="planSubmittedAt"]').fill('2024-03-11');
    await submit(office, form.locator('button[type="submit"]'), { notice: '已保存' });
    expect(await codes(office)).toEqual(['E2', 'E3', 'E4']);
    expect(await office.locator('tr.edit-row').count()).toBe(0);
    expect(await count(office, 'open')).toBe('3');
    const e1Stored = (await stored()).E1!;
    expect([e1Stored.open, e1Stored.state, e1Stored.progress.planSubmittedAt]).toEqual([
      false,
      'committed',
      dayStart('2024-03-11'),
    ]);
  });

  it('records a step for several at once: a copy not yet due is refused per row, nothing dropped, the rows stay ticked', async () => {
    await office.locator('#select-open').click();
    expect(await office.locator('#selected-count').textContent()).toBe('已选 3 家');
    expect(await office.locator('input.select-row:checked').count()).toBe(3);
    await office.locator('#bulk-step').selectOption('copyCounty');
    await office.locator('#bulk-date').fill('2024-03-11');
    for (let i = 0; i < 3; i++) errorsOf(office).expectStatus(422);
    await submit(office, office.locator('#bulk-submit'), { notice: '已为 0 家企业登记，3 家未能登记' });
    const failures = office.locator('#bulk-failures li');
    expect(await failures.count()).toBe(3);
    for (const code of ['E2', 'E3', 'E4']) {
      expect(await office.locator(`#bulk-failures li[data-code="${code}"]`).textContent()).toContain(
        '县局备案：a copy can only be filed once the commitment is signed',
      );
      expect(await row(office, code).locator('.row-result').getAttribute('data-result')).toBe('failed');
      expect(await row(office, code).locator('input.select-row').isChecked()).toBe(true);
    }
    const rows = await stored();
    expect(['E2', 'E3', 'E4'].map((c) => rows[c]!.progress.copyCountyAt)).toEqual([null, null, null]);
  });

  it('shows a refusal of the bulk form itself at its field (no name for the notice) and sends nothing more', async () => {
    await office.locator('#bulk-step').selectOption('notice');
    await office.locator('#bulk-by').fill('');
    errorsOf(office).expectStatus(400); // the first request only: the form is wrong, not the enterprise
    await submit(office, office.locator('#bulk-submit'), 'refused');
    expect(await office.locator('#bulk-form .field-error[data-error-for="noticeServedBy"]').textContent()).toBe(
      'must NOT have fewer than 1 characters',
    );
    expect(await activePath(office)).toBe('noticeServedBy');
    const rows = await stored();
    expect(['E2', 'E3', 'E4'].map((c) => rows[c]!.progress.noticeServedAt)).toEqual([null, null, null]);
  });

  it('bulk-sets "notice served" for the remaining three: each row shows it, and so does the API', async () => {
    await office.locator('#bulk-date').fill('2024-03-11');
    await office.locator('#bulk-by').fill('李明');
    await submit(office, office.locator('#bulk-submit'), { notice: '已为 3 家企业登记。' });
    expect(await office.locator('#bulk-failures').count()).toBe(0);
    expect(await office.locator('#selected-count').textContent()).toBe('已选 0 家');
    for (const code of ['E2', 'E3', 'E4']) {
      const r = row(office, code);
      expect(await r.getAttribute('data-state')).toBe('awaiting-signature');
      expect(await r.locator('td.notice-served').textContent()).toBe('2024-03-11送达人：李明');
      expect(await r.locator('.row-result').getAttribute('data-result')).toBe('ok');
    }
    expect(await count(office, 'noticesServed')).toBe('4');
    const rows = await stored();
    for (const code of ['E2', 'E3', 'E4']) {
      expect(rows[code]!.progress).toMatchObject({ noticeServedAt: dayStart('2024-03-11'), noticeServedBy: '李明' });
      expect(rows[code]!.state).toBe('awaiting-signature');
    }
  });

  it('shows every enterprise with the toggle, and keeps it in the address', async () => {
    await office.locator('#filter-toggle').click();
    await ready(office);
    await office.locator('#register-table tr[data-code="E1"]').waitFor();
    expect(await codes(office)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(new URL(office.url()).searchParams.get('open')).toBeNull();
    expect(await office.locator('#filter-toggle').textContent()).toBe('只看尚有未办的企业（3 家）');
    await screenshot(office, 'page-enterprises.png');
  });

  it('reads in English with ?lang=en', async () => {
    await office.goto(`${office.url()}&lang=en`);
    await ready(office);
    expect(await office.locator('html').getAttribute('lang')).toBe('en');
    expect(await office.locator('h1').textContent()).toBe('Enterprise commitments');
    expect(await row(office, 'E1').locator('.tag-state-committed').textContent()).toBe('commitment complete');
    expect(await row(office, 'E2').locator('.tag-state-awaiting-signature').textContent()).toBe('to sign');
    expect(await office.locator('#bulk-submit').textContent()).toBe('Record for the selected');
    await screenshot(office, 'page-enterprises-en.png');
  });

  it('fits a phone: nothing wider than the screen, the row form included', async () => {
    const phone = await openPage(PHONE);
    await open(phone, pageUrl(`&office=${T01()}&open=1`), tokens.office);
    await screenshot(phone, 'page-enterprises-phone.png');
    const overflow = () => phone.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(Number(await overflow())).toBeLessThanOrEqual(0);
    await row(phone, 'E2').locator('button.edit').click();
    await editForm(phone, 'E2').waitFor();
    expect(Number(await overflow())).toBeLessThanOrEqual(0);
  });

  it('shows viewers the register and no form, checkbox or button to record with', async () => {
    const viewer = await openPage(DESKTOP);
    await open(viewer, pageUrl(`&office=${T01()}`), tokens.viewer);
    await viewer.locator('#register-table').waitFor();
    expect(await codes(viewer)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(await viewer.locator('form').count()).toBe(1); // the sign-in form only
    expect(await viewer.locator('input.select-row, button.edit, #bulk').count()).toBe(0);
    expect(await viewer.locator('.read-only').isVisible()).toBe(true);
  });

  it('lets the bureau pick the office, and record for it', async () => {
    const bureau = await openPage(DESKTOP);
    await open(bureau, pageUrl(), api.bureauToken);
    expect(await bureau.locator('.note').first().textContent()).toBe('请先选择一个监管所。');
    await bureau.locator('#office-select').selectOption(T01());
    await ready(bureau);
    await bureau.locator('#register-table').waitFor();
    expect(new URL(bureau.url()).searchParams.get('office')).toBe(T01());
    expect(await codes(bureau)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(await bureau.locator('#bulk-form').count()).toBe(1);
    expect(await bureau.locator('button.edit').count()).toBe(4);
  });

  it('runs under the strict Content-Security-Policy without a script error or a violation', () => {
    expect(watched.flatMap((w) => w.errors)).toEqual([]);
    expect(watched.flatMap((w) => w.pending())).toEqual([]);
  });
});
