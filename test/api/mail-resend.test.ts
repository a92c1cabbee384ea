import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';

describe('sending a mail again by hand', () => {
  let api: BuiltTestApp;

  beforeAll(async () => {
    // Mail goes to a closed port: every attempt is refused.
    api = await buildTestApp({ temporal: 'stub', mail: 'nowhere', env: { SMTP_QUICK_RETRIES_MS: '' } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers a resend the mail server refuses with the mail failed and its error, and lets it be sent again later', async () => {
    const mail = await api.db.prisma.mailMessage.create({
      data: {
        idempotencyKey: 'uncertain-refused',
        recipient: 'a.contact@office.test',
        subject: '【提醒】测试',
        text: '正文',
        state: 'uncertain',
        lastError: 'the attempt sending this mail stopped during the SMTP exchange',
      },
    });
    const refused = await api.call({ method: 'POST', url: `/mail-log/${mail.id}/resend` });
    expect(refused.statusCode, refused.body).toBe(200);
    const answer = refused.json<{ state: string; lastError: string | null }>();
    expect(answer.state).toBe('failed');
    expect(answer.lastError).toBeTruthy();
    // Failed is not a dead end: the bureau may try again once the relay is back.
    const again = await api.call({ method: 'POST', url: `/mail-log/${mail.id}/resend` });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ state: string }>().state).toBe('failed');
  });

  it('refuses to send again a mail that was sent', async () => {
    const mail = await api.db.prisma.mailMessage.create({
      data: { idempotencyKey: 'sent-1', recipient: 'a@office.test', subject: 's', text: 't', state: 'sent' },
    });
    const response = await api.call({ method: 'POST', url: `/mail-log/${mail.id}/resend` });
    expect(response.statusCode).toBe(409);
    expect(response.json<{ detail: string }>().detail).toContain('only an uncertain or failed mail can be sent again');
  });
});
