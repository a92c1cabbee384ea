// Every label of the escalation page (the page a 督办/约谈/通报 mail links to), in both languages. Levels and
// statuses are the shell's (web/shared/shell-text.ts).
import type { Language } from '../shared/shell-text.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export interface EscalationText {
  title: string;
  fixFields: string;
  detailsTitle: string;
  missingId: string;
  notFound: string;
  level: string;
  status: string;
  reason: string;
  ackBy: string;
  ackByDay: (date: string) => string;
  origin: string;
  origins: Labels<'automatic' | 'manual'>;
  obligation: string;
  raisedAt: string;
  historyTitle: string;
  when: string;
  event: string;
  detail: string;
  events: Labels<'raised' | 'climbed' | 'acknowledged' | 'unacknowledged'>;
  acknowledgeTitle: string;
  acknowledgeHint: string;
  acknowledge: string;
  acknowledged: string;
  acknowledgedBy: (by: string, at: string) => string;
  notAcknowledged: string;
  backToOffice: string;
}

export const TEXT: Readonly<Record<Language, EscalationText>> = {
  'zh-CN': {
    title: '督办通知',
    fixFields: '请更正下方标出的栏目。',
    detailsTitle: '督办内容',
    missingId: '链接不完整：缺少督办编号（id）。',
    notFound: '找不到这条督办：它可能不属于本所，或链接有误。',
    level: '级别',
    status: '状态',
    reason: '原因',
    ackBy: '确认期限',
    ackByDay: (date) => `${date}（当日24时前）`,
    origin: '来源',
    origins: { automatic: '超过最后期限自动升级', manual: '县局发起' },
    obligation: '相关事项',
    raisedAt: '发起时间',
    historyTitle: '经过',
    when: '时间',
    event: '事件',
    detail: '说明',
    events: { raised: '发起', climbed: '未按期确认，升级', acknowledged: '确认收到', unacknowledged: '最终未确认' },
    acknowledgeTitle: '确认收到',
    acknowledgeHint: '确认后本督办不再升级。',
    acknowledge: '确认收到',
    acknowledged: '已确认收到。',
    acknowledgedBy: (by, at) => `${by} 已于 ${at} 确认收到。`,
    notAcknowledged: '尚未确认。',
    backToOffice: '返回本所页面',
  },
  en: {
    title: 'Escalation',
    fixFields: 'Correct the fields marked below.',
    detailsTitle: 'Details',
    missingId: 'The link is incomplete: the escalation id is missing.',
    notFound: 'No such escalation: it may belong to another office, or the link is wrong.',
    level: 'Level',
    status: 'Status',
    reason: 'Reason',
    ackBy: 'Acknowledge by',
    ackByDay: (date) => `end of ${date}`,
    origin: 'Raised',
    origins: { automatic: 'automatically, past the hard deadline', manual: 'by the bureau' },
    obligation: 'Related item',
    raisedAt: 'Raised at',
    historyTitle: 'History',
    when: 'When',
    event: 'Event',
    detail: 'Detail',
    events: {
      raised: 'raised',
      climbed: 'not acknowledged in time: climbed',
      acknowledged: 'acknowledged',
      unacknowledged: 'finally not acknowledged',
    },
    acknowledgeTitle: 'Acknowledge',
    acknowledgeHint: 'Once acknowledged, the escalation stops climbing.',
    acknowledge: 'Acknowledge receipt',
    acknowledged: 'Acknowledged.',
    acknowledgedBy: (by, at) => `Acknowledged by ${by} at ${at}.`,
    notAcknowledged: 'Not acknowledged yet.',
    backToOffice: 'Back to the office page',
  },
};
