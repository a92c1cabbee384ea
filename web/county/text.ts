// Every label of the county reports page ("全县报送" / "County reports"), in both languages. The shell's words
// (roles, statuses, pickers) are in web/shared/shell-text.ts.
import type { Language } from '../shared/shell-text.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export interface CountyText {
  title: string;
  fixFields: string;
  period: string;
  periodTitle: (period: string) => string;
  quarterTitle: (quarter: string) => string;
  campaignLine: (name: string, status: string) => string;
  dueLine: (due: string, hard: string) => string;
  noPeriods: string;
  statusTitle: string;
  status: Labels<'on-time' | 'late-with-extension' | 'late' | 'missing' | 'upcoming'>;
  countsLine: string;
  office: string;
  unitType: string;
  unitTypes: Labels<'county-unit' | 'township'>;
  state: string;
  dueDate: string;
  extended: string;
  submittedAt: string;
  version: string;
  escalated: string;
  noOffices: string;
  totalsTitle: string;
  totalsRow: Labels<'countyUnits' | 'townships' | 'county'>;
  reported: string;
  enterprises: string;
  aboveSize: string;
  medium: string;
  smallMicro: string;
  inspected: string;
  hazardsFound: string;
  hazardsRectified: string;
  fines: string;
  notReported: (names: string) => string;
  allReported: string;
  totalsHint: string;
  downloadsTitle: string;
  exportXlsx: string;
  exportAnnex3: string;
  exportAnnex4: string;
  statusCsv: string;
  circular: string;
  quarter: string;
  circularHint: string;
  downloading: string;
  downloaded: (name: string) => string;
  ratesTitle: string;
  rate: string;
  extensionsTitle: string;
  noExtensions: string;
  item: string;
  requestedDueDate: string;
  reason: string;
  requestedBy: string;
  decision: string;
  note: string;
  approve: string;
  reject: string;
  approved: string;
  rejected: string;
  obligationTitle: (key: string, phaseName: (key: string) => string) => string;
}

const monthZh = (period: string) => `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthEn = (period: string) =>
  `${MONTHS_EN[Number(period.slice(5, 7)) - 1] ?? period.slice(5, 7)} ${period.slice(0, 4)}`;
const isMonth = (period: string) => /^\d{4}-\d{2}$/.test(period);

export const TEXT: Readonly<Record<Language, CountyText>> = {
  'zh-CN': {
    title: '全县报送',
    fixFields: '请更正下方标出的栏目。',
    period: '报送期',
    periodTitle: (p) => (isMonth(p) ? `${monthZh(p)}工作月报` : '年度工作总结'),
    quarterTitle: (q) => `${q.slice(0, 4)}年第${q.slice(6)}季度`,
    campaignLine: (name, status) => `${name}（${status}）`,
    dueLine: (due, hard) => `${due} 截止，${hard} 为最后期限`,
    noPeriods: '本行动没有报送期。',
    statusTitle: '各所报送情况',
    status: {
      'on-time': '按时报送',
      'late-with-extension': '延期后报送',
      late: '逾期报送',
      missing: '未报送',
      upcoming: '未到期',
    },
    countsLine: '合计：',
    office: '单位',
    unitType: '类别',
    unitTypes: { 'county-unit': '县直单位', township: '乡镇' },
    state: '状态',
    dueDate: '截止日期',
    extended: '已批准延期',
    submittedAt: '首次报送',
    version: '版本',
    escalated: '已过最后期限',
    noOffices: '还没有监管所。',
    totalsTitle: '全县合计（最新版本）',
    totalsRow: { countyUnits: '县直单位', townships: '乡镇', county: '合计' },
    reported: '已报单位',
    enterprises: '企业总数',
    aboveSize: '规上',
    medium: '中等',
    smallMicro: '小微',
    inspected: '检查企业（家次）',
    hazardsFound: '发现隐患（条）',
    hazardsRectified: '督促整改（条）',
    fines: '罚款（万元）',
    notReported: (names) => `未报送：${names}。`,
    allReported: '各单位均已报送。',
    totalsHint: '附件3、附件4的全部栏目见下载的汇总表。',
    downloadsTitle: '下载',
    exportXlsx: '汇总表（附件3、4，Excel）',
    exportAnnex3: '月报表一（CSV）',
    exportAnnex4: '月报表二（CSV）',
    statusCsv: '报送情况（CSV）',
    circular: '季度通报',
    quarter: '季度',
    circularHint: '季度通报为可打印的网页文件（.html）：下载后用浏览器打开、打印。',
    downloading: '正在下载…',
    downloaded: (name) => `已下载 ${name}`,
    ratesTitle: '各期报送率',
    rate: '按时率',
    extensionsTitle: '待审批的延期申请',
    noExtensions: '没有待审批的延期申请。',
    item: '事项',
    requestedDueDate: '申请延至',
    reason: '理由',
    requestedBy: '申请人',
    decision: '审批',
    note: '审批意见（可选）',
    approve: '批准',
    reject: '驳回',
    approved: '已批准延期。',
    rejected: '已驳回延期申请。',
    obligationTitle: (key, phaseName) => {
      const [kind, rest = ''] = key.split(':');
      if (kind === 'monthly-report') return `${monthZh(rest)}工作月报`;
      if (kind === 'year-end-summary') return `${rest}年度工作总结`;
      if (kind === 'phase') return `${phaseName(rest)}阶段工作`;
      return key;
    },
  },
  en: {
    title: 'County reports',
    fixFields: 'Correct the fields marked below.',
    period: 'Period',
    periodTitle: (p) => (isMonth(p) ? `Monthly report ${monthEn(p)}` : 'Year-end summary'),
    quarterTitle: (q) => `${q.slice(5)} ${q.slice(0, 4)}`,
    campaignLine: (name, status) => `${name} (${status})`,
    dueLine: (due, hard) => `due ${due}, hard deadline ${hard}`,
    noPeriods: 'This campaign has no reporting period.',
    statusTitle: 'Reporting status by office',
    status: {
      'on-time': 'on time',
      'late-with-extension': 'within extension',
      late: 'late',
      missing: 'missing',
      upcoming: 'not due yet',
    },
    countsLine: 'In all:',
    office: 'Office',
    unitType: 'Type',
    unitTypes: { 'county-unit': 'county unit', township: 'township' },
    state: 'State',
    dueDate: 'Due',
    extended: 'extension approved',
    submittedAt: 'First sent',
    version: 'Version',
    escalated: 'past hard deadline',
    noOffices: 'There is no office yet.',
    totalsTitle: 'County totals (latest versions)',
    totalsRow: { countyUnits: 'County units', townships: 'Townships', county: 'County' },
    reported: 'Reported',
    enterprises: 'Enterprises',
    aboveSize: 'Above size',
    medium: 'Medium',
    smallMicro: 'Small/micro',
    inspected: 'Inspected',
    hazardsFound: 'Hazards found',
    hazardsRectified: 'Rectified',
    fines: 'Fines (10k yuan)',
    notReported: (names) => `Not reported: ${names}.`,
    allReported: 'Every office has reported.',
    totalsHint: 'Every figure of annex 3 and 4 is in the workbook below.',
    downloadsTitle: 'Downloads',
    exportXlsx: 'Workbook (annex 3 and 4, Excel)',
    exportAnnex3: 'Annex 3 (CSV)',
    exportAnnex4: 'Annex 4 (CSV)',
    statusCsv: 'Reporting status (CSV)',
    circular: 'Quarterly circular',
    quarter: 'Quarter',
    circularHint:
      'The quarterly circular is a printable web page (.html): open the downloaded file in a browser to print it.',
    downloading: 'Downloading…',
    downloaded: (name) => `Saved ${name}`,
    ratesTitle: 'Reporting rates by period',
    rate: 'On-time rate',
    extensionsTitle: 'Extension requests awaiting a decision',
    noExtensions: 'No extension request awaits a decision.',
    item: 'Item',
    requestedDueDate: 'New due date',
    reason: 'Reason',
    requestedBy: 'Requested by',
    decision: 'Decision',
    note: 'Note (optional)',
    approve: 'Approve',
    reject: 'Reject',
    approved: 'Extension approved.',
    rejected: 'Extension rejected.',
    obligationTitle: (key, phaseName) => {
      const [kind, rest = ''] = key.split(':');
      if (kind === 'monthly-report') return `Monthly report ${monthEn(rest)}`;
      if (kind === 'year-end-summary') return `Year-end summary ${rest}`;
      if (kind === 'phase') return `Phase tasks: ${phaseName(rest)}`;
      return key;
    },
  },
};
