// Every label of the office page ("我的所" / "My office"), in both languages. The shell's words (roles, levels,
// escalation statuses, pickers) and those of the next mails' list are in web/shared/shell-text.ts.
import { NEXT_MAILS_TEXT, type Language, type NextMailsText } from '../shared/shell-text.js';

export { stepLabel } from '../shared/shell-text.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export interface OfficeText extends NextMailsText {
  title: string;
  fixFields: string;
  campaignLine: (name: string, status: string) => string;
  item: string;
  dueDate: string;
  state: string;
  daysLate: string;
  extension: string;
  dueNextTitle: string;
  dueNext: (title: string, date: string) => string;
  daysLeft: (n: number) => string;
  nothingOpen: string;
  comingUp: string;
  obligationState: Labels<'done' | 'open' | 'overdue' | 'late'>;
  lateTitle: string;
  noneLate: string;
  extendedFrom: (date: string) => string;
  extensionState: Labels<'requested' | 'approved' | 'rejected'>;
  extensionTo: (state: string, date: string) => string;
  requestTitle: string;
  requestHint: string;
  obligation: string;
  requestedDueDate: string;
  reason: string;
  requestButton: string;
  requested: string;
  extensionsTitle: string;
  noExtensions: string;
  requestedBy: string;
  decision: string;
  decidedBy: (by: string, at: string) => string;
  note: string;
  approve: string;
  reject: string;
  approved: string;
  rejected: string;
  phaseTitle: string;
  markDone: string;
  doneAt: (at: string) => string;
  markedDone: string;
  escalationsTitle: string;
  noEscalations: string;
  level: string;
  ackBy: string;
  acknowledge: string;
  acknowledged: string;
  acknowledgedBy: (by: string, at: string) => string;
  details: string;
  escalateTitle: string;
  escalateHint: string;
  escalateReason: string;
  escalateAckBy: string;
  escalateAckByHint: string;
  relatedObligation: string;
  none: string;
  escalateButton: string;
  escalated: string;
}

export const TEXT: Readonly<Record<Language, OfficeText>> = {
  'zh-CN': {
    ...NEXT_MAILS_TEXT['zh-CN'],
    title: '我的所',
    fixFields: '请更正下方标出的栏目。',
    campaignLine: (name, status) => `${name}（${status}）`,
    item: '事项',
    dueDate: '截止日期',
    state: '状态',
    daysLate: '逾期天数',
    extension: '延期',
    dueNextTitle: '下一项截止',
    dueNext: (title, date) => `${title}：${date} 截止`,
    daysLeft: (n) => (n > 0 ? `还剩 ${n} 天` : n === 0 ? '今天截止' : `已过 ${-n} 天`),
    nothingOpen: '没有未到期的事项。',
    comingUp: '随后到期',
    obligationState: { done: '已完成', open: '未到期', overdue: '已逾期', late: '超过最后期限（已升级）' },
    lateTitle: '逾期事项',
    noneLate: '没有逾期事项。',
    extendedFrom: (date) => `原定 ${date}`,
    extensionState: { requested: '延期待审批', approved: '延期已批准', rejected: '延期被驳回' },
    extensionTo: (state, date) => `${state}（至 ${date}）`,
    requestTitle: '申请延期',
    requestHint: '县局审批后，截止日期和提醒随之顺延。',
    obligation: '事项',
    requestedDueDate: '申请延至',
    reason: '理由',
    requestButton: '提交延期申请',
    requested: '已提交延期申请，等待县局审批。',
    extensionsTitle: '延期申请',
    noExtensions: '没有延期申请。',
    requestedBy: '申请人',
    decision: '审批',
    decidedBy: (by, at) => `${by} · ${at}`,
    note: '审批意见（可选）',
    approve: '批准',
    reject: '驳回',
    approved: '已批准延期。',
    rejected: '已驳回延期申请。',
    phaseTitle: '阶段任务',
    markDone: '标记完成',
    doneAt: (at) => `完成于 ${at}`,
    markedDone: '已标记完成，相关提醒随即停止。',
    escalationsTitle: '未结督办',
    noEscalations: '没有未结的督办。',
    level: '级别',
    ackBy: '确认期限',
    acknowledge: '确认收到',
    acknowledged: '已确认收到。',
    acknowledgedBy: (by, at) => `${by} 已于 ${at} 确认`,
    details: '详情',
    escalateTitle: '督办本所',
    escalateHint: '通知发给本所负责人；到期未确认则自动升级一级。',
    escalateReason: '原因',
    escalateAckBy: '确认期限',
    escalateAckByHint: '留空则按行动规则（若干个工作日后）。',
    relatedObligation: '相关事项（可选）',
    none: '（无）',
    escalateButton: '发出督办',
    escalated: '已发出督办通知。',
  },
  en: {
    ...NEXT_MAILS_TEXT.en,
    title: 'My office',
    fixFields: 'Correct the fields marked below.',
    campaignLine: (name, status) => `${name} (${status})`,
    item: 'Item',
    dueDate: 'Due',
    state: 'State',
    daysLate: 'Days late',
    extension: 'Extension',
    dueNextTitle: 'Due next',
    dueNext: (title, date) => `${title}: due ${date}`,
    daysLeft: (n) =>
      n > 0 ? `${n} day${n === 1 ? '' : 's'} left` : n === 0 ? 'due today' : `${-n} day${n === -1 ? '' : 's'} ago`,
    nothingOpen: 'Nothing is coming due.',
    comingUp: 'Then',
    obligationState: { done: 'done', open: 'not due yet', overdue: 'overdue', late: 'past hard deadline (escalated)' },
    lateTitle: 'Late',
    noneLate: 'Nothing is late.',
    extendedFrom: (date) => `was ${date}`,
    extensionState: { requested: 'extension pending', approved: 'extension approved', rejected: 'extension rejected' },
    extensionTo: (state, date) => `${state} (to ${date})`,
    requestTitle: 'Request an extension',
    requestHint: 'Once the bureau approves, the due date and its reminders move.',
    obligation: 'Item',
    requestedDueDate: 'New due date',
    reason: 'Reason',
    requestButton: 'Request extension',
    requested: 'Extension requested; the bureau will decide.',
    extensionsTitle: 'Extension requests',
    noExtensions: 'No extension requests.',
    requestedBy: 'Requested by',
    decision: 'Decision',
    decidedBy: (by, at) => `${by} · ${at}`,
    note: 'Note (optional)',
    approve: 'Approve',
    reject: 'Reject',
    approved: 'Extension approved.',
    rejected: 'Extension rejected.',
    phaseTitle: 'Phase tasks',
    markDone: 'Mark done',
    doneAt: (at) => `done ${at}`,
    markedDone: 'Marked done; its reminders stop.',
    escalationsTitle: 'Open escalations',
    noEscalations: 'No open escalations.',
    level: 'Level',
    ackBy: 'Acknowledge by',
    acknowledge: 'Acknowledge',
    acknowledged: 'Acknowledged.',
    acknowledgedBy: (by, at) => `acknowledged by ${by} at ${at}`,
    details: 'Details',
    escalateTitle: 'Escalate this office',
    escalateHint: 'The notice goes to the office head; unacknowledged by the date, it climbs one level.',
    escalateReason: 'Reason',
    escalateAckBy: 'Acknowledge by',
    escalateAckByHint: "Leave empty for the campaign's rule (a few working days).",
    relatedObligation: 'Related item (optional)',
    none: '(none)',
    escalateButton: 'Escalate',
    escalated: 'Escalation sent.',
  },
};
