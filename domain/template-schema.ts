/**
 * The shape of a campaign template as a TypeBox (JSON) schema: the one description of its fields, types,
 * ranges and formats. `validateTemplate` (template.ts) checks it with `Value.Errors` and adds the rules a
 * JSON schema cannot express (real calendar dates, dates within the campaign years, deadlines in order, a
 * time zone luxon knows, …); the API shows it in OpenAPI. Every `description` of a leaf reads after
 * "must be": it is both the documentation and the error message.
 */
import { Type } from '@sinclair/typebox';
import { SupervisionRulesSchema } from './supervision/rules.js';

export const PHASE_KEYS = ['planning', 'self-assessment', 'guidance', 'enforcement', 'summary'] as const;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const MAX_REMINDER_DAYS = 90;
const MAX_HARD_WORKING_DAYS = 60;

const closed = { additionalProperties: false } as const;

// Literal tuples, not PHASE_KEYS.map(): the type provider of the routes needs the tuple to type the union.
export const PhaseKeySchema = Type.Union(
  [
    Type.Literal('planning'),
    Type.Literal('self-assessment'),
    Type.Literal('guidance'),
    Type.Literal('enforcement'),
    Type.Literal('summary'),
  ],
  { description: `one of ${PHASE_KEYS.join(', ')}` },
);

/** 'YYYY-MM-DD'; that it is a real calendar date within the campaign's years is checked by validateTemplate. */
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const LocalDateSchema = Type.String({ pattern: DATE_PATTERN, description: 'a date YYYY-MM-DD' });

export const YearMonthSchema = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  description: 'a month YYYY-MM, the month between 01 and 12',
});

const NonEmptyString = Type.String({ pattern: '\\S', description: 'a non-empty string' });

const whole = (minimum: number, maximum: number, what: string) =>
  Type.Integer({ minimum, maximum, description: `${what} between ${minimum} and ${maximum}` });

export const PhaseDefinitionSchema = Type.Object(
  {
    key: PhaseKeySchema,
    nameZh: NonEmptyString,
    nameEn: NonEmptyString,
    deadline: Type.String({
      pattern: DATE_PATTERN,
      description: 'a date YYYY-MM-DD, the last day of the phase ("X日前": it ends at the end of this local day)',
    }),
  },
  closed,
);

/** More reminders than this before one deadline would be noise, not help (the notice's ladder has three). */
export const MAX_REMINDERS = 10;

export const ReminderOffsetSchema = Type.Object(
  {
    days: whole(1, MAX_REMINDER_DAYS, 'a whole number of days'),
    unit: Type.Union([Type.Literal('working-days'), Type.Literal('calendar-days')], {
      description: "'working-days' or 'calendar-days'",
    }),
  },
  closed,
);

/**
 * When a notice triggered at a deadline (the overdue notice, the escalation, an escalation's climb: all at midnight,
 * the end of a day) is mailed. Optional, so that templates stored before it existed stay valid; absent means the
 * default, 'next-send-time'.
 */
export const DeadlineNoticeDeliverySchema = Type.Union([Type.Literal('next-send-time'), Type.Literal('immediate')], {
  default: 'next-send-time',
  description:
    "'next-send-time' (a notice triggered at a deadline is recorded at that instant and mailed at sendTime on the " +
    "next working day) or 'immediate' (mailed at the deadline instant)",
});

export const LadderRulesSchema = Type.Object(
  {
    reminders: Type.Array(ReminderOffsetSchema, {
      maxItems: MAX_REMINDERS,
      description: `reminders before the due date (may be empty; at most ${MAX_REMINDERS})`,
    }),
    remindOnDueDay: Type.Boolean({ description: 'true or false: a reminder on the due day, if it is a working day' }),
    sendTime: Type.String({
      pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
      description: "a time HH:mm such as '09:00', the local time at which reminders go out",
    }),
    hardDeadlineWorkingDaysAfter: whole(0, MAX_HARD_WORKING_DAYS, 'a whole number of working days'),
    escalationAckWorkingDays: whole(1, MAX_HARD_WORKING_DAYS, 'a whole number of working days'),
    deadlineNoticeDelivery: Type.Optional(DeadlineNoticeDeliverySchema),
  },
  closed,
);

export const MonthlyReportSchema = Type.Object(
  {
    firstMonth: YearMonthSchema,
    lastMonth: YearMonthSchema,
    dueDayOfNextMonth: whole(1, 28, 'a day of the month'),
    hardDayOfNextMonth: whole(1, 28, 'a day of the month'),
  },
  closed,
);

export const YearEndSummarySchema = Type.Object({ dueDate: LocalDateSchema }, closed);

export const EnterpriseSchema = Type.Object(
  { commitmentPhase: PhaseKeySchema, planPhase: PhaseKeySchema, selfAssessmentPhase: PhaseKeySchema },
  closed,
);

export const HolidayRollSchema = Type.Union([Type.Literal('keep'), Type.Literal('next-working-day')], {
  description: "'keep' or 'next-working-day'",
});

const templateProperties = {
  year: whole(MIN_YEAR, MAX_YEAR, 'an integer'),
  timeZone: Type.String({ minLength: 1, description: `an IANA time zone such as '${DEFAULT_TIME_ZONE}'` }),
  startDate: LocalDateSchema,
  phases: Type.Array(PhaseDefinitionSchema, {
    minItems: PHASE_KEYS.length,
    maxItems: PHASE_KEYS.length,
    description: `exactly the ${PHASE_KEYS.length} phases ${PHASE_KEYS.join(' → ')}, in this order, deadlines increasing`,
  }),
  monthlyReport: MonthlyReportSchema,
  yearEndSummary: YearEndSummarySchema,
  enterprise: EnterpriseSchema,
  ladder: LadderRulesSchema,
  holidayRoll: HolidayRollSchema,
  supervision: Type.Optional(SupervisionRulesSchema),
};

/**
 * A full campaign template. Unknown fields are errors (they are usually typos that would otherwise be silently
 * ignored). Every date of a campaign of year Y must lie between Y-1-01-01 and Y+1-12-31.
 */
export const CampaignTemplateSchema = Type.Object(templateProperties, {
  ...closed,
  description:
    'The full campaign template: the plan of a campaign year (phases, monthly reports, year-end summary, ' +
    'reminder ladder, time zone). Every date lies between 1 January of the year before and 31 December of the year after.',
});

/**
 * Changes to a template (what `POST /campaigns` and `PATCH /campaigns/:id` take): any part of it, objects merged
 * key by key, arrays (phases, ladder.reminders) replaced as a whole. The merged template must be valid.
 */
export const CampaignTemplateOverridesSchema = Type.Partial(
  Type.Object(
    {
      ...templateProperties,
      monthlyReport: Type.Partial(MonthlyReportSchema),
      yearEndSummary: Type.Partial(YearEndSummarySchema),
      enterprise: Type.Partial(EnterpriseSchema),
      ladder: Type.Partial(LadderRulesSchema),
      supervision: Type.Partial(SupervisionRulesSchema),
    },
    {
      ...closed,
      description:
        'Changes to the default plan of the year (the 2024 notice plan moved to that year): any part of the ' +
        'template; objects merge key by key, arrays (phases, ladder.reminders) replace. The merged template is ' +
        'checked as a whole: a 422 names every bad field.',
    },
  ),
);
