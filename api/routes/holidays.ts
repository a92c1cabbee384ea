import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addDays, validateWorkingDayEntries } from '../../domain/index.js';
import { signalRunningCampaigns } from '../../app/campaigns/campaigns.js';
import { loadCalendar } from '../../app/campaigns/plan-store.js';
import { planChangedSignal } from '../../workflows/definitions.js';
import { requireBureau } from '../plugins/auth.js';
import { ProblemError } from '../plugins/errors.js';
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
  const Year = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

  async function yearView(year: number) {
    const calendar = await loadCalendar(db.prisma);
    const exceptions = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      const info = calendar.dayInfo(d);
      const plain = info.weekday <= 5;
      if (info.working !== plain || info.holidayName) {
        exceptions.push({
          date: d,
          weekday: info.weekday,
          working: info.working,
          ...(info.holidayName ? { holidayName: info.holidayName } : {}),
          makeUpWorkday: info.makeUpWorkday,
          source: info.source,
        });
      }
    }
    return {
      year,
      coverage: calendar.coverage(year),
      bureauEntries: calendar.entries.filter((e) => e.date.startsWith(`${year}-`)),
      exceptions,
    };
  }

  fastify.get(
    '/holidays/:year',
    {
      schema: {
        tags: ['holidays'],
        summary: "A year's holidays and make-up working days, and where the data comes from",
        params: Year,
        response: withProblems({ 200: YearView }, [400]),
      },
    },
    async (request) => yearView(request.params.year),
  );

  fastify.put(
    '/holidays/:year',
    {
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
      const { year } = request.params;
      const { entries } = request.body;
      const errors = validateWorkingDayEntries(entries).map((e) => ({ path: `entries${e.path}`, message: e.message }));
      entries.forEach((e, i) => {
        if (!e.date.startsWith(`${year}-`)) errors.push({ path: `entries[${i}].date`, message: `is not in ${year}` });
      });
      if (errors.length > 0) {
        throw new ProblemError(
          422,
          'Invalid working-day entries',
          errors.map((e) => `${e.path}: ${e.message}`).join('; '),
          errors,
        );
      }
      await db.prisma.$transaction([
        db.prisma.holidayOverride.deleteMany({ where: { year } }),
        db.prisma.holidayOverride.createMany({ data: entries.map((e) => ({ ...e, year })) }),
      ]);
      // Every running campaign recomputes; one whose workflow has ended is marked finished and stops no other.
      await signalRunningCampaigns({ db: db.prisma, client: temporal }, planChangedSignal);
      return yearView(year);
    },
  );
};

export default holidayRoutes;
