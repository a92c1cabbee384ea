import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { quarterlyCircular, type QuarterlyCircular } from '../../app/circular/quarterly-circular.js';
import { requireCountyView } from '../plugins/auth.js';
import { instantOf } from '../lookups.js';
import { Uuid, withProblems } from '../schemas.js';
import { DOCUMENT_CONTENT_SECURITY_POLICY } from '../plugins/security.js';

const STATUS_ZH: Record<string, string> = {
  'on-time': '按时报送',
  'late-with-extension': '延期后报送',
  late: '逾期报送',
  missing: '未报送',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The circular as the printable document the bureau issues; today's date signs it. */
function circularHtml(circular: QuarterlyCircular): string {
  const { campaignName: name, year, quarter, months, rows, onTimeOffices, lateOffices } = circular;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(`${name} ${year}年第${quarter}季度工作通报`)}</title>
<style>body{font-family:"Noto Serif CJK SC","SimSun",serif;max-width:60em;margin:2em auto;line-height:1.7}
h1{text-align:center;font-size:1.5em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #444;padding:.3em .5em;text-align:center}
.late{color:#b00}</style></head><body>
<h1>${escapeHtml(circular.bureauName)}<br>关于${escapeHtml(name)}${year}年第${quarter}季度工作情况的通报</h1>
<p>根据专项行动“每季度一通报”的工作要求，现将${year}年第${quarter}季度（${months.map((m) => `${Number(m.slice(5))}月`).join('、')}）各单位工作月报报送情况通报如下：</p>
<h2>一、月报报送情况</h2>
<table><thead><tr><th>单位</th>${months.map((m) => `<th>${Number(m.slice(5))}月工作月报</th>`).join('')}<th>本季度督办次数</th></tr></thead><tbody>
${rows
  .map(
    (r) =>
      `<tr><td>${escapeHtml(r.office.name)}</td>${r.statuses
        .map((s) => `<td class="${s === 'on-time' ? '' : 'late'}">${STATUS_ZH[s] ?? s}</td>`)
        .join('')}<td>${r.escalated}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
<h2>二、通报表扬</h2>
<p>${onTimeOffices.length > 0 ? `${onTimeOffices.map(escapeHtml).join('、')}本季度按时报送全部工作月报，予以通报表扬。` : '本季度无单位按时报送全部工作月报。'}</p>
<h2>三、通报批评</h2>
<p>${
    lateOffices.length > 0
      ? `${lateOffices.map((r) => `${escapeHtml(r.office.name)}（${r.late}个月逾期或未报）`).join('、')}本季度存在逾期报送或未报送情况，予以通报批评，请相关单位认真整改，按时保质报送。`
      : '本季度各单位均按时报送工作月报。'
  }</p>
<p style="text-align:right">${escapeHtml(circular.bureauName)}<br>${circular.issuedOn}</p>
</body></html>`;
}

/**
 * The bureau's quarterly circular (每季度一通报): for the three months of a quarter, each office's
 * monthly reports, its escalations and its enterprises' commitments, as a printable document.
 */
const circularRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const deps = { db: fastify.deps.db.prisma };

  fastify.get(
    '/campaigns/:id/circulars/:quarter',
    {
      config: { access: 'county-view' },
      schema: {
        tags: ['reports'],
        summary:
          'The quarterly circular (每季度一通报) as a printable HTML document (the bureau and viewers: it names every office)',
        params: Type.Object({ id: Uuid, quarter: Type.String({ pattern: '^\\d{4}-Q[1-4]$', examples: ['2024-Q2'] }) }),
        produces: ['text/html'],
        response: withProblems({ 200: Type.String({ description: 'text/html; charset=utf-8' }) }, [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      requireCountyView(request, 'the quarterly circular');
      const circular = await quarterlyCircular(deps, {
        campaignId: request.params.id,
        quarter: request.params.quarter,
        atMs: instantOf(fastify.deps, undefined),
      });
      const html = circularHtml(circular);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', DOCUMENT_CONTENT_SECURITY_POLICY)
        .send(html);
    },
  );
};

export default circularRoutes;
