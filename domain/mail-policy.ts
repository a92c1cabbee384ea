/**
 * What the engine does with a mail whose delivery is unknown: the whole message reached the SMTP
 * server, then its answer was lost (the connection dropped, the sender died). SMTP cannot be asked
 * afterwards whether it took the mail, so one of "never twice" and "never missing" has to give.
 */
export type MailKind =
  /** Ladder reminders, overdue notices and catch-up digests to offices and enterprises. */
  | 'reminder'
  /** 督办 / 约谈 / 通报 notices of an escalation, to the office head and the bureau. */
  | 'escalation-notice'
  /** The engine telling the bureau that mails are in doubt. */
  | 'incident';

export type WhenDeliveryUnknown =
  /** Never twice: kept `uncertain` for staff to check with the recipient, then resend or confirm. */
  | 'hold-for-check'
  /** Never missing: sent again with the same Message-ID, so the receiver's mail system can drop a copy. */
  | 'resend';

/**
 * A second reminder of the same deadline would look like a mistake and erodes trust in every later
 * one; a missing escalation notice means a late office is never told it is escalated, and a missing
 * incident mail means nobody checks. So reminders wait for a person, the others are resent.
 */
export const WHEN_DELIVERY_UNKNOWN: Record<MailKind, WhenDeliveryUnknown> = {
  reminder: 'hold-for-check',
  'escalation-notice': 'resend',
  incident: 'resend',
};

/**
 * Mails that become uncertain within this time of each other are reported to the bureau in one
 * digest, sent once the window has passed: a crash in a fan-out leaves several at once.
 */
export const UNCERTAIN_MAIL_DIGEST_WINDOW_MS = 60_000;

/** The start of the digest window an uncertain mail belongs to. */
export function uncertainDigestWindow(uncertainAtMs: number): number {
  return uncertainAtMs - (uncertainAtMs % UNCERTAIN_MAIL_DIGEST_WINDOW_MS);
}
