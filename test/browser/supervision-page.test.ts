import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import { defaultTemplate, mergeTemplate } from '../../domain/index.js';
import {
  activePath,
  DESKTOP,
  launchPages,
  open,
  overflow,
  pagesApp,
  PHONE,
  ready,
  recordingTemporal,
  screenshot,
  submit,
  type BrowserPages,
  type PagesApp,
} from '../support/browser.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

/** The API answers as of this instant (Asia/Shanghai): inspections run May to November. */
const NOW = '2024-06-20T10:00:00+08:00';

interface StoredHazard {
  id: string;
  enterpriseId: string;
  description: string;
  major: boolean;
  state: string;
  rectifyBy: string;
  rectifiedOn: string | null;
  verifiedOn: string | null;
}
interface StoredSupervision {
  inspections: { id: string; enterpriseId: string; inspectors: string[] }[];
  hazards: StoredHazard[];
}

describe('the supervision records page in headless Chromium: an office records inspections, hazards and rectifications, the bureau verifies', () => {
  let api: PagesApp;
  let seed: Seed;
  let pages: BrowserPages;
  const tokens = {} as { office: string; viewer: string };
  let office: Page;
  let bureau: Page;

  const T01 = () => seed.offices.T01!.id;
  const enterprise = (code: string) => seed.enterprises[code]!.id;
  const pageUrl = (extra = '') => `${api.base}/app/supervision?campaign=${seed.campaignId}${extra}`;
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await api.call({ method: 'POST', url: `/campaigns/${seed.campaignId}${url}`, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json<{ id: string; hazards?: StoredHazard[] }>();
  };
  const stored = async (): Promise<StoredSupervision> => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/offices/${T01()}/supervision`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<StoredSupervision>();
  };
  const hazardRow = (page: Page, id: string) => page.locator(`#hazard-table tr[data-hazard="${id}"]`);
  const byDescription = async (description: string) =>
    (await stored()).hazards.find((h) => h.description === description)!;

  /** Set up before the page opens: an overdue hazard, a rectified major one, a planned guidance visit. */
  const seeded = {} as { overdue: string; major: string };

  beforeAll(async () => {
    api = await pagesApp({ temporal: recordingTemporal().client, now: NOW });
    const { db } = api;
    seed = await seedCampaign(db.prisma, {
      offices: { T01: 'zh-CN', T02: 'zh-CN' },
      enterprises: { E1: 'T01', E2: 'T01', F1: 'T02' },
      template: mergeTemplate(defaultTemplate(2024), { supervision: {} }),
    });
    await db.prisma.campaign.update({ where: { id: seed.campaignId }, data: { status: 'running' } });
    await db.prisma.office.update({ where: { id: T01() }, data: { name: '城厢市场监管所' } });
    await db.prisma.enterprise.update({ where: { id: enterprise('E1') }, data: { name: '安溪压力容器制造有限公司' } });
    await db.prisma.enterprise.update({ where: { id: enterprise('E2') }, data: { name: '城厢锅炉配件有限公司' } });
    const earlier = await post('/inspections', {
      enterpriseId: enterprise('E2'),
      inspectedOn: '2024-06-03',
      inspectors: ['张伟', '李娜'],
      hazards: [
        { description: '安全出口堵塞', major: false, rectifyBy: '2024-06-10' },
        { description: '锅炉安全阀失效', major: true, rectifyBy: '2024-06-30' },
      ],
    });
    seeded.overdue = earlier.hazards![0]!.id;
    seeded.major = earlier.hazards![1]!.id;
    await post(`/hazards/${seeded.major}/rectification`, { rectifiedOn: '2024-06-15' });
    await post('/guidance-visits', {
      enterpriseId: enterprise('E1'),
      plannedFor: '2024-07-05',
      team: '县局帮扶组',
      topics: ['three-types', 'five-s'],
    });
    tokens.office = (
      await createToken(db.prisma, { name: '城厢所联络员', role: 'office-staff', officeId: T01() })
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

  it("shows office staff their own office's hazards with today's states, an overdue one marked, its inspections and planned guidance visits, Chinese by default", async () => {
    await open(office, pageUrl(), tokens.office);
    expect(await office.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await office.locator('h1').textContent()).toBe('监管记录');
    expect(await office.locator('.office-name').textContent()).toBe('城厢市场监管所');
    expect(new URL(office.url()).searchParams.get('office')).toBe(T01());
    expect(await office.locator('#office-select').count()).toBe(0);
    expect(await office.locator('#nav a[data-page="supervision"]').getAttribute('aria-current')).toBe('page');
    const overdue = hazardRow(office, seeded.overdue);
    expect(await overdue.getAttribute('data-state')).toBe('overdue');
    expect(await overdue.getAttribute('class')).toBe('overdue');
    expect(await overdue.locator('.tag-overdue').textContent()).toBe('逾期未整改');
    expect(await overdue.locator('td.enterprise').textContent()).toBe('城厢锅炉配件有限公司（E2）');
    expect(await overdue.locator('td.found').textContent()).toBe('2024-06-03');
    expect(await overdue.locator('td.rectify-by').textContent()).toBe('2024-06-10');
    expect(await overdue.locator('form.rectify-form').count()).toBe(1);
    const major = hazardRow(office, seeded.major);
    expect(await major.getAttribute('data-state')).toBe('awaiting-verification');
    expect(await major.locator('.tag-major').textContent()).toBe('重大隐患');
    expect(await major.locator('.tag-awaiting').textContent()).toBe('已整改待销号');
    // Verifying is the bureau's: office staff have no form for it.
    expect(await major.locator('form').count()).toBe(0);
    expect(await office.locator('#inspection-table tr[data-inspection] td').nth(2).textContent()).toBe('张伟、李娜');
    const visit = office.locator('#visit-table tr[data-visit]');
    expect(await visit.getAttribute('data-state')).toBe('planned');
    expect(await visit.locator('td').allTextContents()).toEqual([
      '安溪压力容器制造有限公司（E1）',
      '2024-07-05',
      '县局帮扶组',
      '三类企业、5S',
      '已计划',
    ]);
  });

  it("shows the server's refusal at the hazard's rectify-by date when it is before the inspection, and stores nothing", async () => {
    const form = office.locator('#inspection-form');
    // The office's enterprises are offered, and only those.
    expect(await form.locator('[data-path="enterpriseId"] option').allTextContents()).toEqual([
      '请选择企业',
      '安溪压力容器制造有限公司（E1）',
      '城厢锅炉配件有限公司（E2）',
    ]);
    await form.locator('[data-path="enterpriseId"]').selectOption(enterprise('E1'));
    await form.locator('[data-path="inspectedOn"]').fill('2024-06-18');
    await form.locator('[data-path="inspectors"]').fill('王强，赵敏');
    await form.locator('#add-hazard').click();
    await form.locator('[data-path="hazards[0].description"]').fill('压力容器安全阀未定期校验');
    await form.locator('[data-path="hazards[0].rectifyBy"]').fill('2024-06-10');
    pages.errorsOf(office).expectStatus(422);
    await submit(office, form.locator('button[type="submit"]'), 'refused');
    expect(await form.locator('.field-error[data-error-for="hazards[0].rectifyBy"]').textContent()).toBe(
      '2024-06-10 is before the inspection 2024-06-18',
    );
    expect(await form.locator('[data-path="hazards[0].rectifyBy"]').getAttribute('aria-invalid')).toBe('true');
    expect(await activePath(office)).toBe('hazards[0].rectifyBy');
    await screenshot(office, 'page-supervision-refused.png');
    expect(await form.locator('.form-error').textContent()).toBe('未能提交：请更正下方标出的栏目。');
    const now = await stored();
    expect(now.inspections).toHaveLength(1);
    expect(now.hazards).toHaveLength(2);
  });

  it('records the inspection with the hazard it found, together, and lists the hazard as open', async () => {
    const form = office.locator('#inspection-form');
    await form.locator('[data-path="hazards[0].rectifyBy"]').fill('2024-07-18');
    await submit(office, form.locator('button[type="submit"]'), {
      notice: '已登记检查：安溪压力容器制造有限公司（E1），隐患 1 项',
    });
    const found = await byDescription('压力容器安全阀未定期校验');
    expect(found).toMatchObject({
      enterpriseId: enterprise('E1'),
      major: false,
      state: 'open',
      rectifyBy: '2024-07-18',
    });
    const inspection = (await stored()).inspections.find((i) => i.enterpriseId === enterprise('E1'))!;
    expect(inspection.inspectors).toEqual(['王强', '赵敏']);
    const row = hazardRow(office, found.id);
    expect(await row.getAttribute('data-state')).toBe('open');
    expect(await row.locator('.tag-open').textContent()).toBe('待整改');
    // The form is drawn afresh, with no hazard left in it.
    expect(await office.locator('#inspection-form fieldset.hazard').count()).toBe(0);
    await screenshot(office, 'page-supervision.png');
  });

  it('records the rectification of an open hazard in its row: it is then rectified and offers no form', async () => {
    const found = await byDescription('压力容器安全阀未定期校验');
    const form = hazardRow(office, found.id).locator('form.rectify-form');
    await form.locator('[data-path="rectifiedOn"]').fill('2024-06-19');
    await submit(office, form.locator('button[type="submit"]'), { notice: '已登记整改：压力容器安全阀未定期校验' });
    const row = hazardRow(office, found.id);
    expect(await row.getAttribute('data-state')).toBe('rectified');
    expect(await row.locator('.tag-done').textContent()).toBe('已整改');
    expect(await row.locator('form').count()).toBe(0);
    expect(await byDescription('压力容器安全阀未定期校验')).toMatchObject({
      state: 'rectified',
      rectifiedOn: '2024-06-19',
    });
  });

  it('lets the bureau pick the office and verify a rectified major hazard awaiting verification', async () => {
    await open(bureau, pageUrl(), api.bureauToken);
    expect(await bureau.locator('.note').first().textContent()).toBe('请先选择一个监管所。');
    await bureau.locator('#office-select').selectOption(T01());
    await ready(bureau);
    await bureau.locator('.office-name').waitFor();
    const form = hazardRow(bureau, seeded.major).locator('form.verify-form');
    await form.locator('[data-path="verifiedOn"]').fill('2024-06-20');
    await submit(bureau, form.locator('button[type="submit"]'), { notice: '已销号：锅炉安全阀失效' });
    const row = hazardRow(bureau, seeded.major);
    expect(await row.getAttribute('data-state')).toBe('verified');
    expect(await row.locator('.tag-done').textContent()).toBe('已销号');
    expect(await byDescription('锅炉安全阀失效')).toMatchObject({ state: 'verified', verifiedOn: '2024-06-20' });
  });

  it('shows a viewer the records and no form', async () => {
    const viewer = await pages.newPage(PHONE);
    await open(viewer, pageUrl(`&office=${T01()}`), tokens.viewer);
    expect(await viewer.locator('.read-only').textContent()).toBe('只读：您的账号可以查看，不能办理。');
    expect(await viewer.locator('#hazard-table tr[data-hazard]').count()).toBe(3);
    expect(await viewer.locator('form.action-form').count()).toBe(0);
    expect(await viewer.locator('#inspection-form').count()).toBe(0);
    expect(await overflow(viewer)).toBeLessThanOrEqual(0);
    await screenshot(viewer, 'page-supervision-phone.png');
  });

  it('shows English with ?lang=en', async () => {
    const english = await pages.newPage(DESKTOP);
    await open(english, pageUrl('&lang=en'), tokens.office);
    expect(await english.locator('html').getAttribute('lang')).toBe('en');
    expect(await english.locator('h1').textContent()).toBe('Supervision records');
    expect(await english.locator('#nav a[data-page="supervision"]').textContent()).toBe('Supervision records');
    expect(await hazardRow(english, seeded.overdue).locator('.tag-overdue').textContent()).toBe('Overdue');
    expect(await hazardRow(english, seeded.major).locator('.tag-done').textContent()).toBe('Verified');
    expect(await english.locator('#record-inspection h2').textContent()).toBe('Record an inspection');
    expect(await english.locator('#visit-table tr[data-visit] td').nth(3).textContent()).toBe('Three types, 5S');
  });

  it('leaves no console error or CSP violation on any page', () => {
    expect(pages.errors()).toEqual([]);
    expect(pages.pending()).toEqual([]);
  });
});
