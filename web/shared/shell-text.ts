// The labels of the page shell (web/shared/shell.ts) and the words every action page shares, in both languages.
// A page's own texts live in its folder (web/<page>/text.ts). Chinese by default, English with the button or ?lang=en.

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
