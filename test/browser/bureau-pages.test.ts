import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { enforceStrictCsp, launchBrowser, watchPageErrors } from '../support/browser.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

const IN_DOUBT =
  'no answer from the SMTP server after the end of the message, so it may or may not have been delivered; it is not sent again, to avoid a duplicate';

interface StoredMail {
  id: string;
  idempotencyKey: string;
  state: string;
  recipient: string;
}
interface StoredYear {
  coverage: string;
  bureauEntries: { date: string; kind: string; name: string }[];
  exceptions: { date: string; working: boolean; source: string; holidayName?: string }[];
}

describe('the bureau pages in headless Chromium: the mail log (mails in doubt settled) and the working-day calendar', () => {
  let api: BuiltTestApp;
  let seed: Seed;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const watched: ReturnType<typeof watchPageErrors>[] = [];
  const tokens = {} as { office: string; viewer: string };
  const mails = {} as Record<
    'doubt1' | 'doubt2' | 'doubt3' | 'sent' | 'failed' | 'pending' | 'otherOffice',
    StoredMail
  >;
  let bureau: Page;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub', mail: 'catcher' });
    const db = api.db.prisma;
    seed = await seedCampaign(db, { offices: { T01: 'zh-CN', T02: 'zh-CN' }, enterprises: {} });
    await db.campaign.update({ where: { id: seed.campaignId }, data: { status: 'running' } });
    const mail = async (
      key: string,
      data: { recipient: string; subject: string; state: string; step: string; at: string; lastError?: string },
    ): Promise<StoredMail> =>
      db.mailMessage.create({
        data: {
          idempotencyKey: `${seed.campaignId}/${key}`,
          campaignId: seed.campaignId,
          obligationKey: 'monthly-report:2024-06',
          step: data.step,
          recipient: data.recipient,
          subject: data.subject,
          text: `${data.subject}\n\n正文`,
          state: data.state,
          attempts: 1,
          scheduledFor: new Date(data.at),
          createdAt: new Date(data.at),
          ...(data.state === 'sent' ? { sentAt: new Date(data.at), smtpResponse: '250 2.0.0 OK queued' } : {}),
          ...(data.lastError ? { lastError: data.lastError } : {}),
          ...(data.state === 'uncertain' ? { uncertainAt: new Date(data.at), endOfDataAt: new Date(data.at) } : {}),
        },
        select: { id: true, idempotencyKey: true, state: true, recipient: true },
      });
    const t01 = 't01.contact@office.test';
    mails.sent = await mail('t01/reminder-3wd', {
      recipient: t01,
      subject: '【提醒】2024年6月月报将于3个工作日后截止',
      state: 'sent',
      step: 'reminder-3wd',
      at: '2024-06-27T09:00:00+08:00',
    });
    mails.failed = await mail('t01/head/overdue', {
      recipient: 't01.head@office.test',
      subject: '【逾期】2024年6月月报已逾期',
      state: 'failed',
      step: 'overdue',
      at: '2024-07-03T00:00:00+08:00',
      lastError: '550 5.1.1 mailbox unavailable',
    });
    mails.doubt1 = await mail('t01/reminder-1wd', {
      recipient: t01,
      subject: '【提醒】2024年6月月报将于明天截止',
      state: 'uncertain',
      step: 'reminder-1wd',
      at: '2024-07-01T09:00:00+08:00',
      lastError: IN_DOUBT,
    });
    mails.doubt2 = await mail('t02/reminder-1wd', {
      recipient: 't02.contact@office.test',
      subject: '【提醒】2024年6月月报将于明天截止',
      state: 'uncertain',
      step: 'reminder-1wd',
      at: '2024-07-01T09:00:01+08:00',
      lastError: IN_DOUBT,
    });
    mails.doubt3 = await mail('t01/reminder-due-day', {
      recipient: t01,
      subject: '【提醒】2024年6月月报今天截止',
      state: 'uncertain',
      step: 'reminder-due-day',
      at: '2024-07-02T09:00:00+08:00',
      lastError: IN_DOUBT,
    });
    mails.pending = await mail('t01/overdue', {
      recipient: t01,
      subject: '【逾期】2024年6月月报已逾期',
      state: 'pending',
      step: 'overdue',
      at: '2024-07-03T00:00:00+08:00',
    });
    mails.otherOffice = await mail('t02/reminder-3wd', {
      recipient: 't02.contact@office.test',
      subject: '【提醒】2024年6月月报将于3个工作日后截止',
      state: 'sent',
      step: 'reminder-3wd',
      at: '2024-06-27T09:00:00+08:00',
    });
    tokens.office = (
      await createToken(db, { name: '城厢所联络员', role: 'office-staff', officeId: seed.offices.T01!.id })
    ).token;
    tokens.viewer = (await createToken(db, { name: '县局值班员', role: 'viewer' })).token;

    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    bureau = await openPage(DESKTOP);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.close();
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

  /** Submits a form and waits for the page drawn again with the action's notice, or for the refusal in the form. */
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

  const screenshot = (page: Page, name: string, fullPage = true) =>
    page.screenshot({ path: path.join(ARTIFACTS, name), fullPage });
  const stateOf = async (mail: StoredMail) =>
    (await api.db.prisma.mailMessage.findUniqueOrThrow({ where: { id: mail.id } })).state;
  const caught = (mail: StoredMail) =>
    api.catcher!.messages().filter((m) => m.headers['x-campaign-key'] === mail.idempotencyKey);
  const holidays = async () => (await api.call({ method: 'GET', url: '/holidays/2024' })).json<StoredYear>();
  const mailRow = (page: Page, table: string, mail: StoredMail) => page.locator(`#${table} tr[data-mail="${mail.id}"]`);

  it('shows the bureau the mails in doubt at the top, what to do, and the whole log below, in Chinese', async () => {
    await open(bureau, `${base}/app/mail-log?state=uncertain`, api.bureauToken);
    expect(await bureau.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await bureau.locator('h1').textContent()).toBe('邮件日志');
    // The mails in doubt come first, highlighted, with what to do.
    const first = bureau.locator('#page > section').first();
    expect(await first.getAttribute('id')).toBe('uncertain');
    expect(await first.getAttribute('class')).toContain('attention');
    expect(await first.locator('h2').textContent()).toBe('3 封邮件可能未送达，需要处理');
    expect(await first.locator('.what-to-do').textContent()).toContain('向收件人核实是否收到');
    expect(await bureau.locator('#uncertain-table tbody tr').count()).toBe(3);
    const row = mailRow(bureau, 'uncertain-table', mails.doubt2);
    expect(await row.textContent()).toContain('t02.contact@office.test');
    expect(await row.textContent()).toContain('提前 1 个工作日提醒');
    expect(await row.textContent()).toContain('2024-07-01 09:00');
    expect(await row.textContent()).toContain('it is not sent again');
    // ?state=uncertain filters the log too, and the filter shows it.
    expect(await bureau.locator('#filter-state').inputValue()).toBe('uncertain');
    expect(await bureau.locator('#log-table tbody tr').count()).toBe(3);
    expect(await bureau.locator('#log-range').textContent()).toBe('第 1–3 封，共 3 封');
    await screenshot(bureau, 'page-mail-log.png');
  });

  it('shows every state with its error once the filter is cleared; only a mail in doubt can be sent again', async () => {
    await bureau.locator('#clear-filters').click();
    await bureau.locator('#log-range', { hasText: '共 7 封' }).waitFor({ timeout: 20_000 });
    expect(new URL(bureau.url()).searchParams.get('state')).toBeNull();
    const failed = mailRow(bureau, 'log-table', mails.failed);
    expect(await failed.getAttribute('data-state')).toBe('failed');
    expect(await failed.locator('.tag').first().textContent()).toBe('发送失败');
    expect(await failed.textContent()).toContain('550 5.1.1 mailbox unavailable');
    // A refused mail can be sent again by hand too (the system's own retries may have given up).
    expect(await failed.locator('.resend-one').count()).toBe(1);
    expect(await mailRow(bureau, 'log-table', mails.sent).locator('.tag').first().textContent()).toBe('已发送');
    expect(await mailRow(bureau, 'log-table', mails.pending).locator('.tag').first().textContent()).toBe('待发送');
    expect(await mailRow(bureau, 'log-table', mails.doubt1).locator('.resend-one').count()).toBe(1);
    // Filtering by recipient asks the API for that address only.
    await bureau.locator('#filter-recipient').fill('t02.contact@office.test');
    await bureau.locator('#apply-filters').click();
    await bureau.locator('#log-range', { hasText: '共 2 封' }).waitFor({ timeout: 20_000 });
    expect(new URL(bureau.url()).searchParams.get('recipient')).toBe('t02.contact@office.test');
    await bureau.locator('#clear-filters').click();
    await bureau.locator('#log-range', { hasText: '共 7 封' }).waitFor({ timeout: 20_000 });
  });

  it('shows the same page in English with ?lang=en', async () => {
    const english = await openPage(DESKTOP);
    await open(english, `${base}/app/mail-log?state=uncertain&lang=en`, api.bureauToken);
    expect(await english.locator('html').getAttribute('lang')).toBe('en');
    expect(await english.locator('h1').textContent()).toBe('Mail log');
    expect(await english.locator('#uncertain h2').textContent()).toBe(
      '3 mails may not have been delivered: action needed',
    );
    expect(await english.locator('#settle').textContent()).toBe('Settle the chosen mails');
    await screenshot(english, 'page-mail-log-en.png');
  });

  it('settles two mails in doubt at once: one marked delivered, one sent again and caught once; the third stays', async () => {
    await open(bureau, `${base}/app/mail-log?state=uncertain`, api.bureauToken);
    await mailRow(bureau, 'uncertain-table', mails.doubt1).locator('input[value="delivered"]').check();
    await mailRow(bureau, 'uncertain-table', mails.doubt2).locator('input[value="resend"]').check();
    await submit(bureau, bureau.locator('#settle'), { notice: '已标记 1 封为已送达' });
    expect(await bureau.locator('#status-line').textContent()).toContain('重新发送 1 封，其中 1 封已被邮件服务器接收');
    expect(await stateOf(mails.doubt1)).toBe('sent');
    expect(await stateOf(mails.doubt2)).toBe('sent');
    expect(await stateOf(mails.doubt3)).toBe('uncertain');
    await api.catcher!.waitFor(() => caught(mails.doubt2).length > 0);
    expect(caught(mails.doubt2)).toHaveLength(1);
    expect(caught(mails.doubt1)).toHaveLength(0); // marked delivered: not sent
    // Drawn again: one mail left in doubt.
    expect(await bureau.locator('#uncertain h2').textContent()).toBe('1 封邮件可能未送达，需要处理');
    expect(await bureau.locator('#uncertain-table tbody tr').count()).toBe(1);
    const stored = await api.call({ method: 'GET', url: '/mail-log?state=uncertain' });
    expect(stored.json<{ entries: { id: string }[] }>().entries.map((m) => m.id)).toEqual([mails.doubt3.id]);
  });

  it('marks at its row a mail someone settled meanwhile (409), and sends the last one again on its own', async () => {
    // Another bureau user settles it after this page was drawn.
    await api.db.prisma.mailMessage.update({ where: { id: mails.doubt3.id }, data: { state: 'sent' } });
    await mailRow(bureau, 'uncertain-table', mails.doubt3).locator('input[value="delivered"]').check();
    errorsOf(bureau).expectStatus(409);
    await submit(bureau, bureau.locator('#settle'), 'refused');
    const message = bureau.locator(`#settle-form .field-error[data-error-for="mail:${mails.doubt3.id}"]`);
    expect(await message.textContent()).toContain('现在是“已发送”');
    // Back in doubt (as it really was): "send again" on its row of the log.
    await api.db.prisma.mailMessage.update({ where: { id: mails.doubt3.id }, data: { state: 'uncertain' } });
    await open(bureau, `${base}/app/mail-log`, api.bureauToken);
    await submit(bureau, mailRow(bureau, 'log-table', mails.doubt3).locator('.resend-one button'), {
      notice: '已重新发送给 t01.contact@office.test：已发送',
    });
    expect(await stateOf(mails.doubt3)).toBe('sent');
    await api.catcher!.waitFor(() => caught(mails.doubt3).length > 0);
    expect(caught(mails.doubt3)).toHaveLength(1);
    expect(await bureau.locator('#uncertain h2').textContent()).toBe('可能未送达的邮件');
    expect(await bureau.locator('#uncertain .note').textContent()).toBe('没有可能未送达的邮件。');
  });

  it('shows office staff the mails sent to their own office, and nothing to act with', async () => {
    await api.db.prisma.mailMessage.update({ where: { id: mails.doubt1.id }, data: { state: 'uncertain' } });
    const office = await openPage(DESKTOP);
    await open(office, `${base}/app/mail-log`, tokens.office);
    expect(await office.locator('.scope').textContent()).toBe('这里列出发给本所联络员和所长的邮件。');
    const recipients = await office.locator('#log-table td.recipient').allTextContents();
    expect(recipients.length).toBe(5);
    expect(recipients.every((r) => r.startsWith('t01.'))).toBe(true);
    expect(await office.locator('#uncertain-table tbody tr').count()).toBe(1);
    expect(await office.locator('.action-form').count()).toBe(0);
  });

  it('shows the bureau the 2024 calendar from the package: holidays, make-up days, a month grid', async () => {
    await open(bureau, `${base}/app/holidays?year=2024`, api.bureauToken);
    expect(await bureau.locator('h1').textContent()).toBe('节假日与调休');
    expect(await bureau.locator('#year-heading').textContent()).toBe('2024 年工作日日历');
    expect(await bureau.locator('#source').getAttribute('data-coverage')).toBe('package');
    expect(await bureau.locator('#calendar table.month').count()).toBe(12);
    // National Day: a holiday; Sunday 2024-09-29: a make-up working day; Tuesday 2024-03-12: a plain working day.
    expect(await bureau.locator('#calendar .day[data-date="2024-10-01"]').getAttribute('class')).toContain(
      'day-holiday',
    );
    expect(await bureau.locator('#calendar .day[data-date="2024-09-29"]').getAttribute('class')).toContain(
      'day-makeup',
    );
    expect(await bureau.locator('#calendar .day[data-date="2024-03-12"]').getAttribute('class')).toBe('day day-work');
    expect(await bureau.locator('#exceptions-table tr[data-date="2024-10-01"]').textContent()).toContain('国庆节');
    expect(await bureau.locator('#no-entries').isVisible()).toBe(true);
    expect(await bureau.locator('#after-saving').textContent()).toContain('2024年固本强基（截止日遇休息日不顺延）');
  });

  it('adds a rest day on a working day from the grid and saves it: the API shows it, the grid marks it', async () => {
    await bureau.locator('#calendar button.day[data-date="2024-03-12"]').click();
    const row = bureau.locator('#entries-table tr.entry').first();
    expect(await row.locator('.entry-date').inputValue()).toBe('2024-03-12');
    expect(await row.locator('.entry-kind').inputValue()).toBe('holiday');
    await row.locator('.entry-name').fill('县庆放假');
    expect(await bureau.locator('#unsaved').isVisible()).toBe(true);
    await submit(bureau, bureau.locator('#save-entries'), { notice: '已保存 2024 年的县局调整（1 条）' });
    expect(await bureau.locator('#status-line').textContent()).toContain('已通知 1 个运行中的专项行动');
    const year = await holidays();
    expect(year.bureauEntries).toEqual([{ date: '2024-03-12', kind: 'holiday', name: '县庆放假' }]);
    expect(year.exceptions.find((d) => d.date === '2024-03-12')).toMatchObject({ working: false, source: 'bureau' });
    expect(await bureau.locator('#calendar .day[data-date="2024-03-12"]').getAttribute('class')).toBe(
      'day day-holiday day-bureau',
    );
    expect(await bureau.locator('#exceptions-table tr[data-date="2024-03-12"]').textContent()).toContain('县局调整');
    await screenshot(bureau, 'page-holidays.png');
  });

  it("shows the server's refusal at the entry it names, and stores nothing", async () => {
    await bureau.locator('#add-entry').click();
    const row = bureau.locator('#entries-table tr.entry').nth(1);
    await row.locator('.entry-date').fill('2024-03-13'); // a Wednesday: worked anyway
    await row.locator('.entry-kind').selectOption('workday');
    await row.locator('.entry-name').fill('调休上班');
    errorsOf(bureau).expectStatus(422);
    await submit(bureau, bureau.locator('#save-entries'), 'refused');
    const message = bureau.locator('#entries-form .field-error[data-error-for="entries[1].kind"]');
    expect(await message.textContent()).toContain('2024-03-13 is a working day already');
    expect(await bureau.evaluate(`document.activeElement?.getAttribute('data-path') ?? ''`)).toBe('entries[1].kind');
    expect(await bureau.locator('#entries-form .form-error').textContent()).toBe('未能提交：请更正下方标出的条目。');
    expect((await holidays()).bureauEntries).toHaveLength(1);
    // Removed again, the form saves what is left.
    await row.locator('.remove-entry').click();
    expect(await bureau.locator('#entries-form .field-error').count()).toBe(0);
    await submit(bureau, bureau.locator('#save-entries'), { notice: '已保存 2024 年的县局调整（1 条）' });
  });

  it('shows the calendar in English with ?lang=en', async () => {
    const english = await openPage(DESKTOP);
    await open(english, `${base}/app/holidays?year=2024&lang=en`, api.bureauToken);
    expect(await english.locator('h1').textContent()).toBe('Holidays and make-up days');
    expect(await english.locator('#entries-table tr.entry .entry-name').inputValue()).toBe('县庆放假');
    await screenshot(english, 'page-holidays-en.png');
  });

  it('shows viewers both pages without a form to act with', async () => {
    const viewer = await openPage(DESKTOP);
    await open(viewer, `${base}/app/holidays?year=2024`, tokens.viewer);
    expect(await viewer.locator('#entries .read-only').isVisible()).toBe(true);
    expect(await viewer.locator('#entries tr[data-date="2024-03-12"]').textContent()).toContain('县庆放假');
    expect(await viewer.locator('form').count()).toBe(1); // the sign-in form only
    expect(await viewer.locator('#calendar button.day').count()).toBe(0);
    await open(viewer, `${base}/app/mail-log`, tokens.viewer);
    expect(await viewer.locator('.read-only').first().isVisible()).toBe(true);
    expect(await viewer.locator('#uncertain-table tbody tr').count()).toBe(1);
    expect(await viewer.locator('.action-form, #settle-form, .resend-one, input[type="radio"]').count()).toBe(0);
    // The only form besides sign-in filters the list (it sends nothing).
    expect(await viewer.locator('form').count()).toBe(2);
  });

  it('fits a phone: nothing wider than the screen on either page', async () => {
    const phone = await openPage(PHONE);
    for (const [url, name] of [
      [`${base}/app/mail-log`, 'page-mail-log-phone.png'],
      [`${base}/app/holidays?year=2024`, 'page-holidays-phone.png'],
    ] as const) {
      await open(phone, url, api.bureauToken);
      await screenshot(phone, name, false); // the first screen
      const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
  });

  it('runs both pages under the strict Content-Security-Policy without a script error or a violation', () => {
    expect(watched.flatMap((w) => w.errors)).toEqual([]);
    expect(watched.flatMap((w) => w.pending())).toEqual([]);
  });
});
