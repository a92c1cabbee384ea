// The holiday page's views of the API (only the fields it shows). See web/shared/api-types.ts.

/** One of the bureau's entries (GET/PUT /holidays/:year) */
export interface BureauEntry {
  /** YYYY-MM-DD */
  date: string;
  /** holiday = no work (a rest day); workday = a rest day worked (调休上班) */
  kind: string;
  name: string;
}

/** A day that differs from a plain Monday–Friday week */
export interface ExceptionalDay {
  date: string;
  /** ISO weekday: 1 Monday … 7 Sunday */
  weekday: number;
  working: boolean;
  holidayName?: string;
  makeUpWorkday: boolean;
  /** bureau | package | weekdays-only */
  source: string;
}

/** GET /holidays/:year (and the answer of PUT) */
export interface WorkingDayYear {
  year: number;
  /** bureau | package | none (none: Monday–Friday assumed) */
  coverage: string;
  bureauEntries: BureauEntry[];
  exceptions: ExceptionalDay[];
}

/** One item of GET /campaigns, with the rule that says whether its due dates move with the calendar */
export interface CampaignRoll {
  id: string;
  name: string;
  year: number;
  /** draft | running | finished */
  status: string;
  template: { holidayRoll?: string };
}
