// The enterprise register page's views of the API (only the fields it shows). See web/shared/api-types.ts.

/** The first commitment step an enterprise has not done, or committed (notice, signature and four copies). */
export type CommitmentState = 'awaiting-notice' | 'awaiting-signature' | 'awaiting-copies' | 'committed';

export type ObligationKind = 'enterprise-commitment' | 'enterprise-plan' | 'enterprise-self-assessment';

/** What PUT /campaigns/:id/enterprises/:enterpriseId/progress records: instants, two names and a local date. */
export interface Progress {
  noticeServedAt: string | null;
  noticeServedBy: string | null;
  signedAt: string | null;
  signatory: string | null;
  /** a local date YYYY-MM-DD */
  committedSelfAssessmentDate: string | null;
  copyArchiveAt: string | null;
  copyNoticeBoardAt: string | null;
  copyTownshipAt: string | null;
  copyCountyAt: string | null;
  planSubmittedAt: string | null;
  selfAssessmentSubmittedAt: string | null;
}

export type ProgressField = keyof Progress;

/** One enterprise of GET /campaigns/:id/offices/:officeId/enterprise-progress */
export interface EnterpriseRow {
  id: string;
  code: string;
  name: string;
  sizeClass: string;
  riskColour: string;
  state: CommitmentState;
  commitmentComplete: boolean;
  selfAssessmentDueDate: string;
  /** what it owes now */
  owing: { kind: ObligationKind; dueDate: string; overdue: boolean }[];
  /** it owes something now: shown with ?open=1 */
  open: boolean;
  progress: Progress;
}

/** GET /campaigns/:id/offices/:officeId/enterprise-progress */
export interface OfficeEnterpriseProgress {
  officeId: string;
  asOf: string;
  timeZone: string;
  commitmentDueDate: string;
  planDueDate: string;
  selfAssessmentDueDate: string;
  counts: {
    total: number;
    open: number;
    noticesServed: number;
    signed: number;
    commitmentsComplete: number;
    plansSubmitted: number;
    selfAssessmentsSubmitted: number;
  };
  enterprises: EnterpriseRow[];
}
