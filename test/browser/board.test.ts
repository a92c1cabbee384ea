import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { closeOfficeObligation } from '../../app/obligations/close-office-obligation.js';
import { recordEnterpriseProgress } from '../../app/obligations/record-enterprise-progress.js';
import { submitReport } from '../../app/reports/submit-report.js';
import { createToken } from '../../app/access/tokens.js';
import { revokeToken } from '../../app/access/revoke-token.js';
import { testApp, type TestApp } from '../support/app.js';
import { enforceStrictCsp, launchBrowser } from '../support/browser.js';
import { seedCampaign, type Seed } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { sampleTables } from '../domain/reports/fixtures.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

/** The board is viewed as of this instant (local Asia/Shanghai time): phase 3, June's report overdue. */
const AS_OF = '2024-07-10T12:00:00+08:00';

/**
 * The campaign stays a draft, so no workflow exists: every signal finds none, which is what Temporal answers for
 * a campaign never started. The board reads only the database, so no Temporal server is started.
 */
const noWorkflows = {
  workflow: {
    getHandle: (workflowId: string) => ({
      signal: () => Promise.reject(new WorkflowNotFoundError('workflow not found', workflowId, undefined)),
    }),
  },
} as unknown as Client;

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');

/** The four offices of the seeded county and what each did. */
const OFFICES = {
  T01: '凤城市场监管所', // every report on time, phase tasks done
  T02: '城厢市场监管所', // March–May reported late, June never
  T03: '蓬莱市场监管所', // May within an approved extension, the rest on time
  T04: '龙门市场监管所', // never reported
} as const;

type Grid = Record<string, string>;

describe('status board in headless Chromium: a 2024 campaign with four offices viewed on 2024-07-10', () => {
  let db: TestDatabase;
  let mailer: Mailer;
  let api: TestApp;
  let seed: Seed;
  let base: string;
  let browser: Browser;
  let page: Page;
  const tokens = {} as { T02: string; revocable: string; revocableId: string };
  /** Console errors and uncaught exceptions on the page, except the 401s a test provokes on purpose. */
  const pageErrors: string[] = [];
  let expectedUnauthorized = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'bureau@test.local' });
    api = await testApp({ config: loadConfig({}), db, temporal: noWorkflows, mailer });
    seed = await seedCampaign(db.prisma, {
      offices: { T01: 'zh-CN', T02: 'zh-CN', T03: 'en', T04: 'zh-CN' },
      enterprises: { E1: 'T01', E2: 'T01', E3: 'T02', E4: 'T03', E5: 'T04' },
    });
    for (const [code, name] of Object.entries(OFFICES)) {
      await db.prisma.office.update({ where: { id: seed.offices[code]!.id }, data: { name } });
    }
    const deps = { db: db.prisma, client: noWorkflows };
    const { campaignId } = seed;
    const officeId = (code: keyof typeof OFFICES) => seed.offices[code]!.id;
    const report = (code: keyof typeof OFFICES, period: string, at: string) =>
      submitReport(deps, {
        campaignId,
        officeId: officeId(code),
        period,
        tables: sampleTables(),
        summary: { fileName: 'summary.pdf', content: PDF, truncated: false },
        submittedBy: `${code} staff`,
        at: new Date(at),
      });

    // T01: everything on time.
    for (const [period, at] of [
      ['2024-03', '2024-04-01T10:00:00+08:00'],
      ['2024-04', '2024-04-29T10:00:00+08:00'],
      ['2024-05', '2024-05-31T10:00:00+08:00'],
      ['2024-06', '2024-07-01T10:00:00+08:00'],
    ] as const) {
      await report('T01', period, at);
    }
    for (const [key, at] of [
      ['phase:planning', '2024-03-14T10:00:00+08:00'],
      ['phase:self-assessment', '2024-04-28T10:00:00+08:00'],
    ] as const) {
      await closeOfficeObligation(deps, {
        campaignId,
        officeId: officeId('T01'),
        obligationKey: key,
        at: new Date(at),
      });
    }
    // T02: late three times, then not at all.
    await report('T02', '2024-03', '2024-04-10T10:00:00+08:00');
    await report('T02', '2024-04', '2024-05-13T10:00:00+08:00');
    await report('T02', '2024-05', '2024-06-11T10:00:00+08:00');
    // T03: May's report within an extension the bureau approved through the API.
    const requested = await api.call({
      method: 'POST',
      url: `/campaigns/${campaignId}/offices/${officeId('T03')}/extensions`,
      payload: { obligationKey: 'monthly-report:2024-05', requestedDueDate: '2024-06-14', reason: '汛期抢险' },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    // Decided on 3 June 2024, so the board as of July shows the extended deadline (and as of May would not).
    const onThirdJune = await testApp({
      config: loadConfig({}),
      db,
      temporal: noWorkflows,
      mailer,
      clock: () => Date.parse('2024-06-03T10:00:00+08:00'),
    });
    const approved = await onThirdJune.call({
      method: 'POST',
      url: `/extensions/${requested.json<{ id: string }>().id}/decision`,
      payload: { approve: true },
    });
    await onThirdJune.app.close();
    expect(approved.statusCode, approved.body).toBe(200);
    await report('T03', '2024-03', '2024-04-02T09:00:00+08:00');
    await report('T03', '2024-04', '2024-05-02T09:00:00+08:00');
    await report('T03', '2024-05', '2024-06-12T09:00:00+08:00');
    await report('T03', '2024-06', '2024-07-02T09:00:00+08:00');
    // Commitments: T01 both complete, T02 notice served only, T03 complete with its plan, T04 nothing.
    const day = (d: string) => new Date(`2024-03-${d}T10:00:00+08:00`);
    const complete = {
      noticeServedAt: day('01'),
      noticeServedBy: 'staff',
      signedAt: day('04'),
      signatory: '法定代表人',
      copyArchiveAt: day('05'),
      copyNoticeBoardAt: day('05'),
      copyTownshipAt: day('06'),
      copyCountyAt: day('07'),
    };
    for (const code of ['E1', 'E2', 'E4']) {
      await recordEnterpriseProgress(deps, { campaignId, enterpriseId: seed.enterprises[code]!.id, update: complete });
    }
    await recordEnterpriseProgress(deps, {
      campaignId,
      enterpriseId: seed.enterprises.E4!.id,
      update: { planSubmittedAt: day('12') },
    });
    await recordEnterpriseProgress(deps, {
      campaignId,
      enterpriseId: seed.enterprises.E3!.id,
      update: { noticeServedAt: day('08'), noticeServedBy: 'T02 staff' },
    });

    tokens.T02 = (
      await createToken(db.prisma, { name: '城厢所联络员', role: 'office-staff', officeId: officeId('T02') })
    ).token;
    const revocable = await createToken(db.prisma, { name: '县局值班员', role: 'viewer' });
    tokens.revocable = revocable.token;
    tokens.revocableId = revocable.id;

    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // The policy the board is built for, on top of whatever the API sends.
    await enforceStrictCsp(page, base);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (expectedUnauthorized > 0 && /status of 401/.test(message.text())) expectedUnauthorized--;
      else pageErrors.push(message.text());
    });
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.app.close();
    mailer?.close();
    await db?.dispose();
  });

  const boardUrl = (extra = '') =>
    `${base}/board?campaign=${seed.campaignId}&asOf=${encodeURIComponent(AS_OF)}${extra}`;

  async function signIn(token: string) {
    await page.locator('#token-input').fill(token);
    await page.locator('#sign-in-button').click();
  }

  async function ready() {
    await page.locator('body[data-state="ready"]').waitFor({ timeout: 20_000 });
  }

  /** The given attributes of every element the locator matches, joined by '|' (the page's own DOM, read by CDP). */
  async function attributesOf(locator: Locator, ...names: string[]): Promise<string[]> {
    return Promise.all(
      (await locator.all()).map(async (e) =>
        (await Promise.all(names.map(async (n) => (await e.getAttribute(n)) ?? ''))).join('|'),
      ),
    );
  }

  /** How the element a selector finds is painted: its background colour and image. */
  async function paintOf(selector: string): Promise<string> {
    const element = `document.querySelector(${JSON.stringify(selector)})`;
    return String(
      await page.evaluate(
        `(() => { const s = getComputedStyle(${element}); return s.backgroundColor + ' ' + s.backgroundImage; })()`,
      ),
    );
  }

  const storedItems = async () => Number(await page.evaluate('sessionStorage.length'));

  /** office id | period → status, as the page shows it. */
  async function gridOnPage(): Promise<Grid> {
    const cells = await attributesOf(page.locator('#grid td[data-status]'), 'data-office', 'data-month', 'data-status');
    return Object.fromEntries(cells.map((c) => [c.slice(0, c.lastIndexOf('|')), c.slice(c.lastIndexOf('|') + 1)]));
  }

  /** The same, as the API answers it for that token. */
  async function gridFromApi(token?: string): Promise<Grid> {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/reporting-rates?asOf=${encodeURIComponent(AS_OF)}`,
      ...(token ? { token } : {}),
    });
    const rates = response.json<{ offices: { officeId: string; byPeriod: Record<string, string> }[] }>();
    return Object.fromEntries(
      rates.offices.flatMap((o) =>
        Object.entries(o.byPeriod).map(([period, status]) => [`${o.officeId}|${period}`, status]),
      ),
    );
  }

  const id = (code: keyof typeof OFFICES) => seed.offices[code]!.id;
  const cellSelector = (code: keyof typeof OFFICES, period: string) =>
    `#grid td[data-office="${id(code)}"][data-month="${period}"]`;
  const cell = (code: keyof typeof OFFICES, period: string) => page.locator(cellSelector(code, period));

  it("shows the sign-in form first and the API's message for a wrong token", async () => {
    await page.goto(boardUrl());
    await page.locator('body[data-state="signed-out"]').waitFor();
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#board').isVisible()).toBe(false);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expectedUnauthorized = 2; // /me and /campaigns both answer 401
    await signIn('ce_not-a-token');
    await page.locator('#sign-in-error:not([hidden])').waitFor();
    expect(await page.locator('#sign-in-error').textContent()).toBe('this token is unknown, expired or revoked');
    expect(await storedItems()).toBe(0);
  });

  it('colours every office × month cell with the status the API returns', async () => {
    await signIn(api.bureauToken);
    await ready();
    const shown = await gridOnPage();
    expect(Object.keys(shown)).toHaveLength(4 * 11); // four offices × (March–December + year-end)
    expect(shown).toEqual(await gridFromApi());
    await page.screenshot({ path: path.join(ARTIFACTS, 'status-board.png'), fullPage: true });
  });

  it('draws its Chinese labels with the font the API serves, whatever fonts the PC has', async () => {
    await page.goto(boardUrl());
    if (await page.locator('#token-input').isVisible()) await signIn(api.bureauToken);
    await ready();
    // Evaluated as text: the tests are type-checked without the DOM library.
    const loaded = Number(
      await page.evaluate(
        `document.fonts.ready.then(() => [...document.fonts].filter((f) => f.family.replaceAll('"', '') === 'Noto Sans SC' && f.status === 'loaded').length)`,
      ),
    );
    expect(loaded).toBeGreaterThan(0);
  });

  it('colours the office that reported late red, and tells all five statuses apart', async () => {
    const seeded: [keyof typeof OFFICES, string, string][] = [
      ['T01', '2024-03', 'on-time'],
      ['T02', '2024-03', 'late'],
      ['T02', '2024-05', 'late'],
      ['T02', '2024-06', 'missing'],
      ['T03', '2024-05', 'late-with-extension'],
      ['T04', '2024-03', 'missing'],
      ['T01', '2024-07', 'upcoming'],
    ];
    for (const [code, period, status] of seeded) {
      expect(await cell(code, period).getAttribute('data-status'), `${code} ${period}`).toBe(status);
    }
    expect(await paintOf(cellSelector('T02', '2024-03'))).toBe('rgb(198, 40, 40) none');
    const legend = page.locator('#legend li');
    expect(await legend.count()).toBe(5);
    expect(await attributesOf(legend, 'data-status')).toEqual([
      'on-time',
      'late-with-extension',
      'late',
      'missing',
      'upcoming',
    ]);
    const swatch = (status: string) => paintOf(`#legend li[data-status="${status}"] .swatch`);
    const swatches = await Promise.all(['on-time', 'late-with-extension', 'late', 'missing', 'upcoming'].map(swatch));
    expect(new Set(swatches).size).toBe(5);
    // Each legend entry looks exactly like the cells of its status.
    for (const [code, period, status] of seeded) {
      expect(await paintOf(cellSelector(code, period)), `${code} ${period}`).toBe(await swatch(status));
    }
  });

  it('marks today and the current phase on the timeline', async () => {
    expect(await page.locator('#timeline .phase-card').count()).toBe(5);
    expect(await page.locator('#timeline .headline').getAttribute('data-current-phase')).toBe('guidance');
    expect(await page.locator('#timeline .phase-card[aria-current="step"]').getAttribute('data-phase')).toBe(
      'guidance',
    );
    expect(await attributesOf(page.locator('#timeline .phase-card'), 'data-phase', 'data-state')).toEqual([
      'planning|ended',
      'self-assessment|ended',
      'guidance|current',
      'enforcement|upcoming',
      'summary|upcoming',
    ]);
    expect(await page.locator('#timeline .today-label').textContent()).toBe('今天 2024-07-10');
    expect(await page.locator('#timeline .phase-card[data-phase="guidance"] .phase-days').textContent()).toBe(
      '还剩 82 天',
    );
  });

  it('lists the late items, the commitment progress and the next mails the API returns', async () => {
    const asOf = encodeURIComponent(AS_OF);
    const late = (await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/late?asOf=${asOf}` })).json<{
      items: { officeId: string; obligationKey: string }[];
    }>();
    const lateRows = await attributesOf(page.locator('#late-table tbody tr'), 'data-office', 'data-obligation');
    expect(lateRows).toEqual(late.items.map((i) => `${i.officeId}|${i.obligationKey}`));
    expect(lateRows).toContain(`${id('T02')}|monthly-report:2024-06`);
    expect(lateRows.filter((r) => r.startsWith(id('T01')))).toEqual([]);

    const commitments = await Promise.all(
      (await page.locator('#commitments-table tbody tr').all()).map((row) => row.locator('td').allTextContents()),
    );
    expect(commitments).toEqual([
      [OFFICES.T01, '2', '2/2', '0/2', '0/2'],
      [OFFICES.T02, '1', '0/1', '0/1', '0/1'],
      [OFFICES.T03, '1', '1/1', '1/1', '0/1'],
      [OFFICES.T04, '1', '0/1', '0/1', '0/1'],
    ]);

    const mails = (
      await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/next-mails?asOf=${asOf}&limit=20` })
    ).json<{ items: { officeId: string; obligationKey: string; step: string }[] }>();
    const mailRows = await attributesOf(
      page.locator('#mails-table tbody tr'),
      'data-office',
      'data-obligation',
      'data-step',
    );
    expect(mailRows).toHaveLength(20);
    expect(mailRows).toEqual(mails.items.map((m) => `${m.officeId}|${m.obligationKey}|${m.step}`));
    // A draft campaign sends nothing yet, and the page says so.
    expect(await page.locator('#mails .note').textContent()).toContain('尚未启动');
  });

  it('switches to English and back, keeping the campaign and the date', async () => {
    await page.locator('#lang-toggle').click();
    await ready();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Campaign status board');
    expect(await cell('T02', '2024-03').textContent()).toBe('late');
    expect(await page.locator('#timeline .today-label').textContent()).toBe('today 2024-07-10');
    const url = new URL(page.url());
    expect([url.searchParams.get('lang'), url.searchParams.get('campaign'), url.searchParams.get('asOf')]).toEqual([
      'en',
      seed.campaignId,
      AS_OF,
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'status-board-en.png'), fullPage: true });
    await page.locator('#lang-toggle').click();
    await ready();
    expect(await page.locator('h1').textContent()).toBe('专项行动状态看板');
    expect(await cell('T02', '2024-03').textContent()).toBe('逾期');
  });

  it('opens in English from ?lang=en', async () => {
    await page.goto(boardUrl('&lang=en'));
    await ready();
    expect(await page.locator('#grid-title').textContent()).toBe('Monthly reports (office × month)');
    await page.goto(boardUrl());
    await ready();
  });

  it('shows a banner while a mail of the campaign is in doubt, and none once it is settled', async () => {
    await page.goto(boardUrl());
    if (await page.locator('#token-input').isVisible()) await signIn(api.bureauToken);
    await ready();
    expect(await page.locator('#uncertain-banner').isVisible()).toBe(false);
    const mail = await db.prisma.mailMessage.create({
      data: {
        idempotencyKey: 'board-uncertain',
        campaignId: seed.campaignId,
        recipient: 't01.contact@office.test',
        subject: '提醒',
        text: '正文',
        state: 'uncertain',
        uncertainAt: new Date(),
      },
    });
    await page.reload();
    await ready();
    expect(await page.locator('#uncertain-banner').textContent()).toContain('有1封邮件可能未送达');
    expect(await page.locator('#uncertain-banner').isVisible()).toBe(true);
    await db.prisma.mailMessage.update({ where: { id: mail.id }, data: { state: 'sent' } });
    await page.reload();
    await ready();
    expect(await page.locator('#uncertain-banner').isVisible()).toBe(false);
  });

  it('shows office staff their own office only, after signing out and in again', async () => {
    await page.locator('#sign-out').click();
    await page.locator('body[data-state="signed-out"]').waitFor();
    expect(await storedItems()).toBe(0);
    expect(await page.locator('#board').isVisible()).toBe(false);
    await signIn(tokens.T02);
    await ready();
    const shown = await gridOnPage();
    expect(new Set(Object.keys(shown).map((k) => k.split('|')[0]))).toEqual(new Set([id('T02')]));
    expect(shown).toEqual(await gridFromApi(tokens.T02));
    const officesInLists = await attributesOf(
      page.locator('#late-table tbody tr, #mails-table tbody tr, #commitments-table tbody tr'),
      'data-office',
    );
    expect(officesInLists.length).toBeGreaterThan(0);
    expect(new Set(officesInLists)).toEqual(new Set([id('T02')]));
    expect(await page.locator('#who').textContent()).toContain('城厢所联络员');
  });

  it("returns to the sign-in form with the API's message once the token is revoked", async () => {
    await page.locator('#sign-out').click();
    await signIn(tokens.revocable);
    await ready();
    await revokeToken({ db: db.prisma }, { tokenId: tokens.revocableId });
    expectedUnauthorized = 2;
    await page.locator('#refresh').click();
    await page.locator('body[data-state="signed-out"]').waitFor();
    expect(await page.locator('#sign-in-error').textContent()).toBe('this token is unknown, expired or revoked');
    expect(await page.locator('#board').isVisible()).toBe(false);
    expect(await storedItems()).toBe(0);
  });

  it('runs under the strict Content-Security-Policy without a script error or a violation', () => {
    expect(pageErrors).toEqual([]);
    expect(expectedUnauthorized).toBe(0);
  });
});
