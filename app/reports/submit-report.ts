/**
 * Monthly reports (annex 3 + 4 and the sealed written summary) and the year-end summary of the offices:
 * submission with validation, versions (corrections), lateness, county totals and the on-time / late / missing list.
 *
 * Decisions the notice leaves open:
 * - The cumulative check compares with the office's latest version of its nearest earlier reported period in the
 *   same campaign (normally the previous month; if the office skipped a month, the month before that). A correction
 *   of a month is compared with that earlier month too, never with the version it replaces (a correction may lower
 *   its own month's figures); as every correction carries a reason, falling figures are then allowed anyway.
 * - The rule holds backwards too: a month submitted after a later one (it came late) may not carry a cumulative
 *   figure above that later month's latest version, unless it gives a correction reason.
 * - A first version may carry a correction reason too: that is how an office lowers a cumulative figure it reported
 *   too high in an earlier month ("without an explicit correction reason", SPEC).
 * - `late` is decided at submission: submitted at or after the end of the (possibly extended) due day. It is
 *   recorded for every version; the status list judges an office by its first version.
 * - A submission identical to the office's latest version (same tables, same file) is a double submission: 409.
 * - When the campaign keeps supervision records (its template has `supervision`), the figures the office's records
 *   determine (record-figures.ts) are stored with the version (`computed`), and every reported figure that differs
 *   from them needs a reason in `figureReasons` (cell path → text), stored as `deviations` beside both values. A
 *   differing figure without a reason, or a reason for a figure that equals the records or for no such figure, is a
 *   422 like any other rule. A correction is compared with the records as they are when it is sent.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  FIELD_CATALOGUE,
  getCell,
  validateMonthlyTables,
  type MonthlyTables,
  type ValidationError,
} from '../../domain/reports/index.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { asJson } from '../../infra/json.js';
import { isPlainText, PLAIN_TEXT_RULE, plainTextOnly } from '../../domain/input-rules.js';
import { closeOfficeObligation } from '../obligations/close-office-obligation.js';
import type { ProblemField } from '../problem.js';
import { figureDeviations, type FigureDeviation, reportedFigures } from '../../domain/reports/record-figures.js';
import type { FieldPath } from '../../domain/reports/index.js';
import { findPreviousReport } from './previous-report.js';
import { officeRecordFigures } from './record-figures.js';
import { ReportError } from './report-error.js';
import { loadReportPeriod, officeObligation, YEAR_END_PERIOD } from './report-period.js';
import { detectSummaryType, summaryErrors, type SummaryUpload } from './summary-file.js';

export const MAX_REASON_LENGTH = 2000;

export interface SubmitInput {
  campaignId: string;
  officeId: string;
  period: string;
  /** The parsed JSON of the `tables` field, or the tables read from an uploaded workbook (validated here). */
  tables: unknown;
  /** Where a field's error sits in what was uploaded, when that was a workbook: its sheet cell (see
   *  read-report-workbook.ts); JSON tables need none. */
  locate?: ((error: ValidationError) => ProblemField) | undefined;
  correctionReason?: string | undefined;
  /** Why reported figures differ from the records: cell path → reason (not yet checked). */
  figureReasons?: unknown;
  summary: SummaryUpload;
  submittedBy: string;
  /** Defaults to now. */
  at?: Date;
}

export interface SubmitResult {
  id: string;
  version: number;
  sha256: string;
  late: boolean;
  submittedAt: Date;
  /** The figures the records determined, when the campaign keeps supervision records. */
  computed?: Record<string, number> | undefined;
  deviations?: FigureDeviation[] | undefined;
}

/** Cell by cell: stored JSON (jsonb) does not keep key order. */
function sameTables(a: MonthlyTables, b: MonthlyTables): boolean {
  return FIELD_CATALOGUE.every((f) => getCell(a, f.path) === getCell(b, f.path));
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

type Transaction = Prisma.TransactionClient;

/** One submission, with what is decided before the transaction. */
interface Submission {
  input: SubmitInput;
  period: string;
  /** The month the cumulative figures run to. */
  month: string;
  at: Date;
  late: boolean;
  reason: string | undefined;
  sha256: string;
  file: { errors: ValidationError[]; tooLarge: boolean };
  /** The figures the office's records determine; undefined when the campaign keeps no supervision records. */
  computed: Map<FieldPath, number> | undefined;
}

/**
 * Validates and stores one version of an office's report in one transaction; nothing is stored when anything is
 * wrong. Then closes the office's obligation so its reminders stop at once.
 */
export async function submitReport(
  deps: { db: PrismaClient; client: Client; log?: { warn(obj: object, msg: string): void } },
  input: SubmitInput,
): Promise<SubmitResult> {
  const { db } = deps;
  const { loaded, period } = await loadReportPeriod(db, input.campaignId, input.period);
  const office = await db.office.findUnique({ where: { id: input.officeId }, select: { id: true } });
  if (!office) throw new ReportError(404, 'Not found', `office ${input.officeId} does not exist`);
  const { obligation, status } = await officeObligation(db, loaded, period.planned, input.campaignId, input.officeId);
  const at = input.at ?? new Date();
  const computed = await officeRecordFigures(db, loaded, input.officeId, period.month);
  const submission: Submission = {
    input,
    period: period.period,
    month: period.month,
    at,
    late: at.getTime() >= obligation.dueAtMs,
    reason: input.correctionReason?.trim() ? input.correctionReason.trim() : undefined,
    sha256: createHash('sha256').update(input.summary.content).digest('hex'),
    file: summaryErrors(input.summary),
    computed,
  };
  const { deviations, ...stored } = await storeVersion(db, submission);
  if (status !== 'done') await closeObligation(deps, submission, period.obligationKey);
  return {
    ...stored,
    sha256: submission.sha256,
    late: submission.late,
    submittedAt: at,
    ...(computed ? { computed: Object.fromEntries(computed), deviations } : {}),
  };
}

interface Stored {
  id: string;
  version: number;
  deviations: FigureDeviation[];
}

async function storeVersion(db: PrismaClient, submission: Submission): Promise<Stored> {
  try {
    return await db.$transaction((tx) => storeVersionIn(tx, submission));
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ReportError(
        409,
        'Conflict',
        `another submission of ${submission.period} for this office was stored at the same moment; reload and, if ` +
          'it needs changing, submit a correction',
      );
    }
    throw error;
  }
}

async function storeVersionIn(tx: Transaction, submission: Submission): Promise<Stored> {
  const { input, period } = submission;
  const where = { campaignId: input.campaignId, officeId: input.officeId };
  const [latest, previous, following] = await Promise.all([
    tx.monthlyReport.findFirst({
      where: { ...where, period },
      orderBy: { version: 'desc' },
      select: { version: true, tables: true, summarySha256: true },
    }),
    findPreviousReport(tx, where, period),
    // A later month already reported (this one comes late); the year-end summary is compared with nothing later.
    tx.monthlyReport.findFirst({
      where: { ...where, period: { gt: period, not: YEAR_END_PERIOD } },
      orderBy: [{ period: 'asc' }, { version: 'desc' }],
      select: { period: true, tables: true },
    }),
  ]);
  const { tables, deviations } = checkedTables(submission, latest, previous, following);
  const { computed } = submission;
  const row = await tx.monthlyReport.create({
    data: {
      ...where,
      period,
      version: (latest?.version ?? 0) + 1,
      tables: asJson(tables),
      correctionReason: submission.reason ?? null,
      summaryFileName: plainTextOnly(input.summary.fileName).slice(0, 255) || 'summary',
      summaryMimeType: detectSummaryType(input.summary.content)!,
      summarySha256: submission.sha256,
      summarySize: input.summary.content.length,
      summaryContent: new Uint8Array(input.summary.content),
      submittedAt: submission.at,
      submittedBy: input.submittedBy,
      late: submission.late,
      ...(computed ? { computed: asJson(Object.fromEntries(computed)), deviations: asJson(deviations) } : {}),
    },
    select: { id: true, version: true },
  });
  return { ...row, deviations };
}

/**
 * The tables as they will be stored, checked against the office's nearest earlier period and, when the campaign
 * keeps supervision records, against the figures they determine (the deviations, each with its reason); every
 * problem at once (422, or 413 for a summary file over the limit), 409 for a double submission.
 */
function checkedTables(
  submission: Submission,
  latest: { version: number; tables: unknown; summarySha256: string } | null,
  previous: { period: string; tables: unknown } | null,
  following: { period: string; tables: unknown } | null,
): { tables: MonthlyTables; deviations: FigureDeviation[] } {
  const { reason, file, period, computed } = submission;
  const result = validateMonthlyTables(submission.input.tables, {
    ...(previous ? { previous: previous.tables as MonthlyTables, previousMonth: previous.period } : {}),
    ...(following ? { next: following.tables as MonthlyTables, nextMonth: following.period } : {}),
    ...(reason ? { correctionReason: reason } : {}),
    month: submission.month,
  });
  const locate = submission.input.locate ?? ((e: ValidationError): ProblemField => e);
  const errors: ProblemField[] = result.ok ? [] : result.errors.map(locate);
  const figures = figureDeviations(
    computed,
    reportedFigures(submission.input.tables, computed ? [...computed.keys()] : []),
    submission.input.figureReasons,
  );
  errors.push(...figures.errors.map(locate));
  if (latest && !reason) {
    errors.push({
      path: 'correctionReason',
      message: `version ${latest.version} of ${period} exists: a re-submission is a correction and needs a reason`,
    });
  }
  if (reason && reason.length > MAX_REASON_LENGTH) {
    errors.push({ path: 'correctionReason', message: `at most ${MAX_REASON_LENGTH} characters` });
  }
  if (reason && !isPlainText(reason)) errors.push({ path: 'correctionReason', message: PLAIN_TEXT_RULE });
  errors.push(...file.errors);
  if (
    result.ok &&
    file.errors.length === 0 &&
    latest &&
    latest.summarySha256 === submission.sha256 &&
    sameTables(latest.tables as MonthlyTables, result.value)
  ) {
    throw new ReportError(
      409,
      'Already submitted',
      `version ${latest.version} of ${period} has exactly these tables and this file`,
    );
  }
  if (errors.length > 0 || !result.ok) {
    throw new ReportError(
      file.tooLarge ? 413 : 422,
      file.tooLarge ? 'Summary file too large' : 'Invalid report',
      errors.map((e) => `${e.path || '(tables)'}: ${e.message}`).join('; '),
      errors,
    );
  }
  return { tables: result.value, deviations: figures.deviations };
}

/** The report is stored; a failed signal only means the workflows notice it at their next step, which re-reads it. */
async function closeObligation(
  deps: { db: PrismaClient; client: Client; log?: { warn(obj: object, msg: string): void } },
  submission: Submission,
  obligationKey: string,
): Promise<void> {
  try {
    await closeOfficeObligation(
      { db: deps.db, client: deps.client },
      {
        campaignId: submission.input.campaignId,
        officeId: submission.input.officeId,
        obligationKey,
        at: submission.at,
      },
    );
  } catch (error) {
    deps.log?.warn({ err: error }, 'report stored but the obligation could not be closed');
  }
}
