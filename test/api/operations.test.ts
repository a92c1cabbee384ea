import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIdFor, sendMailOnce } from '../../app/mail/send-once.js';
import { buildServer } from '../../api/server.js';
import { loadConfig } from '../../infra/config.js';
import { createLogger, maskSecrets } from '../../infra/logger.js';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { findObligation } from '../../app/campaigns/plan-obligations.js';
import { loadPlan } from '../../app/campaigns/plan-store.js';
import { createToken } from '../../app/access/tokens.js';
import { seedCampaign } from '../support/campaign.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/** Log lines the API wrote, parsed. */
function captureLogs(): { stream: Writable; lines: () => Record<string, unknown>[]; raw: () => string } {
  let raw = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString();
      done();
    },
  });
  return {
    stream,
    raw: () => raw,
    lines: () =>
      raw
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** The value of one sample in a Prometheus text page, e.g. `campaign_engine_mails{state="sent"}`. */
function sample(page: string, series: string): number {
  const line = page.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no sample ${series} in:\n${page}`);
  return Number(line.slice(series.length + 1));
}

describe('operations: logs, security headers, sign-in lockout, limits and metrics', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let app: FastifyInstance;
  let bureau: string;
  let now = Date.parse('2024-04-01T00:00:00Z');
  const logs = captureLogs();
  let campaignId: string;
  let lateAtMs: number;

  beforeAll(async () => {
    [db, catcher] = await Promise.all([createTestDatabase(), MailCatcher.start()]);
    mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@test.local' });
    const config = loadConfig({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '10' });
    // A real client that is never called: these routes do not touch Temporal.
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildServer(
      { config, db, temporal, mailer, clock: () => now },
      { logger: createLogger('info', logs.stream) },
    );
    bureau = (await createToken(db.prisma, { name: '县局', role: 'bureau-admin' })).token;

    const seed = await seedCampaign(db.prisma, { offices: { A: 'zh-CN', B: 'zh-CN' }, enterprises: { E1: 'A' } });
    campaignId = seed.campaignId;
    await db.prisma.campaign.update({ where: { id: campaignId }, data: { status: 'running' } });
    const march = findObligation(await loadPlan(db.prisma, campaignId), 'monthly-report:2024-03');
    if (!march) throw new Error('the 2024 plan has no March report');
    lateAtMs = march.hardDueAtMs;
  });

  afterAll(async () => {
    await app?.close();
    mailer?.close();
    await Promise.all([db?.dispose(), catcher?.close()]);
  });

  const get = (url: string, token = bureau, remoteAddress = '10.0.0.1', headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, remoteAddress, headers: { authorization: `Bearer ${token}`, ...headers } });

  it('sends security headers on data, errors and public routes', async () => {
    for (const response of [await get('/me'), await get('/campaigns/nope/status'), await get('/healthz')]) {
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it("keeps the caller's request ID, or gives one, and logs every request with it as JSON", async () => {
    const mine = await get('/me', bureau, '10.0.0.1', { 'x-request-id': 'office-call-42' });
    expect(mine.headers['x-request-id']).toBe('office-call-42');
    const junk = await get('/me', bureau, '10.0.0.1', { 'x-request-id': 'bad id\nwith newline' });
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const lines = logs.lines().filter((l) => l.requestId === 'office-call-42');
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    expect(lines[0]).toMatchObject({ level: 'info', service: 'campaign-engine', component: 'api' });
  });

  it('never writes a token to the log, not even one it just issued', async () => {
    const issued = await app.inject({
      method: 'POST',
      url: '/tokens',
      remoteAddress: '10.0.0.1',
      headers: { authorization: `Bearer ${bureau}` },
      payload: { name: 'viewer for Prometheus', role: 'viewer' },
    });
    expect(issued.statusCode).toBe(201);
    const { token } = issued.json<{ token: string }>();
    await get('/me', token);
    expect(logs.raw()).not.toContain(token);
    expect(logs.raw()).not.toContain(bureau);
  });

  it('masks the password of a connection string in messages', () => {
    expect(maskSecrets('SMTP_URL: cannot connect to smtp://mailer:s3cret@relay.gov.cn:587')).toBe(
      'SMTP_URL: cannot connect to smtp://mailer:***@relay.gov.cn:587',
    );
    expect(maskSecrets('postgresql://app:p%40ss@db/campaign')).toBe('postgresql://app:***@db/campaign');
  });

  it('locks a guessing address out for wrong tokens only: a valid token from it still signs in', async () => {
    for (let i = 0; i < 2; i++) expect((await get('/me', `wrong-${i}`, '10.9.9.9')).statusCode).toBe(401);
    // The third different wrong token within the window makes the address a guesser.
    const locked = await get('/me', 'wrong-2', '10.9.9.9');
    expect(locked.statusCode).toBe(429);
    expect(locked.json<{ detail: string }>().detail).toMatch(
      /too many different wrong tokens from this address.*refused for 10 minutes \(valid tokens still sign in\)/,
    );
    expect(Number(locked.headers['retry-after'])).toBe(600);
    expect((await get('/me', 'wrong-3', '10.9.9.9')).statusCode).toBe(429);
    // The bureau admin behind the same address is never locked out, and a success does not lift a running lock.
    expect((await get('/me', bureau, '10.9.9.9')).statusCode).toBe(200);
    expect((await get('/me', 'wrong-4', '10.9.9.9')).statusCode).toBe(429);
    // Other addresses are not affected.
    expect((await get('/me', 'wrong-5', '10.0.0.2')).statusCode).toBe(401);
    expect(
      logs.lines().some((l) => String(l.msg).startsWith('sign-in refused') && l.clientAddress === '10.9.9.9'),
    ).toBe(true);
    now += 10 * 60_000 + 1;
    expect((await get('/me', 'wrong-6', '10.9.9.9')).statusCode).toBe(401);
    now = Date.parse('2024-04-01T00:00:00Z');
  });

  it('never locks an address out for one stale token sent again and again (a forgotten script)', async () => {
    for (let i = 0; i < 20; i++) {
      const response = await get('/me', 'revoked-token-in-a-cron-job', '10.8.8.8');
      expect(response.statusCode).toBe(401);
    }
    const refused = logs.lines().filter((l) => l.clientAddress === '10.8.8.8');
    // Past the limit the token is refused without a database lookup, as a known wrong one.
    expect(String(refused.at(-1)?.msg)).toContain('refused several times');
    expect((await get('/me', 'another-wrong', '10.8.8.8')).statusCode).toBe(401);
    expect((await get('/me', bureau, '10.8.8.8')).statusCode).toBe(200);
  });

  it('refuses a malformed Authorization header without counting it as a guess: it cannot be a token', async () => {
    for (let i = 0; i < 10; i++) {
      const response = await app.inject({
        method: 'GET',
        url: '/me',
        remoteAddress: '10.6.6.6',
        headers: { authorization: `Basic ${i}` },
      });
      expect(response.statusCode).toBe(401);
    }
    expect((await get('/me', 'one-wrong', '10.6.6.6')).statusCode).toBe(401);
  });

  it('starts counting again after a successful sign-in from the address', async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) {
        expect((await get('/me', `typo-${round}-${i}`, '10.7.7.7')).statusCode).toBe(401);
      }
      expect((await get('/me', bureau, '10.7.7.7')).statusCode).toBe(200);
    }
  });

  it('writes no secret of a URL to the log: token-like query parameters and pasted tokens are blanked', async () => {
    const leaked = await app.inject({
      method: 'GET',
      url: `/campaigns?access_token=${bureau}&password=hunter2&Token=abc123secret`,
      remoteAddress: '10.0.0.1',
      headers: { authorization: `Bearer ${bureau}` },
    });
    expect(leaked.statusCode).toBe(200);
    const pasted = await app.inject({ method: 'GET', url: `/board?${bureau}`, remoteAddress: '10.0.0.1' });
    expect(pasted.statusCode).toBe(200);
    expect(logs.raw()).not.toContain(bureau);
    expect(logs.raw()).not.toContain('hunter2');
    expect(logs.raw()).not.toContain('abc123secret');
    const urls = logs.lines().flatMap((l) => {
      const req = l.req as { url?: string } | undefined;
      return req?.url?.startsWith('/campaigns?') ? [req.url] : [];
    });
    expect(urls).toContain('/campaigns?access_token=[redacted]&password=[redacted]&Token=[redacted]');
  });

  it('refuses a JSON body over 1 MB with 413 and stores nothing', async () => {
    const before = await db.prisma.office.count();
    const response = await app.inject({
      method: 'POST',
      url: '/offices',
      remoteAddress: '10.0.0.1',
      headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ code: 'X', name: 'x'.repeat(1_100_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json<{ errors: { path: string; message: string }[] }>().errors).toEqual([
      { path: 'body', message: 'larger than 1048576 bytes' },
    ]);
    expect(await db.prisma.office.count()).toBe(before);
  });

  it('serves metrics only to the bureau and viewers: they are county-wide counts', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.0.0.3' });
    expect(anonymous.statusCode).toBe(401);
    const office = await db.prisma.office.findFirstOrThrow();
    const staff = await createToken(db.prisma, { name: 'office staff', role: 'office-staff', officeId: office.id });
    expect((await get('/metrics', staff.token)).statusCode).toBe(403);
    const viewer = await createToken(db.prisma, { name: 'Prometheus', role: 'viewer' });
    expect((await get('/metrics', viewer.token)).statusCode).toBe(200);
    const page = await get('/metrics');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/plain');
    expect(page.body).toContain('# TYPE campaign_engine_mails gauge');
  });

  it('counts a mail as sent once SMTP accepted it, and a refused attempt as failed', async () => {
    const before = (await get('/metrics')).body;
    await sendMailOnce(
      { db: db.prisma, mailer },
      { key: 'metrics-sent', to: 'a.contact@office.test', subject: '提醒', text: '正文' },
    );
    const afterSent = (await get('/metrics')).body;
    expect(sample(afterSent, 'campaign_engine_mails{state="sent"}')).toBe(
      sample(before, 'campaign_engine_mails{state="sent"}') + 1,
    );

    catcher.refuse('mailbox temporarily unavailable');
    await expect(
      sendMailOnce(
        { db: db.prisma, mailer },
        { key: 'metrics-refused', to: 'b.contact@office.test', subject: '提醒', text: '正文' },
      ),
    ).rejects.toThrow();
    catcher.accept();
    const afterRefused = (await get('/metrics')).body;
    expect(sample(afterRefused, 'campaign_engine_mails{state="failed"}')).toBe(
      sample(afterSent, 'campaign_engine_mails{state="failed"}') + 1,
    );
    expect(sample(afterRefused, 'campaign_engine_mail_failed_attempts_total')).toBe(
      sample(afterSent, 'campaign_engine_mail_failed_attempts_total') + 1,
    );
  });

  it('does not count as a failed attempt a mail taken over from a sender that died before the end of the message', async () => {
    const before = sample((await get('/metrics')).body, 'campaign_engine_mail_failed_attempts_total');
    // An attempt that held the mail and died before the end-of-data mark: its lease ran out.
    await db.prisma.mailMessage.create({
      data: {
        idempotencyKey: 'metrics-taken-over',
        recipient: 'c.contact@office.test',
        subject: '提醒',
        text: '正文',
        state: 'sending',
        attempts: 1,
        leaseUntil: new Date(Date.now() - 1000),
      },
    });
    await sendMailOnce(
      { db: db.prisma, mailer },
      { key: 'metrics-taken-over', to: 'c.contact@office.test', subject: '提醒', text: '正文' },
    );
    expect(await db.prisma.mailMessage.findUnique({ where: { idempotencyKey: 'metrics-taken-over' } })).toMatchObject({
      state: 'sent',
      attempts: 2,
    });
    expect(sample((await get('/metrics')).body, 'campaign_engine_mail_failed_attempts_total')).toBe(before);
  });

  it('settles uncertain mails all at once, or none when one named is not uncertain', async () => {
    const uncertainMail = (key: string) =>
      db.prisma.mailMessage.create({
        data: {
          idempotencyKey: key,
          campaignId,
          recipient: `${key}@office.test`,
          subject: '提醒',
          text: '正文',
          state: 'uncertain',
          attempts: 1,
          uncertainAt: new Date(),
        },
      });
    const [arrived, lost, other] = await Promise.all(
      ['settle-arrived', 'settle-lost', 'settle-other'].map(uncertainMail),
    );
    const sent = await db.prisma.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: 'metrics-sent' } });
    const post = (payload: unknown, token = bureau) =>
      app.inject({
        method: 'POST',
        url: '/mail-log/uncertain/resolve',
        remoteAddress: '10.0.0.9',
        headers: { authorization: `Bearer ${token}` },
        payload: payload as Record<string, unknown>,
      });

    const refused = await post({ delivered: [arrived!.id], resend: [lost!.id, sent.id] });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json<{ detail: string }>().detail).toContain(`${sent.id} (sent)`);
    const states = async () =>
      (await db.prisma.mailMessage.findMany({ where: { id: { in: [arrived!.id, lost!.id] } } })).map((m) => m.state);
    expect(await states()).toEqual(['uncertain', 'uncertain']);

    // Well-formed but against a rule (nothing named, or one mail both ways): 422, as the document says.
    expect((await post({})).statusCode).toBe(422);
    expect((await post({ delivered: [arrived!.id], resend: [arrived!.id] })).statusCode).toBe(422);
    expect((await post({ delivered: ['not-a-uuid'] })).statusCode).toBe(400);
    const viewer = (await createToken(db.prisma, { name: 'viewer', role: 'viewer' })).token;
    expect((await post({ delivered: [arrived!.id] }, viewer)).statusCode).toBe(403);

    const settled = await post({ delivered: [arrived!.id], resend: [lost!.id] });
    expect(settled.statusCode).toBe(200);
    expect(settled.json()).toEqual({ delivered: 1, resent: [{ id: lost!.id, state: 'sent' }] });
    expect(await db.prisma.mailMessage.findUniqueOrThrow({ where: { id: arrived!.id } })).toMatchObject({
      state: 'sent',
      lastError: 'confirmed delivered by 县局',
    });
    const copies = catcher.messages().filter((m) => m.headers['x-campaign-key'] === 'settle-lost');
    expect(copies.map((m) => m.messageId)).toEqual([messageIdFor('settle-lost')]);
    expect((await db.prisma.mailMessage.findUniqueOrThrow({ where: { id: other!.id } })).state).toBe('uncertain');
  });

  it("counts an office's monthly report as late from the instant its hard deadline passes", async () => {
    const late = `campaign_engine_obligations{campaign="${campaignId}",state="late"}`;
    now = lateAtMs - 1;
    const before = sample((await get('/metrics')).body, late);
    now = lateAtMs;
    const after = sample((await get('/metrics')).body, late);
    // Both offices missed the March report.
    expect(after).toBe(before + 2);
    const commitments = (await get('/metrics')).body;
    expect(
      sample(commitments, `campaign_engine_enterprise_commitments{campaign="${campaignId}",state="incomplete"}`),
    ).toBe(1);
  });
});
