import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { instantOf } from '../lookups.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { countyTotals, periodReports, type ReportMeta } from '../../app/reports/period-reports.js';
import { submitReport } from '../../app/reports/submit-report.js';
import { MAX_SUMMARY_BYTES, type SummaryUpload } from '../../app/reports/summary-file.js';
import { statusList } from '../../app/reports/status-list.js';
import { checkReportTarget } from '../../app/reports/check-report-target.js';
import { findOfficeReport } from '../../app/reports/find-office-report.js';
import { findReportSummary } from '../../app/reports/find-report-summary.js';
import { findReportVersion } from '../../app/reports/find-report-version.js';
import { officeReportWorkbook } from '../../app/reports/office-report-workbook.js';
import { readReportWorkbook } from '../../app/reports/read-report-workbook.js';
import { readRecordFigures } from '../../app/reports/record-figures.js';
import { fieldSpec } from '../../domain/reports/index.js';
import { MAX_IMPORT_BYTES } from '../../app/organisation/sheet-file.js';
import { attachment, XLSX } from '../attachment.js';
import { officeScope, requireCountyView, requireReadOffice, requireWriteOffice } from '../plugins/auth.js';
import { ProblemError, type ProblemField } from '../plugins/errors.js';
import { Uuid, withProblems } from '../schemas.js';
import {
  ComputedView,
  OfficePeriodParams,
  Period,
  PeriodParams,
  ReportVersionWithTables,
  ReportView,
  StatusListView,
  SubmitBody,
  SubmitResponse,
  TotalsView,
} from './reports.schemas.js';

/** What the records determined and what the office changed from them, when the version has them. */
function figuresView(r: ReportMeta) {
  if (r.computed === null) return {};
  return {
    computed: r.computed as Record<string, number>,
    deviations: (r.deviations ?? []) as { path: string; computed: number; reported: number; reason: string }[],
  };
}

function versionView(r: ReportMeta) {
  return {
    id: r.id,
    version: r.version,
    correctionReason: r.correctionReason,
    summary: { fileName: r.summaryFileName, mimeType: r.summaryMimeType, sha256: r.summarySha256, size: r.summarySize },
    submittedAt: r.submittedAt.toISOString(),
    submittedBy: r.submittedBy,
    late: r.late,
  };
}

const officeRef = (o: { id: string; code: string; name: string; unitType: string }) => ({
  officeId: o.id,
  code: o.code,
  name: o.name,
  unitType: o.unitType,
});

const MAX_TABLES_BYTES = 256 * 1024;
const FIELDS =
  'tables (JSON) or workbook (the .xlsx form), correctionReason (optional), figureReasons (optional JSON) and summary';

interface Submission {
  /** The JSON tables, when sent as such. */
  tables: unknown;
  /** The annex form, when sent instead of the JSON tables. */
  workbook: Buffer | undefined;
  correctionReason: string | undefined;
  /** Why figures differ from the records: the parsed JSON of the part figureReasons (checked by the use case). */
  figureReasons: unknown;
  summary: SummaryUpload;
}

async function readStream(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** What the multipart body held, part by part, and what is wrong with its structure. */
interface Parts {
  seen: Set<string>;
  tablesText?: string;
  tablesValue?: unknown;
  workbook?: Buffer;
  correctionReason?: string;
  figureReasonsText?: string;
  figureReasonsValue?: unknown;
  summary?: SummaryUpload;
  malformed: ProblemField[];
  tooLarge: ProblemField[];
}

const tooLargeField = (path: 'tables' | 'workbook', limit: number) => ({
  path,
  message: `larger than the limit of ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`}`,
});

function filePart(parts: Parts, name: string, file: { fileName: string; content: Buffer; truncated: boolean }): void {
  const { content } = file;
  if (name === 'summary') parts.summary = file;
  else if (name === 'workbook' && (file.truncated || content.length > MAX_IMPORT_BYTES)) {
    parts.tooLarge.push(tooLargeField('workbook', MAX_IMPORT_BYTES));
  } else if (name === 'workbook') parts.workbook = content;
  else if (name === 'tables' && content.length > MAX_TABLES_BYTES) {
    parts.tooLarge.push(tooLargeField('tables', MAX_TABLES_BYTES));
  } else if (name === 'tables') parts.tablesText = content.toString('utf8');
  else if (name === 'figureReasons' && content.length > MAX_TABLES_BYTES) {
    parts.malformed.push({ path: name, message: `larger than the limit of ${MAX_TABLES_BYTES / 1024} KB` });
  } else if (name === 'figureReasons') parts.figureReasonsText = content.toString('utf8');
  else parts.malformed.push({ path: name, message: `unexpected file; send the fields ${FIELDS}` });
}

function fieldPart(parts: Parts, name: string, value: unknown, valueTruncated: boolean): void {
  if (name === 'tables') {
    if (valueTruncated) parts.tooLarge.push(tooLargeField('tables', MAX_TABLES_BYTES));
    else if (typeof value === 'string') parts.tablesText = value;
    else parts.tablesValue = value; // a part declared application/json, already parsed
  } else if (name === 'correctionReason') {
    parts.correctionReason = typeof value === 'string' ? value : JSON.stringify(value);
  } else if (name === 'figureReasons') {
    if (valueTruncated) parts.malformed.push({ path: name, message: `larger than ${MAX_TABLES_BYTES / 1024} KB` });
    else if (typeof value === 'string') parts.figureReasonsText = value;
    else parts.figureReasonsValue = value; // a part declared application/json, already parsed
  } else if (name === 'summary' || name === 'workbook') {
    parts.malformed.push({ path: name, message: 'must be a file part (with a filename), not a text field' });
  } else {
    parts.malformed.push({ path: name, message: `unknown field; expected ${FIELDS}` });
  }
}

/** Every part of the body, each checked for its own structure (sent once, of the right kind, within its limit). */
async function collectParts(request: FastifyRequest): Promise<Parts> {
  const parts: Parts = { seen: new Set(), malformed: [], tooLarge: [] };
  try {
    for await (const part of request.parts({
      limits: { fileSize: MAX_SUMMARY_BYTES, files: 4, fields: 5, parts: 9, fieldSize: MAX_TABLES_BYTES },
    })) {
      const name = part.fieldname;
      const duplicate = parts.seen.has(name);
      parts.seen.add(name);
      if (part.type === 'file') {
        const content = await readStream(part.file);
        if (duplicate) parts.malformed.push({ path: name, message: 'sent more than once' });
        else filePart(parts, name, { fileName: part.filename, content, truncated: part.file.truncated });
      } else if (duplicate) {
        parts.malformed.push({ path: name, message: 'sent more than once' });
      } else {
        fieldPart(parts, name, part.value, part.valueTruncated);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message =
      code === 'FST_INVALID_JSON_FIELD_ERROR'
        ? 'a part declared application/json is not valid JSON'
        : code?.endsWith('_LIMIT')
          ? `too many parts: send the fields ${FIELDS}, each once`
          : `the multipart body is malformed (${(error as Error).message})`;
    throw new ProblemError(400, 'Malformed multipart body', message, [
      { path: code === 'FST_INVALID_JSON_FIELD_ERROR' ? 'tables' : '', message },
    ]);
  }
  return parts;
}

/** The submission the parts make up; every structural problem at once (400), or 413 when only sizes are wrong. */
function checkedSubmission(parts: Parts): Submission {
  const { seen, malformed, tooLarge } = parts;
  let tables = parts.tablesValue;
  if (parts.tablesText !== undefined) {
    try {
      tables = JSON.parse(parts.tablesText) as unknown;
    } catch (error) {
      malformed.push({ path: 'tables', message: `not valid JSON: ${(error as Error).message}` });
    }
  }
  let figureReasons = parts.figureReasonsValue;
  if (parts.figureReasonsText !== undefined) {
    try {
      figureReasons = JSON.parse(parts.figureReasonsText) as unknown;
    } catch (error) {
      malformed.push({ path: 'figureReasons', message: `not valid JSON: ${(error as Error).message}` });
    }
  }
  const both = seen.has('tables') && seen.has('workbook');
  if (!both && !seen.has('tables') && !seen.has('workbook')) {
    malformed.push({
      path: 'tables',
      message: 'required: the JSON text of annex 3 and annex 4, or the filled-in annex form as the file part workbook',
    });
  }
  if (!parts.summary && !seen.has('summary')) {
    malformed.push({ path: 'summary', message: 'required: the sealed written work summary (PDF, JPEG or PNG)' });
  }
  if (both && malformed.length === 0) {
    // Each part is well formed; together they are two answers to one question, judged here like the other rules (422).
    const message = 'send either the JSON tables or the workbook, not both';
    throw new ProblemError(422, 'Two forms of the tables', `tables, workbook: ${message}`, [
      { path: 'tables', message },
      { path: 'workbook', message },
    ]);
  }
  if (tooLarge.length > 0 && malformed.length === 0) {
    const detail = tooLarge.map((t) => `${t.path}: ${t.message}`).join('; ');
    throw new ProblemError(
      413,
      tooLarge[0]!.path === 'workbook' ? 'Workbook too large' : 'Tables too large',
      detail,
      tooLarge,
    );
  }
  if (malformed.length > 0 || !parts.summary) {
    throw new ProblemError(
      400,
      'Malformed report',
      malformed.map((m) => `${m.path || '(body)'}: ${m.message}`).join('; '),
      malformed,
    );
  }
  return {
    tables,
    workbook: parts.workbook,
    correctionReason: parts.correctionReason,
    figureReasons,
    summary: parts.summary,
  };
}

/** Reads the multipart body; every structural problem (400) at once. */
async function readSubmission(request: FastifyRequest): Promise<Submission> {
  if (!request.isMultipart()) {
    throw new ProblemError(415, 'Unsupported media type', `send multipart/form-data with the fields ${FIELDS}`);
  }
  return checkedSubmission(await collectParts(request));
}

/** Monthly reports (annex 3 + 4 with the sealed summary) and the year-end summary of the offices. */
// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const reportRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal } = fastify.deps;
  const deps = { db: db.prisma };
  // Encapsulated: only these routes accept multipart bodies.
  // An oversize file is cut off at the limit and reported with the other errors, not thrown.
  await fastify.register(multipart, { limits: { fileSize: MAX_SUMMARY_BYTES }, throwFileSizeLimit: false });

  fastify.post(
    '/campaigns/:id/offices/:officeId/reports/:period',
    {
      config: { access: 'office-write' },
      schema: {
        tags: ['reports'],
        summary:
          "Submit an office's monthly report (or year-end summary): the tables and the sealed written summary; a " +
          're-submission is a correction (needs a reason) and adds a version. Closes the obligation: reminders stop.',
        description:
          'The tables come either as the JSON part `tables` or as the part `workbook`: the annex form downloaded from ' +
          '…/reports/{period}/workbook.xlsx and filled in Excel or WPS (at most 5 MB), read by cell position; sending ' +
          'both is a 400 naming both. Every annex error comes back at once with its path (e.g. ' +
          'annex3.enterprises.total) and, for a workbook, its sheet cell (`cell`, e.g. 月报表一!C6): 400 for a ' +
          'malformed body or JSON, 413 for a file over its limit (summary 10 MB, workbook 5 MB), 422 for rule ' +
          'violations and for a workbook that is not the annex form (not an XLSX by its content, sheets missing, rows ' +
          'or columns moved), 409 when the same version was stored concurrently or the submission repeats the latest ' +
          'version exactly. Nothing is stored from a rejected submission. Cumulative figures are compared with the ' +
          'office’s latest version of its previous reported month. When the campaign keeps supervision records, ' +
          'the figures they determine (…/computed) are stored with the version, and a figure that differs from them ' +
          'needs a reason in the part figureReasons (a 422 naming the cell otherwise); both values and the reason ' +
          'are kept (computed, deviations).',
        consumes: ['multipart/form-data'],
        params: OfficePeriodParams,
        // Keyed by media type: only a multipart body meets the (documentation-only) schema; others get 415.
        body: { content: { 'multipart/form-data': { schema: SubmitBody } } },
        response: withProblems({ 201: SubmitResponse }, [400, 403, 404, 409, 413, 415, 422]),
      },
    },
    async (request, reply) => {
      const principal = requireWriteOffice(request, request.params.officeId);
      const { id: campaignId, officeId, period } = request.params;
      await checkReportTarget(deps, { campaignId, officeId, period });
      const submission = await readSubmission(request);
      const form = submission.workbook ? await readReportWorkbook(submission.workbook) : undefined;
      const result = await submitReport(
        { db: db.prisma, client: temporal, log: request.log },
        {
          campaignId,
          officeId,
          period,
          tables: form ? form.tables : submission.tables,
          locate: form?.locate,
          correctionReason: submission.correctionReason,
          figureReasons: submission.figureReasons,
          summary: submission.summary,
          submittedBy: principal.name,
          at: new Date(instantOf(fastify.deps, undefined)),
        },
      );
      return reply.status(201).send({
        id: result.id,
        campaignId,
        officeId,
        period,
        version: result.version,
        sha256: result.sha256,
        late: result.late,
        submittedAt: result.submittedAt.toISOString(),
        ...(result.computed ? { computed: result.computed, deviations: result.deviations ?? [] } : {}),
      });
    },
  );

  fastify.get(
    '/campaigns/:id/offices/:officeId/reports/:period',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['reports'],
        summary: "An office's report for a period: the latest version with its tables, and every version",
        params: OfficePeriodParams,
        response: withProblems({ 200: ReportView }, [400, 403, 404]),
      },
    },
    async (request) => {
      requireReadOffice(request, request.params.officeId);
      const { id: campaignId, officeId, period } = request.params;
      const { latest, versions } = await findOfficeReport(deps, { campaignId, officeId, period });
      return {
        campaignId,
        officeId,
        period,
        latest: { ...versionView(latest), tables: latest.tables as never, ...figuresView(latest) },
        versions: versions.map(versionView),
      };
    },
  );

  fastify.get(
    '/campaigns/:id/offices/:officeId/reports/:period/workbook.xlsx',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['reports'],
        summary:
          "The office's annex 3 and annex 4 for the period as a workbook to fill in Excel or WPS and upload as the " +
          'part workbook of the submission: the notice’s printed layout (sheets 月报表一, 月报表二) with the office’s ' +
          'block, its input cells pre-filled with what the system knows',
        description:
          'Pre-filled: the latest version of the period when the office has sent one (a correction starts from it); ' +
          'otherwise the enterprise counts of the register (annex 3 企业数量 by size class and total, annex 4 ' +
          '四色安全风险分级动态监管 by colour and total) and the cumulative figures of the office’s latest version of ' +
          'its nearest earlier reported period. Every other input cell is blank (every cell must be filled; 0 for ' +
          'none). The upload reads the cells by position, not from the hidden field-mapping sheet.',
        params: OfficePeriodParams,
        produces: [XLSX],
        response: withProblems(
          { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'an .xlsx workbook' }) },
          [400, 403, 404],
        ),
      },
    },
    async (request, reply) => {
      requireReadOffice(request, request.params.officeId);
      const { id: campaignId, officeId, period } = request.params;
      const form = await officeReportWorkbook(deps, { campaignId, officeId, period });
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(form.fileName, form.asciiFileName))
        .send(form.content);
    },
  );

  fastify.get(
    '/campaigns/:id/offices/:officeId/reports/:period/computed',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['reports'],
        summary:
          "The figures the office's supervision records determine for the period: annex 4's enforcement block " +
          '(inspections, hazards, major hazards, fines and other actions), the self-found and rectified hazards and ' +
          'the four-colour counts',
        description:
          'Cumulative figures count the records dated from January of the campaign year (注3) to the last day of ' +
          "the period's month (December for year-end); the four-colour counts are the office's enterprises by the " +
          'colour in effect on that day. A submitted figure that differs from one of these needs a reason ' +
          '(figureReasons). Empty when the campaign keeps no supervision records. Another office’s figures are a 404 ' +
          'for office staff.',
        params: OfficePeriodParams,
        response: withProblems({ 200: ComputedView }, [400, 404]),
      },
    },
    async (request) => {
      const { id: campaignId, officeId, period } = request.params;
      const computed = await readRecordFigures(deps, {
        campaignId,
        officeId,
        period,
        ownOfficeId: officeScope(request),
      });
      return {
        period: computed.period,
        month: computed.month,
        figures: [...computed.figures].map(([path, value]) => {
          const spec = fieldSpec(path);
          return { path, value, labelZh: spec.labelZh, labelEn: spec.labelEn };
        }),
      };
    },
  );

  const VersionParams = Type.Object({
    id: Uuid,
    officeId: Uuid,
    period: Period,
    version: Type.Integer({ minimum: 1 }),
  });

  fastify.get(
    '/campaigns/:id/offices/:officeId/reports/:period/versions/:version',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['reports'],
        summary: 'One version of an office’s report with its tables (without the file bytes)',
        params: VersionParams,
        response: withProblems({ 200: ReportVersionWithTables }, [400, 403, 404]),
      },
    },
    async (request) => {
      requireReadOffice(request, request.params.officeId);
      const { id: campaignId, officeId, period, version } = request.params;
      const row = await findReportVersion(deps, { campaignId, officeId, period, version });
      return { ...versionView(row), tables: row.tables as never, ...figuresView(row) };
    },
  );

  fastify.get(
    '/campaigns/:id/offices/:officeId/reports/:period/versions/:version/summary',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['reports'],
        summary: 'The sealed written summary of one version, with its content type',
        params: VersionParams,
        produces: ['application/pdf', 'image/jpeg', 'image/png'],
        response: withProblems(
          { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the file as uploaded' }) },
          [400, 403, 404],
        ),
      },
    },
    async (request, reply) => {
      requireReadOffice(request, request.params.officeId);
      const { id: campaignId, officeId, period, version } = request.params;
      const file = await findReportSummary(deps, { campaignId, officeId, period, version });
      return reply
        .type(file.mimeType)
        .header('content-disposition', attachment(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"${file.sha256}"`)
        .send(file.content);
    },
  );

  fastify.get(
    '/campaigns/:id/reports/:period/totals',
    {
      config: { access: 'county-view' },
      schema: {
        tags: ['reports'],
        summary:
          'County totals of a period over every office’s latest version: 县直单位 and 乡镇 subtotals, the county ' +
          'total (合计), and who has not submitted',
        params: PeriodParams,
        response: withProblems({ 200: TotalsView }, [400, 403, 404]),
      },
    },
    async (request) => {
      requireCountyView(request, 'county totals');
      const { id: campaignId, period } = request.params;
      const reports = await periodReports(db.prisma, campaignId, period);
      return {
        campaignId,
        period,
        ...countyTotals(reports.submitted),
        submitted: reports.submitted.map((s) => ({
          ...officeRef(s.office),
          version: s.latest.version,
          submittedAt: s.latest.submittedAt.toISOString(),
          late: s.first.late,
        })),
        missing: reports.missing.map(officeRef),
      };
    },
  );

  fastify.get(
    '/campaigns/:id/reports/:period/status-list',
    {
      config: { access: 'county-view' },
      schema: {
        tags: ['reports'],
        summary: 'On-time / late / missing per office for a period (the late list; as CSV: status-list.csv)',
        params: PeriodParams,
        response: withProblems({ 200: StatusListView }, [400, 403, 404]),
      },
    },
    async (request) => {
      requireCountyView(request, 'the reporting status of every office');
      const { id: campaignId, period } = request.params;
      const { reports, entries } = await statusList(db.prisma, campaignId, period, instantOf(fastify.deps, undefined));
      return {
        campaignId,
        period,
        obligationKey: reports.period.obligationKey,
        counts: {
          onTime: entries.filter((e) => e.status === 'on-time').length,
          lateWithExtension: entries.filter((e) => e.status === 'late-with-extension').length,
          late: entries.filter((e) => e.status === 'late').length,
          missing: entries.filter((e) => e.status === 'missing').length,
        },
        entries: entries.map((e) => ({
          ...officeRef(e.office),
          status: e.status,
          overdue: e.overdue,
          pastHardDeadline: e.pastHardDeadline,
          dueDate: e.dueDate,
          hardDueDate: e.hardDueDate,
          extendedDueDate: e.extendedDueDate,
          firstSubmittedAt: e.firstSubmittedAt?.toISOString() ?? null,
          latestVersion: e.latestVersion,
        })),
      };
    },
  );
};

export default reportRoutes;
