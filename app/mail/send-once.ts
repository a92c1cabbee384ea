import { createHash, randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.js';
import { WHEN_DELIVERY_UNKNOWN, type MailKind, type WhenDeliveryUnknown } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { DeliveryUnknownError, type Mailer, type SentMail } from '../../infra/mailer.js';
import { activityLog } from '../../infra/activity-log.js';
import type { MailRequest, MailResult } from '../../workflows/types.js';

/**
 * How long one attempt may hold a message. Longer than an activity's start-to-close timeout (1 minute),
 * so an expired lease means the attempt that held it is gone. An expired lease without `endOfDataAt`
 * means that attempt stopped before the end-of-data mark: the server cannot have accepted the mail, so
 * the next attempt sends it. With `endOfDataAt` it may have: the mail becomes `uncertain`.
 */
export const SEND_LEASE_MS = 90_000;

/** Why an expired lease is not sent again. */
const NOT_SENT_AGAIN = 'so it may or may not have been delivered; it is not sent again, to avoid a duplicate';
export const UNCERTAIN_REASON =
  'the attempt sending this mail stopped after handing the whole message to the SMTP server and before its ' +
  `answer was recorded, ${NOT_SENT_AGAIN}`;

/** Told of every mail left uncertain, so the bureau hears of it (see UncertainMailReporter). */
export type ReportUncertain = (mail: { campaignId: string | null; uncertainAtMs: number }) => Promise<void>;

export interface MailDeps {
  db: PrismaClient;
  mailer: Mailer;
  reportUncertain?: ReportUncertain;
}

const RESENT_REASON =
  'no answer from the SMTP server after the end of the message; this kind of mail is sent again with the ' +
  'same Message-ID (never missing wins), so a receiver can drop the copy';

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

/** A timestamp parameter for a `timestamp(3)` column, stored as UTC wall time like Prisma does. */
function utc(ms: number | undefined): Prisma.Sql {
  return ms === undefined ? Prisma.sql`NULL::timestamp(3)` : Prisma.sql`${new Date(ms).toISOString()}::timestamp(3)`;
}

/** What an attempt that holds the lease sends: the mail as first recorded under its key. */
interface ClaimedMail {
  /** Which attempt holds the lease: every later write of this attempt is conditional on it. */
  attempts: number;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  obligationKey: string | null;
  step: string | null;
  scheduledFor: string | null;
}

/**
 * Records the mail under its key first, then sends it at most once per key: a retried, replayed or
 * concurrent call finds the record sent (no-op) or leased by another attempt (retry later).
 *
 * Three round trips to the database when it is sent: one statement records the mail and takes the lease
 * (or takes the lease of a pending or failed record, or of one whose holder died before the end of the
 * message), one marks the end of data just before the server may accept it, one records its answer.
 * `alsoRun`, an SQL statement, e.g. the step's own record, runs in the same statement as recording the answer, or alone
 * when the mail needs no sending (already sent or uncertain): it runs exactly when this returns.
 */
export async function sendMailOnce(
  deps: MailDeps,
  mail: MailRequest,
  options: { alsoRun?: Prisma.Sql; kind?: MailKind } = {},
): Promise<MailResult> {
  const { db } = deps;
  const whenUnknown = WHEN_DELIVERY_UNKNOWN[options.kind ?? 'reminder'];
  const now = Date.now();
  const record = await claimMail(db, mail, now);
  if (!record) {
    const result = await notClaimed(deps, mail.key, new Date(now), whenUnknown);
    if (options.alsoRun) await db.$executeRaw(options.alsoRun);
    return result;
  }
  const attempt: Attempt = {
    mail,
    whenUnknown,
    alsoRun: options.alsoRun,
    where: Prisma.sql`"idempotencyKey" = ${mail.key} AND "attempts" = ${record.attempts}`,
  };
  let sent: SentMail;
  try {
    sent = await deliver(deps, record, attempt);
  } catch (error) {
    return recordFailure(deps, attempt, error);
  }
  const recordSent = Prisma.sql`
    UPDATE "MailMessage" SET "state" = 'sent', "sentAt" = ${utc(Date.now())}, "smtpResponse" = ${sent.response},
                             "messageId" = ${sent.messageId}, "lastError" = NULL, "leaseUntil" = NULL
    WHERE "idempotencyKey" = ${mail.key}`;
  // A data-modifying WITH runs to completion whether or not the main statement reads it.
  await db.$executeRaw(options.alsoRun ? Prisma.sql`WITH sent AS (${recordSent}) ${options.alsoRun}` : recordSent);
  activityLog('info', 'mail sent', { mailKey: mail.key, smtpResponse: sent.response });
  return { key: mail.key, state: 'sent', messageId: sent.messageId, alreadySent: false };
}

/** This call's hold on a mail record: `where` selects the record only while this attempt holds it. */
interface Attempt {
  mail: MailRequest;
  whenUnknown: WhenDeliveryUnknown;
  alsoRun: Prisma.Sql | undefined;
  where: Prisma.Sql;
}

/**
 * Records the mail and takes its lease in one statement. A record that exists is leased only when it is not sent
 * yet and nobody holds it (pending, failed, or its holder's lease ran out before the end-of-data mark); concurrent
 * attempts serialise on the key's row, so exactly one of them gets a row back.
 */
async function claimMail(db: PrismaClient, mail: MailRequest, now: number): Promise<ClaimedMail | undefined> {
  const [record] = await db.$queryRaw<ClaimedMail[]>`
    INSERT INTO "MailMessage" ("id", "idempotencyKey", "recipient", "subject", "text", "html", "language",
                               "campaignId", "obligationKey", "step", "scheduledFor",
                               "state", "leaseUntil", "attempts", "createdAt")
    VALUES (${randomUUID()}, ${mail.key}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html ?? null},
            ${mail.language ?? 'zh-CN'}, ${mail.campaignId ?? null}, ${mail.obligationKey ?? null},
            ${mail.step ?? null}, ${utc(mail.scheduledForMs)},
            'sending', ${utc(now + SEND_LEASE_MS)}, 1, ${utc(now)})
    ON CONFLICT ("idempotencyKey") DO UPDATE
      SET "state" = 'sending', "leaseUntil" = EXCLUDED."leaseUntil", "attempts" = "MailMessage"."attempts" + 1,
          "endOfDataAt" = NULL
      WHERE "MailMessage"."state" IN ('pending', 'failed')
         OR ("MailMessage"."state" = 'sending' AND "MailMessage"."leaseUntil" < ${utc(now)}
             AND "MailMessage"."endOfDataAt" IS NULL)
    RETURNING "attempts", "recipient", "subject", "text", "html", "obligationKey", "step",
              to_char("scheduledFor", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "scheduledFor"`;
  return record;
}

/** Hands the claimed mail to SMTP under its stable Message-ID. */
async function deliver(deps: MailDeps, record: ClaimedMail, attempt: Attempt): Promise<SentMail> {
  const key = attempt.mail.key;
  // From the end-of-data mark on, the server may accept the mail: recorded first, and only while this
  // attempt still holds the mail (a rejection here means nothing was handed over).
  const markEndOfData = async () => {
    const marked = await deps.db.$executeRaw`
      UPDATE "MailMessage" SET "endOfDataAt" = ${utc(Date.now())}
      WHERE ${attempt.where} AND "state" = 'sending'`;
    if (marked !== 1) throw new MailInFlightError(key);
  };
  return deps.mailer.send(
    {
      to: record.recipient,
      subject: record.subject,
      text: record.text,
      ...(record.html ? { html: record.html } : {}),
      headers: {
        'Message-ID': messageIdFor(key),
        'X-Campaign-Key': key,
        ...(record.obligationKey ? { 'X-Campaign-Obligation': record.obligationKey } : {}),
        ...(record.step ? { 'X-Campaign-Step': record.step } : {}),
        ...(record.scheduledFor ? { 'X-Campaign-Step-At': record.scheduledFor } : {}),
      },
    },
    { beforeEndOfData: markEndOfData },
  );
}

/**
 * A send that did not end in an accepted mail. Delivery unknown: resent (throws, so Temporal retries) or kept
 * uncertain for staff, by the mail's kind. Refused, or stopped before the end of the message: not accepted, so the
 * next attempt sends it (throws).
 */
async function recordFailure(deps: MailDeps, attempt: Attempt, error: unknown): Promise<MailResult> {
  const { db } = deps;
  const { mail, where } = attempt;
  if (error instanceof DeliveryUnknownError && attempt.whenUnknown === 'resend') {
    await db.$executeRaw`
      UPDATE "MailMessage" SET "state" = 'failed', "failedAttempts" = "failedAttempts" + 1,
                               "lastError" = ${`${error.message}; ${RESENT_REASON}`.slice(0, 2000)},
                               "leaseUntil" = NULL, "endOfDataAt" = NULL
      WHERE ${where}`;
    activityLog('warn', 'mail delivery unknown, sending it again with the same Message-ID', {
      mailKey: mail.key,
      error: error.message,
    });
    throw error;
  }
  if (error instanceof DeliveryUnknownError) {
    // Never twice: visible in the mail log and reported to the bureau, for staff to check and resend.
    const uncertainAt = Date.now();
    const recordUncertain = Prisma.sql`
      UPDATE "MailMessage" SET "state" = 'uncertain', "leaseUntil" = NULL, "failedAttempts" = "failedAttempts" + 1,
                               "uncertainAt" = ${utc(uncertainAt)},
                               "lastError" = ${`${error.message}, ${NOT_SENT_AGAIN}`.slice(0, 2000)}
      WHERE ${where}`;
    await db.$executeRaw(
      attempt.alsoRun ? Prisma.sql`WITH uncertain AS (${recordUncertain}) ${attempt.alsoRun}` : recordUncertain,
    );
    activityLog('warn', 'mail uncertain: no answer after the end of the message', {
      mailKey: mail.key,
      error: error.message,
    });
    await deps.reportUncertain?.({ campaignId: mail.campaignId ?? null, uncertainAtMs: uncertainAt });
    return uncertain(mail.key);
  }
  await db.$executeRaw`
    UPDATE "MailMessage" SET "state" = 'failed', "failedAttempts" = "failedAttempts" + 1,
                             "lastError" = ${(error as Error).message.slice(0, 2000)},
                             "leaseUntil" = NULL, "endOfDataAt" = NULL
    WHERE ${where}`;
  activityLog('warn', 'mail refused, will retry', { mailKey: mail.key, error: (error as Error).message });
  throw error;
}

function uncertain(key: string): MailResult {
  return { key, state: 'uncertain', messageId: null, alreadySent: false };
}

/**
 * The record exists and another attempt holds it, or it is past sending: sent, uncertain, or in flight
 * (an expired lease without the end-of-data mark was taken over by the INSERT, unless it raced).
 */
async function notClaimed(
  deps: MailDeps,
  key: string,
  now: Date,
  whenUnknown: 'hold-for-check' | 'resend',
): Promise<MailResult> {
  const { db } = deps;
  const current = await db.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: key } });
  if (current.state === 'sent') return { key, state: 'sent', messageId: current.messageId, alreadySent: true };
  if (current.state === 'uncertain') {
    // Reported again in case the attempt that marked it died before reporting (the report is idempotent).
    await deps.reportUncertain?.({
      campaignId: current.campaignId,
      uncertainAtMs: (current.uncertainAt ?? now).getTime(),
    });
    return uncertain(key);
  }
  if (current.leaseUntil && current.leaseUntil < now && current.endOfDataAt) {
    // The holder died between the end of the message and recording the server's answer.
    const stillThere = {
      idempotencyKey: key,
      state: 'sending',
      leaseUntil: current.leaseUntil,
      endOfDataAt: { not: null },
    };
    if (whenUnknown === 'resend') {
      // Released for the next attempt, which sends it with the same Message-ID.
      await db.mailMessage.updateMany({
        where: stillThere,
        data: { state: 'failed', lastError: RESENT_REASON, leaseUntil: null, endOfDataAt: null },
      });
      throw new MailInFlightError(key);
    }
    const marked = await db.mailMessage.updateMany({
      where: stillThere,
      data: { state: 'uncertain', lastError: UNCERTAIN_REASON, leaseUntil: null, uncertainAt: now },
    });
    if (marked.count === 1) {
      activityLog('warn', 'mail uncertain: its sender stopped during the SMTP exchange', { mailKey: key });
      await deps.reportUncertain?.({ campaignId: current.campaignId, uncertainAtMs: now.getTime() });
      return uncertain(key);
    }
  }
  throw new MailInFlightError(key);
}
