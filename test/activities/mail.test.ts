import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIdFor, sendMailOnce } from '../../app/mail/send-once.js';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

describe('sending a mail exactly once per key', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let mailer: Mailer;

  beforeAll(async () => {
    [db, catcher] = await Promise.all([createTestDatabase(), MailCatcher.start()]);
    mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@test.local' });
  });

  afterAll(async () => {
    mailer?.close();
    await Promise.all([db?.dispose(), catcher?.close()]);
  });

  const mail = (key: string) => ({
    key,
    to: 'office@test.local',
    subject: '提醒',
    text: '正文',
    obligationKey: 'monthly-report:2024-03',
    step: 'reminder-3wd',
  });

  it('records the mail with its SMTP response and sends it once', async () => {
    const result = await sendMailOnce({ db: db.prisma, mailer }, mail('once'));
    expect(result).toMatchObject({ state: 'sent', alreadySent: false });
    const again = await sendMailOnce({ db: db.prisma, mailer }, mail('once'));
    expect(again.alreadySent).toBe(true);
    const received = catcher.messages().filter((m) => m.headers['x-campaign-key'] === 'once');
    expect(received).toHaveLength(1);
    expect(received[0]!.messageId).toBe(messageIdFor('once'));
    const row = await db.prisma.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: 'once' } });
    expect(row).toMatchObject({
      state: 'sent',
      attempts: 1,
      obligationKey: 'monthly-report:2024-03',
      step: 'reminder-3wd',
    });
    expect(row.smtpResponse).toMatch(/^250/);
  });

  it('sends once when two attempts race for the same key', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => sendMailOnce({ db: db.prisma, mailer }, mail('race'))),
    );
    expect(results.filter((r) => r.status === 'fulfilled' && !r.value.alreadySent)).toHaveLength(1);
    // The losers either saw it sent or were told to retry later; none sent it.
    for (const r of results) {
      if (r.status === 'rejected') expect(String(r.reason)).toMatch(/being sent by another attempt/);
    }
    expect(catcher.messages().filter((m) => m.headers['x-campaign-key'] === 'race')).toHaveLength(1);
  });

  it('keeps a refused mail as failed with the error, and sends it on the next attempt', async () => {
    catcher.refuse('451 try again later');
    await expect(sendMailOnce({ db: db.prisma, mailer }, mail('refused'))).rejects.toThrow();
    const failed = await db.prisma.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: 'refused' } });
    expect(failed.state).toBe('failed');
    expect(failed.lastError).toMatch(/451/);
    catcher.accept();
    await sendMailOnce({ db: db.prisma, mailer }, mail('refused'));
    const sent = await db.prisma.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: 'refused' } });
    expect(sent).toMatchObject({ state: 'sent', attempts: 2, lastError: null });
    expect(catcher.messages().filter((m) => m.headers['x-campaign-key'] === 'refused')).toHaveLength(1);
  });

  /** A record another attempt holds: its lease runs out in `leaseLeftMs` (negative: it ran out). */
  const heldByAnotherAttempt = (key: string, leaseLeftMs: number, endOfDataAt: Date | null = null) =>
    db.prisma.mailMessage.create({
      data: {
        idempotencyKey: key,
        recipient: 'office@test.local',
        subject: '提醒',
        text: '正文',
        state: 'sending',
        attempts: 1,
        leaseUntil: new Date(Date.now() + leaseLeftMs),
        endOfDataAt,
      },
    });
  const row = (key: string) => db.prisma.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: key } });
  const received = (key: string) => catcher.messages().filter((m) => m.headers['x-campaign-key'] === key);

  it('marks the end of data only once the server has taken the whole message', async () => {
    catcher.stallWhere((to, point) => to === 'stall-body@test.local' && point === 'before-body');
    const sending = sendMailOnce({ db: db.prisma, mailer }, { ...mail('body-stalled'), to: 'stall-body@test.local' });
    await catcher.waitFor(() => catcher.stalledMessages().length === 1);
    expect(await row('body-stalled')).toMatchObject({ state: 'sending', endOfDataAt: null });
    catcher.releaseStalled();
    await expect(sending).resolves.toMatchObject({ state: 'sent' });
    expect((await row('body-stalled')).endOfDataAt).toBeInstanceOf(Date);
    expect(received('body-stalled')).toHaveLength(1);
  });

  it('sends a mail whose sender died before the end of the message: the server cannot have it', async () => {
    await heldByAnotherAttempt('died-before-end', -1000);
    await expect(sendMailOnce({ db: db.prisma, mailer }, mail('died-before-end'))).resolves.toMatchObject({
      state: 'sent',
      alreadySent: false,
    });
    expect(await row('died-before-end')).toMatchObject({ state: 'sent', attempts: 2 });
    expect(received('died-before-end')).toHaveLength(1);
  });

  it('waits for a live sender that has not reached the end of the message yet', async () => {
    await heldByAnotherAttempt('live-before-end', 60_000);
    await expect(sendMailOnce({ db: db.prisma, mailer }, mail('live-before-end'))).rejects.toThrow(
      /being sent by another attempt/,
    );
    expect(received('live-before-end')).toHaveLength(0);
  });

  it('records a mail as uncertain when the server goes silent after the end of the message, and never resends it', async () => {
    catcher.stallWhere((to, point) => to === 'silent@test.local' && point === 'before-reply');
    const sending = sendMailOnce({ db: db.prisma, mailer }, { ...mail('silent'), to: 'silent@test.local' });
    await catcher.waitFor(() => catcher.stalledMessages().length === 1);
    catcher.dropStalled();
    await expect(sending).resolves.toMatchObject({ state: 'uncertain' });
    const uncertain = await row('silent');
    expect(uncertain).toMatchObject({ state: 'uncertain', leaseUntil: null });
    expect(uncertain.endOfDataAt).toBeInstanceOf(Date);
    expect(uncertain.lastError).toMatch(/no answer from the SMTP server.*may or may not have been delivered/);
    await expect(sendMailOnce({ db: db.prisma, mailer }, mail('silent'))).resolves.toMatchObject({
      state: 'uncertain',
    });
    expect(received('silent')).toHaveLength(1);
  });

  it('sends again a mail the server refused after its whole body: a refusal is an answer', async () => {
    catcher.refuse('451 try again later', 'end-of-data');
    await expect(sendMailOnce({ db: db.prisma, mailer }, mail('refused-at-end'))).rejects.toThrow(/451/);
    expect(await row('refused-at-end')).toMatchObject({ state: 'failed', endOfDataAt: null });
    catcher.accept();
    await sendMailOnce({ db: db.prisma, mailer }, mail('refused-at-end'));
    expect(await row('refused-at-end')).toMatchObject({ state: 'sent', attempts: 2 });
    expect(received('refused-at-end')).toHaveLength(1);
  });

  it('does not send again a mail whose sender died after the end of the message: it is recorded as uncertain', async () => {
    await heldByAnotherAttempt('orphan', -1000, new Date(Date.now() - 60_000));
    const result = await sendMailOnce({ db: db.prisma, mailer }, mail('orphan'));
    expect(result.state).toBe('uncertain');
    const row = await db.prisma.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: 'orphan' } });
    expect(row.state).toBe('uncertain');
    expect(row.lastError).toMatch(/may or may not have been delivered/);
    expect(catcher.messages().filter((m) => m.headers['x-campaign-key'] === 'orphan')).toHaveLength(0);
  });

  it('reports every mail it leaves uncertain, with its campaign and the instant', async () => {
    const reports: { campaignId: string | null; uncertainAtMs: number }[] = [];
    const reportUncertain = async (m: { campaignId: string | null; uncertainAtMs: number }) => {
      reports.push(m);
    };
    catcher.stallWhere((to, point) => to === 'reported@test.local' && point === 'before-reply');
    const sending = sendMailOnce(
      { db: db.prisma, mailer, reportUncertain },
      { ...mail('reported'), to: 'reported@test.local', campaignId: 'c-1' },
    );
    await catcher.waitFor(() => catcher.stalledMessages().length === 1);
    catcher.dropStalled();
    await expect(sending).resolves.toMatchObject({ state: 'uncertain' });
    const uncertainAt = (await row('reported')).uncertainAt!;
    expect(reports).toEqual([{ campaignId: 'c-1', uncertainAtMs: uncertainAt.getTime() }]);
    // A later attempt reports it again (an idempotent report): the first reporter may have died.
    await sendMailOnce({ db: db.prisma, mailer, reportUncertain }, mail('reported'));
    expect(reports).toHaveLength(2);
    expect(reports[1]).toEqual(reports[0]);
  });

  it('sends an escalation notice again with the same Message-ID when the answer after its end of message was lost: never missing wins', async () => {
    catcher.stallWhere((to, point) => to === 'head@test.local' && point === 'before-reply');
    const notice = { ...mail('notice'), to: 'head@test.local' };
    const first = sendMailOnce({ db: db.prisma, mailer }, notice, { kind: 'escalation-notice' });
    await catcher.waitFor(() => catcher.stalledMessages().length === 1);
    catcher.dropStalled();
    await expect(first).rejects.toThrow(/no answer from the SMTP server/);
    expect(await row('notice')).toMatchObject({ state: 'failed', failedAttempts: 1, endOfDataAt: null });
    await expect(sendMailOnce({ db: db.prisma, mailer }, notice, { kind: 'escalation-notice' })).resolves.toMatchObject(
      { state: 'sent' },
    );
    const copies = received('notice');
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((m) => m.messageId))).toEqual(new Set([messageIdFor('notice')]));
  });

  it('sends again an escalation notice whose sender died after the end of the message, with the same Message-ID', async () => {
    await heldByAnotherAttempt('orphan-notice', -1000, new Date(Date.now() - 60_000));
    await expect(
      sendMailOnce({ db: db.prisma, mailer }, mail('orphan-notice'), { kind: 'escalation-notice' }),
    ).rejects.toThrow(/being sent by another attempt/);
    await expect(
      sendMailOnce({ db: db.prisma, mailer }, mail('orphan-notice'), { kind: 'escalation-notice' }),
    ).resolves.toMatchObject({ state: 'sent' });
    expect(received('orphan-notice').map((m) => m.messageId)).toEqual([messageIdFor('orphan-notice')]);
  });

  it('asks a concurrent attempt to retry while the lease of the first is running', async () => {
    await heldByAnotherAttempt('leased', 60_000, new Date());
    await expect(sendMailOnce({ db: db.prisma, mailer }, mail('leased'))).rejects.toThrow(
      /being sent by another attempt/,
    );
  });
});

describe('the SMTP test server', () => {
  it('gives every mail its own id when many arrive at once, and continues the numbering after a restart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'catcher-ids-'));
    const file = path.join(dir, 'mails.jsonl');
    let catcher = await MailCatcher.start({ file });
    let mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@test.local' });
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => mailer.send({ to: `o${i}@test.local`, subject: 's', text: 't' })),
      );
      expect(new Set(catcher.messages().map((m) => m.id)).size).toBe(30);
      mailer.close();
      await catcher.close();
      catcher = await MailCatcher.start({ file });
      mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@test.local' });
      await mailer.send({ to: 'late@test.local', subject: 's', text: 't' });
      expect(catcher.messages().at(-1)!.id).toBe(31);
    } finally {
      mailer.close();
      await catcher.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps receiving when senders die mid-session: a reset connection is not its error', async () => {
    const catcher = await MailCatcher.start();
    const mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@test.local' });
    try {
      for (let i = 0; i < 3; i++) await resetInsideTransaction(catcher.port);
      await mailer.send({ to: 'after-resets@test.local', subject: 's', text: 't' });
      expect(catcher.messages().map((m) => m.envelopeTo)).toEqual([['after-resets@test.local']]);
    } finally {
      mailer.close();
      await catcher.close();
    }
  });
});

/** A sender killed hard inside a transaction: after MAIL FROM its connection is reset (TCP RST), not closed. */
async function resetInsideTransaction(port: number): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  const replies = ['EHLO dying.test', 'MAIL FROM:<bureau@test.local>'];
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('data', () => {
      const next = replies.shift();
      if (next) socket.write(`${next}\r\n`);
      else {
        socket.resetAndDestroy();
        resolve();
      }
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
}
