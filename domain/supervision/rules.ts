/**
 * The supervision rules of phases 3 and 4 (部门指导帮扶, 精准执法推动) as campaign data, with the defaults this product
 * documents. The notice says: differentiated supervision by overall risk colour (红橙黄蓝) and by how far an
 * enterprise's standardization has come — fewest checks for those that completed it, focus on those that have not
 * started (四(四)); guidance for key areas and key enterprises (四(三)).
 */
import { Type, type Static } from '@sinclair/typebox';

export const RISK_COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskColour = (typeof RISK_COLOURS)[number];

export const STANDARDIZATION_STATES = ['not-started', 'in-progress', 'completed'] as const;
export type StandardizationState = (typeof STANDARDIZATION_STATES)[number];

/** The 33456 method's topics a guidance visit covers (三类企业, 三张清单, 四色, 5S, 六有). */
export const GUIDANCE_TOPICS = ['three-types', 'three-lists', 'four-colour', 'five-s', 'six-haves'] as const;
export type GuidanceTopic = (typeof GUIDANCE_TOPICS)[number];

const closed = { additionalProperties: false } as const;
const months = (what: string) =>
  Type.Integer({ minimum: 1, maximum: 12, description: `a whole number of months between 1 and 12 (${what})` });
const ColourIntervalsSchema = Type.Object(
  { red: months('red'), orange: months('orange'), yellow: months('yellow'), blue: months('blue') },
  closed,
);
const ColourSchema = Type.Union(
  [Type.Literal('red'), Type.Literal('orange'), Type.Literal('yellow'), Type.Literal('blue')],
  { description: 'one of red, orange, yellow, blue' },
);
const StandardizationSchema = Type.Union(
  [Type.Literal('not-started'), Type.Literal('in-progress'), Type.Literal('completed')],
  { description: 'one of not-started, in-progress, completed' },
);
const YearMonth = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  description: 'a month YYYY-MM, the month between 01 and 12',
});

export const SupervisionRulesSchema = Type.Object(
  {
    inspections: Type.Object(
      {
        firstMonth: YearMonth,
        lastMonth: YearMonth,
        /** Months between inspections, by standardization status and colour. */
        intervalMonths: Type.Object(
          { notStarted: ColourIntervalsSchema, inProgress: ColourIntervalsSchema, completed: ColourIntervalsSchema },
          closed,
        ),
      },
      closed,
    ),
    /** 重点企业: an enterprise of one of these colours whose standardization is in one of these states. */
    keyEnterprises: Type.Object(
      {
        colours: Type.Array(ColourSchema, { maxItems: 4, description: 'the colours of key enterprises' }),
        standardization: Type.Array(StandardizationSchema, {
          maxItems: 3,
          description: 'the standardization states of key enterprises',
        }),
      },
      closed,
    ),
    /** A major hazard's office reports progress every this many working days until the bureau verifies it. */
    majorHazardReportEveryWorkingDays: Type.Integer({
      minimum: 1,
      maximum: 60,
      description: 'a whole number of working days between 1 and 60',
    }),
  },
  {
    ...closed,
    description:
      'The phase 3 and 4 supervision plan: inspection intervals by standardization status and risk colour within ' +
      'firstMonth..lastMonth, which enterprises are key enterprises for guidance, and the progress-report cadence of ' +
      'a major hazard under listed supervision. Absent: the campaign plans no inspections and no guidance coverage.',
  },
);
export type SupervisionRules = Static<typeof SupervisionRulesSchema>;

/**
 * The documented defaults: inspections from May (the guidance phase) to November (the enforcement phase's end);
 * in progress — red monthly, orange every two months, yellow quarterly, blue twice a year; not started — twice as
 * often (at least monthly); completed — half as often (at most yearly). Key enterprises: red or orange and not yet
 * standardized. A major hazard's progress every 10 working days (two weeks).
 */
export function defaultSupervision(year: number): SupervisionRules {
  return {
    inspections: {
      firstMonth: `${year}-05`,
      lastMonth: `${year}-11`,
      intervalMonths: {
        notStarted: { red: 1, orange: 1, yellow: 2, blue: 3 },
        inProgress: { red: 1, orange: 2, yellow: 3, blue: 6 },
        completed: { red: 2, orange: 4, yellow: 6, blue: 12 },
      },
    },
    keyEnterprises: { colours: ['red', 'orange'], standardization: ['not-started', 'in-progress'] },
    majorHazardReportEveryWorkingDays: 10,
  };
}

export function intervalMonthsFor(rules: SupervisionRules, state: StandardizationState, colour: RiskColour): number {
  const byState = rules.inspections.intervalMonths;
  const table =
    state === 'not-started' ? byState.notStarted : state === 'completed' ? byState.completed : byState.inProgress;
  return table[colour];
}

export function isRiskColour(value: string): value is RiskColour {
  return (RISK_COLOURS as readonly string[]).includes(value);
}

export function isStandardizationState(value: string): value is StandardizationState {
  return (STANDARDIZATION_STATES as readonly string[]).includes(value);
}

/** 重点企业 under the campaign's rule. */
export function isKeyEnterprise(
  rules: SupervisionRules,
  enterprise: { colour: RiskColour; standardization: StandardizationState },
): boolean {
  return (
    rules.keyEnterprises.colours.includes(enterprise.colour) &&
    rules.keyEnterprises.standardization.includes(enterprise.standardization)
  );
}
