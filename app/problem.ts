/** Errors that the API turns into RFC 9457 problem+json responses, naming every bad field. */

export interface ProblemField {
  /** JSON path of the bad field, e.g. `annex3.enterprises.total`. */
  path: string;
  /** Where the field sits in an uploaded workbook, e.g. `月报表一!C6` (a sheet cell, as Excel and WPS name it). */
  cell?: string;
  message: string;
}

/** An error that becomes an RFC 9457 problem+json response naming every bad field. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors: ProblemField[] = [],
  ) {
    super(detail);
  }
}
