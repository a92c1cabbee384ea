// The county page's views of the API (only the fields it shows). See web/shared/api-types.ts.

/** One office of GET /campaigns/:id/reports/:period/status-list */
export interface StatusEntry {
  officeId: string;
  code: string;
  name: string;
  /** county-unit | township */
  unitType: string;
  /** on-time | late-with-extension | late | missing */
  status: string;
  /** missing and the due day has passed */
  overdue: boolean;
  pastHardDeadline: boolean;
  dueDate: string;
  hardDueDate: string;
  extendedDueDate: string | null;
  firstSubmittedAt: string | null;
  latestVersion: number | null;
}

/** GET /campaigns/:id/reports/:period/status-list */
export interface StatusList {
  period: string;
  obligationKey: string;
  counts: { onTime: number; lateWithExtension: number; late: number; missing: number };
  entries: StatusEntry[];
}

/** The figures of annex 3 and 4 the page shows (the rest is in the workbook). */
export interface Tables {
  annex3: { enterprises: { total: number; aboveSize: number; medium: number; smallMicro: number } };
  annex4: {
    enforcement: {
      inspectedEnterprises: number;
      hazardsFound: number;
      hazardsRectified: number;
      fines: { enterprises: number; amount: number };
    };
  };
}

/** GET /campaigns/:id/reports/:period/totals */
export interface Totals {
  countyUnits: { offices: number; tables: Tables };
  townships: { offices: number; tables: Tables };
  county: { offices: number; tables: Tables };
  missing: { officeId: string; name: string }[];
}

/** GET /campaigns/:id/reporting-rates */
export interface ReportingRates {
  periods: {
    /** YYYY-MM or year-end */
    period: string;
    dueDate: string;
    /** on-time, late-with-extension, late, missing, upcoming */
    counts: Record<string, number>;
    /** share of offices on time (incl. within an extension) once due */
    rate: number;
  }[];
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
}

/** A campaign of GET /campaigns with the phase names of its template (the list answers the whole template). */
export interface CampaignPhases {
  template: { timeZone: string; phases: { key: string; nameZh: string; nameEn: string }[] };
}
