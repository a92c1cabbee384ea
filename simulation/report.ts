/**
 * report.html: one self-contained page (inline CSS and SVG, no scripts, no external addresses), in Chinese
 * with English labels. Pure: the same timeline and summary give the same bytes.
 */
import { addDays, isoWeekday, type CampaignPlan, type LocalDate, type WorkingDayCalendar } from '../domain/index.js';
import type { MailKind, OfficeSummary, Summary, Timeline, TimelineEscalation } from './collect.js';
import { escapeHtml } from './html.js';
import type { ReportOutcome } from './scenario.js';
import { supervisionSection } from './supervision-report.js';

const KINDS: { kind: MailKind; zh: string; en: string; colour: string }[] = [
  { kind: 'reminder', zh: '提醒', en: 'Reminder', colour: '#4e79a7' },
  { kind: 'overdue', zh: '逾期通知', en: 'Overdue notice', colour: '#f28e2b' },
  { kind: 'escalation', zh: '报县局督办', en: 'Escalation to bureau', colour: '#e15759' },
  { kind: 'escalation-notice', zh: '督办通知', en: 'Escalation notice', colour: '#76448a' },
  { kind: 'listed', zh: '挂牌督办通知', en: 'Listed-supervision notice', colour: '#59a14f' },
];

const OUTCOME: Record<ReportOutcome, { glyph: string; zh: string; en: string; cls: string }> = {
  'on-time': { glyph: '✓', zh: '按时', en: 'on time', cls: 'ok' },
  late: { glyph: '迟', zh: '迟报', en: 'late', cls: 'late' },
  missing: { glyph: '✗', zh: '未报', en: 'missing', cls: 'missing' },
};

const BEHAVIOUR: Record<string, string> = {
  'on-time': '按时 on time',
  late: '迟报 late',
  never: '不报 never',
  irregular: '时好时坏 irregular',
  prompt: '及时确认 prompt',
  'after-warning-talk': '约谈后确认 after warning talk',
  ignores: '不确认 ignores',
};

const LEVEL: Record<number, string> = { 1: '督办提醒', 2: '约谈', 3: '通报' };
const EVENT: Record<string, string> = {
  raised: '发起 raised',
  climbed: '升级 climbed',
  acknowledged: '已确认 acknowledged',
  unacknowledged: '未确认 unacknowledged',
};

export { escapeHtml };
const h = escapeHtml;

/** 'MM-DD HH:mm' of an ISO instant with offset (already local). */
function shortInstant(iso: string): string {
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

function monday(d: LocalDate): LocalDate {
  return addDays(d, 1 - isoWeekday(d));
}

const CSS = `
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;padding:24px 32px;color:#1f2933;background:#fafafa;line-height:1.5}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 8px;border-bottom:2px solid #d9e2ec;padding-bottom:4px}
.en{color:#627d98;font-weight:normal;font-size:.85em}
.meta{color:#486581;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px}
table{border-collapse:collapse;background:#fff;font-size:13px}
th,td{border:1px solid #d9e2ec;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f4f8;white-space:nowrap}
td.num{text-align:right}
td.office{white-space:nowrap}
h3{font-size:15px;margin:20px 0 6px}
.grid td{text-align:center;min-width:34px;font-weight:bold}
.grid td.name{text-align:left;font-weight:normal;white-space:nowrap}
.ok{background:#dff3e4;color:#1e7b34}
.late{background:#fff1cc;color:#8a5a00}
.missing{background:#fde2e1;color:#b42318}
.legend span{display:inline-block;margin-right:16px}
.swatch{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin-right:4px;border-radius:2px}
.chart{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:8px;overflow-x:auto}
.events{margin:0;padding-left:16px}
.notes{color:#486581;font-size:13px;max-width:960px}
`;

function chart(timeline: Timeline): string {
  const mails = timeline.mails;
  if (mails.length === 0) return '<p>没有邮件 <span class="en">No mail was sent</span></p>';
  const first = monday(timeline.simulation.campaignStart.slice(0, 10));
  const last = monday(mails.at(-1)!.date);
  const weeks: LocalDate[] = [];
  for (let w = first; w <= last; w = addDays(w, 7)) weeks.push(w);
  const counts = new Map(weeks.map((w) => [w, new Map<MailKind, number>()]));
  for (const m of mails) {
    const bucket = counts.get(monday(m.date))!;
    bucket.set(m.kind, (bucket.get(m.kind) ?? 0) + 1);
  }
  const maxTotal = Math.max(...[...counts.values()].map((c) => [...c.values()].reduce((a, b) => a + b, 0)));
  const step = niceStep(maxTotal / 4);
  const top = Math.max(step, Math.ceil(maxTotal / step) * step);
  const barW = 14;
  const gap = 3;
  const left = 48;
  const plotH = 220;
  const topPad = 12;
  const width = left + weeks.length * (barW + gap) + 12;
  const height = topPad + plotH + 48;
  const y = (v: number) => topPad + plotH - (v / top) * plotH;
  const parts: string[] = [];
  for (let v = 0; v <= top; v += step) {
    parts.push(
      `<line x1="${left}" y1="${y(v)}" x2="${width - 8}" y2="${y(v)}" stroke="#d9e2ec" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#486581">${v}</text>`,
    );
  }
  let previousMonth = '';
  weeks.forEach((w, i) => {
    const x = left + i * (barW + gap);
    let base = 0;
    const bucket = counts.get(w)!;
    for (const k of KINDS) {
      const n = bucket.get(k.kind) ?? 0;
      if (n === 0) continue;
      const y0 = y(base + n);
      const hgt = y(base) - y0;
      parts.push(
        `<rect x="${x}" y="${y0.toFixed(1)}" width="${barW}" height="${hgt.toFixed(1)}" fill="${k.colour}"><title>${h(`${w} 周 week: ${k.zh} ${k.en} ${n}`)}</title></rect>`,
      );
      base += n;
    }
    // Label the week that contains the first day of a month.
    const sunday = addDays(w, 6);
    const month = sunday.slice(0, 7);
    if (month !== previousMonth && (i === 0 || sunday.slice(8) <= '07')) {
      previousMonth = month;
      const [yy, mm] = month.split('-') as [string, string];
      const label = mm === '01' || i === 0 ? `${yy}年${Number(mm)}月` : `${Number(mm)}月`;
      parts.push(
        `<line x1="${x}" y1="${topPad + plotH}" x2="${x}" y2="${topPad + plotH + 6}" stroke="#9fb3c8"/>`,
        `<text x="${x}" y="${topPad + plotH + 20}" font-size="11" fill="#334e68">${label}</text>`,
      );
    }
  });
  parts.push(
    `<line x1="${left}" y1="${topPad + plotH}" x2="${width - 8}" y2="${topPad + plotH}" stroke="#9fb3c8"/>`,
    `<text x="${left}" y="${height - 6}" font-size="11" fill="#627d98">每周一起算 weeks start on Monday · 计划发送时间 planned step time</text>`,
  );
  const legend = KINDS.map(
    (k) => `<span><i class="swatch" style="background:${k.colour}"></i>${k.zh} <span class="en">${k.en}</span></span>`,
  ).join('');
  return `<div class="chart"><svg role="img" aria-label="每周邮件数 mails per week" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg><p class="legend">${legend}</p></div>`;
}

function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

function cell(outcome: ReportOutcome, label: string): string {
  const o = OUTCOME[outcome];
  return `<td class="${o.cls}" title="${h(`${label}: ${o.zh} ${o.en}`)}">${o.glyph}</td>`;
}

function grid(summary: Summary, plan: CampaignPlan): string {
  const months = plan.obligations.filter((o) => o.kind === 'monthly-report').map((o) => o.period!);
  const phases = plan.phases;
  const head = [
    '<th>单位 <span class="en">Office</span></th>',
    ...months.map((m) => `<th title="${h(m)}">${Number(m.slice(5))}月<br><span class="en">${m}</span></th>`),
    ...phases.map(
      (p, i) =>
        `<th title="${h(`${p.nameZh} ${p.nameEn} (${p.deadline})`)}">阶段${i + 1}<br><span class="en">P${i + 1}</span></th>`,
    ),
    '<th>年度总结<br><span class="en">Year-end</span></th>',
    '<th>报送率<br><span class="en">Rate</span></th>',
  ].join('');
  const rows = summary.offices.map((o: OfficeSummary) => {
    const cells = [
      `<td class="name">${h(o.code)} ${h(o.name)}<br><span class="en">${h(BEHAVIOUR[o.behaviour.reporting] ?? o.behaviour.reporting)}</span></td>`,
      ...months.map((m) => cell(o.months[m] ?? 'missing', `${o.code} ${m}`)),
      ...phases.map((p) => cell(o.phaseTasks[p.key] ?? 'missing', `${o.code} ${p.nameZh}`)),
      cell(o.yearEndSummary, `${o.code} 年度总结`),
      `<td class="num">${Math.round(o.monthlyReports.reportingRate * 100)}%</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  const legend = (Object.keys(OUTCOME) as ReportOutcome[])
    .map(
      (k) =>
        `<span><i class="swatch ${OUTCOME[k].cls}"></i>${OUTCOME[k].glyph} ${OUTCOME[k].zh} <span class="en">${OUTCOME[k].en}</span></span>`,
    )
    .join('');
  return `<table class="grid"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="legend">${legend}<span class="en">按时 = 截止日（次月2日）前报送；迟报 = 硬截止（次月3日）前报送；未报 = 硬截止前未报送 · on time = by the due date; late = by the hard deadline; missing = not by the hard deadline</span></p>`;
}

function officeTable(summary: Summary): string {
  const head = [
    ['单位', 'Office'],
    ['类型', 'Type'],
    ['语言', 'Lang.'],
    ['企业', 'Enterprises'],
    ['月报', 'Reports'],
    ['阶段任务', 'Phase tasks'],
    ['督办确认', 'Acknowledges'],
    ['提醒', 'Reminders'],
    ['逾期通知', 'Overdue'],
    ['报县局', 'To bureau'],
    ['督办通知', 'Esc. notices'],
    ['企业汇总提醒', 'Digests'],
    ['督办事项', 'Escalations'],
    ['最高级别', 'Top level'],
  ]
    .map(([zh, en]) => `<th>${zh}<br><span class="en">${en}</span></th>`)
    .join('');
  const rows = summary.offices.map((o) => {
    const b = o.behaviour;
    return `<tr><td>${h(o.code)} ${h(o.name)}</td><td>${o.unitType === 'county-unit' ? '县直单位 county unit' : '乡镇 township'}</td><td>${h(o.language)}</td><td class="num">${o.enterprises}</td><td>${h(BEHAVIOUR[b.reporting]!)}</td><td>${h(BEHAVIOUR[b.phaseTasks]!)}</td><td>${h(BEHAVIOUR[b.acknowledges]!)}</td><td class="num">${o.mails.reminders}</td><td class="num">${o.mails.overdueNotices}</td><td class="num">${o.mails.bureauEscalations}</td><td class="num">${o.mails.escalationNotices}</td><td class="num">${o.mails.enterpriseDigests}</td><td class="num">${o.escalations.total}</td><td>${o.escalations.highestLevel ? h(LEVEL[o.escalations.highestLevel] ?? String(o.escalations.highestLevel)) : '—'}</td></tr>`;
  });
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="notes">邮件数按收件人计（逾期通知发联络人和所长两封）；提醒至企业汇总提醒各列只计本方案事项，监管事项的邮件见下文；督办事项含监管事项督办。<span class="en">Counts are mails, one per recipient (an overdue notice goes to the contact and the head); the columns from Reminders to Digests count the plan's own obligations, supervision mails are counted below; Escalations include those over supervision obligations.</span></p>`;
}

function escalationTable(escalations: TimelineEscalation[]): string {
  if (escalations.length === 0) return '<p>全年无督办 <span class="en">No escalation this year</span></p>';
  const rows = escalations.map((e) => {
    const events = e.events
      .map(
        (ev) =>
          `<li>${h(shortInstant(ev.at))} ${h(EVENT[ev.kind] ?? ev.kind)} · ${h(LEVEL[ev.level] ?? String(ev.level))}${ev.kind === 'acknowledged' && ev.detail ? ` · ${h(ev.detail)}` : ''}</li>`,
      )
      .join('');
    const outcome =
      e.status === 'acknowledged'
        ? `<span class="ok">已确认 acknowledged</span><br>${h(e.acknowledgedBy ?? '')} ${e.acknowledgedAt ? h(shortInstant(e.acknowledgedAt)) : ''}`
        : e.status === 'unacknowledged'
          ? '<span class="missing">未确认 unacknowledged</span>'
          : h(e.status);
    return `<tr><td>${h(e.id)}</td><td>${h(e.office)}</td><td>${e.origin === 'automatic' ? '自动 automatic' : '人工 manual'}</td><td>${h(e.reason)}</td><td>${h(e.raisedAt.slice(0, 16).replace('T', ' '))}</td><td><ul class="events">${events}</ul></td><td>${outcome}</td></tr>`;
  });
  const head = [
    ['督办事项', 'Escalation'],
    ['单位', 'Office'],
    ['来源', 'Origin'],
    ['事由', 'Reason'],
    ['发起', 'Raised'],
    ['过程', 'History'],
    ['结果', 'Outcome'],
  ]
    .map(([zh, en]) => `<th>${zh}<br><span class="en">${en}</span></th>`)
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function phaseTable(timeline: Timeline, plan: CampaignPlan): string {
  const names = new Map(plan.phases.map((p) => [p.key, `${p.nameZh} ${p.nameEn}`]));
  const kind: Record<string, string> = { started: '启动 started', phase: '进入阶段 phase', finished: '结束 finished' };
  const rows = timeline.phases.map(
    (p) =>
      `<tr><td>${h(p.at.slice(0, 16).replace('T', ' '))}</td><td>${h(kind[p.kind] ?? p.kind)}</td><td>${h(p.phase ? (names.get(p.phase as never) ?? p.phase) : '')}</td></tr>`,
  );
  return `<table><thead><tr><th>时间 <span class="en">At</span></th><th>事件 <span class="en">Event</span></th><th>阶段 <span class="en">Phase</span></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderReport(input: {
  timeline: Timeline;
  summary: Summary;
  plan: CampaignPlan;
  calendar: WorkingDayCalendar;
}): string {
  const { timeline, summary, plan } = input;
  const s = summary.simulation;
  const t = summary.totals;
  const card = (zh: string, en: string, n: number) =>
    `<div class="card">${zh} <span class="en">${en}</span><b>${n}</b></div>`;
  const warnings = summary.warnings.length
    ? `<ul class="notes">${summary.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.year}年专项行动提醒与督办模拟 · Campaign ${s.year} reminder simulation</title>
<style>${CSS}</style>
</head>
<body>
<h1>特种设备制造企业安全生产标准化提升专项行动 · ${s.year}年提醒与督办模拟</h1>
<p class="meta">Safety-standardization campaign ${s.year}: what the system sends, to whom and when · 种子 seed ${s.seed} · ${s.offices}个单位 offices · 每单位${s.enterprisesPerOffice}家企业 enterprises per office · 起始 start ${h(s.campaignStart.slice(0, 10))} (${h(s.timeZone)})</p>
<div class="cards">${card('邮件总数', 'Mails', t.mails)}${KINDS.map((k) => card(k.zh, k.en, t.byKind[k.kind])).join('')}${card('督办事项', 'Escalations', t.escalations)}${card('已确认', 'Acknowledged', t.acknowledged)}${card('未确认', 'Unacknowledged', t.unacknowledged)}${card('非工作日邮件', 'Mails on non-working days', t.nonWorkingDayMails)}</div>
${warnings}
<h2>每周邮件数（按类别） <span class="en">Mails per week by kind</span></h2>
${chart(timeline)}
<h2>月报与阶段任务报送情况 <span class="en">Reports and phase tasks by office and month</span></h2>
${grid(summary, plan)}
<h2>各单位汇总 <span class="en">Per office</span></h2>
${officeTable(summary)}
<h2>督办记录 <span class="en">Escalation history</span></h2>
${escalationTable(timeline.escalations)}
${supervisionSection(summary, timeline)}
<h2>阶段变化 <span class="en">Phase changes</span></h2>
${phaseTable(timeline, plan)}
<p class="notes">由真实的工作流与活动在时间跳跃测试服务器上运行一整年生成；时间为工作流时间（${h(s.timeZone)}）。逾期通知与督办在截止时刻（当日24时）记录，邮件于下一个工作日的发送时间发出；挂牌督办通报在隐患记录时发出。<span class="en">Produced by the production workflows and activities running a whole year on the time-skipping test server; times are workflow time. Overdue notices and escalations are recorded at the deadline instant (midnight) and mailed at the send time of the next working day; a listed major hazard is told to the bureau when it is recorded. Every mail is listed in timeline.json.</span></p>
</body>
</html>
`;
}
