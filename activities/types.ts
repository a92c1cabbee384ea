/** Shapes shared by workflows and activities. Pure types: safe to import from workflow code. */

export interface MailRequest {
  /** Idempotency key: one obligation, one step, one recipient. The same key is never sent twice. */
  key: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  language?: string;
  campaignId?: string;
  obligationKey?: string;
  step?: string;
}

export interface MailResult {
  key: string;
  state: 'sent';
  messageId: string | null;
  /** True when an earlier attempt had already sent it: nothing went out this time. */
  alreadySent: boolean;
}
