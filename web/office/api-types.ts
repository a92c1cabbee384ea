// The office page's views of the API (only the fields it shows). See web/shared/api-types.ts.

/** One obligation of GET /campaigns/:id/offices/:officeId/status */
export interface ObligationStatus {
  key: string;
  /** phase | monthly-report | year-end-summary … */
  kind: string;
  title: string;
  dueDate: string;
  originalDueDate: string;
  /** an approved extension moved the due date */
  extended: boolean;
  /** overdue: past the due day; late: past the hard deadline (escalated) */
  state: 'done' | 'open' | 'overdue' | 'late';
  doneAt: string | null;
  daysLate: number;
}

/** GET /campaigns/:id/offices/:officeId/status */
export interface OfficeStatus {
  officeId: string;
  officeName: string;
  asOf: string;
  nextDeadline: { key: string; title: string; dueDate: string } | null;
  openCount: number;
  lateItems: ObligationStatus[];
  obligations: ObligationStatus[];
}

/** One item of GET /campaigns/:id/extensions */
export interface Extension {
  id: string;
  officeId: string;
  obligationKey: string;
  requestedDueDate: string;
  reason: string;
  /** requested | approved | rejected */
  status: string;
  requestedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

/** GET /campaigns/:id/next-mails */
export interface NextMails {
  /** draft | running | finished */
  campaignStatus: string;
  items: {
    /** already in the campaign's zone: '2024-07-29T09:00:00.000+08:00' */
    at: string;
    obligationKey: string;
    title: string;
    dueDate: string;
    step: string;
    recipients: string[];
    openEnterprises: number | null;
  }[];
}
