/**
 * The idempotency key of every mail the product sends: one mail per key, ever. A key already in the mail
 * log is never sent again, so changing a format below would send every mail of a running campaign a
 * second time: add a new kind of key instead.
 */

/** A ladder step's mail to one recipient (reminder, overdue notice, escalation notice of an obligation). */
export function stepMailKey(k: {
  campaignId: string;
  officeId: string;
  obligationKey: string;
  stepKey: string;
  to: string;
}): string {
  return `${k.campaignId}/${k.officeId}/${k.obligationKey}/${k.stepKey}/${k.to}`;
}

/** The one digest an office gets when its ladder starts late, of what was due before. */
export function catchUpMailKey(k: { campaignId: string; officeId: string; to: string }): string {
  return `${k.campaignId}/${k.officeId}/catch-up/${k.to}`;
}

/** The notice of one level of one escalation to one recipient. */
export function escalationNoticeKey(k: {
  campaignId: string;
  escalationId: string;
  level: number;
  to: string;
}): string {
  return `${k.campaignId}/escalation/${k.escalationId}/level-${k.level}/${k.to}`;
}

/** The bureau's digest of the mails that became uncertain in one window. */
export function uncertainMailDigestKey(k: { campaignId: string; windowStartMs: number; to: string }): string {
  return `${k.campaignId}/uncertain-mails/${k.windowStartMs}/${k.to}`;
}
