// The navigation of every action page: one list, filtered by the signed-in user's role. A new page adds its entry
// here (and nothing else in the shell). The link shapes are a contract: mails link to these pages with
// ?campaign=&office= (and the page's own parameters), every page accepts ?lang=en.
import type { Role, Texts } from './shell-text.js';

export interface NavEntry {
  /** The page's name: the key a page module gives (PageModule.name), marked current in the nav. */
  page: string;
  /** Where it is: `/app/<page>` for an action page. */
  href: string;
  label: Texts;
  /** The label bureau users and viewers see, when it differs ("my office" is the office staff's). */
  countyLabel?: Texts;
  /** Who sees the entry. */
  roles: readonly Role[];
  /** The parameters of the current address carried over to it (lang always is). */
  keep: readonly string[];
}

const EVERYONE: readonly Role[] = ['office-staff', 'bureau-admin', 'viewer'];
/** The county pages (every office at once): the bureau and viewers. */
export const COUNTY: readonly Role[] = ['bureau-admin', 'viewer'];

export const NAV: readonly NavEntry[] = [
  {
    page: 'office',
    href: '/app/office',
    label: { 'zh-CN': '我的所', en: 'My office' },
    countyLabel: { 'zh-CN': '各所办理', en: 'Offices' },
    roles: EVERYONE,
    keep: ['campaign', 'office'],
  },
  {
    page: 'report',
    href: '/app/report',
    label: { 'zh-CN': '月报', en: 'Monthly report' },
    roles: EVERYONE,
    keep: ['campaign', 'office', 'period'], // /app/report?campaign=&office=&period=YYYY-MM (or year-end)
  },
  {
    page: 'enterprises',
    href: '/app/enterprises',
    label: { 'zh-CN': '企业', en: 'Enterprises' },
    roles: EVERYONE,
    keep: ['campaign', 'office'], // /app/enterprises?campaign=&office=&open=1
  },
  {
    page: 'supervision',
    href: '/app/supervision',
    label: { 'zh-CN': '监管记录', en: 'Supervision records' },
    roles: EVERYONE,
    keep: ['campaign', 'office'], // /app/supervision?campaign=&office=
  },
  {
    page: 'mail-log',
    href: '/app/mail-log',
    label: { 'zh-CN': '本所邮件', en: 'Our mail' },
    countyLabel: { 'zh-CN': '邮件日志', en: 'Mail log' },
    roles: EVERYONE,
    keep: ['campaign'], // /app/mail-log?state=uncertain[&campaign=]
  },
  {
    page: 'county',
    href: '/app/county',
    label: { 'zh-CN': '全县报送', en: 'County reports' },
    roles: COUNTY,
    keep: ['campaign', 'period'], // /app/county?campaign=&period=YYYY-MM (or year-end)
  },
  {
    page: 'settings',
    href: '/app/settings',
    label: { 'zh-CN': '行动设置', en: 'Campaign settings' },
    roles: COUNTY,
    keep: ['campaign'],
  },
  {
    page: 'holidays',
    href: '/app/holidays',
    label: { 'zh-CN': '节假日', en: 'Holidays' },
    roles: EVERYONE,
    keep: [], // /app/holidays?year=2024
  },
  // Pages still to come go here, in this order, once their web/<page>/ exists:
  //   county pages: roles: COUNTY
  {
    page: 'board',
    href: '/board',
    label: { 'zh-CN': '看板', en: 'Board' },
    roles: EVERYONE,
    keep: ['campaign'],
  },
];
