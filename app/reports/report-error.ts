import { ProblemError, type ProblemField } from '../problem.js';

/** An error a route turns into problem+json: every bad field at once. */
export class ReportError extends ProblemError {
  constructor(status: 400 | 404 | 409 | 413 | 422, title: string, detail: string, errors: ProblemField[] = []) {
    super(status, title, detail, errors);
  }
}
