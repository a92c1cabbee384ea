// Every label of the mail log page ("邮件日志" / "Mail log", the page the bureau's 【需处理】 digest of mails in doubt
// sends it to), in both languages. The shell's words (roles, levels, pickers, the ladder's steps) are in
// web/shared/shell-text.ts.
import { STEP_TEXT, type Language, type StepText } from '../shared/shell-text.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export type MailState = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';
export const MAIL_STATES: readonly MailState[] = ['pending', 'sending', 'sent', 'failed', 'uncertain'];

export interface MailLogText {
  title: string;
  fixFields: string;
  officeScope: string;
  // filters and paging
  filtersTitle: string;
  campaignFilter: string;
  allCampaigns: string;
  stateFilter: string;
  allStates: string;
  recipientFilter: string;
  recipientHint: string;
  stepFilter: string;
  obligationFilter: string;
  obligationHint: string;
  apply: string;
  clear: string;
  range: (from: number, to: number, total: number) => string;
  previous: string;
  next: string;
  // columns
  planned: string;
  recipient: string;
  subject: string;
  step: string;
  state: string;
  sentAt: string;
  problem: string;
  action: string;
  choice: string;
  attempts: (n: number) => string;
  // states
  states: Labels<MailState>;
  stateHelp: Labels<MailState>;
  stateHelpTitle: string;
  // the mails in doubt
  uncertainTitle: (n: number) => string;
  uncertainNoneTitle: string;
  noUncertain: string;
  uncertainWhy: string;
  whatToDo: readonly string[];
  moreUncertain: (shown: number, total: number) => string;
  leave: string;
  delivered: string;
  resend: string;
  choiceFor: (recipient: string) => string;
  allDelivered: string;
  allResend: string;
  noneChosen: string;
  settle: string;
  settled: (delivered: number, sent: number, failed: number, uncertain: number) => string;
  notUncertainNow: (state: string) => string;
  bureauSettles: string;
  bureauAsks: string;
  // the log
  logTitle: string;
  noMails: string;
  resendOne: string;
  resendOneFor: (recipient: string) => string;
  resentOne: (recipient: string, state: string) => string;
  // steps and obligations
  /** The ladder's steps (web/shared/shell-text.ts) and the mails sent besides. */
  steps: StepText & {
    'catch-up': string;
    'uncertain-mail-digest': string;
    level: (level: string) => string;
  };
  monthlyReport: (month: string) => string;
  yearEnd: string;
}

export const TEXT: Readonly<Record<Language, MailLogText>> = {
  'zh-CN': {
    title: '邮件日志',
    fixFields: '请处理下方标出的邮件。',
    officeScope: '这里列出发给本所联络员和所长的邮件。',
    filtersTitle: '筛选',
    campaignFilter: '专项行动',
    allCampaigns: '全部',
    stateFilter: '状态',
    allStates: '全部状态',
    recipientFilter: '收件人',
    recipientHint: '完整的邮箱地址',
    stepFilter: '步骤',
    obligationFilter: '事项',
    obligationHint: '如 monthly-report:2024-06',
    apply: '筛选',
    clear: '清除筛选',
    range: (from, to, total) => `第 ${from}–${to} 封，共 ${total} 封`,
    previous: '上一页',
    next: '下一页',
    planned: '计划发送',
    recipient: '收件人',
    subject: '主题',
    step: '步骤',
    state: '状态',
    sentAt: '送达服务器',
    problem: '错误 / 答复',
    action: '操作',
    choice: '处理',
    attempts: (n) => `尝试 ${n} 次`,
    states: { pending: '待发送', sending: '发送中', sent: '已发送', failed: '发送失败', uncertain: '可能未送达' },
    stateHelp: {
      pending: '已记录，尚未交给邮件服务器。',
      sending: '正在发送（同一封邮件同一时间只有一次尝试）。',
      sent: '邮件服务器已接收，或县局核实后标记为已送达。',
      failed:
        '邮件服务器拒收或连接中断，服务器没有收下这封邮件（原因见“错误 / 答复”一栏）。提醒、逾期通知等由系统步骤发出的邮件会自动重试，间隔最长 5 分钟。',
      uncertain:
        '整封邮件已交给邮件服务器，但没有收到服务器的答复，无法确定是否送达。为避免重复提醒，系统不会自动重发，需要县局核实后处理。',
    },
    stateHelpTitle: '各状态的含义',
    uncertainTitle: (n) => `${n} 封邮件可能未送达，需要处理`,
    uncertainNoneTitle: '可能未送达的邮件',
    noUncertain: '没有可能未送达的邮件。',
    uncertainWhy:
      '这些邮件已完整交给邮件服务器，但服务器的答复丢失，系统无法确定收件人是否收到。为避免重复提醒，系统不会自动重发。',
    whatToDo: [
      '向收件人核实是否收到这封邮件（按下表的主题和计划时间询问）。',
      '收到了：选“已送达”；没收到：选“重新发送”（邮件编号不变，收件方的邮件系统可识别为同一封）。',
      '点“提交处理结果”，所选邮件一次处理完毕；未选择的保持“可能未送达”。',
    ],
    moreUncertain: (shown, total) => `此处列出前 ${shown} 封，共 ${total} 封；处理后其余的会显示出来。`,
    leave: '暂不处理',
    delivered: '已送达',
    resend: '重新发送',
    choiceFor: (recipient) => `如何处理发给 ${recipient} 的邮件`,
    allDelivered: '全部选“已送达”',
    allResend: '全部选“重新发送”',
    noneChosen: '全部选“暂不处理”',
    settle: '提交处理结果',
    settled: (delivered, sent, failed, uncertain) =>
      [
        `已标记 ${delivered} 封为已送达`,
        `重新发送 ${sent + failed + uncertain} 封`,
        sent > 0 ? `其中 ${sent} 封已被邮件服务器接收` : '',
        failed > 0 ? `${failed} 封被拒收（见下方日志中的错误）` : '',
        uncertain > 0 ? `${uncertain} 封再次未收到答复，仍需核实` : '',
      ]
        .filter(Boolean)
        .join('，') + '。',
    notUncertainNow: (state) => `这封邮件现在是“${state}”，已不需要处理（可能已有他人处理）。`,
    bureauSettles: '由县局向收件人核实后处理；您的账号只能查看。',
    bureauAsks: '县局可能会向您核实是否收到这些邮件。',
    logTitle: '全部邮件（最新在前）',
    noMails: '没有符合条件的邮件。',
    resendOne: '重新发送',
    resendOneFor: (recipient) => `重新发送给 ${recipient}`,
    resentOne: (recipient, state) => `已重新发送给 ${recipient}：${state}。`,
    steps: {
      ...STEP_TEXT['zh-CN'],
      'catch-up': '逾期汇总',
      'uncertain-mail-digest': '可能未送达邮件汇总（致县局）',
      level: (level) => `督办通知：${level}`,
    },
    monthlyReport: (month) => `${month} 月报`,
    yearEnd: '年度总结',
  },
  en: {
    title: 'Mail log',
    fixFields: 'See the mails marked below.',
    officeScope: "These are the mails sent to your office's contact and head.",
    filtersTitle: 'Filter',
    campaignFilter: 'Campaign',
    allCampaigns: 'All',
    stateFilter: 'State',
    allStates: 'All states',
    recipientFilter: 'Recipient',
    recipientHint: 'the whole address',
    stepFilter: 'Step',
    obligationFilter: 'Item',
    obligationHint: 'e.g. monthly-report:2024-06',
    apply: 'Filter',
    clear: 'Clear filters',
    range: (from, to, total) => `${from}–${to} of ${total}`,
    previous: 'Previous',
    next: 'Next',
    planned: 'Planned for',
    recipient: 'Recipient',
    subject: 'Subject',
    step: 'Step',
    state: 'State',
    sentAt: 'Accepted by the server',
    problem: 'Error / answer',
    action: 'Action',
    choice: 'Settle',
    attempts: (n) => `${n} attempt${n === 1 ? '' : 's'}`,
    states: { pending: 'pending', sending: 'sending', sent: 'sent', failed: 'failed', uncertain: 'in doubt' },
    stateHelp: {
      pending: 'Recorded, not yet handed to the mail server.',
      sending: 'Being sent (one attempt at a time per mail).',
      sent: 'The mail server accepted it, or the bureau confirmed it arrived.',
      failed:
        'The mail server refused it or the connection broke before it took the mail (the error is shown). Mails the system sends on its own (reminders, overdue notices) are retried automatically, at most 5 minutes apart.',
      uncertain:
        'The whole mail reached the mail server but its answer was lost, so nobody knows whether it arrived. It is not sent again by itself (no duplicate reminders): the bureau checks and settles it.',
    },
    stateHelpTitle: 'What the states mean',
    uncertainTitle: (n) => `${n} mail${n === 1 ? '' : 's'} may not have been delivered: action needed`,
    uncertainNoneTitle: 'Mails in doubt',
    noUncertain: 'No mail is in doubt.',
    uncertainWhy:
      'These mails reached the mail server in full, but its answer was lost, so the system cannot tell whether they arrived. To avoid duplicate reminders it does not send them again by itself.',
    whatToDo: [
      'Ask each recipient whether the mail arrived (by its subject and planned time below).',
      'It arrived: choose "delivered"; it did not: choose "send again" (same Message-ID, so a mail system that has it can drop the copy).',
      'Press "Settle the chosen mails": they are all settled at once; the others stay in doubt.',
    ],
    moreUncertain: (shown, total) =>
      `The first ${shown} of ${total} are listed; the others appear once these are settled.`,
    leave: 'not yet',
    delivered: 'delivered',
    resend: 'send again',
    choiceFor: (recipient) => `How to settle the mail to ${recipient}`,
    allDelivered: 'Choose "delivered" for all',
    allResend: 'Choose "send again" for all',
    noneChosen: 'Choose "not yet" for all',
    settle: 'Settle the chosen mails',
    settled: (delivered, sent, failed, uncertain) =>
      [
        `${delivered} marked delivered`,
        `${sent + failed + uncertain} sent again`,
        sent > 0 ? `${sent} accepted by the mail server` : '',
        failed > 0 ? `${failed} refused (see the error in the log below)` : '',
        uncertain > 0 ? `${uncertain} again without an answer, still to check` : '',
      ]
        .filter(Boolean)
        .join('; ') + '.',
    notUncertainNow: (state) => `This mail is now "${state}": nothing to settle (someone may have settled it).`,
    bureauSettles: 'The bureau checks these with their recipients and settles them; your account can only read.',
    bureauAsks: 'The bureau may ask you whether these mails arrived.',
    logTitle: 'All mails (newest first)',
    noMails: 'No mail matches.',
    resendOne: 'Send again',
    resendOneFor: (recipient) => `Send again to ${recipient}`,
    resentOne: (recipient, state) => `Sent again to ${recipient}: ${state}.`,
    steps: {
      ...STEP_TEXT.en,
      'catch-up': 'catch-up digest',
      'uncertain-mail-digest': 'digest of mails in doubt (to the bureau)',
      level: (level) => `escalation notice: ${level}`,
    },
    monthlyReport: (month) => `monthly report ${month}`,
    yearEnd: 'year-end summary',
  },
};
