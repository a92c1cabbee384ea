import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { replaceWorkingDays } from '../../app/holidays/replace-working-days.js';
import { workingDayYear } from '../../app/holidays/working-day-year.js';
import { requireBureau } from '../plugins/auth.js';
import { LocalDateString, withProblems } from '../schemas.js';

const Entry = Type.Object(
  {
    date: LocalDateString,
    kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')], {
      description: 'holiday = no work (法定节假日); workday = a weekend day worked (调休上班)',
    }),
    name: Type.String({ minLength: 1, maxLength: 100, examples: ['劳动节'] }),
  },
  { additionalProperties: false },
);

const Day = Type.Object({
  date: Type.String(),
  weekday: Type.Integer(),
  working: Type.Boolean(),
  holidayName: Type.Optional(Type.String()),
  makeUpWorkday: Type.Boolean(),
  source: Type.String(),
});

const YearView = Type.Object({
  year: Type.Integer(),
  coverage: Type.String({ description: 'bureau | package | none (none: Monday–Friday assumed)' }),
  bureauEntries: Type.Array(Entry),
  exceptions: Type.Array(Day, { description: 'every day that differs from a plain Monday–Friday week' }),
});

/** Working-day data: the holiday package plus the bureau's own entries, e.g. next year's schedule. */
const holidayRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, temporal } = fastify.deps;
  const deps = { db: db.prisma, client: temporal };
  const Year = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

  fastify.get(
    '/holidays/:year',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['holidays'],
        summary: "A year's holidays and make-up working days, and where the data comes from",
        params: Year,
        response: withProblems({ 200: YearView }, [400]),
      },
    },
    async (request) => workingDayYear(deps, request.params.year),
  );

  fastify.put(
    '/holidays/:year',
    {
      config: { access: 'bureau' },
      schema: {
        tags: ['holidays'],
        summary:
          "Replace the bureau's entries for a year (e.g. the State Council schedule published in November); running campaigns recompute",
        params: Year,
        body: Type.Object({ entries: Type.Array(Entry, { maxItems: 366 }) }, { additionalProperties: false }),
        response: withProblems({ 200: YearView }, [400, 422]),
      },
    },
    async (request) => {
      requireBureau(request, 'edit the working-day calendar');
      return replaceWorkingDays(deps, { year: request.params.year, entries: request.body.entries });
    },
  );
};

export default holidayRoutes;
