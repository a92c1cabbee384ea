// The board's views of the API (only the fields the board shows). See web/shared/api-types.ts.

/** GET /campaigns/:id/status */
export interface CampaignStatus {
  /** workflow: answered by the running campaign workflow; plan: computed, the campaign is not started */
  source: 'workflow' | 'plan';
  /** a phase key, not-started or finished */
  currentPhase: string;
  /** the local day, YYYY-MM-DD */
  today: string;
  phases: Phase[];
}

export interface Phase {
  key: string;
  nameZh: string;
  nameEn: string;
  startAt: string;
  /** last local day of the phase */
  deadline: string;
  /** the instant the phase ends */
  deadlineAt: string;
  state: 'upcoming' | 'current' | 'ended';
  daysLeft: number;
}

/** GET /campaigns/:id/reporting-rates */
export interface ReportingRates {
  periods: { period: string; dueDate: string; counts: Partial<Record<string, number>>; rate: number }[];
  offices: { officeId: string; officeName: string; byPeriod: Partial<Record<string, string>> }[];
}

/** GET /campaigns/:id/late */
export interface LateList {
  items: {
    officeId: string;
    officeName: string;
    obligationKey: string;
    title: string;
    dueDate: string;
    /** overdue | late */
    state: string;
    daysLate: number;
    extended: boolean;
  }[];
}

/** GET /campaigns/:id/commitment-progress */
export interface CommitmentProgress {
  commitmentDueDate: string;
  selfAssessmentDueDate: string;
  offices: {
    officeId: string;
    officeName: string;
    total: number;
    commitmentsComplete: number;
    plansSubmitted: number;
    selfAssessmentsSubmitted: number;
  }[];
}

/** GET /campaigns/:id/next-mails */
export interface NextMails {
  /** draft | running | finished */
  campaignStatus: string;
  items: {
    at: string;
    officeId: string;
    officeName: string;
    obligationKey: string;
    title: string;
    dueDate: string;
    step: string;
    stepKind: 'reminder' | 'overdue' | 'escalation';
    recipients: string[];
    openEnterprises: number | null;
  }[];
}

/** GET /mail-log (the board asks only for the count) */
export interface MailLogPage {
  total: number;
}
