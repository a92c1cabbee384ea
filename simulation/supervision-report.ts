/**
 * The supervision section of report.html (phases 3 and 4) and its lines for the command's summary: per office and in
 * total, inspection cycles due and inspected, hazards by outcome, major hazards verified or still listed, guidance
 * visits, enforcement actions by kind, and the supervision mails. Pure.
 */
import type { Summary, Timeline } from './collect.js';
import { escapeHtml as h } from './html.js';
import type { SupervisionCounts, TimelineHazard } from './supervision-collect.js';

const HAZARD_OUTCOME: Record<TimelineHazard['outcome'], { zh: string; en: string; cls: string }> = {
  'on-time': { zh: '按期整改', en: 'rectified on time', cls: 'ok' },
  late: { zh: '逾期整改', en: 'rectified late', cls: 'late' },
  never: { zh: '未整改', en: 'never rectified', cls: 'missing' },
  open: { zh: '整改期内', en: 'open, not yet due', cls: '' },
};

function th(zh: string, en: string): string {
  return `<th>${zh}<br><span class="en">${en}</span></th>`;
}

function num(n: number): string {
  return `<td class="num">${n}</td>`;
}

function otherEnforcement(c: SupervisionCounts): number {
  return (
    c.enforcement.total - ['fine', 'warning-talk', 'suspension'].reduce((n, k) => n + (c.enforcement.byKind[k] ?? 0), 0)
  );
}

/** Records per office: what was assessed, inspected, found, rectified, visited and enforced. */
function recordCells(c: SupervisionCounts): string {
  return [
    `<td class="num">${c.assessments.total} / ${c.assessments.reassessments}</td>`,
    num(c.inspections.cyclesDue),
    num(c.inspections.cyclesInspected),
    `<td class="num${c.inspections.cyclesMissed > 0 ? ' missing' : ''}">${c.inspections.cyclesMissed}</td>`,
    num(c.inspections.recorded),
    `<td class="num">${c.hazards.total} (${c.hazards.fromInspections} / ${c.hazards.selfReported})</td>`,
    num(c.hazards.onTime),
    num(c.hazards.late),
    `<td class="num${c.hazards.never > 0 ? ' missing' : ''}">${c.hazards.never}</td>`,
    num(c.hazards.open),
    `<td class="num">${c.hazards.majorVerified} / ${c.hazards.majorListed}</td>`,
    `<td class="num">${c.guidanceVisits.planned} / ${c.guidanceVisits.recorded}</td>`,
    `<td class="num">${c.enforcement.byKind['fine'] ?? 0} (${c.enforcement.finesWanYuan})</td>`,
    num(c.enforcement.byKind['warning-talk'] ?? 0),
    num(c.enforcement.byKind['suspension'] ?? 0),
    num(otherEnforcement(c)),
  ].join('');
}

/** Mails per office, counted from the mail log, by what they are and by the obligation they are about. */
function mailCells(c: SupervisionCounts): string {
  const l = c.mails.listed;
  const k = c.mails.byObligation;
  return [
    num(c.mails.total),
    num(c.mails.reminders),
    num(c.mails.overdueNotices),
    num(c.mails.bureauEscalations),
    num(c.mails.escalationNotices),
    `<td class="num">${l.listing} / ${l.progressRequests} / ${l.verificationRequests}</td>`,
    num(k.inspection),
    num(k['guidance-visit'] + k['guidance-coverage']),
    num(k.hazard),
    num(k['major-hazard']),
    num(c.escalations),
  ].join('');
}

function table(summary: Summary, head: [string, string][], cells: (c: SupervisionCounts) => string): string {
  const rows = summary.offices.map(
    (o) => `<tr><td class="office">${h(o.code)} ${h(o.name)}</td>${cells(o.supervision)}</tr>`,
  );
  rows.push(`<tr><th>合计 <span class="en">Total</span></th>${cells(summary.supervision)}</tr>`);
  const ths = [th('单位', 'Office'), ...head.map(([zh, en]) => th(zh, en))].join('');
  return `<table><thead><tr>${ths}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function officeTables(summary: Summary): string {
  const records = table(
    summary,
    [
      ['评估 / 复评', 'Assessed / re-assessed'],
      ['应检周期', 'Cycles due'],
      ['按期检查', 'Inspected'],
      ['漏检', 'Missed'],
      ['检查记录', 'Inspections'],
      ['隐患（检查 / 自查）', 'Hazards (inspection / self)'],
      ['按期整改', 'On time'],
      ['逾期整改', 'Late'],
      ['未整改', 'Never'],
      ['整改期内', 'Open'],
      ['重大隐患 销号 / 挂牌', 'Major: verified / listed'],
      ['帮扶 计划 / 记录', 'Visits planned / recorded'],
      ['罚款（万元）', 'Fines (10k yuan)'],
      ['约谈', 'Warning talks'],
      ['停产停业', 'Suspensions'],
      ['其他', 'Other actions'],
    ],
    recordCells,
  );
  const mails = table(
    summary,
    [
      ['邮件', 'Mails'],
      ['提醒', 'Reminders'],
      ['逾期通知', 'Overdue'],
      ['报县局', 'To bureau'],
      ['督办通知', 'Esc. notices'],
      ['挂牌督办 通报 / 进展 / 销号', 'Listed: listing / progress / verify'],
      ['检查', 'Inspection'],
      ['帮扶', 'Guidance'],
      ['隐患', 'Hazard'],
      ['重大隐患', 'Major hazard'],
      ['督办事项', 'Escalations'],
    ],
    mailCells,
  );
  return `${records}
<p class="notes">应检周期按风险颜色与标准化状态（含复评）计算，周期内有一次检查即为按期检查。<span class="en">Inspection cycles follow each enterprise's colour and standardization (re-assessments included); one inspection within a cycle fulfils it.</span></p>
<h3>监管邮件 <span class="en">Supervision mails</span></h3>
${mails}
<p class="notes">邮件数按收件人计，取自邮件日志；督办通知为监管事项督办的各级通知。<span class="en">Mails are counted per recipient from the mail log; escalation notices are those of escalations over supervision obligations.</span></p>`;
}

function hazardTable(hazards: TimelineHazard[]): string {
  if (hazards.length === 0) return '<p>全年无隐患记录 <span class="en">No hazard was recorded</span></p>';
  const head = [
    th('隐患', 'Hazard'),
    th('企业', 'Enterprise'),
    th('来源', 'Source'),
    th('描述', 'Description'),
    th('发现', 'Found'),
    th('整改期限', 'Rectify by'),
    th('整改', 'Rectified'),
    th('销号', 'Verified'),
    th('结果', 'Outcome'),
  ].join('');
  const rows = hazards.map((x) => {
    const o = HAZARD_OUTCOME[x.outcome];
    const major = x.major
      ? `<br><b>重大隐患 major</b>${x.listed ? ' · <span class="missing">挂牌督办中 still listed</span>' : ''}`
      : '';
    return `<tr><td>${h(x.label)}</td><td>${h(x.enterprise)}</td><td>${x.source === 'self-report' ? '企业自查 self-reported' : '检查发现 inspection'}</td><td>${h(x.description)}${major}</td><td>${h(x.foundOn)}</td><td>${h(x.rectifyBy)}</td><td>${h(x.rectifiedOn ?? '—')}</td><td>${h(x.verifiedOn ?? '—')}</td><td class="${o.cls}">${o.zh} <span class="en">${o.en}</span></td></tr>`;
  });
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The section: totals as cards, the per-office table with a total row, and every hazard. */
export function supervisionSection(summary: Summary, timeline: Timeline): string {
  const t = summary.supervision;
  const card = (zh: string, en: string, n: number | string) =>
    `<div class="card">${zh} <span class="en">${en}</span><b>${n}</b></div>`;
  const cards = [
    card('应检周期', 'Inspection cycles due', t.inspections.cyclesDue),
    card('按期检查', 'Inspected', t.inspections.cyclesInspected),
    card('漏检', 'Missed', t.inspections.cyclesMissed),
    card('隐患', 'Hazards', t.hazards.total),
    card('按期整改', 'Rectified on time', t.hazards.onTime),
    card('逾期整改', 'Rectified late', t.hazards.late),
    card('未整改', 'Never rectified', t.hazards.never),
    card('重大隐患已销号', 'Major hazards verified', t.hazards.majorVerified),
    card('挂牌督办中', 'Still listed', t.hazards.majorListed),
    card('执法行动', 'Enforcement actions', t.enforcement.total),
    card('罚款（万元）', 'Fines (10k yuan)', t.enforcement.finesWanYuan),
    card('监管邮件', 'Supervision mails', t.mails.total),
  ].join('');
  return `<h2>监督检查与隐患整改（第三、四阶段） <span class="en">Supervision: inspections, hazards, guidance and enforcement (phases 3 and 4)</span></h2>
<div class="cards">${cards}</div>
${officeTables(summary)}
<h2>隐患整改情况 <span class="en">Hazards and their rectification</span></h2>
${hazardTable(timeline.hazards)}`;
}

/** The supervision totals in a few lines, for the command's summary on stdout. */
export function supervisionTextLines(summary: Summary): string[] {
  const t = summary.supervision;
  const k = t.enforcement.byKind;
  return [
    `  inspections: ${t.inspections.cyclesInspected} of ${t.inspections.cyclesDue} cycles inspected (${t.inspections.cyclesMissed} missed), ${t.inspections.recorded} recorded`,
    `  hazards: ${t.hazards.total} (rectified on time ${t.hazards.onTime}, late ${t.hazards.late}, never ${t.hazards.never}, open ${t.hazards.open}); major hazards verified ${t.hazards.majorVerified}, still listed ${t.hazards.majorListed}`,
    `  enforcement: ${t.enforcement.total} (fines ${k['fine'] ?? 0}, ${t.enforcement.finesWanYuan} 万元; warning talks ${k['warning-talk'] ?? 0}; suspensions ${k['suspension'] ?? 0})`,
    `  supervision mails: ${t.mails.total} (reminders ${t.mails.reminders}, overdue ${t.mails.overdueNotices}, to the bureau ${t.mails.bureauEscalations}, escalation notices ${t.mails.escalationNotices}, listed supervision ${t.mails.listed.listing + t.mails.listed.progressRequests + t.mails.listed.verificationRequests})`,
  ];
}
