import { createHash } from 'node:crypto';
import { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient } from '../lib/db.js';
import type { Mailer } from '../lib/mailer.js';
import type { MailRequest, MailResult } from './types.js';

/**
 * How long one attempt may hold a message. Longer than an activity's start-to-close timeout (1 minute),
 * so an expired lease means the attempt that held it is gone.
 */
export const SEND_LEASE_MS = 90_000;

/** Why an expired lease is not sent again. */
export const UNCERTAIN_REASON =
  'the attempt sending this mail stopped during the SMTP exchange, so it may or may not have been delivered; ' +
  'it is not sent again, to avoid a duplicate';

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
  // Two attempts may insert at the same instant: the loser's unique violation means the record exists.
  await db.mailMessage
    .upsert({
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
    })
    .catch((error: unknown) => {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
    });
  const now = new Date();
  const claimed = await db.mailMessage.updateMany({
    where: { idempotencyKey: mail.key, state: { in: ['pending', 'failed'] } },
    data: { state: 'sending', leaseUntil: new Date(now.getTime() + SEND_LEASE_MS), attempts: { increment: 1 } },
  });
  if (claimed.count === 0) {
    const current = await db.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: mail.key } });
    if (current.state === 'sent') {
      return { key: mail.key, state: 'sent', messageId: current.messageId, alreadySent: true };
    }
    if (current.state === 'uncertain')
      return { key: mail.key, state: 'uncertain', messageId: null, alreadySent: false };
    if (current.leaseUntil && current.leaseUntil < now) {
      // The holder died between handing the mail to SMTP and recording the answer. Never twice wins
      // over at least once: record it as uncertain (visible in the mail log) and move on.
      const marked = await db.mailMessage.updateMany({
        where: { idempotencyKey: mail.key, state: 'sending', leaseUntil: current.leaseUntil },
        data: { state: 'uncertain', lastError: UNCERTAIN_REASON, leaseUntil: null },
      });
      if (marked.count === 1) return { key: mail.key, state: 'uncertain', messageId: null, alreadySent: false };
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
