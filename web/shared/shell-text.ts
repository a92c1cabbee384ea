// The labels of the page shell (web/shared/shell.ts) and the words several pages share (the status board's too: a
// mail's step, the list of next mails), in both languages. A page's own texts live in its folder (web/<page>/text.ts).
// Chinese by default, English with the button or ?lang=en.

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

export type Role = 'bureau-admin' | 'office-staff' | 'viewer';

/** A label in both languages (nav entries, page titles). */
export type Texts = Readonly<Record<Language, string>>;
type Labels<K extends string> = Readonly<Record<K, string>>;

export interface ShellText {
  product: string;
  navLabel: string;
  langToggle: string;
  signOut: string;
  signInTitle: string;
  signInHint: string;
  tokenLabel: string;
  signInButton: string;
  signedOut: string;
  loading: string;
  updatedAt: (time: string) => string;
  roles: Labels<Role>;
  signedInAs: (name: string, role: string) => string;
  networkError: string;
  httpError: (status: number, detail: string) => string;
  /** Above a form the server refused: its own message follows. */
  refused: string;
  working: string;
  readOnly: string;
  campaign: string;
  campaignStatus: Labels<'draft' | 'running' | 'finished'>;
  noCampaign: string;
  office: string;
  chooseOffice: string;
  noOffice: string;
  /** Escalation levels 1–3. */
  levels: Labels<'1' | '2' | '3'>;
  escalationStatus: Labels<'open' | 'acknowledged' | 'unacknowledged'>;
}

export const SHELL_TEXT: Readonly<Record<Language, ShellText>> = {
  'zh-CN': {
    product: '专项行动工作台',
    navLabel: '页面',
    langToggle: 'English',
    signOut: '退出登录',
    signInTitle: '登录',
    signInHint: '请粘贴县局发放的访问令牌（ce_…）。令牌只保存在本浏览器标签页中，退出登录或关闭标签页即清除。',
    tokenLabel: '访问令牌',
    signInButton: '登录',
    signedOut: '已退出登录。',
    loading: '正在加载…',
    updatedAt: (time) => `数据更新于 ${time}`,
    roles: { 'bureau-admin': '县局管理员', 'office-staff': '监管所工作人员', viewer: '只读用户' },
    signedInAs: (name, role) => `${name}（${role}）`,
    networkError: '无法连接服务器，请稍后再试。',
    httpError: (status, detail) => `请求失败（${status}）：${detail}`,
    refused: '未能提交：',
    working: '正在提交…',
    readOnly: '只读：您的账号可以查看，不能办理。',
    campaign: '专项行动',
    campaignStatus: { draft: '未启动', running: '运行中', finished: '已结束' },
    noCampaign: '还没有专项行动。',
    office: '监管所',
    chooseOffice: '请选择…',
    noOffice: '请先选择一个监管所。',
    levels: { '1': '督办提醒', '2': '约谈', '3': '通报' },
    escalationStatus: { open: '待确认', acknowledged: '已确认', unacknowledged: '逾期未确认' },
  },
  en: {
    product: 'Campaign desk',
    navLabel: 'Pages',
    langToggle: '中文',
    signOut: 'Sign out',
    signInTitle: 'Sign in',
    signInHint:
      'Paste the access token the bureau issued to you (ce_…). It is kept in this browser tab only and cleared when you sign out or close the tab.',
    tokenLabel: 'Access token',
    signInButton: 'Sign in',
    signedOut: 'Signed out.',
    loading: 'Loading…',
    updatedAt: (time) => `Data as of ${time}`,
    roles: { 'bureau-admin': 'bureau admin', 'office-staff': 'office staff', viewer: 'viewer' },
    signedInAs: (name, role) => `${name} (${role})`,
    networkError: 'Cannot reach the server; try again in a moment.',
    httpError: (status, detail) => `Request failed (${status}): ${detail}`,
    refused: 'Not submitted: ',
    working: 'Submitting…',
    readOnly: 'Read only: your account can see, not act.',
    campaign: 'Campaign',
    campaignStatus: { draft: 'not started', running: 'running', finished: 'finished' },
    noCampaign: 'There is no campaign yet.',
    office: 'Office',
    chooseOffice: 'Choose…',
    noOffice: 'Choose an office first.',
    levels: { '1': 'supervision notice', '2': 'warning talk', '3': 'public circular' },
    escalationStatus: {
      open: 'awaiting acknowledgement',
      acknowledged: 'acknowledged',
      unacknowledged: 'not acknowledged',
    },
  },
};

/** The label of a value the API sent (a status, a role), or the value itself for one the page does not know. */
export function labelOf(labels: Readonly<Record<string, string>>, key: string | number): string {
  const k = String(key);
  return Object.prototype.hasOwnProperty.call(labels, k) ? (labels[k] ?? k) : k;
}

/** The steps of a reminder ladder, in words: see stepLabel(). */
export interface StepText {
  'reminder-due-day': string;
  overdue: string;
  escalation: string;
  /** reminder-<n>wd: n working days before the due day (n as the step names it) */
  wd: (n: string) => string;
  /** reminder-<n>cd: n calendar days before */
  cd: (n: string) => string;
}

export const STEP_TEXT: Readonly<Record<Language, StepText>> = {
  'zh-CN': {
    'reminder-due-day': '截止日提醒',
    overdue: '逾期通知',
    escalation: '升级督办（报县局）',
    wd: (n) => `提前 ${n} 个工作日提醒`,
    cd: (n) => `提前 ${n} 天提醒`,
  },
  en: {
    'reminder-due-day': 'due-day reminder',
    overdue: 'overdue notice',
    escalation: 'escalation to the bureau',
    wd: (n) => `reminder ${n} working day${n === '1' ? '' : 's'} before`,
    cd: (n) => `reminder ${n} day${n === '1' ? '' : 's'} before`,
  },
};

/** reminder-due-day, overdue, escalation, or reminder-<n>wd / reminder-<n>cd, in words; any other step as it is. */
export function stepLabel(step: string, x: { steps: StepText }): string {
  const { steps } = x;
  if (step === 'reminder-due-day' || step === 'overdue' || step === 'escalation') return steps[step];
  const [, n, unit] = /^reminder-(\d+)(wd|cd)$/.exec(step) ?? [];
  if (n === undefined) return step;
  return unit === 'wd' ? steps.wd(n) : steps.cd(n);
}

/** The list of the mails a campaign sends next (the status board's and the office page's). */
export interface NextMailsText {
  mailsTitle: string;
  when: string;
  step: string;
  recipients: string;
  steps: StepText;
  digest: (n: number) => string;
  draftMails: string;
  finishedMails: string;
  noMails: string;
}

export const NEXT_MAILS_TEXT: Readonly<Record<Language, NextMailsText>> = {
  'zh-CN': {
    mailsTitle: '即将发送的邮件',
    when: '发送时间',
    step: '环节',
    recipients: '收件人',
    steps: STEP_TEXT['zh-CN'],
    digest: (n) => `企业汇总（${n} 家未完成）`,
    draftMails: '本行动尚未启动：启动后才会按下列计划发送邮件。',
    finishedMails: '本行动已结束：不再发送邮件。',
    noMails: '没有待发送的邮件。',
  },
  en: {
    mailsTitle: 'Next mails',
    when: 'When',
    step: 'Step',
    recipients: 'Recipients',
    steps: STEP_TEXT.en,
    digest: (n) => `enterprise digest (${n} open)`,
    draftMails: 'This campaign has not been started: these mails go out only once it is.',
    finishedMails: 'This campaign has finished: it sends no more mails.',
    noMails: 'No mail is planned.',
  },
};
