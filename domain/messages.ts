/**
 * What the recipients read. Chinese (zh-CN) by default, English per recipient. Every subject says what
 * is due, by when (local date) and what happens if it is late. Pure functions: no I/O.
 */

import { type MAX_ESCALATION_LEVEL } from './workflow-safe/escalation-levels.js';
export type Language = 'zh-CN' | 'en';

export function languageOf(value: string | null | undefined): Language {
  return value?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export interface ObligationText {
  titleZh: string;
  titleEn: string;
  /** Effective due date, 'YYYY-MM-DD' local. */
  dueDate: string;
  /** Last day before escalation, 'YYYY-MM-DD' local. */
  hardDueDate: string;
}

export interface Message {
  subject: string;
  text: string;
  /** The same content as HTML, with the action as a link: mail clients show this part when they can. */
  html: string;
}

/** Where the recipient does what the mail asks: the address of a page of the product (domain/page-links.ts). */
export type MailAction = string;

/** The name of each escalation level; one per level up to the workflow's MAX_ESCALATION_LEVEL (checked by the compiler). */
const LEVELS = [
  { zh: '督办提醒', en: 'supervision notice' },
  { zh: '约谈', en: 'warning talk' },
  { zh: '通报', en: 'public circular' },
] as const satisfies { length: typeof MAX_ESCALATION_LEVEL };

export function levelName(level: number, language: Language): string {
  const entry = LEVELS[Math.min(Math.max(level, 1), LEVELS.length) - 1]!;
  return language === 'en' ? entry.en : entry.zh;
}

export function formatDate(date: string, language: Language): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (language === 'zh-CN') return `${y}年${m}月${d}日`;
  const month = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ][m - 1];
  return `${d} ${month} ${y}`;
}

const FOOTER = {
  'zh-CN': '本邮件由特种设备制造企业安全生产标准化提升专项行动工作系统自动发送，请勿直接回复。',
  en: 'Sent automatically by the safety-standardization campaign system. Please do not reply to this e-mail.',
};
const ACTION = { 'zh-CN': '办理入口', en: 'Do it here' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Every mail's text and HTML from its subject and body: the action's link (when the mail asks for something) and the
 * footer after the body. The HTML part says the same as the text, paragraph by paragraph, with the link as a button.
 */
export function finish(language: Language, subject: string, body: string, action?: MailAction): Message {
  const separator = language === 'en' ? '--' : '——';
  const actionText = action ? `\n\n${ACTION[language]}${language === 'en' ? ': ' : '：'}${action}` : '';
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
  const button = action
    ? `<p><a href="${escapeHtml(action)}" style="display:inline-block;padding:8px 16px;background:#1d4ed8;color:#ffffff;` +
      `text-decoration:none;border-radius:4px">${escapeHtml(ACTION[language])}</a></p>\n` +
      `<p style="font-size:12px;color:#555555">${escapeHtml(action)}</p>\n`
    : '';
  const html =
    `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n` +
    `<body style="font-family:sans-serif;font-size:14px;line-height:1.6;color:#111111">\n${paragraphs}\n${button}` +
    `<hr><p style="font-size:12px;color:#555555">${escapeHtml(FOOTER[language])}</p>\n</body></html>\n`;
  return { subject, text: `${body}${actionText}\n\n${separator}\n${FOOTER[language]}`, html };
}

/** A reminder before the deadline, to the responsible office contact. */
export function reminderMessage(
  language: Language,
  o: ObligationText,
  officeName: string,
  action?: MailAction,
): Message {
  const due = formatDate(o.dueDate, language);
  if (language === 'en') {
    return finish(
      'en',
      `[Reminder] ${o.titleEn} due by ${due}; late items are escalated to the county bureau`,
      `Dear ${officeName},\n\n${o.titleEn} is due by the end of ${due}. If it is still missing after ${formatDate(o.hardDueDate, language)}, it will be escalated to the county bureau.`,
      action,
    );
  }
  return finish(
    'zh-CN',
    `【提醒】${o.titleZh}请于${due}前完成，逾期将报县局督办`,
    `${officeName}：\n\n${o.titleZh}的截止时间为${due}（当日24时前）。如${formatDate(o.hardDueDate, language)}后仍未完成，系统将自动上报县市场监督管理局督办。`,
    action,
  );
}

/** At the deadline: the obligation is overdue; to the office contact and the office head. */
export function overdueMessage(
  language: Language,
  o: ObligationText,
  officeName: string,
  action?: MailAction,
): Message {
  const due = formatDate(o.dueDate, language);
  const hard = formatDate(o.hardDueDate, language);
  if (language === 'en') {
    return finish(
      'en',
      `[Overdue] ${o.titleEn} was due by ${due}; complete it by ${hard} or it is escalated to the county bureau`,
      `Dear ${officeName},\n\n${o.titleEn} was due by the end of ${due} and has not been received. Please complete it by the end of ${hard}; after that it is escalated to the county bureau automatically.`,
      action,
    );
  }
  return finish(
    'zh-CN',
    `【逾期】${o.titleZh}已超过${due}截止时间，请于${hard}前补报，否则报县局督办`,
    `${officeName}：\n\n${o.titleZh}应于${due}前完成，系统至今未收到。请于${hard}（当日24时前）前补报；逾期系统将自动上报县市场监督管理局督办。`,
    action,
  );
}

/** Past the hard deadline: the bureau is told which office is late for what. */
export function bureauEscalationMessage(
  language: Language,
  o: ObligationText,
  officeName: string,
  action?: MailAction,
): Message {
  const due = formatDate(o.dueDate, language);
  if (language === 'en') {
    return finish(
      'en',
      `[Escalation] ${officeName}: ${o.titleEn} (due ${due}) is still missing after ${formatDate(o.hardDueDate, language)}`,
      `${officeName} has not completed ${o.titleEn}, due by ${due}, by the hard deadline ${formatDate(o.hardDueDate, language)}. A supervision notice has been sent to the office head; acknowledge-by dates and further levels are tracked by the system.`,
      action,
    );
  }
  return finish(
    'zh-CN',
    `【督办】${officeName}${o.titleZh}（截止${due}）逾期未完成`,
    `${officeName}的${o.titleZh}应于${due}前完成，至${formatDate(o.hardDueDate, language)}仍未完成。系统已向该所负责人发出督办提醒，并跟踪其确认情况；逾期未确认将逐级升级。`,
    action,
  );
}

export interface EscalationText {
  level: number;
  reason: string;
  /** 'YYYY-MM-DD' local: acknowledge by the end of this day or the escalation climbs a level. */
  ackByDate: string;
  officeName: string;
  obligation?: ObligationText;
}

/** An escalation notice to the office head; it needs an acknowledgement by a date. */
export function escalationNoticeMessage(language: Language, e: EscalationText, action?: MailAction): Message {
  const ackBy = formatDate(e.ackByDate, language);
  const level = levelName(e.level, language);
  const next = e.level < LEVELS.length ? levelName(e.level + 1, language) : undefined;
  if (language === 'en') {
    const what = e.obligation
      ? `${e.obligation.titleEn} (due ${formatDate(e.obligation.dueDate, language)})`
      : 'late campaign work';
    return finish(
      'en',
      `[${level[0]!.toUpperCase()}${level.slice(1)}] ${e.officeName}: ${what}; acknowledge by ${ackBy}${next ? ` or it becomes a ${next}` : ''}`,
      `To the head of ${e.officeName},\n\nThe county bureau issues a ${level} about ${what}.\nReason: ${e.reason}\n\nPlease acknowledge this notice in the system by the end of ${ackBy}.${next ? ` Without an acknowledgement it is raised to a ${next}.` : ''}`,
      action,
    );
  }
  const what = e.obligation
    ? `${e.obligation.titleZh}（截止${formatDate(e.obligation.dueDate, language)}）`
    : '专项行动工作逾期';
  return finish(
    'zh-CN',
    `【${level}】${e.officeName}：${what}，请于${ackBy}前确认${next ? `，逾期未确认将升级为${next}` : ''}`,
    `${e.officeName}负责人：\n\n县市场监督管理局就${what}发出${level}。\n事由：${e.reason}\n\n请于${ackBy}（当日24时前）前在系统中确认收悉。${next ? `逾期未确认将升级为${next}。` : ''}`,
    action,
  );
}

export type DigestStep = 'reminder' | 'overdue' | 'escalation';

/** One mail per office per step listing every enterprise still open at the moment of sending. */
export function enterpriseDigestMessage(
  language: Language,
  step: DigestStep,
  o: ObligationText,
  officeName: string,
  enterprises: { name: string; code: string }[],
  action?: MailAction,
): Message {
  const due = formatDate(o.dueDate, language);
  const list = enterprises.map((e, i) => `${i + 1}. ${e.name}（${e.code}）`).join('\n');
  const n = enterprises.length;
  if (language === 'en') {
    const lead = { reminder: '[Reminder]', overdue: '[Overdue]', escalation: '[Escalation]' }[step];
    const tail = {
      reminder: `due by ${due}; late enterprises are escalated to the county bureau`,
      overdue: `was due by ${due}; complete by ${formatDate(o.hardDueDate, language)} or it is escalated`,
      escalation: `was due by ${due}; escalated to the county bureau`,
    }[step];
    return finish(
      'en',
      `${lead} ${n} ${n === 1 ? 'enterprise has' : 'enterprises have'} not completed: ${o.titleEn}, ${tail}`,
      `Dear ${officeName},\n\nThese ${n} enterprises supervised by your office have not completed ${o.titleEn} (due by the end of ${due}):\n\n${list.replaceAll('（', ' (').replaceAll('）', ')')}`,
      action,
    );
  }
  const lead = { reminder: '【提醒】', overdue: '【逾期】', escalation: '【督办】' }[step];
  const tail = {
    reminder: `请于${due}前督促完成，逾期将报县局督办`,
    overdue: `已超过${due}截止时间，请于${formatDate(o.hardDueDate, language)}前督促完成，否则报县局督办`,
    escalation: `截止${due}逾期未完成，已报县局督办`,
  }[step];
  return finish(
    'zh-CN',
    `${lead}辖区${n}家企业尚未完成${o.titleZh}，${tail}`,
    `${officeName}：\n\n辖区内以下${n}家企业尚未完成${o.titleZh}（截止${due}）：\n\n${list}`,
    action,
  );
}

/** A campaign started late: one mail per office listing everything already past its deadline. */
export function catchUpMessage(
  language: Language,
  officeName: string,
  items: ObligationText[],
  action?: MailAction,
): Message {
  const n = items.length;
  if (language === 'en') {
    const list = items.map((o, i) => `${i + 1}. ${o.titleEn} (due ${formatDate(o.dueDate, language)})`).join('\n');
    return finish(
      'en',
      `[Overdue] ${n} campaign ${n === 1 ? 'item was' : 'items were'} due before the system started tracking them; please complete them now`,
      `Dear ${officeName},\n\nThe campaign was started in the system after these deadlines had passed. They are shown as late until completed:\n\n${list}`,
      action,
    );
  }
  const list = items.map((o, i) => `${i + 1}. ${o.titleZh}（截止${formatDate(o.dueDate, language)}）`).join('\n');
  return finish(
    'zh-CN',
    `【逾期汇总】专项行动已有${n}项工作超过截止时间，请尽快补报`,
    `${officeName}：\n\n本专项行动在系统中启用时，以下工作已超过截止时间，在完成前系统将其显示为逾期：\n\n${list}`,
    action,
  );
}

export interface UncertainMailText {
  id: string;
  recipient: string;
  subject: string;
  /** ISO instant it became uncertain. */
  at: string;
}

/** To the bureau: mails whose delivery is unknown, what to check, and how to settle them. */
export function uncertainMailDigestMessage(
  language: Language,
  mails: UncertainMailText[],
  action?: MailAction,
): Message {
  const n = mails.length;
  if (language === 'en') {
    const list = mails.map((m, i) => `${i + 1}. to ${m.recipient}: ${m.subject} (at ${m.at}; mail ${m.id})`).join('\n');
    return finish(
      'en',
      `[Action needed] ${n} ${n === 1 ? 'mail' : 'mails'} may not have been delivered`,
      `The mail server took ${n === 1 ? 'this mail' : 'these mails'} but its answer was lost, so the system cannot tell whether ${n === 1 ? 'it was' : 'they were'} delivered, and does not send ${n === 1 ? 'it' : 'them'} again by itself to avoid a duplicate reminder:\n\n${list}\n\n` +
        'Please ask each recipient whether the mail arrived, then on the mail log page (or POST /mail-log/uncertain/resolve) mark it delivered or send it again, all at once.',
      action,
    );
  }
  const list = mails
    .map((m, i) => `${i + 1}. 收件人 ${m.recipient}：${m.subject}（${m.at}；邮件编号 ${m.id}）`)
    .join('\n');
  return finish(
    'zh-CN',
    `【需处理】${n}封邮件可能未送达`,
    `以下邮件已交给邮件服务器，但服务器的答复丢失，系统无法确定是否送达。为避免重复提醒，系统不会自动重发：\n\n${list}\n\n` +
      '请向收件人核实是否收到，然后在邮件日志页面（或调用 POST /mail-log/uncertain/resolve）一次性标记“已送达”或“重新发送”。',
    action,
  );
}
