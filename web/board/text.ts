// Every label the board shows, in both languages. The page is Chinese by default, English with the button or ?lang=en.
// The words it shares with the action pages (sign-in, language, roles, the next mails) are in web/shared/shell-text.ts.
import {
  NEXT_MAILS_TEXT,
  SHELL_TEXT,
  type Language,
  type NextMailsText,
  type ShellText,
} from '../shared/shell-text.js';

export type { Language } from '../shared/shell-text.js';

/** The five statuses of a report cell, in the legend's order. */
export const REPORT_STATUSES = ['on-time', 'late-with-extension', 'late', 'missing', 'upcoming'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

type Labels<K extends string> = Readonly<Record<K, string>>;

/** The shell's words the board shows as the action pages do. */
type ShellWords = Pick<
  ShellText,
  | 'campaign'
  | 'langToggle'
  | 'signOut'
  | 'signInTitle'
  | 'signInHint'
  | 'tokenLabel'
  | 'signInButton'
  | 'signedOut'
  | 'loading'
  | 'updatedAt'
  | 'noCampaign'
  | 'roles'
  | 'signedInAs'
  | 'campaignStatus'
  | 'httpError'
>;

export interface BoardText extends ShellWords, NextMailsText {
  title: string;
  refresh: string;
  asOf: (date: string) => string;
  uncertainBanner: (n: number) => string;
  ownOffice: string;
  campaignLine: (name: string, status: string) => string;
  timelineTitle: string;
  phaseState: Labels<'ended' | 'current' | 'upcoming'>;
  today: string;
  daysLeft: (n: number) => string;
  currentPhase: (name: string) => string;
  notStarted: string;
  finished: string;
  source: Labels<'workflow' | 'plan'>;
  gridTitle: string;
  office: string;
  rate: string;
  status: Labels<ReportStatus>;
  statusLong: Labels<ReportStatus>;
  cellTitle: (office: string, period: string, status: string, due: string) => string;
  yearEnd: string;
  /** '2024-05' → the month's short name */
  month: (period: string) => string;
  lateTitle: string;
  item: string;
  dueDate: string;
  state: string;
  daysLate: string;
  lateState: Labels<'overdue' | 'late'>;
  lateStateHint: Labels<'overdue' | 'late'>;
  extended: string;
  noneLate: string;
  commitmentsTitle: string;
  commitmentDue: (date: string, selfDate: string) => string;
  enterprises: string;
  commitments: string;
  plans: string;
  selfAssessments: string;
  noOffices: string;
  /** The shell's, but the board refreshes itself. */
  networkError: string;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const TEXT: Readonly<Record<Language, BoardText>> = {
  'zh-CN': {
    ...SHELL_TEXT['zh-CN'],
    ...NEXT_MAILS_TEXT['zh-CN'],
    title: '专项行动状态看板',
    refresh: '刷新',
    asOf: (date) => `按 ${date} 的情况显示`,
    uncertainBanner: (n) =>
      `有${n}封邮件可能未送达：邮件服务器的答复丢失，系统为避免重复提醒未自动重发。请向收件人核实，然后在邮件日志中标记“已送达”或“重新发送”（POST /mail-log/uncertain/resolve）。`,
    ownOffice: '仅显示本所数据',
    campaignLine: (name, status) => `${name}（${status}）`,
    timelineTitle: '行动阶段',
    phaseState: { ended: '已结束', current: '进行中', upcoming: '未开始' },
    today: '今天',
    daysLeft: (n) => (n > 0 ? `还剩 ${n} 天` : n === 0 ? '今天截止' : `已结束 ${-n} 天`),
    currentPhase: (name) => `当前阶段：${name}`,
    notStarted: '行动尚未开始',
    finished: '各阶段均已结束',
    source: { workflow: '（由运行中的工作流给出）', plan: '（按计划推算）' },
    gridTitle: '月报报送情况（单位 × 月份）',
    office: '单位',
    rate: '按时率',
    status: { 'on-time': '按时', 'late-with-extension': '延期内', late: '逾期', missing: '未报', upcoming: '未到期' },
    statusLong: {
      'on-time': '按时报送',
      'late-with-extension': '获批延期，在延期内报送',
      late: '逾期报送（截止日后才报送）',
      missing: '已过截止日，仍未报送',
      upcoming: '尚未到截止日',
    },
    cellTitle: (office, period, status, due) => `${office} · ${period}：${status}（截止 ${due}）`,
    yearEnd: '年度总结',
    month: (period) => `${Number(period.slice(5, 7))}月`,
    lateTitle: '逾期清单',
    item: '事项',
    dueDate: '截止日期',
    state: '状态',
    daysLate: '逾期天数',
    lateState: { overdue: '已逾期', late: '超过最后期限' },
    lateStateHint: { overdue: '已过截止日', late: '已过最后期限，升级报县局督办' },
    extended: '已延期',
    noneLate: '没有逾期事项。',
    commitmentsTitle: '企业承诺进度',
    commitmentDue: (date, selfDate) =>
      `告知书送达、承诺书签订及四份备案须于 ${date} 前完成；企业自评报告默认于 ${selfDate} 前提交。`,
    enterprises: '企业数',
    commitments: '承诺书及四份备案',
    plans: '年度计划',
    selfAssessments: '自评报告',
    noOffices: '没有单位。',
    networkError: '无法连接服务器，请稍后刷新。',
  },
  en: {
    ...SHELL_TEXT.en,
    ...NEXT_MAILS_TEXT.en,
    title: 'Campaign status board',
    refresh: 'Refresh',
    asOf: (date) => `shown as of ${date}`,
    uncertainBanner: (n) =>
      `${n} ${n === 1 ? 'mail' : 'mails'} may not have been delivered: the mail server's answer was lost, and the system did not resend to avoid a duplicate reminder. Please check with the recipients, then mark each delivered or send it again from the mail log (POST /mail-log/uncertain/resolve).`,
    ownOffice: 'Showing your office only',
    campaignLine: (name, status) => `${name} (${status})`,
    timelineTitle: 'Campaign phases',
    phaseState: { ended: 'ended', current: 'in progress', upcoming: 'upcoming' },
    today: 'today',
    daysLeft: (n) =>
      n > 0
        ? `${n} day${n === 1 ? '' : 's'} left`
        : n === 0
          ? 'due today'
          : `ended ${-n} day${n === -1 ? '' : 's'} ago`,
    currentPhase: (name) => `Current phase: ${name}`,
    notStarted: 'The campaign has not begun',
    finished: 'Every phase has ended',
    source: { workflow: '(reported by the running workflow)', plan: '(computed from the plan)' },
    gridTitle: 'Monthly reports (office × month)',
    office: 'Office',
    rate: 'On-time rate',
    status: {
      'on-time': 'on time',
      'late-with-extension': 'extended',
      late: 'late',
      missing: 'missing',
      upcoming: 'upcoming',
    },
    statusLong: {
      'on-time': 'Reported on time',
      'late-with-extension': 'Reported after the due day, within an approved extension',
      late: 'Reported late (after the due day)',
      missing: 'Not reported, past the due day',
      upcoming: 'Not due yet',
    },
    cellTitle: (office, period, status, due) => `${office} · ${period}: ${status} (due ${due})`,
    yearEnd: 'Year-end',
    month: (period) => MONTHS_EN[Number(period.slice(5, 7)) - 1] ?? period,
    lateTitle: 'Late list',
    item: 'Item',
    dueDate: 'Due',
    state: 'State',
    daysLate: 'Days late',
    lateState: { overdue: 'overdue', late: 'past hard deadline' },
    lateStateHint: { overdue: 'past the due day', late: 'past the hard deadline: escalated to the bureau' },
    extended: 'extended',
    noneLate: 'Nothing is late.',
    commitmentsTitle: 'Enterprise commitments',
    commitmentDue: (date, selfDate) =>
      `Notices served, commitments signed and all four copies filed by ${date}; self-assessment reports by ${selfDate} unless committed otherwise.`,
    enterprises: 'Enterprises',
    commitments: 'Commitments',
    plans: 'Yearly plans',
    selfAssessments: 'Self-assessments',
    noOffices: 'No offices.',
    networkError: 'Cannot reach the server; refresh in a moment.',
  },
};

/** The label of a value the API sent (a status, a role), or undefined for one the page does not know. */
export function labelFor(labels: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
}
