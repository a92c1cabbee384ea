/**
 * Monthly reports (annex 3 + 4 and the sealed written summary) and the year-end summary of the offices:
 * submission with validation, versions (corrections), lateness, county totals and the on-time / late / missing list.
 *
 * Decisions the notice leaves open:
 * - The cumulative check compares with the office's latest version of its nearest earlier reported period in the
 *   same campaign (normally the previous month; if the office skipped a month, the month before that). A correction
 *   of a month is compared with that earlier month too, never with the version it replaces (a correction may lower
 *   its own month's figures); as every correction carries a reason, falling figures are then allowed anyway.
 * - A first version may carry a correction reason too: that is how an office lowers a cumulative figure it reported
 *   too high in an earlier month ("without an explicit correction reason", SPEC).
 * - `late` is decided at submission: submitted at or after the end of the (possibly extended) due day. It is
 *   recorded for every version; the status list judges an office by its first version.
 * - A submission identical to the office's latest version (same tables, same file) is a double submission: 409.
 */
import { ProblemError } from '../problem.js';
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { isYearMonth, type PlannedObligation } from '../../domain/index.js';
import {
  FIELD_CATALOGUE,
  getCell,
  sumMonthlyTables,
  validateMonthlyTables,
  type MonthlyTables,
  type UnitType,
  type ValidationError,
} from '../../domain/reports/index.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { asJson } from '../../infra/json.js';
import { closeOfficeObligation } from '../obligations/close-office-obligation.js';
import { findObligation, loadPlan, withExtension, type LoadedPlan } from '../campaigns/plan-store.js';

export const YEAR_END_PERIOD = 'year-end';
export const MAX_SUMMARY_BYTES = 10 * 1024 * 1024;
export const MAX_REASON_LENGTH = 2000;

/** The accepted written-summary formats, recognised by their first bytes (never by name or declared type). */
const SIGNATURES: { mimeType: SummaryMimeType; magic: number[] }[] = [
  { mimeType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mimeType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { mimeType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];
export type SummaryMimeType = 'application/pdf' | 'image/jpeg' | 'image/png';

export function detectSummaryType(content: Buffer): SummaryMimeType | undefined {
  return SIGNATURES.find((s) => s.magic.every((byte, i) => content[i] === byte))?.mimeType;
}

/** Office.unitType ('county-unit' | 'township') as the annex layout's unit type key. */
export function unitTypeOf(officeUnitType: string): UnitType {
  return officeUnitType === 'county-unit' ? 'countyUnit' : 'township';
}

/** An error a route turns into problem+json: every bad field at once. */
export class ReportError extends ProblemError {
  constructor(status: 400 | 404 | 409 | 413 | 422, title: string, detail: string, errors: ValidationError[] = []) {
    super(status, title, detail, errors);
  }
}

export interface ReportPeriod {
  period: string;
  obligationKey: string;
  /** The planned obligation with any approved extension of this office applied (when an office is given). */
  obligation: PlannedObligation;
  /** The month the tables' cumulative figures run to ('YYYY-MM'); December of the campaign year for year-end. */
  month: string;
}

/** The period of a campaign ('YYYY-MM' within its reporting months, or 'year-end'), or undefined. */
export function reportPeriod(
  loaded: LoadedPlan,
  period: string,
):
  | (Omit<ReportPeriod, 'obligation'> & {
      planned: PlannedObligation;
    })
  | undefined {
  const obligationKey =
    period === YEAR_END_PERIOD
      ? `year-end-summary:${loaded.campaign.year}`
      : isYearMonth(period)
        ? `monthly-report:${period}`
        : undefined;
  if (!obligationKey) return undefined;
  const planned = findObligation(loaded, obligationKey);
  if (!planned) return undefined;
  return { period, obligationKey, planned, month: period === YEAR_END_PERIOD ? `${loaded.campaign.year}-12` : period };
}

/** Loads the campaign plan and resolves the period; ReportError 404 when either does not exist. */
export async function loadReportPeriod(
  db: PrismaClient,
  campaignId: string,
  period: string,
): Promise<{ loaded: LoadedPlan; period: Omit<ReportPeriod, 'obligation'> & { planned: PlannedObligation } }> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } });
  if (!campaign) throw new ReportError(404, 'Not found', `campaign ${campaignId} does not exist`);
  const loaded = await loadPlan(db, campaignId);
  const resolved = reportPeriod(loaded, period);
  if (!resolved) {
    const mr = loaded.template.monthlyReport;
    throw new ReportError(
      404,
      'Not found',
      `${period} is not a reporting period of this campaign: use a month from ${mr.firstMonth} to ${mr.lastMonth} ` +
        `or '${YEAR_END_PERIOD}'`,
      [{ path: 'period', message: `not a reporting period (${mr.firstMonth}..${mr.lastMonth} or ${YEAR_END_PERIOD})` }],
    );
  }
  return { loaded, period: resolved };
}

/** The due instants of an obligation for one office, with its approved extension. */
export async function officeObligation(
  db: PrismaClient,
  loaded: LoadedPlan,
  planned: PlannedObligation,
  campaignId: string,
  officeId: string,
): Promise<{ obligation: PlannedObligation; status: string | undefined }> {
  const state = await db.obligationState.findUnique({
    where: { campaignId_officeId_obligationKey: { campaignId, officeId, obligationKey: planned.key } },
  });
  return { obligation: withExtension(loaded, planned, state?.extendedDueDate), status: state?.status };
}

export interface SummaryUpload {
  fileName: string;
  content: Buffer;
  /** The declared size was over the limit: the content is cut off. */
  truncated: boolean;
}

export interface SubmitInput {
  campaignId: string;
  officeId: string;
  period: string;
  /** The parsed JSON of the `tables` field (validated here). */
  tables: unknown;
  correctionReason?: string | undefined;
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
}

function summaryErrors(summary: SummaryUpload): { errors: ValidationError[]; tooLarge: boolean } {
  if (summary.truncated || summary.content.length > MAX_SUMMARY_BYTES) {
    return {
      tooLarge: true,
      errors: [{ path: 'summary', message: `the file is larger than ${MAX_SUMMARY_BYTES / 1024 / 1024} MB` }],
    };
  }
  if (summary.content.length === 0)
    return { tooLarge: false, errors: [{ path: 'summary', message: 'the file is empty' }] };
  if (!detectSummaryType(summary.content)) {
    return {
      tooLarge: false,
      errors: [
        {
          path: 'summary',
          message:
            'not a PDF, JPEG or PNG file (checked by its content, not its name): upload the sealed written summary',
        },
      ],
    };
  }
  return { tooLarge: false, errors: [] };
}

/** Cell by cell: stored JSON (jsonb) does not keep key order. */
function sameTables(a: MonthlyTables, b: MonthlyTables): boolean {
  return FIELD_CATALOGUE.every((f) => getCell(a, f.path) === getCell(b, f.path));
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
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
  const late = at.getTime() >= obligation.dueAtMs;
  const reason = input.correctionReason?.trim() ? input.correctionReason.trim() : undefined;
  const where = { campaignId: input.campaignId, officeId: input.officeId };

  const file = summaryErrors(input.summary);
  const sha256 = createHash('sha256').update(input.summary.content).digest('hex');

  let stored: { id: string; version: number };
  try {
    stored = await db.$transaction(async (tx) => {
      const [latest, previous] = await Promise.all([
        tx.monthlyReport.findFirst({
          where: { ...where, period: period.period },
          orderBy: { version: 'desc' },
          select: { version: true, tables: true, summarySha256: true },
        }),
        tx.monthlyReport.findFirst({
          where: { ...where, period: { lt: period.period } },
          orderBy: [{ period: 'desc' }, { version: 'desc' }],
          select: { period: true, tables: true },
        }),
      ]);
      const result = validateMonthlyTables(input.tables, {
        ...(previous ? { previous: previous.tables as unknown as MonthlyTables, previousMonth: previous.period } : {}),
        ...(reason ? { correctionReason: reason } : {}),
        month: period.month,
      });
      const errors: ValidationError[] = result.ok ? [] : [...result.errors];
      if (latest && !reason) {
        errors.push({
          path: 'correctionReason',
          message: `version ${latest.version} of ${period.period} exists: a re-submission is a correction and needs a reason`,
        });
      }
      if (reason && reason.length > MAX_REASON_LENGTH) {
        errors.push({ path: 'correctionReason', message: `at most ${MAX_REASON_LENGTH} characters` });
      }
      errors.push(...file.errors);
      if (
        result.ok &&
        file.errors.length === 0 &&
        latest &&
        latest.summarySha256 === sha256 &&
        sameTables(latest.tables as unknown as MonthlyTables, result.value)
      ) {
        throw new ReportError(
          409,
          'Already submitted',
          `version ${latest.version} of ${period.period} has exactly these tables and this file`,
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
      const mimeType = detectSummaryType(input.summary.content)!;
      return tx.monthlyReport.create({
        data: {
          ...where,
          period: period.period,
          version: (latest?.version ?? 0) + 1,
          tables: asJson(result.value),
          correctionReason: reason ?? null,
          summaryFileName: input.summary.fileName.slice(0, 255) || 'summary',
          summaryMimeType: mimeType,
          summarySha256: sha256,
          summarySize: input.summary.content.length,
          summaryContent: new Uint8Array(input.summary.content),
          submittedAt: at,
          submittedBy: input.submittedBy,
          late,
        },
        select: { id: true, version: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ReportError(
        409,
        'Conflict',
        `another submission of ${period.period} for this office was stored at the same moment; reload and, if it ` +
          'needs changing, submit a correction',
      );
    }
    throw error;
  }

  if (status !== 'done') {
    try {
      await closeOfficeObligation(
        { db, client: deps.client },
        { campaignId: input.campaignId, officeId: input.officeId, obligationKey: period.obligationKey, at },
      );
    } catch (error) {
      // The report is stored; the workflows re-read the obligation before every step, so a failed signal only
      // means the next step (not this instant) notices it.
      deps.log?.warn({ err: error }, 'report stored but the obligation could not be closed');
    }
  }
  return { ...stored, sha256, late, submittedAt: at };
}

/** Every column of a stored report except the file bytes. */
export const REPORT_META = {
  id: true,
  campaignId: true,
  officeId: true,
  period: true,
  version: true,
  tables: true,
  correctionReason: true,
  summaryFileName: true,
  summaryMimeType: true,
  summarySha256: true,
  summarySize: true,
  submittedAt: true,
  submittedBy: true,
  late: true,
} as const satisfies Prisma.MonthlyReportSelect;

export type ReportMeta = Prisma.MonthlyReportGetPayload<{ select: typeof REPORT_META }>;

export interface OfficeRow {
  id: string;
  code: string;
  name: string;
  unitType: string;
}

export interface SubmittedOffice {
  office: OfficeRow;
  unitType: UnitType;
  /** The office's latest version. */
  latest: ReportMeta;
  tables: MonthlyTables;
  /** The first version: when the office reported and whether that was late. */
  first: { submittedAt: Date; late: boolean };
  versions: number;
}

export interface PeriodReports {
  loaded: LoadedPlan;
  period: Omit<ReportPeriod, 'obligation'> & { planned: PlannedObligation };
  offices: OfficeRow[];
  /** Offices with a report, in office-code order. */
  submitted: SubmittedOffice[];
  /** Offices without any report, in office-code order. */
  missing: OfficeRow[];
}

/** Every office's latest version of a period, and the offices that have not reported. */
export async function periodReports(db: PrismaClient, campaignId: string, periodText: string): Promise<PeriodReports> {
  const { loaded, period } = await loadReportPeriod(db, campaignId, periodText);
  const [offices, reports] = await Promise.all([
    db.office.findMany({ orderBy: { code: 'asc' }, select: { id: true, code: true, name: true, unitType: true } }),
    db.monthlyReport.findMany({
      where: { campaignId, period: period.period },
      orderBy: [{ officeId: 'asc' }, { version: 'asc' }],
      select: REPORT_META,
    }),
  ]);
  const byOffice = new Map<string, ReportMeta[]>();
  for (const r of reports) {
    const list = byOffice.get(r.officeId);
    if (list) list.push(r);
    else byOffice.set(r.officeId, [r]);
  }
  const submitted: SubmittedOffice[] = [];
  const missing: OfficeRow[] = [];
  for (const office of offices) {
    const versions = byOffice.get(office.id);
    if (!versions?.length) {
      missing.push(office);
      continue;
    }
    const first = versions[0]!;
    const latest = versions[versions.length - 1]!;
    submitted.push({
      office,
      unitType: unitTypeOf(office.unitType),
      latest,
      tables: latest.tables as unknown as MonthlyTables,
      first: { submittedAt: first.submittedAt, late: first.late },
      versions: versions.length,
    });
  }
  return { loaded, period, offices, submitted, missing };
}

export interface CountyTotals {
  countyUnits: { offices: number; tables: MonthlyTables };
  townships: { offices: number; tables: MonthlyTables };
  county: { offices: number; tables: MonthlyTables };
}

/** Sums over the offices' latest versions: county-level units (县直单位), townships (乡镇) and the county (合计). */
export function countyTotals(submitted: readonly SubmittedOffice[]): CountyTotals {
  const of = (type?: UnitType) => {
    const tables = submitted.filter((s) => !type || s.unitType === type).map((s) => s.tables);
    return { offices: tables.length, tables: sumMonthlyTables(tables) };
  };
  return { countyUnits: of('countyUnit'), townships: of('township'), county: of() };
}

/** late-with-extension: after the notice's due day, within an approved extension. */
export type ReportingStatus = 'on-time' | 'late-with-extension' | 'late' | 'missing';

export interface StatusEntry {
  office: OfficeRow;
  status: ReportingStatus;
  /** Not submitted and the (extended) due day has passed. */
  overdue: boolean;
  /** Submitted after, or still missing at, the end of the hard-deadline day (escalated). */
  pastHardDeadline: boolean;
  dueDate: string;
  hardDueDate: string;
  extendedDueDate: string | null;
  firstSubmittedAt: Date | null;
  latestVersion: number | null;
}

/** On-time / late / missing per office for a period, at `atMs` (for missing offices' overdue flag). */
export async function statusList(
  db: PrismaClient,
  campaignId: string,
  periodText: string,
  atMs: number = Date.now(),
): Promise<{ reports: PeriodReports; entries: StatusEntry[] }> {
  const reports = await periodReports(db, campaignId, periodText);
  const states = await db.obligationState.findMany({
    where: { campaignId, obligationKey: reports.period.obligationKey },
    select: { officeId: true, extendedDueDate: true },
  });
  const extensionOf = new Map(states.map((s) => [s.officeId, s.extendedDueDate]));
  const submittedBy = new Map(reports.submitted.map((s) => [s.office.id, s]));
  const entries = reports.offices.map((office): StatusEntry => {
    const extended = extensionOf.get(office.id) ?? null;
    const o = withExtension(reports.loaded, reports.period.planned, extended);
    const s = submittedBy.get(office.id);
    const firstMs = s?.first.submittedAt.getTime();
    return {
      office,
      status: !s
        ? 'missing'
        : s.first.late
          ? 'late'
          : firstMs !== undefined &&
              o.dueDate !== reports.period.planned.dueDate &&
              firstMs >= reports.period.planned.dueAtMs
            ? 'late-with-extension'
            : 'on-time',
      overdue: !s && atMs >= o.dueAtMs,
      pastHardDeadline: firstMs === undefined ? atMs >= o.hardDueAtMs : firstMs >= o.hardDueAtMs,
      dueDate: o.dueDate,
      hardDueDate: o.hardDueDate,
      extendedDueDate: extended && extended !== reports.period.planned.nominalDueDate ? extended : null,
      firstSubmittedAt: s?.first.submittedAt ?? null,
      latestVersion: s?.latest.version ?? null,
    };
  });
  return { reports, entries };
}
