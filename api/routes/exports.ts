import { Type } from '@sinclair/typebox';
import { instantOf } from '../lookups.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { buildReportCsv, buildStatusCsv } from '../../app/reports/report-csv.js';
import { buildReportWorkbook } from '../../app/reports/report-workbook.js';
import { periodReports } from '../../app/reports/period-reports.js';
import { statusList } from '../../app/reports/status-list.js';
import { attachment, XLSX } from '../attachment.js';
import { withProblems } from '../schemas.js';
import { PeriodParams } from './reports.schemas.js';
import { requireCountyView } from '../plugins/auth.js';

/** Spreadsheet and CSV exports of a period's tables and of the on-time / late / missing list (bureau, viewers). */
// Long by design: the plugin is the list of its routes, each short (parse, authorise, one use case, answer).
const exportRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify.deps;

  fastify.get(
    '/campaigns/:id/reports/:period/export.xlsx',
    {
      config: { access: 'county-view' },
      schema: {
        tags: ['reports'],
        summary:
          'The period’s tables as a workbook in the annex layout: sheet 月报表一 (annex 3) and 月报表二 (annex 4), one ' +
          'block per office grouped by unit type, 县直单位/乡镇 subtotals and the county total (合计), the notes below',
        params: PeriodParams,
        produces: [XLSX],
        response: withProblems(
          { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'an .xlsx workbook' }) },
          [400, 403, 404],
        ),
      },
    },
    async (request, reply) => {
      requireCountyView(request, 'the county export');
      const { id, period } = request.params;
      const reports = await periodReports(db.prisma, id, period);
      const workbook = await buildReportWorkbook(reports);
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`固本强基进展情况月报表-${period}.xlsx`))
        .send(workbook);
    },
  );

  fastify.get(
    '/campaigns/:id/reports/:period/export.csv',
    {
      config: { access: 'county-view' },
      schema: {
        tags: ['reports'],
        summary:
          'One annex of the period as CSV (UTF-8 with BOM): a header row of the Chinese column titles, a row per ' +
          'office, the 县直单位/乡镇 subtotals and the county total',
        params: PeriodParams,
        querystring: Type.Object({
          annex: Type.Union([Type.Literal('3'), Type.Literal('4')], { description: '3 = 月报表一, 4 = 月报表二' }),
        }),
        produces: ['text/csv'],
        response: withProblems({ 200: Type.String({ description: 'text/csv; charset=utf-8' }) }, [400, 403, 404]),
      },
    },
    async (request, reply) => {
      requireCountyView(request, 'the county export');
      const { id, period } = request.params;
      const annex = request.query.annex === '3' ? 'annex3' : 'annex4';
      const reports = await periodReports(db.prisma, id, period);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`月报表${annex === 'annex3' ? '一' : '二'}-${period}.csv`))
        .send(buildReportCsv(reports, annex));
    },
  );

  fastify.get(
    '/campaigns/:id/reports/:period/status-list.csv',
    {
      config: { access: 'county-view' },
      schema: {
        tags: ['reports'],
        summary: 'The on-time / late / missing list of a period as CSV (UTF-8 with BOM)',
        params: PeriodParams,
        produces: ['text/csv'],
        response: withProblems({ 200: Type.String({ description: 'text/csv; charset=utf-8' }) }, [400, 403, 404]),
      },
    },
    async (request, reply) => {
      requireCountyView(request, 'the reporting status of every office');
      const { id, period } = request.params;
      const { reports, entries } = await statusList(db.prisma, id, period, instantOf(fastify.deps, undefined));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`报送情况-${period}.csv`))
        .send(buildStatusCsv(reports, entries));
    },
  );
};

export default exportRoutes;
