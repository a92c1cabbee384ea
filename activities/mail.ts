import { createHash } from 'node:crypto';
import type { PrismaClient } from '../lib/db.js';
import type { Mailer } from '../lib/mailer.js';
import type { MailRequest, MailResult } from './types.js';

/** How long one attempt may hold a message before another attempt may assume it died. */
export const SEND_LEASE_MS = 60_000;

export class MailInFlightError extends Error {
  constructor(key: string) {
    super(`mail ${key} is being sent by another attempt`);
    this.name = 'MailInFlightError';
  }
}

/** A Message-ID derived from the key, so even a resend after a crash is recognisable as the same mail. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@campaign-engine>`;
}

/**
 * Records the mail under its key first, then sends it at most once per key: a retried, replayed or
 * concurrent call finds the record sent (no-op) or leased by another attempt (retry later).
 */
export async function sendMailOnce(deps: { db: PrismaClient; mailer: Mailer }, mail: MailRequest): Promise<MailResult> {
  const { db, mailer } = deps;
  await db.mailMessage.upsert({
    where: { idempotencyKey: mail.key },
    update: {},
    create: {
      idempotencyKey: mail.key,
      recipient: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? null,
      language: mail.language ?? 'zh-CN',
      campaignId: mail.campaignId ?? null,
      obligationKey: mail.obligationKey ?? null,
      step: mail.step ?? null,
      scheduledFor: mail.scheduledForMs !== undefined ? new Date(mail.scheduledForMs) : null,
    },
  });
  const now = new Date();
  const claimed = await db.mailMessage.updateMany({
    where: {
      idempotencyKey: mail.key,
      OR: [{ state: { in: ['pending', 'failed'] } }, { state: 'sending', leaseUntil: { lt: now } }],
    },
    data: { state: 'sending', leaseUntil: new Date(now.getTime() + SEND_LEASE_MS), attempts: { increment: 1 } },
  });
  if (claimed.count === 0) {
    const current = await db.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: mail.key } });
    if (current.state === 'sent') {
      return { key: mail.key, state: 'sent', messageId: current.messageId, alreadySent: true };
    }
    throw new MailInFlightError(mail.key);
  }
  const record = await db.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: mail.key } });
  try {
    const sent = await mailer.send({
      to: record.recipient,
      subject: record.subject,
      text: record.text,
      ...(record.html ? { html: record.html } : {}),
      headers: {
        'Message-ID': messageIdFor(mail.key),
        'X-Campaign-Key': mail.key,
        ...(record.obligationKey ? { 'X-Campaign-Obligation': record.obligationKey } : {}),
        ...(record.step ? { 'X-Campaign-Step': record.step } : {}),
        ...(record.scheduledFor ? { 'X-Campaign-Step-At': record.scheduledFor.toISOString() } : {}),
      },
    });
    await db.mailMessage.update({
      where: { idempotencyKey: mail.key },
      data: {
        state: 'sent',
        sentAt: new Date(),
        smtpResponse: sent.response,
        messageId: sent.messageId,
        lastError: null,
        leaseUntil: null,
      },
    });
    return { key: mail.key, state: 'sent', messageId: sent.messageId, alreadySent: false };
  } catch (error) {
    await db.mailMessage.update({
      where: { idempotencyKey: mail.key },
      data: { state: 'failed', lastError: (error as Error).message.slice(0, 2000), leaseUntil: null },
    });
    throw error;
  }
}
