// The supervision records page's views of the API (only the fields it shows). See web/shared/api-types.ts; the
// server's schemas are api/routes/supervision.schemas.ts.

/** Where a hazard stands today in the campaign's zone, as the server judges it. */
export type HazardState = 'open' | 'overdue' | 'rectified' | 'awaiting-verification' | 'verified';

/** One hazard of GET /campaigns/:id/offices/:officeId/supervision */
export interface Hazard {
  id: string;
  enterpriseId: string;
  /** inspection | self-report */
  source: string;
  description: string;
  major: boolean;
  state: HazardState;
  /** local dates YYYY-MM-DD */
  foundOn: string;
  rectifyBy: string;
  rectifiedOn: string | null;
  verifiedOn: string | null;
  verifiedBy: string | null;
}

export interface Inspection {
  id: string;
  enterpriseId: string;
  inspectedOn: string;
  inspectors: string[];
  /** compliant | hazards-found */
  result: string;
  note: string | null;
  recordedBy: string;
}

export interface GuidanceVisit {
  id: string;
  enterpriseId: string;
  /** planned | made */
  state: string;
  plannedFor: string | null;
  visitedOn: string | null;
  team: string;
  topics: string[];
}

export interface SupervisedEnterprise {
  id: string;
  code: string;
  name: string;
}

/** GET /campaigns/:id/offices/:officeId/supervision */
export interface OfficeSupervision {
  officeId: string;
  /** the day hazards' states are judged on, in the campaign's zone */
  today: string;
  timeZone: string;
  guidanceVisits: GuidanceVisit[];
  inspections: Inspection[];
  hazards: Hazard[];
  enterprises: SupervisedEnterprise[];
}
