// The report page's views of the API (only the fields it uses). See web/shared/api-types.ts.

/** One cell of a unit's block of rows in GET /report-layout. */
export type AnnexCell =
  | { kind: 'unitType'; rowSpan: number }
  | { kind: 'label'; text: string; rowSpan?: number; colSpan?: number }
  | { kind: 'value'; path: string; rowSpan?: number; colSpan?: number }
  | { kind: 'covered' };

export interface AnnexLayout {
  annex: 'annex3' | 'annex4';
  shortTitleZh: string;
  rowsPerUnit: number;
  columns: { headingsZh: string[]; cells: AnnexCell[] }[];
  notesZh: string[];
}

export interface FieldSpec {
  path: string;
  annex: 'annex3' | 'annex4';
  titleZh: string;
  labelZh: string;
  labelEn: string;
  /** count | amount10kYuan */
  kind: string;
  unitZh: string;
}

export type ConsistencyRule =
  | { kind: 'sum'; total: string; parts: string[]; why: string }
  | { kind: 'notAbove'; part: string; whole: string; why: string }
  | { kind: 'positiveIfPositive'; when: string; then: string; why: string };

/** GET /report-layout */
export interface ReportLayout {
  annexes: AnnexLayout[];
  fields: FieldSpec[];
  rules: ConsistencyRule[];
}

/** One obligation of GET /campaigns/:id/offices/:officeId/status (the report obligations give the periods). */
export interface ObligationStatus {
  key: string;
  /** monthly-report | year-end-summary | phase | … */
  kind: string;
  title: string;
  dueDate: string;
  state: 'done' | 'open' | 'overdue' | 'late';
}

/** One version of GET /campaigns/:id/offices/:officeId/reports/:period */
export interface ReportVersion {
  version: number;
  correctionReason: string | null;
  summary: { fileName: string; mimeType: string; size: number };
  submittedAt: string;
  submittedBy: string;
  late: boolean;
}

/** GET /campaigns/:id/offices/:officeId/reports/:period */
export interface OfficeReport {
  latest: ReportVersion & { tables: unknown };
  /** oldest first */
  versions: ReportVersion[];
}

/** POST /campaigns/:id/offices/:officeId/reports/:period */
export interface Submitted {
  version: number;
  late: boolean;
}
