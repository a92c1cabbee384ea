/**
 * What a supervision record must satisfy before it is stored, one message per bad field: real dates, none in the
 * future of the day it is recorded, a rectification deadline not before the finding, a rectification not before the
 * finding, a verification not before the rectification; a fine with its amount, a referral with its persons.
 */
import { parseLocalDate, type LocalDate } from '../dates.js';

export interface RecordIssue {
  path: string;
  message: string;
}

export const ENFORCEMENT_KINDS = [
  'fine',
  'suspension',
  'licence',
  'closure',
  'judicial-referral',
  'exposed-case',
  'warning-talk',
  'incentive',
  'constraint',
] as const;
export type EnforcementKind = (typeof ENFORCEMENT_KINDS)[number];

/** Collects issues about dates; each check returns the date when it is fine. */
export class RecordChecker {
  readonly issues: RecordIssue[] = [];
  constructor(private readonly today: LocalDate) {}

  fail(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** A real calendar date. */
  date(path: string, value: string): LocalDate | undefined {
    if (!parseLocalDate(value)) return void this.fail(path, `${value} is not a real calendar date`);
    return value;
  }

  /** A real date that is not after the day of recording (a thing that happened). */
  past(path: string, value: string): LocalDate | undefined {
    const d = this.date(path, value);
    if (d !== undefined && d > this.today) return void this.fail(path, `${d} is after today (${this.today})`);
    return d;
  }

  /** `later` is not before `earlier` (both well formed), named at `path`. */
  notBefore(path: string, later: LocalDate | undefined, earlier: LocalDate | undefined, what: string): void {
    if (later !== undefined && earlier !== undefined && later < earlier) {
      this.fail(path, `${later} is before ${what} ${earlier}`);
    }
  }
}

/** A fine carries its amount and nothing else does; a judicial referral carries its persons and nothing else does. */
export function checkEnforcementAction(
  check: RecordChecker,
  action: { kind: EnforcementKind; fineYuan?: number | undefined; persons?: number | undefined },
): void {
  if (action.kind === 'fine' && action.fineYuan === undefined) check.fail('fineYuan', 'is required for a fine');
  if (action.kind !== 'fine' && action.fineYuan !== undefined) check.fail('fineYuan', 'is only for a fine');
  if (action.kind === 'judicial-referral' && action.persons === undefined) {
    check.fail('persons', 'is required for a judicial referral');
  }
  if (action.kind !== 'judicial-referral' && action.persons !== undefined) {
    check.fail('persons', 'is only for a judicial referral');
  }
}
