// Every label of the enterprise register page ("企业" / "Enterprises"), in both languages. The shell's words (roles,
// pickers, read-only) are in web/shared/shell-text.ts.
import type { Language } from '../shared/shell-text.js';
import type { CommitmentState, ObligationKind, ProgressField } from './api-types.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

/** The steps the bulk form records for several enterprises at once (a signature names its own signatory: not here). */
export type BulkStep =
  'notice' | 'copyArchive' | 'copyNoticeBoard' | 'copyTownship' | 'copyCounty' | 'copies' | 'plan' | 'selfAssessment';

export interface EnterprisesText {
  title: string;
  fixFields: string;
  campaignLine: (name: string, status: string) => string;
  dueLine: (commitment: string, plan: string, selfAssessment: string) => string;
  countsTitle: string;
  counts: Labels<
    | 'total'
    | 'open'
    | 'noticesServed'
    | 'signed'
    | 'commitmentsComplete'
    | 'plansSubmitted'
    | 'selfAssessmentsSubmitted'
  >;
  registerTitle: string;
  showingOpen: (shown: number, total: number) => string;
  showAll: (total: number) => string;
  showOpen: (open: number) => string;
  noEnterprises: string;
  noneOpen: string;
  columns: {
    select: string;
    enterprise: string;
    state: string;
    notice: string;
    commitment: string;
    copies: string;
    plan: string;
    selfAssessment: string;
    actions: string;
  };
  sizeClass: Labels<'above-size' | 'medium' | 'small-micro'>;
  riskColour: Labels<'red' | 'orange' | 'yellow' | 'blue'>;
  state: Labels<CommitmentState>;
  copiesFiled: (n: number) => string;
  owing: Labels<ObligationKind>;
  overdue: string;
  notYet: string;
  servedBy: (by: string) => string;
  signedBy: (who: string) => string;
  committedDate: (date: string) => string;
  dueBy: (date: string) => string;
  copyShort: Labels<'copyArchiveAt' | 'copyNoticeBoardAt' | 'copyTownshipAt' | 'copyCountyAt'>;
  select: (name: string) => string;
  edit: string;
  editLabel: (name: string) => string;
  close: string;
  editTitle: (name: string) => string;
  groups: Labels<'notice' | 'commitment' | 'copies' | 'later'>;
  fields: Labels<ProgressField>;
  datesHint: string;
  save: string;
  saved: (name: string) => string;
  nothingChanged: string;
  cannotClear: string;
  bulkTitle: string;
  bulkHint: string;
  bulkStep: string;
  bulkSteps: Labels<BulkStep>;
  bulkDate: string;
  bulkBy: string;
  selectOpen: string;
  selectNone: string;
  selectedCount: (n: number) => string;
  bulkButton: string;
  noneSelected: string;
  bulkProgress: (done: number, total: number) => string;
  bulkDone: (saved: number, failed: number) => string;
  bulkFailuresTitle: (failed: number) => string;
  rowSaved: string;
  rowFailed: string;
  networkFailure: string;
  /** One refused field of one enterprise: its label and the server's message. */
  problem: (label: string, message: string) => string;
}

export const TEXT: Readonly<Record<Language, EnterprisesText>> = {
  'zh-CN': {
    title: '企业承诺台账',
    fixFields: '请更正下方标出的栏目。',
    campaignLine: (name, status) => `${name}（${status}）`,
    dueLine: (commitment, plan, selfAssessment) =>
      `告知书送达、承诺书签订及四份备案：${commitment} 前；年度计划：${plan} 前；自评报告：默认 ${selfAssessment} 前（以企业承诺日期为准）。`,
    countsTitle: '进度',
    counts: {
      total: '企业总数',
      open: '尚有未办',
      noticesServed: '已送达告知书',
      signed: '已签订承诺书',
      commitmentsComplete: '已完成承诺',
      plansSubmitted: '已交年度计划',
      selfAssessmentsSubmitted: '已交自评报告',
    },
    registerTitle: '企业名单',
    showingOpen: (shown, total) => `只显示尚有未办事项的企业（${shown} / ${total} 家）。`,
    showAll: (total) => `显示全部企业（${total} 家）`,
    showOpen: (open) => `只看尚有未办的企业（${open} 家）`,
    noEnterprises: '本所还没有登记企业。',
    noneOpen: '所有企业目前都没有未办事项。',
    columns: {
      select: '选择',
      enterprise: '企业',
      state: '状态',
      notice: '告知书',
      commitment: '承诺书',
      copies: '四份备案',
      plan: '年度计划',
      selfAssessment: '自评报告',
      actions: '操作',
    },
    sizeClass: { 'above-size': '规上', medium: '中等', 'small-micro': '小微' },
    riskColour: { red: '红色风险', orange: '橙色风险', yellow: '黄色风险', blue: '蓝色风险' },
    state: {
      'awaiting-notice': '待送达告知书',
      'awaiting-signature': '待签订承诺书',
      'awaiting-copies': '待备案',
      committed: '已完成承诺',
    },
    copiesFiled: (n) => `已备案 ${n}/4`,
    owing: {
      'enterprise-commitment': '承诺未完成',
      'enterprise-plan': '待交年度计划',
      'enterprise-self-assessment': '待交自评报告',
    },
    overdue: '已逾期',
    notYet: '—',
    servedBy: (by) => `送达人：${by}`,
    signedBy: (who) => `签字：${who}`,
    committedDate: (date) => `承诺自评日期：${date}`,
    dueBy: (date) => `${date} 前`,
    copyShort: {
      copyArchiveAt: '企业备查',
      copyNoticeBoardAt: '公示栏公示',
      copyTownshipAt: '乡镇安办备案',
      copyCountyAt: '县局备案',
    },
    select: (name) => `选择 ${name}`,
    edit: '登记',
    editLabel: (name) => `登记 ${name} 的进度`,
    close: '收起',
    editTitle: (name) => `登记进度：${name}`,
    groups: { notice: '告知书', commitment: '承诺书', copies: '四份备案', later: '计划与自评' },
    fields: {
      noticeServedAt: '送达日期',
      noticeServedBy: '送达人',
      signedAt: '签订日期',
      signatory: '签字人（法定代表人）',
      committedSelfAssessmentDate: '承诺完成自评日期',
      copyArchiveAt: '企业备查',
      copyNoticeBoardAt: '企业公示栏公示',
      copyTownshipAt: '属地乡镇安办备案',
      copyCountyAt: '县局备案',
      planSubmittedAt: '年度计划提交日期',
      selfAssessmentSubmittedAt: '自评报告提交日期',
    },
    datesHint: '只保存改动过的栏目；已登记的日期可以更正，不能清空。',
    save: '保存',
    saved: (name) => `已保存：${name}。`,
    nothingChanged: '没有改动，无需保存。',
    cannotClear: '已登记的日期不能清空，只能更正为另一日期。',
    bulkTitle: '批量登记',
    bulkHint: '在名单中勾选企业，选择环节和日期，为每家企业分别保存；每家的结果显示在各自一行。',
    bulkStep: '环节',
    bulkSteps: {
      notice: '送达告知书',
      copyArchive: '企业备查',
      copyNoticeBoard: '企业公示栏公示',
      copyTownship: '属地乡镇安办备案',
      copyCounty: '县局备案',
      copies: '四份同时备案',
      plan: '提交年度计划',
      selfAssessment: '提交自评报告',
    },
    bulkDate: '日期',
    bulkBy: '送达人',
    selectOpen: '选中全部未办企业',
    selectNone: '清除选择',
    selectedCount: (n) => `已选 ${n} 家`,
    bulkButton: '为选中的企业登记',
    noneSelected: '请先在名单中勾选企业。',
    bulkProgress: (done, total) => `正在保存 ${done} / ${total}…`,
    bulkDone: (saved, failed) =>
      failed === 0 ? `已为 ${saved} 家企业登记。` : `已为 ${saved} 家企业登记，${failed} 家未能登记（见下方及各行）。`,
    bulkFailuresTitle: (failed) => `${failed} 家未能登记，仍保持选中：`,
    rowSaved: '已登记',
    rowFailed: '未能登记',
    networkFailure: '无法连接服务器',
    problem: (label, message) => `${label}：${message}`,
  },
  en: {
    title: 'Enterprise commitments',
    fixFields: 'Correct the fields marked below.',
    campaignLine: (name, status) => `${name} (${status})`,
    dueLine: (commitment, plan, selfAssessment) =>
      `Notice served, commitment signed and four copies filed by ${commitment}; annual plan by ${plan}; self-assessment report by ${selfAssessment} unless the enterprise committed to another date.`,
    countsTitle: 'Progress',
    counts: {
      total: 'Enterprises',
      open: 'Still owing',
      noticesServed: 'Notice served',
      signed: 'Commitment signed',
      commitmentsComplete: 'Commitment complete',
      plansSubmitted: 'Plan submitted',
      selfAssessmentsSubmitted: 'Self-assessment submitted',
    },
    registerTitle: 'Enterprises',
    showingOpen: (shown, total) => `Showing only enterprises that still owe something (${shown} of ${total}).`,
    showAll: (total) => `Show all enterprises (${total})`,
    showOpen: (open) => `Show only those still owing (${open})`,
    noEnterprises: 'This office has no enterprises registered.',
    noneOpen: 'No enterprise owes anything at the moment.',
    columns: {
      select: 'Select',
      enterprise: 'Enterprise',
      state: 'State',
      notice: 'Notice',
      commitment: 'Commitment',
      copies: 'Four copies',
      plan: 'Annual plan',
      selfAssessment: 'Self-assessment',
      actions: 'Actions',
    },
    sizeClass: { 'above-size': 'above size', medium: 'medium', 'small-micro': 'small/micro' },
    riskColour: { red: 'red risk', orange: 'orange risk', yellow: 'yellow risk', blue: 'blue risk' },
    state: {
      'awaiting-notice': 'notice to serve',
      'awaiting-signature': 'to sign',
      'awaiting-copies': 'copies to file',
      committed: 'commitment complete',
    },
    copiesFiled: (n) => `${n}/4 filed`,
    owing: {
      'enterprise-commitment': 'commitment open',
      'enterprise-plan': 'plan due',
      'enterprise-self-assessment': 'self-assessment due',
    },
    overdue: 'overdue',
    notYet: '—',
    servedBy: (by) => `by ${by}`,
    signedBy: (who) => `signed by ${who}`,
    committedDate: (date) => `self-assessment by ${date}`,
    dueBy: (date) => `due ${date}`,
    copyShort: {
      copyArchiveAt: 'archive',
      copyNoticeBoardAt: 'notice board',
      copyTownshipAt: 'township',
      copyCountyAt: 'county',
    },
    select: (name) => `Select ${name}`,
    edit: 'Record',
    editLabel: (name) => `Record the progress of ${name}`,
    close: 'Close',
    editTitle: (name) => `Record progress: ${name}`,
    groups: { notice: 'Notice', commitment: 'Commitment', copies: 'Four copies', later: 'Plan and self-assessment' },
    fields: {
      noticeServedAt: 'Served on',
      noticeServedBy: 'Served by',
      signedAt: 'Signed on',
      signatory: 'Signatory (legal representative)',
      committedSelfAssessmentDate: 'Committed self-assessment date',
      copyArchiveAt: 'Enterprise archive',
      copyNoticeBoardAt: 'Enterprise notice board',
      copyTownshipAt: 'Township safety office',
      copyCountyAt: 'County bureau',
      planSubmittedAt: 'Plan submitted on',
      selfAssessmentSubmittedAt: 'Self-assessment submitted on',
    },
    datesHint: 'Only the fields you change are saved; a recorded date can be corrected, not removed.',
    save: 'Save',
    saved: (name) => `Saved: ${name}.`,
    nothingChanged: 'Nothing changed: nothing to save.',
    cannotClear: 'A recorded date cannot be removed, only corrected to another date.',
    bulkTitle: 'Record for several',
    bulkHint:
      'Tick enterprises in the list, choose a step and a date: each enterprise is saved on its own, with its result on its row.',
    bulkStep: 'Step',
    bulkSteps: {
      notice: 'notice served',
      copyArchive: 'copy filed: enterprise archive',
      copyNoticeBoard: 'copy filed: enterprise notice board',
      copyTownship: 'copy filed: township safety office',
      copyCounty: 'copy filed: county bureau',
      copies: 'all four copies filed',
      plan: 'annual plan submitted',
      selfAssessment: 'self-assessment submitted',
    },
    bulkDate: 'Date',
    bulkBy: 'Served by',
    selectOpen: 'Select all still owing',
    selectNone: 'Clear selection',
    selectedCount: (n) => `${n} selected`,
    bulkButton: 'Record for the selected',
    noneSelected: 'Tick enterprises in the list first.',
    bulkProgress: (done, total) => `Saving ${done} of ${total}…`,
    bulkDone: (saved, failed) =>
      failed === 0
        ? `Recorded for ${saved} enterprise${saved === 1 ? '' : 's'}.`
        : `Recorded for ${saved}; ${failed} not recorded (see below and their rows).`,
    bulkFailuresTitle: (failed) => `${failed} not recorded, still selected:`,
    rowSaved: 'recorded',
    rowFailed: 'not recorded',
    networkFailure: 'cannot reach the server',
    problem: (label, message) => `${label}: ${message}`,
  },
};
