// The mail log page's views of the API (only the fields it shows). See web/shared/api-types.ts.

/** One mail of GET /mail-log (and the answer of POST /mail-log/:id/resend) */
export interface MailEntry {
  id: string;
  campaignId: string | null;
  obligationKey: string | null;
  step: string | null;
  recipient: string;
  language: string;
  subject: string;
  /** pending | sending | sent | failed | uncertain */
  state: string;
  attempts: number;
  lastError: string | null;
  smtpResponse: string | null;
  /** the instant the step was planned for */
  scheduledFor: string | null;
  createdAt: string;
  /** when the SMTP server accepted it (or the bureau confirmed it arrived) */
  sentAt: string | null;
}

/** GET /mail-log: one page, newest first, and how many match in all */
export interface MailLogPage {
  total: number;
  entries: MailEntry[];
}

/** POST /mail-log/uncertain/resolve */
export interface Settled {
  delivered: number;
  /** each mail sent again, with its state now: sent, failed, or uncertain again */
  resent: { id: string; state: string }[];
}
