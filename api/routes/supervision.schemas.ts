import { Type, type TLiteral } from '@sinclair/typebox';
import { ENFORCEMENT_KINDS, GUIDANCE_TOPICS, RISK_COLOURS, STANDARDIZATION_STATES } from '../../domain/index.js';
import { HAZARD_STATES } from '../../app/supervision/supervision-views.js';
import { LocalDateString, Uuid } from '../schemas.js';

/** Request and response schemas of the supervision records (phases 3 and 4), for api/routes/supervision.ts. */

const closed = { additionalProperties: false } as const;
type LiteralTuple<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };
/**
 * A union of the literals of `values`, typed as a tuple: Fastify's type provider reads a union built from a plain
 * array as `never`.
 */
const oneOf = <const T extends readonly string[]>(values: T, description = `one of ${values.join(', ')}`) =>
  Type.Union<LiteralTuple<T>>(values.map((v) => Type.Literal(v)) as unknown as [...LiteralTuple<T>], { description });
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const LocalDay = Type.String({ description: 'local date YYYY-MM-DD' });

export const Colour = oneOf(RISK_COLOURS);
export const Standardization = oneOf(STANDARDIZATION_STATES);
export const Topics = Type.Array(oneOf(GUIDANCE_TOPICS), {
  minItems: 1,
  maxItems: GUIDANCE_TOPICS.length,
  uniqueItems: true,
  description: 'the 33456 topics covered: three-types, three-lists, four-colour, five-s, six-haves',
});
export const EnforcementKind = oneOf(ENFORCEMENT_KINDS);

export const CampaignParams = Type.Object({ id: Uuid });
export const EnterpriseParams = Type.Object({ id: Uuid, enterpriseId: Uuid });
export const HazardParams = Type.Object({ id: Uuid, hazardId: Uuid });
export const OfficeParams = Type.Object({ id: Uuid, officeId: Uuid });

export const AssessmentBody = Type.Object(
  {
    colour: Colour,
    standardization: Standardization,
    assessedOn: Type.String({ ...LocalDateString, description: 'the day it holds from; not after today' }),
    note: Type.Optional(Text(1000)),
  },
  closed,
);

export const PlannedVisitBody = Type.Object(
  { enterpriseId: Uuid, plannedFor: LocalDateString, team: Text(200, 'who visits'), topics: Topics },
  closed,
);

export const VisitRecordBody = Type.Object(
  {
    visitId: Type.Optional(Type.String({ ...Uuid, description: 'the planned visit made' })),
    enterpriseId: Type.Optional(
      Type.String({ ...Uuid, description: 'the enterprise visited without a plan (instead of visitId)' }),
    ),
    visitedOn: LocalDateString,
    team: Text(200, 'who visited'),
    findings: Text(4000),
    topics: Topics,
  },
  { ...closed, description: 'exactly one of visitId and enterpriseId (both or neither: 422)' },
);

export const FoundHazardBody = Type.Object(
  {
    description: Text(1000),
    major: Type.Boolean({
      description: 'a major hazard (重大隐患): under listed supervision until the bureau verifies it',
    }),
    rectifyBy: Type.String({ ...LocalDateString, description: 'not before the inspection' }),
  },
  closed,
);

export const InspectionBody = Type.Object(
  {
    enterpriseId: Uuid,
    inspectedOn: LocalDateString,
    inspectors: Type.Array(Text(100), { minItems: 1, maxItems: 20 }),
    note: Type.Optional(Text(1000)),
    hazards: Type.Array(FoundHazardBody, { maxItems: 100, description: 'the hazards it found (none: compliant)' }),
  },
  closed,
);

export const SelfReportedHazardBody = Type.Object(
  {
    enterpriseId: Uuid,
    foundOn: LocalDateString,
    description: Text(1000),
    major: Type.Boolean(),
    rectifyBy: Type.String({ ...LocalDateString, description: 'not before foundOn' }),
  },
  closed,
);

export const RectificationBody = Type.Object(
  {
    rectifiedOn: Type.String({ ...LocalDateString, description: 'not before its finding, not after today' }),
    note: Type.Optional(Text(1000)),
  },
  closed,
);

export const ProgressBody = Type.Object({ reportedOn: LocalDateString, note: Text(2000) }, closed);

export const VerificationBody = Type.Object(
  {
    verifiedOn: Type.String({
      ...LocalDateString,
      description: 'not before its rectification, not after today',
    }),
  },
  closed,
);

export const EnforcementBody = Type.Object(
  {
    enterpriseId: Uuid,
    kind: EnforcementKind,
    takenOn: LocalDateString,
    fineYuan: Type.Optional(Type.Integer({ minimum: 1, description: 'whole yuan; for a fine, and only for a fine' })),
    persons: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000,
        description: 'persons referred; for a judicial referral, and only for one',
      }),
    ),
    note: Type.Optional(Text(1000)),
  },
  closed,
);

export const AssessmentView = Type.Object({
  id: Uuid,
  enterpriseId: Uuid,
  officeId: Uuid,
  colour: Type.String({ description: 'red | orange | yellow | blue' }),
  previousColour: Type.String(),
  standardization: Type.String({ description: 'not-started | in-progress | completed' }),
  previousStandardization: Type.String(),
  assessedOn: LocalDay,
  note: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Instant,
});

export const VisitView = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  officeId: Uuid,
  enterpriseId: Uuid,
  state: Type.Union([Type.Literal('planned'), Type.Literal('made')]),
  plannedFor: Nullable(LocalDay),
  visitedOn: Nullable(LocalDay),
  team: Type.String(),
  topics: Type.Array(Type.String()),
  findings: Nullable(Type.String()),
  recordedBy: Type.String(),
  createdAt: Instant,
  visitedAt: Nullable(Instant),
});

const InspectionFields = {
  id: Uuid,
  campaignId: Uuid,
  officeId: Uuid,
  enterpriseId: Uuid,
  inspectedOn: LocalDay,
  inspectors: Type.Array(Type.String()),
  result: Type.String({ description: 'compliant | hazards-found' }),
  note: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Instant,
};
export const InspectionView = Type.Object(InspectionFields);

export const ProgressView = Type.Object({
  id: Uuid,
  hazardId: Uuid,
  reportedOn: LocalDay,
  note: Type.String(),
  reportedBy: Type.String(),
  reportedAt: Instant,
});

export const HazardView = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  officeId: Uuid,
  enterpriseId: Uuid,
  inspectionId: Nullable(Uuid),
  source: Type.String({ description: 'inspection | self-report' }),
  description: Type.String(),
  major: Type.Boolean(),
  state: oneOf(
    HAZARD_STATES,
    "where it stands today in the campaign's zone: open, overdue (past rectifyBy, not rectified), rectified, " +
      'awaiting-verification (major, rectified, not verified by the bureau), verified',
  ),
  foundOn: LocalDay,
  rectifyBy: LocalDay,
  rectifiedOn: Nullable(LocalDay),
  rectificationNote: Nullable(Type.String()),
  verifiedOn: Nullable(LocalDay),
  verifiedBy: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Instant,
  rectifiedAt: Nullable(Instant),
  verifiedAt: Nullable(Instant),
  progress: Type.Array(ProgressView, { description: 'its progress reports, oldest first' }),
});

export const InspectionWithHazards = Type.Object({ ...InspectionFields, hazards: Type.Array(HazardView) });

export const EnforcementView = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  officeId: Uuid,
  enterpriseId: Uuid,
  kind: Type.String({ description: ENFORCEMENT_KINDS.join(' | ') }),
  takenOn: LocalDay,
  fineYuan: Nullable(Type.Integer()),
  persons: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Instant,
});

export const SupervisionListView = Type.Object({
  campaignId: Uuid,
  officeId: Uuid,
  asOf: Instant,
  today: Type.String({ description: "the day hazards' states are judged on, in the campaign's time zone" }),
  timeZone: Type.String(),
  guidanceVisits: Type.Array(VisitView, { description: 'planned and made, in the order they were recorded' }),
  inspections: Type.Array(InspectionView),
  hazards: Type.Array(HazardView, { description: 'by finding day' }),
  enforcementActions: Type.Array(EnforcementView),
  enterprises: Type.Array(
    Type.Object({
      id: Uuid,
      code: Type.String(),
      name: Type.String(),
      colour: Type.String({ description: 'red | orange | yellow | blue' }),
      standardization: Type.String({ description: 'not-started | in-progress | completed' }),
      assessments: Type.Array(AssessmentView, { description: 'its assessment history, oldest first' }),
    }),
    { description: "the office's enterprises by code" },
  ),
});
