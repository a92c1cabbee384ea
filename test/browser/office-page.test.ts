import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOfficeObligation } from '../../app/obligations/close-office-obligation.js';
import { createToken } from '../../app/access/tokens.js';
import {
  activePath,
  DESKTOP,
  launchPages,
  open,
  pagesApp,
  PHONE,
  ready,
  recordingTemporal,
  screenshot,
  submit,
  overflow,
  type BrowserPages,
  type PagesApp,
  type RecordingTemporal,
} from '../support/browser.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

/** The API answers as of this instant (local Asia/Shanghai time): June's report is past its hard deadline. */
const NOW = '2024-07-10T12:00:00+08:00';

interface StoredExtension {
  id: string;
  obligationKey: string;
  status: string;
  requestedDueDate: string;
  reason: string;
  requestedBy: string;
}
interface StoredEscalation {
  id: string;
  level: number;
  reason: string;
  ackBy: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

describe('the office page and the escalation page in headless Chromium: an office, its late report, an extension and an escalation', () => {
  let api: PagesApp;
  let seed: Seed;
  let pages: BrowserPages;
  /** An escalation's workflow starts, and signals (an obligation closed, an escalation acknowledged) are received. */
  let temporal: RecordingTemporal;
  const tokens = {} as { office: string; viewer: string };
  let office: Page;
  let bureau: Page;

  beforeAll(async () => {
    temporal = recordingTemporal();
    api = await pagesApp({ temporal: temporal.client, now: NOW });
    const { db } = api;
    seed = await seedCampaign(db.prisma, {
      offices: { T01: 'zh-CN', T02: 'zh-CN' },
      enterprises: { E1: 'T01', E2: 'T02' },
    });
    await db.prisma.campaign.update({ where: { id: seed.campaignId }, data: { status: 'running' } });
    await db.prisma.office.update({ where: { id: seed.offices.T01!.id }, data: { name: '城厢市场监管所' } });
    await db.prisma.office.update({ where: { id: seed.offices.T02!.id }, data: { name: '凤城市场监管所' } });
    // T01 reported March to May and finished its planning phase; June's report and the self-assessment phase are late.
    const deps = { db: db.prisma, client: temporal.client };
    for (const [obligationKey, at] of [
      ['phase:planning', '2024-03-14T10:00:00+08:00'],
      ['monthly-report:2024-03', '2024-04-01T10:00:00+08:00'],
      ['monthly-report:2024-04', '2024-04-29T10:00:00+08:00'],
      ['monthly-report:2024-05', '2024-05-31T10:00:00+08:00'],
    ] as const) {
      await closeOfficeObligation(deps, {
        campaignId: seed.campaignId,
        officeId: seed.offices.T01!.id,
        obligationKey,
        at: new Date(at),
      });
    }
    tokens.office = (
      await createToken(db.prisma, { name: '城厢所联络员', role: 'office-staff', officeId: seed.offices.T01!.id })
    ).token;
    tokens.viewer = (await createToken(db.prisma, { name: '县局值班员', role: 'viewer' })).token;

    pages = await launchPages(api.base);
    office = await pages.newPage(DESKTOP);
    bureau = await pages.newPage(DESKTOP);
  }, 120_000);

  afterAll(async () => {
    await pages?.close();
    await api?.close();
  });

  const T01 = () => seed.offices.T01!.id;
  const officeUrl = (extra = '') => `${api.base}/app/office?campaign=${seed.campaignId}${extra}`;

  const extensions = async () =>
    (await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/extensions?officeId=${T01()}` })).json<
      StoredExtension[]
    >();
  const escalations = async () =>
    (await api.call({ method: 'GET', url: `/campaigns/${seed.campaignId}/escalations?officeId=${T01()}` })).json<
      StoredEscalation[]
    >();

  it('shows office staff their own office: the late June report, what is due next, Chinese by default', async () => {
    await open(office, officeUrl(), tokens.office);
    expect(await office.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await office.locator('h1').textContent()).toBe('我的所');
    expect(await office.locator('.office-name').textContent()).toBe('城厢市场监管所');
    // The office is their own, written into the address, and there is no office to pick.
    expect(new URL(office.url()).searchParams.get('office')).toBe(T01());
    expect(await office.locator('#office-select').count()).toBe(0);
    const late = office.locator('#late-table tr[data-obligation="monthly-report:2024-06"]');
    expect(await late.getAttribute('data-state')).toBe('late');
    expect(await late.locator('td').nth(1).textContent()).toBe('2024-07-02');
    expect(await office.locator('#late-table tr[data-obligation="monthly-report:2024-05"]').count()).toBe(0);
    expect(await office.locator('#late-table tr[data-obligation="phase:self-assessment"]').count()).toBe(1);
    expect(await office.locator('#due-next .headline').getAttribute('data-obligation')).toBe('monthly-report:2024-07');
    expect(await office.locator('#who').textContent()).toBe('城厢所联络员（监管所工作人员）');
    // The navigation for office staff: its own pages and the board (no county pages), the campaign kept.
    const nav = office.locator('#nav a');
    expect(await nav.allTextContents()).toEqual(['我的所', '月报', '企业', '监管记录', '本所邮件', '节假日', '看板']);
    expect(await nav.first().getAttribute('aria-current')).toBe('page');
    expect(await nav.last().getAttribute('href')).toBe(`/board?campaign=${seed.campaignId}`);
    await screenshot(office, 'page-office.png');
  });

  it("shows the server's refusal at its field: an extension without a reason, and stores nothing", async () => {
    const form = office.locator('#extension-form');
    await form.locator('[data-path="obligationKey"]').selectOption('monthly-report:2024-06');
    await form.locator('[data-path="requestedDueDate"]').fill('2024-07-20');
    pages.errorsOf(office).expectStatus(400);
    await submit(office, form.locator('button[type="submit"]'), 'refused');
    const error = form.locator('.field-error[data-error-for="reason"]');
    expect(await error.textContent()).toBe('must NOT have fewer than 1 characters');
    expect(await form.locator('[data-path="reason"]').getAttribute('aria-invalid')).toBe('true');
    expect(await activePath(office)).toBe('reason');
    expect(await form.locator('.form-error').textContent()).toBe('未能提交：请更正下方标出的栏目。');
    expect(await extensions()).toEqual([]);
  });

  it('requests an extension of the late report and shows it pending', async () => {
    const form = office.locator('#extension-form');
    await form.locator('[data-path="reason"]').fill('汛期抢险，人手不足');
    await submit(office, form.locator('button[type="submit"]'), { notice: '已提交延期申请' });
    const late = office.locator('#late-table tr[data-obligation="monthly-report:2024-06"]');
    expect(await late.locator('.tag-extension-requested').textContent()).toBe('延期待审批（至 2024-07-20）');
    const row = office.locator('#extensions-table tr[data-obligation="monthly-report:2024-06"]');
    expect(await row.getAttribute('data-status')).toBe('requested');
    // Office staff do not decide.
    expect(await office.locator('form.decide').count()).toBe(0);
    const stored = await extensions();
    expect(stored.map((e) => [e.obligationKey, e.status, e.requestedDueDate, e.reason, e.requestedBy])).toEqual([
      ['monthly-report:2024-06', 'requested', '2024-07-20', '汛期抢险，人手不足', '城厢所联络员'],
    ]);
  });

  it('lets the bureau, signed in elsewhere, pick the office and approve the extension', async () => {
    await open(bureau, officeUrl(), api.bureauToken);
    // No office in the address: the bureau picks one.
    expect(await bureau.locator('.note').first().textContent()).toBe('请先选择一个监管所。');
    await bureau.locator('#office-select').selectOption(T01());
    await ready(bureau);
    await bureau.locator('.office-name').waitFor();
    expect(new URL(bureau.url()).searchParams.get('office')).toBe(T01());
    expect(await bureau.locator('#nav a').allTextContents()).toEqual([
      '各所办理',
      '月报',
      '企业',
      '监管记录',
      '邮件日志',
      '全县报送',
      '行动设置',
      '节假日',
      '看板',
    ]);
    const [pending] = await extensions();
    const decide = bureau.locator(`form.decide[data-extension="${pending!.id}"]`);
    await decide.locator('[data-path="note"]').fill('同意');
    await submit(bureau, decide.locator('button[value="true"]'), { notice: '已批准延期' });
    expect(
      await bureau.locator(`#extensions-table tr[data-extension="${pending!.id}"]`).getAttribute('data-status'),
    ).toBe('approved');
    expect((await extensions()).map((e) => e.status)).toEqual(['approved']);
    // Approved as of now: June's report is due on the 20th, no longer late.
    expect(await bureau.locator('#late-table tr[data-obligation="monthly-report:2024-06"]').count()).toBe(0);
    expect(await bureau.locator('#due-next .headline').getAttribute('data-obligation')).toBe('monthly-report:2024-06');
  });

  it("refuses an escalation whose ack-by date has passed, showing the server's message at the date", async () => {
    const form = bureau.locator('#escalate-form');
    await form.locator('[data-path="reason"]').fill('六月月报逾期');
    await form.locator('[data-path="ackBy"]').fill('2024-07-01');
    pages.errorsOf(bureau).expectStatus(422);
    await submit(bureau, form.locator('button[type="submit"]'), 'refused');
    expect(await form.locator('.field-error[data-error-for="ackBy"]').textContent()).toBe('must be today or later');
    expect(await activePath(bureau)).toBe('ackBy');
    expect(await escalations()).toEqual([]);
    expect(temporal.started).toEqual([]);
  });

  it('escalates the office (约谈) with an ack-by date; the escalation is stored and its workflow started', async () => {
    const ackBy = DateTime.now().setZone('Asia/Shanghai').plus({ days: 7 }).toISODate()!;
    const form = bureau.locator('#escalate-form');
    await form.locator('[data-path="level"]').selectOption('2');
    await form.locator('[data-path="ackBy"]').fill(ackBy);
    await form.locator('[data-path="obligationKey"]').selectOption('phase:self-assessment');
    await submit(bureau, form.locator('button[type="submit"]'), { notice: '已发出督办通知' });
    const [stored, ...more] = await escalations();
    expect(more).toEqual([]);
    expect([stored!.level, stored!.reason, stored!.acknowledgedAt]).toEqual([2, '六月月报逾期', null]);
    // The end of that local day.
    expect(DateTime.fromISO(ackBy, { zone: 'Asia/Shanghai' }).plus({ days: 1 }).toMillis()).toBe(
      Date.parse(stored!.ackBy),
    );
    expect(temporal.started).toHaveLength(1);
    const row = bureau.locator(`#escalations-table tr[data-escalation="${stored!.id}"]`);
    expect(await row.getAttribute('data-level')).toBe('2');
    expect(await row.locator('.tag-level-2').textContent()).toBe('约谈');
    expect(await row.locator('.ack-by').textContent()).toBe(ackBy);
  });

  it('opens the escalation from its link for the office, which acknowledges it; the acknowledgement is stored', async () => {
    const [escalation] = await escalations();
    const link = `${api.base}/app/escalation?campaign=${seed.campaignId}&office=${T01()}&id=${escalation!.id}`;
    // Signed in on the office page: the same tab is signed in on every page.
    await office.goto(link);
    await ready(office);
    expect(await office.locator('h1').textContent()).toBe('督办通知');
    expect(await office.locator('#escalation-facts').textContent()).toContain('约谈');
    expect(await office.locator('#escalation-facts').textContent()).toContain('六月月报逾期');
    expect(await office.locator('#history tr[data-kind="raised"]').count()).toBe(1);
    await screenshot(office, 'page-escalation.png');
    await submit(office, office.locator('#acknowledge'), { notice: '已确认收到' });
    expect(await office.locator('#acknowledged-by').textContent()).toMatch(
      /^城厢所联络员 已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 确认收到。$/,
    );
    expect(await office.locator('#acknowledge').count()).toBe(0);
    const [stored] = await escalations();
    expect(stored!.acknowledgedBy).toBe('城厢所联络员');
    expect(Date.now() - Date.parse(stored!.acknowledgedAt!)).toBeLessThan(60_000);
    expect(temporal.signalled).toContain(`${temporal.started[0]} acknowledge`);
  });

  it('shows the escalation page and the office page in English with ?lang=en, and switches back keeping the address', async () => {
    await office.goto(`${office.url()}&lang=en`);
    await ready(office);
    expect(await office.locator('html').getAttribute('lang')).toBe('en');
    expect(await office.locator('h1').textContent()).toBe('Escalation');
    expect(await office.locator('#acknowledged-by').textContent()).toMatch(/^Acknowledged by 城厢所联络员 at /);
    await screenshot(office, 'page-escalation-en.png');
    await office.locator('#back-to-office').click();
    await ready(office);
    expect(new URL(office.url()).searchParams.get('lang')).toBe('en');
    expect(await office.locator('h1').textContent()).toBe('My office');
    expect(await office.locator('#nav a').allTextContents()).toEqual([
      'My office',
      'Monthly report',
      'Enterprises',
      'Supervision records',
      'Our mail',
      'Holidays',
      'Board',
    ]);
    expect(await office.locator('#due-next .headline').textContent()).toContain('due 2024-07-20');
    await screenshot(office, 'page-office-en.png');
    await office.locator('#lang-toggle').click();
    await ready(office);
    expect(await office.locator('h1').textContent()).toBe('我的所');
    const url = new URL(office.url());
    expect([url.searchParams.get('lang'), url.searchParams.get('campaign'), url.searchParams.get('office')]).toEqual([
      null,
      seed.campaignId,
      T01(),
    ]);
  });

  it('fits a phone: one column, nothing wider than the screen', async () => {
    const phone = await pages.newPage(PHONE);
    await open(phone, officeUrl(), tokens.office);
    await screenshot(phone, 'page-office-phone.png');
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
  });

  it('shows viewers every office but no form to act with', async () => {
    const viewer = await pages.newPage(DESKTOP);
    await open(viewer, officeUrl(`&office=${T01()}`), tokens.viewer);
    await viewer.locator('.office-name').waitFor();
    expect(await viewer.locator('#late-table').count()).toBe(1);
    expect(await viewer.locator('#escalations-table').count()).toBe(1);
    expect(await viewer.locator('form').count()).toBe(1); // the sign-in form only
    expect(await viewer.locator('.read-only').isVisible()).toBe(true);
  });

  it('signs the tab in on the board too, from the navigation', async () => {
    await office.locator('#nav a[data-page="board"]').click();
    await ready(office);
    expect(new URL(office.url()).pathname).toBe('/board');
    expect(await office.locator('#who').textContent()).toContain('城厢所联络员');
  });

  it('runs every page under the strict Content-Security-Policy without a script error or a violation', () => {
    expect(pages.errors()).toEqual([]);
    expect(pages.pending()).toEqual([]);
  });
});
