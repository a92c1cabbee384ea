import { ProblemError } from '../problem.js';

export interface ImportProblem {
  /** `rows[<sheet row>].<column key>`, `rows[<sheet row>]` or `file`. */
  path: string;
  message: string;
}

/** An error a route turns into problem+json, with every problem at once. */
export class ImportError extends ProblemError {
  constructor(status: 400 | 409 | 413 | 415 | 422, title: string, detail: string, errors: ImportProblem[] = []) {
    super(status, title, detail, errors);
  }
}
