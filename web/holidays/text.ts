// Every label of the working-day calendar page ("节假日" / "Holidays"), in both languages. The shell's words are in
// web/shared/shell-text.ts.
import type { Language } from '../shared/shell-text.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export type EntryKind = 'holiday' | 'workday';

export interface HolidaysText {
  title: string;
  fixFields: string;
  yearHeading: (year: number) => string;
  previousYear: (year: number) => string;
  nextYear: (year: number) => string;
  // where the data comes from
  sourcePackage: string;
  sourcePackageAndBureau: (n: number) => string;
  sourceBureauOnly: (n: number) => string;
  sourceNone: (year: number) => string;
  // the bureau's entries
  entriesTitle: string;
  entriesHint: string;
  workdayRule: string;
  noEntries: string;
  date: string;
  kind: string;
  name: string;
  namePlaceholder: string;
  kinds: Labels<EntryKind>;
  remove: string;
  removeEntry: (date: string) => string;
  addEntry: string;
  save: string;
  unsaved: string;
  saved: (n: number, year: number, running: number) => string;
  afterSaving: string;
  runningCampaigns: string;
  noRunningCampaigns: string;
  roll: Labels<'keep' | 'next-working-day'>;
  campaignRoll: (name: string, roll: string) => string;
  // the calendar
  calendarTitle: string;
  calendarHint: string;
  months: readonly string[];
  weekdays: readonly string[];
  weekdayNames: readonly string[];
  dayLabel: (date: string, weekday: string, what: string) => string;
  addForDay: string;
  legend: Labels<'work' | 'rest' | 'holiday' | 'makeup' | 'bureau'>;
  // the list
  listTitle: string;
  noExceptions: string;
  weekday: string;
  working: string;
  isWorking: string;
  isRest: string;
  makeUp: string;
  source: string;
  sources: Labels<'bureau' | 'package' | 'weekdays-only'>;
}

export const TEXT: Readonly<Record<Language, HolidaysText>> = {
  'zh-CN': {
    title: '节假日与调休',
    fixFields: '请更正下方标出的条目。',
    yearHeading: (year) => `${year} 年工作日日历`,
    previousYear: (year) => `‹ ${year} 年`,
    nextYear: (year) => `${year} 年 ›`,
    sourcePackage: '数据来源：节假日数据包（chinese-days，国务院放假安排）。',
    sourcePackageAndBureau: (n) =>
      `数据来源：节假日数据包（chinese-days），另有县局调整 ${n} 条；同一天以县局调整为准。`,
    sourceBureauOnly: (n) => `数据来源：县局录入的 ${n} 条；其余日期按周一至周五上班计算。`,
    sourceNone: (year) =>
      `${year} 年还没有节假日数据：系统按周一至周五上班计算。国务院公布放假安排后，请在下方录入节假日和调休上班日。`,
    entriesTitle: '县局调整',
    entriesHint:
      '在数据包之外增加或更正某一天：“休息日”表示这一天不上班（节假日或县里的放假），“上班日”表示调休上班。保存后替换本年度的全部县局调整。',
    workdayRule: '“上班日”只能加在周末或法定节假日上：本来就上班的日子不需要录入。',
    noEntries: '本年度没有县局调整。',
    date: '日期',
    kind: '类型',
    name: '名称 / 说明',
    namePlaceholder: '如：国庆节、劳动节调休上班',
    kinds: { holiday: '休息日（放假）', workday: '上班日（调休上班）' },
    remove: '删除',
    removeEntry: (date) => `删除 ${date || '这一条'}`,
    addEntry: '添加一条',
    save: '保存调整',
    unsaved: '有未保存的修改。',
    saved: (n, year, running) =>
      `已保存 ${year} 年的县局调整（${n} 条）。` +
      (running > 0
        ? `已通知 ${running} 个运行中的专项行动按新日历重新安排。`
        : '目前没有运行中的专项行动；今后启动的专项行动按此日历安排。'),
    afterSaving:
      '保存后，运行中的专项行动按新日历重新安排：提醒日（按工作日倒数）和按工作日计算的最后期限随之调整；截止日期只有在专项行动设置为“截止日遇休息日顺延至下一个工作日”时才会变动。已经发出的邮件不受影响。',
    runningCampaigns: '运行中的专项行动：',
    noRunningCampaigns: '目前没有运行中的专项行动。',
    roll: { keep: '截止日遇休息日不顺延', 'next-working-day': '截止日遇休息日顺延至下一个工作日' },
    campaignRoll: (name, roll) => `${name}（${roll}）`,
    calendarTitle: '全年日历',
    calendarHint: '点击某一天，可为这一天添加一条调整（上班日改为休息日，休息日改为上班日）。',
    months: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
    weekdays: ['一', '二', '三', '四', '五', '六', '日'],
    weekdayNames: ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'],
    dayLabel: (date, weekday, what) => `${date} ${weekday}：${what}`,
    addForDay: '添加调整',
    legend: {
      work: '上班',
      rest: '周末休息',
      holiday: '节假日',
      makeup: '调休上班',
      bureau: '县局调整',
    },
    listTitle: '节假日与调休上班日',
    noExceptions: '本年度没有节假日或调休（按周一至周五上班）。',
    weekday: '星期',
    working: '上班 / 休息',
    isWorking: '上班',
    isRest: '休息',
    makeUp: '调休上班',
    source: '来源',
    sources: { bureau: '县局调整', package: '数据包', 'weekdays-only': '按周一至周五' },
  },
  en: {
    title: 'Holidays and make-up days',
    fixFields: 'Correct the entries marked below.',
    yearHeading: (year) => `Working-day calendar ${year}`,
    previousYear: (year) => `‹ ${year}`,
    nextYear: (year) => `${year} ›`,
    sourcePackage: "Source: the holiday package (chinese-days, the State Council's schedule).",
    sourcePackageAndBureau: (n) =>
      `Source: the holiday package (chinese-days) and ${n} bureau entr${n === 1 ? 'y' : 'ies'}; on the same day the bureau's entry wins.`,
    sourceBureauOnly: (n) =>
      `Source: ${n} bureau entr${n === 1 ? 'y' : 'ies'}; every other day counts as Monday–Friday working.`,
    sourceNone: (year) =>
      `There is no holiday data for ${year}: Monday–Friday are taken as working days. Once the State Council publishes the schedule, enter its holidays and make-up working days below.`,
    entriesTitle: "The bureau's entries",
    entriesHint:
      'Add or correct a day beyond the package: "rest day" means no work that day (a holiday, or a county day off), "working day" a make-up working day (调休上班). Saving replaces all of the bureau\'s entries for the year.',
    workdayRule:
      'A "working day" entry goes only on a weekend or public holiday: a day that is worked anyway needs none.',
    noEntries: 'The bureau has no entries for this year.',
    date: 'Date',
    kind: 'Kind',
    name: 'Name / note',
    namePlaceholder: 'e.g. National Day, Labour Day make-up day',
    kinds: { holiday: 'rest day', workday: 'working day (make-up)' },
    remove: 'Remove',
    removeEntry: (date) => `Remove ${date || 'this entry'}`,
    addEntry: 'Add an entry',
    save: 'Save entries',
    unsaved: 'There are unsaved changes.',
    saved: (n, year, running) =>
      `Saved the bureau's ${n} entr${n === 1 ? 'y' : 'ies'} for ${year}. ` +
      (running > 0
        ? `${running} running campaign${running === 1 ? ' was' : 's were'} told to reschedule on the new calendar.`
        : 'No campaign is running; campaigns started later use this calendar.'),
    afterSaving:
      'After saving, running campaigns reschedule on the new calendar: reminder days (counted in working days before a deadline) and deadlines counted in working days follow it; a due date itself moves only in a campaign set to roll a due date on a rest day to the next working day. Mails already sent are not affected.',
    runningCampaigns: 'Running campaigns:',
    noRunningCampaigns: 'No campaign is running.',
    roll: {
      keep: 'a due date on a rest day stays',
      'next-working-day': 'a due date on a rest day rolls to the next working day',
    },
    campaignRoll: (name, roll) => `${name} (${roll})`,
    calendarTitle: 'The year',
    calendarHint: 'Click a day to add an entry for it (a working day becomes a rest day, a rest day a working day).',
    months: [
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
    ],
    weekdays: ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'],
    weekdayNames: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    dayLabel: (date, weekday, what) => `${weekday} ${date}: ${what}`,
    addForDay: 'add an entry',
    legend: {
      work: 'working day',
      rest: 'weekend',
      holiday: 'holiday',
      makeup: 'make-up working day',
      bureau: "bureau's entry",
    },
    listTitle: 'Holidays and make-up working days',
    noExceptions: 'No holiday or make-up day this year (Monday–Friday).',
    weekday: 'Day',
    working: 'Work / rest',
    isWorking: 'working',
    isRest: 'rest',
    makeUp: 'make-up working day',
    source: 'Source',
    sources: { bureau: "bureau's entry", package: 'package', 'weekdays-only': 'Monday–Friday' },
  },
};
