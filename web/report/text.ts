// Every label of the monthly report page, in both languages. The annexes' own headings come from the API
// (GET /report-layout, in Chinese as printed); in English they are translated from the field catalogue's labels
// (layout.ts), with the few printed headings no cell carries translated here.
import type { Language } from '../shared/shell-text.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export interface ReportText {
  title: string;
  fixFields: string;
  period: string;
  noPeriods: string;
  periodState: Labels<'done' | 'open' | 'overdue' | 'late'>;
  periodOption: (title: string, state: string) => string;
  dueOn: (date: string) => string;
  submittedVersions: (n: number) => string;
  notSubmitted: string;
  annexTitle: Labels<'annex3' | 'annex4'>;
  notesTitle: string;
  notesInChinese: string;
  /** Printed headings of the layout that are no cell's label, in English. */
  layoutHeadings: Readonly<Record<string, string>>;
  /** The unit after each input: 家, 个, 份, 条, 家次, 人次, 万元. */
  units: Readonly<Record<string, string>>;
  partsAddUp: (sum: string) => string;
  partsMismatch: (sum: string) => string;
  exceeds: (whole: string, value: string) => string;
  prefilledFrom: (version: number) => string;
  startsBlank: string;
  excelTitle: string;
  excelHint: string;
  download: string;
  downloading: string;
  downloaded: (name: string) => string;
  workbookFile: string;
  workbookHint: string;
  chooseWorkbook: string;
  submitTitle: string;
  summaryFile: string;
  summaryHint: string;
  correctionReason: string;
  correctionHint: string;
  submitTables: string;
  submitWorkbook: string;
  submitted: (version: number, late: boolean) => string;
  versionsTitle: string;
  noVersions: string;
  version: string;
  submittedAt: string;
  submittedBy: string;
  timeliness: string;
  late: string;
  onTime: string;
  reason: string;
  summary: string;
  firstVersion: string;
}

export const TEXT: Readonly<Record<Language, ReportText>> = {
  'zh-CN': {
    title: '月报',
    fixFields: '请更正下方标出的栏目。',
    period: '报送期间',
    noPeriods: '本行动没有需要报送的月报。',
    periodState: { done: '已报送', open: '未到期', overdue: '已逾期', late: '超过最后期限' },
    periodOption: (title, state) => `${title}（${state}）`,
    dueOn: (date) => `截止 ${date}`,
    submittedVersions: (n) => `已报送 ${n} 版`,
    notSubmitted: '尚未报送',
    annexTitle: { annex3: '附件3', annex4: '附件4' },
    notesTitle: '填表说明（注）',
    notesInChinese: '',
    layoutHeadings: {},
    units: {},
    partsAddUp: (sum) => `各项合计 ${sum}`,
    partsMismatch: (sum) => `各项合计 ${sum}，与总数不符`,
    exceeds: (whole, value) => `大于“${whole}”（${value}）`,
    prefilledFrom: (version) => `已填入本期第${version}版的数据：如需更正，修改后填写更正原因再提交。`,
    startsBlank:
      '本期尚未报送，表格为空。每格必填，若无则填0。也可以下载Excel表格：其中已按企业名录预填企业数量，并按上期报送数预填累计数。',
    excelTitle: 'Excel表格',
    excelHint: '下载本所本期的附件3、附件4表格（Excel/WPS可打开），填好后在此上传，连同盖章的书面总结一并提交。',
    download: '下载Excel表格',
    downloading: '正在下载…',
    downloaded: (name) => `已下载 ${name}`,
    workbookFile: '填好的Excel表格（.xlsx）',
    workbookHint: '选好表格后，在页面下方附上书面总结，点击“上传Excel表格并提交”。',
    chooseWorkbook: '请先选择填好的Excel表格',
    submitTitle: '提交',
    summaryFile: '盖章的书面工作总结（PDF、JPG或PNG）',
    summaryHint: '扫描或拍照，不超过10 MB。',
    correctionReason: '更正原因',
    correctionHint: '本期已报送过：再次提交即为更正，须说明原因。',
    submitTables: '提交本页表格',
    submitWorkbook: '上传Excel表格并提交',
    submitted: (version, late) => `已提交第${version}版（${late ? '逾期' : '按时'}）。`,
    versionsTitle: '已报送的版本',
    noVersions: '还没有报送过。',
    version: '版本',
    submittedAt: '提交时间',
    submittedBy: '提交人',
    timeliness: '是否按时',
    late: '逾期',
    onTime: '按时',
    reason: '更正原因',
    summary: '书面总结',
    firstVersion: '（首次报送）',
  },
  en: {
    title: 'Monthly report',
    fixFields: 'Correct the fields marked below.',
    period: 'Period',
    noPeriods: 'This campaign has no report to send.',
    periodState: { done: 'sent', open: 'not due yet', overdue: 'overdue', late: 'past hard deadline' },
    periodOption: (title, state) => `${title} (${state})`,
    dueOn: (date) => `due ${date}`,
    submittedVersions: (n) => `${n} version${n === 1 ? '' : 's'} sent`,
    notSubmitted: 'not sent yet',
    annexTitle: { annex3: 'Annex 3 — Monthly progress table 1', annex4: 'Annex 4 — Monthly progress table 2' },
    notesTitle: 'Notes (注)',
    notesInChinese: 'As printed on the form, in Chinese:',
    layoutHeadings: {
      填报单位类型: 'Unit type',
      达标类型: 'Standard',
      样板层级: 'Level',
      样板个数: 'Model townships',
      标杆层级: 'Level',
      示范层级: 'Level',
      '/': '/',
    },
    units: {
      家: 'firms',
      个: 'no.',
      份: 'docs',
      条: 'items',
      家次: 'firm-times',
      人次: 'person-times',
      万元: '10k yuan',
    },
    partsAddUp: (sum) => `parts add up to ${sum}`,
    partsMismatch: (sum) => `parts add up to ${sum}: does not match`,
    exceeds: (whole, value) => `more than "${whole}" (${value})`,
    prefilledFrom: (version) =>
      `Filled in with version ${version} of this period: to correct it, change it, give a reason and send it again.`,
    startsBlank:
      'Nothing sent for this period yet: the form is blank. Every cell is required, 0 for none. Or download the Excel ' +
      "form: it comes with the register's enterprise counts and last period's cumulative figures filled in.",
    excelTitle: 'Excel form',
    excelHint:
      "Download this office's annex 3 and annex 4 for the period (opens in Excel or WPS), fill it in and upload it " +
      'here with the sealed written summary.',
    download: 'Download as Excel',
    downloading: 'Downloading…',
    downloaded: (name) => `Downloaded ${name}`,
    workbookFile: 'Filled-in Excel form (.xlsx)',
    workbookHint: 'Then attach the written summary below and press "Upload the Excel form and send".',
    chooseWorkbook: 'Choose the filled-in Excel form first',
    submitTitle: 'Send',
    summaryFile: 'Sealed written work summary (PDF, JPG or PNG)',
    summaryHint: 'A scan or a photo, at most 10 MB.',
    correctionReason: 'Reason for the correction',
    correctionHint: 'This period has been sent already: sending again is a correction and needs a reason.',
    submitTables: 'Send this form',
    submitWorkbook: 'Upload the Excel form and send',
    submitted: (version, late) => `Version ${version} sent (${late ? 'late' : 'on time'}).`,
    versionsTitle: 'Versions sent',
    noVersions: 'Nothing sent yet.',
    version: 'Version',
    submittedAt: 'Sent at',
    submittedBy: 'Sent by',
    timeliness: 'On time',
    late: 'late',
    onTime: 'on time',
    reason: 'Reason',
    summary: 'Written summary',
    firstVersion: '(first)',
  },
};
