// Request and response schemas of the report routes (routes/reports.ts): what OpenAPI documents and Fastify checks.
import { Type } from '@sinclair/typebox';
import { MonthlyTablesSchema } from '../../domain/reports/index.js';
import { MAX_FIGURE_REASON_LENGTH } from '../../domain/reports/record-figures.js';
import { MAX_REASON_LENGTH } from '../../app/reports/submit-report.js';
import { MAX_IMPORT_BYTES } from '../../app/organisation/sheet-file.js';
import { Uuid } from '../schemas.js';

export const Period = Type.String({
  pattern: '^(\\d{4}-(0[1-9]|1[0-2])|year-end)$',
  description: "reported month YYYY-MM (within the campaign's reporting months) or 'year-end' (year-end summary)",
  examples: ['2024-03', 'year-end'],
});
export const PeriodParams = Type.Object({ id: Uuid, period: Period });
export const OfficePeriodParams = Type.Object({ id: Uuid, officeId: Uuid, period: Period });

export const SummaryFile = Type.Object({
  fileName: Type.String(),
  mimeType: Type.String({ description: 'application/pdf, image/jpeg or image/png (detected from the content)' }),
  sha256: Type.String({ description: 'SHA-256 of the file, hex' }),
  size: Type.Integer({ description: 'bytes' }),
});
export const ReportVersion = Type.Object({
  id: Uuid,
  version: Type.Integer({ minimum: 1 }),
  correctionReason: Type.Union([Type.String(), Type.Null()]),
  summary: SummaryFile,
  submittedAt: Type.String({ format: 'date-time' }),
  submittedBy: Type.String(),
  late: Type.Boolean({ description: "submitted after the end of the obligation's (possibly extended) due day" }),
});
/** What the records determined when a version was sent, and what the office changed from them (issue #17). */
const RecordedFigures = {
  computed: Type.Optional(
    Type.Record(Type.String(), Type.Number(), {
      description:
        'the figures the office’s supervision records gave for the period when this version was sent (cell path → ' +
        'value); present only when the campaign keeps supervision records',
    }),
  ),
  deviations: Type.Optional(
    Type.Array(
      Type.Object({
        path: Type.String({ description: 'the cell, e.g. annex4.enforcement.fines.amount' }),
        computed: Type.Number({ description: 'what the records gave' }),
        reported: Type.Number({ description: 'what the office reported' }),
        reason: Type.String({ description: 'the office’s reason (figureReasons)' }),
      }),
      { description: 'each reported figure that differs from the records, with its reason; with computed' },
    ),
  ),
};
export const ReportVersionWithTables = Type.Intersect([
  ReportVersion,
  Type.Object({ tables: MonthlyTablesSchema, ...RecordedFigures }),
]);
export const ReportView = Type.Object({
  campaignId: Uuid,
  officeId: Uuid,
  period: Type.String(),
  latest: ReportVersionWithTables,
  versions: Type.Array(ReportVersion, { description: 'every version, oldest first (without file bytes)' }),
});
export const SubmitResponse = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  officeId: Uuid,
  period: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  sha256: Type.String(),
  late: Type.Boolean(),
  submittedAt: Type.String({ format: 'date-time' }),
  ...RecordedFigures,
});

/** GET …/reports/:period/computed: the figures the office's records determine for the period. */
export const ComputedView = Type.Object({
  period: Type.String(),
  month: Type.String({ description: 'the month the figures run to (YYYY-MM; December for year-end)' }),
  figures: Type.Array(
    Type.Object({
      path: Type.String({ description: 'the cell, e.g. annex4.enforcement.inspectedEnterprises' }),
      value: Type.Number({ description: 'a count, or 万元 with at most 4 decimals for the fine amount' }),
      labelZh: Type.String(),
      labelEn: Type.String(),
    }),
    {
      description:
        'every cell the records determine, in the annexes’ column order; empty when the campaign keeps no ' +
        'supervision records (its template has no supervision)',
    },
  ),
});

/** A deep copy without the catalogue's `x-` annotations, which the request validator's strict mode refuses. */
function withoutExtensions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutExtensions);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).flatMap(([k, v]) => (k.startsWith('x-') ? [] : [[k, withoutExtensions(v)]])),
  );
}

/** The multipart body, for the OpenAPI document only: the handler parses and checks it (every error at once). */
export const SubmitBody = Type.Object(
  {
    tables: Type.Optional(
      Type.Unsafe<unknown>({
        ...(withoutExtensions(MonthlyTablesSchema) as object),
        description: 'JSON text of annex 3 and annex 4 (every cell required; 0 for none); or send workbook instead',
      }),
    ),
    workbook: Type.Optional(
      Type.Unsafe<unknown>({
        type: 'string',
        format: 'binary',
        description:
          'instead of tables: the annex form (.xlsx, from …/workbook.xlsx) filled in Excel or WPS, read by cell ' +
          `position; at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
      }),
    ),
    correctionReason: Type.Optional(
      Type.String({
        maxLength: MAX_REASON_LENGTH,
        description: 'required when a version of this period exists (a correction); allows cumulative figures to fall',
      }),
    ),
    figureReasons: Type.Optional(
      Type.Unsafe<unknown>({
        type: 'object',
        additionalProperties: { type: 'string', maxLength: MAX_FIGURE_REASON_LENGTH },
        description:
          'JSON text: cell path → why the reported figure differs from what the supervision records give (GET …/' +
          'computed), e.g. {"annex4.enforcement.fines.amount": "…"}. When the campaign keeps supervision records, ' +
          'every differing figure needs one (422 naming the cell otherwise); a reason for a figure that equals the ' +
          'records, or for no such figure, is a 422 too',
      }),
    ),
    summary: Type.Unsafe<unknown>({
      type: 'string',
      format: 'binary',
      description: 'the sealed written work summary: PDF, JPEG or PNG (checked by content), at most 10 MB',
    }),
  },
  {
    nullable: true,
    additionalProperties: false,
    // Exactly one of the two forms of the tables. Under if/then because the validator sees a multipart body as
    // null (its handler parses it); the OpenAPI document states it as a plain oneOf (api/plugins/openapi.ts).
    if: { type: 'object' },
    then: { oneOf: [{ required: ['tables'] }, { required: ['workbook'] }] },
  },
);

export const OfficeRef = Type.Object({
  officeId: Uuid,
  code: Type.String(),
  name: Type.String(),
  unitType: Type.String({ description: 'county-unit (县直单位) | township (乡镇)' }),
});
export const TablesTotal = Type.Object({ offices: Type.Integer(), tables: MonthlyTablesSchema });
export const TotalsView = Type.Object({
  campaignId: Uuid,
  period: Type.String(),
  countyUnits: Type.Intersect([TablesTotal], { description: '县直单位 subtotal' }),
  townships: Type.Intersect([TablesTotal], { description: '乡镇 subtotal' }),
  county: Type.Intersect([TablesTotal], { description: '合计: the county total' }),
  submitted: Type.Array(
    Type.Intersect([
      OfficeRef,
      Type.Object({ version: Type.Integer(), submittedAt: Type.String({ format: 'date-time' }), late: Type.Boolean() }),
    ]),
  ),
  missing: Type.Array(OfficeRef, { description: 'offices that have not submitted this period' }),
});
export const StatusEntryView = Type.Intersect([
  OfficeRef,
  Type.Object({
    status: Type.Union(
      [Type.Literal('on-time'), Type.Literal('late-with-extension'), Type.Literal('late'), Type.Literal('missing')],
      {
        description:
          "judged by the first version against the end of the due day; late-with-extension = after the notice's due day but within an approved extension",
      },
    ),
    overdue: Type.Boolean({ description: 'missing and the due day has passed' }),
    pastHardDeadline: Type.Boolean({
      description: 'first submitted after, or still missing at, the end of the hard deadline (escalation)',
    }),
    dueDate: Type.String(),
    hardDueDate: Type.String(),
    extendedDueDate: Type.Union([Type.String(), Type.Null()]),
    firstSubmittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    latestVersion: Type.Union([Type.Integer(), Type.Null()]),
  }),
]);
export const StatusListView = Type.Object({
  campaignId: Uuid,
  period: Type.String(),
  obligationKey: Type.String(),
  counts: Type.Object({
    onTime: Type.Integer(),
    lateWithExtension: Type.Integer(),
    late: Type.Integer(),
    missing: Type.Integer(),
  }),
  entries: Type.Array(StatusEntryView),
});
