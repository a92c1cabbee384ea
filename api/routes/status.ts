import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { monthsBetween } from '../../domain/index.js';
import { loadPlan } from '../../app/campaigns/plan-store.js';
import { statusList, YEAR_END_PERIOD } from '../../app/reports/reports.js';
import { officeStatuses } from '../../app/status/status.js';
import { officeScope, requireReadOffice } from '../plugins/auth.js';
import { ProblemError } from '../plugins/errors.js';
import { Language, Uuid, withProblems } from '../schemas.js';
import { AsOfInstant, instantOf } from '../lookups.js';
import { findCampaign } from '../../app/campaigns/find-campaign.js';

const ObligationStatus = Type.Object({
  key: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  dueDate: Type.String(),
  originalDueDate: Type.String(),
  extended: Type.Boolean(),
  state: Type.Union(
    ['done', 'open', 'overdue', 'late'].map((s) => Type.Literal(s)),
    {
      description: 'overdue = past the due day; late = past the hard deadline (escalated)',
    },
  ),
  doneAt: Type.Union([Type.String(), Type.Null()]),
  daysLate: Type.Integer(),
});

const OfficeStatus = Type.Object({
  officeId: Uuid,
  officeCode: Type.String(),
  officeName: Type.String(),
  unitType: Type.String(),
  asOf: Type.String(),
  nextDeadline: Type.Union([
    Type.Object({ key: Type.String(), title: Type.String(), dueDate: Type.String() }),
    Type.Null(),
  ]),
  openCount: Type.Integer(),
  lateItems: Type.Array(ObligationStatus),
  obligations: Type.Array(ObligationStatus),
  enterprises: Type.Object({
    total: Type.Integer(),
    commitmentsComplete: Type.Integer(),
    plansSubmitted: Type.Integer(),
    selfAssessmentsSubmitted: Type.Integer(),
  }),
});

const AsOf = Type.Object({
  asOf: Type.Optional(AsOfInstant),
  lang: Type.Optional(Language),
});

/** Who is late for what: per office, and the county-wide late list. */
const statusRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify.deps;

  fastify.get(
    '/campaigns/:id/offices/:officeId/status',
    {
      schema: {
        tags: ['status'],
        summary: "An office's open obligations, next deadline, late items and enterprise progress",
        params: Type.Object({ id: Uuid, officeId: Uuid }),
        querystring: AsOf,
        response: withProblems({ 200: OfficeStatus }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      requireReadOffice(request, request.params.officeId);
      await findCampaign(db.prisma, request.params.id);
      const [status] = await officeStatuses(db.prisma, request.params.id, {
        atMs: instantOf(fastify.deps, request.query.asOf),
        officeId: request.params.officeId,
        ...(request.query.lang ? { language: request.query.lang } : {}),
      });
      if (!status) throw new ProblemError(404, 'Not found', `office ${request.params.officeId} does not exist`);
      return status;
    },
  );

  fastify.get(
    '/campaigns/:id/late',
    {
      schema: {
        tags: ['status'],
        summary: 'The late list: every office obligation past its due day, by office, with days late',
        params: Type.Object({ id: Uuid }),
        querystring: AsOf,
        response: withProblems(
          {
            200: Type.Object({
              asOf: Type.String(),
              items: Type.Array(
                Type.Object({
                  officeId: Uuid,
                  officeCode: Type.String(),
                  officeName: Type.String(),
                  unitType: Type.String(),
                  obligationKey: Type.String(),
                  title: Type.String(),
                  dueDate: Type.String(),
                  state: Type.String(),
                  daysLate: Type.Integer(),
                  extended: Type.Boolean(),
                }),
              ),
            }),
          },
          [400, 401, 404],
        ),
      },
    },
    async (request) => {
      await findCampaign(db.prisma, request.params.id);
      const atMs = instantOf(fastify.deps, request.query.asOf);
      const scope = officeScope(request);
      const statuses = await officeStatuses(db.prisma, request.params.id, {
        atMs,
        ...(scope ? { officeId: scope } : {}),
        ...(request.query.lang ? { language: request.query.lang } : {}),
      });
      const items = statuses
        .flatMap((s) =>
          s.lateItems.map((o) => ({
            officeId: s.officeId,
            officeCode: s.officeCode,
            officeName: s.officeName,
            unitType: s.unitType,
            obligationKey: o.key,
            title: o.title,
            dueDate: o.dueDate,
            state: o.state,
            daysLate: o.daysLate,
            extended: o.extended,
          })),
        )
        .sort((a, b) => b.daysLate - a.daysLate || a.officeCode.localeCompare(b.officeCode));
      return { asOf: new Date(atMs).toISOString(), items };
    },
  );

  fastify.get(
    '/campaigns/:id/reporting-rates',
    {
      schema: {
        tags: ['status'],
        summary: 'Reporting rates per month and office: on time, late with extension, late, missing, upcoming',
        params: Type.Object({ id: Uuid }),
        querystring: AsOf,
        response: withProblems(
          {
            200: Type.Object({
              periods: Type.Array(
                Type.Object({
                  period: Type.String(),
                  dueDate: Type.String(),
                  counts: Type.Record(Type.String(), Type.Integer()),
                  rate: Type.Number({
                    description: 'share of offices that reported on time (incl. within an extension) once due',
                  }),
                }),
              ),
              offices: Type.Array(
                Type.Object({
                  officeId: Uuid,
                  officeCode: Type.String(),
                  officeName: Type.String(),
                  byPeriod: Type.Record(Type.String(), Type.String()),
                }),
              ),
            }),
          },
          [400, 401, 404],
        ),
      },
    },
    async (request) => {
      await findCampaign(db.prisma, request.params.id);
      const atMs = instantOf(fastify.deps, request.query.asOf);
      const scope = officeScope(request);
      const { template } = await loadPlan(db.prisma, request.params.id);
      const periods = [
        ...monthsBetween(template.monthlyReport.firstMonth, template.monthlyReport.lastMonth),
        YEAR_END_PERIOD,
      ];
      const rows = new Map<
        string,
        { officeId: string; officeCode: string; officeName: string; byPeriod: Record<string, string> }
      >();
      const summary = [];
      for (const period of periods) {
        const { entries, reports } = await statusList(db.prisma, request.params.id, period, atMs);
        const counts: Record<string, number> = {
          'on-time': 0,
          'late-with-extension': 0,
          late: 0,
          missing: 0,
          upcoming: 0,
        };
        for (const e of entries) {
          if (scope && e.office.id !== scope) continue;
          const status = e.status === 'missing' && !e.overdue ? 'upcoming' : e.status;
          counts[status] = (counts[status] ?? 0) + 1;
          const row = rows.get(e.office.id) ?? {
            officeId: e.office.id,
            officeCode: e.office.code,
            officeName: e.office.name,
            byPeriod: {},
          };
          row.byPeriod[period] = status;
          rows.set(e.office.id, row);
        }
        const due = counts['on-time']! + counts['late-with-extension']! + counts.late! + counts.missing!;
        summary.push({
          period,
          dueDate: reports.period.planned.dueDate,
          counts,
          rate: due === 0 ? 0 : (counts['on-time']! + counts['late-with-extension']!) / due,
        });
      }
      return { periods: summary, offices: [...rows.values()].sort((a, b) => a.officeCode.localeCompare(b.officeCode)) };
    },
  );
};

export default statusRoutes;
