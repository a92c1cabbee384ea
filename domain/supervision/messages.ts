/** What the supervision steps (phases 3 and 4) say: digests of open items, and a listed major hazard's notices. */
import { finish, formatDate, type Language, type MailAction, type Message, type ObligationText } from '../messages.js';
import type { DigestStep } from '../messages.js';
import type { SupervisionKind } from './obligations.js';

/** One open item of a digest: an enterprise, or a hazard of an enterprise. */
export interface DigestItem {
  enterpriseName: string;
  enterpriseCode: string;
  /** A hazard's description, a visit's team. */
  detail?: string;
}

const ITEM_NOUN: Record<Exclude<SupervisionKind, 'major-hazard'>, { zh: string; en: [string, string] }> = {
  inspection: {
    zh: '家企业尚未检查',
    en: ['enterprise has not been inspected', 'enterprises have not been inspected'],
  },
  'guidance-visit': {
    zh: '项计划帮扶尚未记录',
    en: ['planned visit is not recorded', 'planned visits are not recorded'],
  },
  'guidance-coverage': {
    zh: '家重点企业尚未开展指导帮扶',
    en: ['key enterprise has had no guidance visit', 'key enterprises have had no guidance visit'],
  },
  hazard: { zh: '条隐患尚未整改', en: ['hazard is not rectified', 'hazards are not rectified'] },
};

function itemLine(item: DigestItem, i: number, language: Language): string {
  const detail = item.detail ? (language === 'en' ? `: ${item.detail}` : `：${item.detail}`) : '';
  return language === 'en'
    ? `${i + 1}. ${item.enterpriseName} (${item.enterpriseCode})${detail}`
    : `${i + 1}. ${item.enterpriseName}（${item.enterpriseCode}）${detail}`;
}

/** The digest of a supervision obligation's ladder step: what is still open, one line each. */
export function supervisionDigestMessage(
  language: Language,
  kind: Exclude<SupervisionKind, 'major-hazard'>,
  step: DigestStep,
  o: ObligationText,
  officeName: string,
  items: DigestItem[],
  action?: MailAction,
): Message {
  const due = formatDate(o.dueDate, language);
  const hard = formatDate(o.hardDueDate, language);
  const list = items.map((item, i) => itemLine(item, i, language)).join('\n');
  const n = items.length;
  if (language === 'en') {
    const lead = { reminder: '[Reminder]', overdue: '[Overdue]', escalation: '[Escalation]' }[step];
    const tail = {
      reminder: `due by ${due}`,
      overdue: `was due by ${due}; settle by ${hard} or it is escalated to the county bureau`,
      escalation: `was due by ${due}; escalated to the county bureau`,
    }[step];
    return finish(
      'en',
      `${lead} ${o.titleEn}: ${n} ${ITEM_NOUN[kind].en[n === 1 ? 0 : 1]}, ${tail}`,
      `Dear ${officeName},\n\n${o.titleEn} (due by the end of ${due}) is still open for:\n\n${list}`,
      action,
    );
  }
  const lead = { reminder: '【提醒】', overdue: '【逾期】', escalation: '【督办】' }[step];
  const tail = {
    reminder: `请于${due}前完成`,
    overdue: `已超过${due}截止时间，请于${hard}前完成，否则报县局督办`,
    escalation: `截止${due}逾期未完成，已报县局督办`,
  }[step];
  return finish(
    'zh-CN',
    `${lead}${o.titleZh}：${n}${ITEM_NOUN[kind].zh}，${tail}`,
    `${officeName}：\n\n${o.titleZh}（截止${due}）尚有以下未完成：\n\n${list}`,
    action,
  );
}

export type ListedHazardNotice = 'listed' | 'progress' | 'verify';

/**
 * A major hazard under listed supervision: the bureau told at its recording; the office asked for a progress report
 * on the cadence; once rectified, the bureau asked to verify it (销号).
 */
export function listedHazardMessage(
  language: Language,
  notice: ListedHazardNotice,
  hazard: DigestItem & { rectifyBy: string; foundOn: string },
  officeName: string,
  action?: MailAction,
): Message {
  const what = itemLine(hazard, 0, language).slice(3);
  const by = formatDate(hazard.rectifyBy, language);
  if (language === 'en') {
    const text = {
      listed: [
        `[Listed supervision] Major hazard at ${hazard.enterpriseName}, reported by ${officeName}`,
        `A major hazard was recorded by ${officeName} and is under listed supervision until the bureau verifies it:\n\n${what}\nFound ${formatDate(hazard.foundOn, language)}; to be rectified by ${by}.`,
      ],
      progress: [
        `[Listed supervision] Report progress on the major hazard at ${hazard.enterpriseName}`,
        `Dear ${officeName},\n\nPlease report the rectification progress of this major hazard under listed supervision (to be rectified by ${by}):\n\n${what}`,
      ],
      verify: [
        `[Listed supervision] Verify the rectified major hazard at ${hazard.enterpriseName}`,
        `${officeName} reports this major hazard rectified. It stays under listed supervision until the bureau verifies it:\n\n${what}`,
      ],
    }[notice];
    return finish('en', text[0]!, text[1]!, action);
  }
  const text = {
    listed: [
      `【挂牌督办】${officeName}报告${hazard.enterpriseName}存在重大隐患`,
      `${officeName}记录重大隐患一条，实行挂牌督办，经县局核查销号前持续督办：\n\n${what}\n发现日期${formatDate(hazard.foundOn, language)}，整改期限${by}。`,
    ],
    progress: [
      `【挂牌督办】请报告${hazard.enterpriseName}重大隐患整改进展`,
      `${officeName}：\n\n请报告以下挂牌督办重大隐患的整改进展（整改期限${by}）：\n\n${what}`,
    ],
    verify: [
      `【挂牌督办】${hazard.enterpriseName}重大隐患已整改，请核查销号`,
      `${officeName}报告以下重大隐患已整改，经县局核查销号后解除挂牌督办：\n\n${what}`,
    ],
  }[notice];
  return finish('zh-CN', text[0]!, text[1]!, action);
}
