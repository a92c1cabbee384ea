// Every label of the campaign settings page ("行动设置" / "Campaign settings"), in both languages. The shell's words
// (roles, statuses, pickers) are in web/shared/shell-text.ts.
import { STEP_TEXT, type Language, type StepText } from '../shared/shell-text.js';

export { stepLabel } from '../shared/shell-text.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export interface SettingsText {
  title: string;
  fixFields: string;
  campaignLine: (name: string, status: string, year: number) => string;
  zoneNote: (zone: string) => string;
  runningNote: string;
  deadlinesTitle: string;
  startDate: string;
  phaseDeadline: (name: string) => string;
  phasesHint: string;
  monthlyTitle: string;
  firstMonth: string;
  lastMonth: string;
  dueDay: string;
  dueDayHint: string;
  hardDay: string;
  hardDayHint: string;
  yearEnd: string;
  hardAfter: string;
  hardAfterHint: string;
  ackDays: string;
  holidayRoll: string;
  holidayRolls: Labels<'keep' | 'next-working-day'>;
  enterpriseTitle: string;
  commitmentPhase: string;
  planPhase: string;
  selfAssessmentPhase: string;
  ladderTitle: string;
  reminders: string;
  remindersHint: string;
  reminderDays: string;
  reminderUnit: string;
  units: Labels<'working-days' | 'calendar-days'>;
  reminderFact: (days: number, unit: string) => string;
  /** Between the items of a list written out. */
  separator: string;
  removeReminder: string;
  addReminder: string;
  noReminders: string;
  remindOnDueDay: string;
  sendTime: string;
  delivery: string;
  deliveries: Labels<'next-send-time' | 'immediate'>;
  yes: string;
  no: string;
  preview: string;
  save: string;
  saveHint: string;
  saved: string;
  previewTitle: string;
  previewing: string;
  previewFirst: string;
  previewStale: string;
  noEdits: string;
  nothingMoves: string;
  previewFor: (office: string, from: string) => string;
  noOffices: string;
  deadlinesChanged: string;
  mailsChanged: string;
  item: string;
  step: string;
  before: string;
  after: string;
  when: string;
  none: string;
  more: (n: number) => string;
  nextMails: (n: number) => string;
  changed: string;
  steps: StepText;
}

export const TEXT: Readonly<Record<Language, SettingsText>> = {
  'zh-CN': {
    title: '行动设置',
    fixFields: '请更正下方标出的栏目。',
    campaignLine: (name, status, year) => `${name}（${status}）· ${year} 年度`,
    zoneNote: (zone) => `所有日期、时间均为 ${zone} 当地时间；行动年度不可更改。`,
    runningNote: '本行动正在运行：保存后，各所的提醒和截止日期立即按新设置重新安排。',
    deadlinesTitle: '截止日期',
    startDate: '行动开始日期',
    phaseDeadline: (name) => `${name}：截止日期`,
    phasesHint: '各阶段截止日期须依次递增；当日结束时截止。',
    monthlyTitle: '工作月报',
    firstMonth: '首个报送月份',
    lastMonth: '最后报送月份',
    dueDay: '报送截止：次月几日',
    dueDayHint: '当日结束前报送（通知正文“于下一个月2日前”）。',
    hardDay: '最后期限：次月几日',
    hardDayHint: '过后仍未报送即升级报县局（附件“每月3日前”）。',
    yearEnd: '年度工作总结截止日期',
    hardAfter: '其他事项最后期限：截止后第几个工作日',
    hardAfterHint: '阶段任务、年度总结和企业事项过此期限即升级报县局。',
    ackDays: '督办确认期限（工作日）',
    holidayRoll: '截止日逢节假日',
    holidayRolls: { keep: '保持原日期（按通知）', 'next-working-day': '顺延至下一个工作日' },
    enterpriseTitle: '企业事项截止',
    commitmentPhase: '告知书与承诺书：随哪一阶段截止',
    planPhase: '企业年度计划：随哪一阶段截止',
    selfAssessmentPhase: '企业自评报告：随哪一阶段截止（未承诺日期的企业）',
    ladderTitle: '提醒规则',
    reminders: '截止前提醒',
    remindersHint: '提醒只在工作日发送；落在节假日的提前到之前最后一个工作日。',
    reminderDays: '提前天数',
    reminderUnit: '计算方式',
    units: { 'working-days': '个工作日', 'calendar-days': '天（自然日）' },
    reminderFact: (days, unit) => `提前 ${days} ${unit}`,
    separator: '；',
    removeReminder: '删除',
    addReminder: '添加一次提醒',
    noReminders: '截止前不提醒。',
    remindOnDueDay: '截止当日（如为工作日）再提醒一次',
    sendTime: '提醒发送时间',
    delivery: '逾期通知和升级通知的发送',
    deliveries: { 'next-send-time': '次一工作日发送时间', immediate: '到期即发（当日结束时）' },
    yes: '是',
    no: '否',
    preview: '预览变化',
    save: '保存设置',
    saveHint: '先预览：确认计划中的变化后才能保存。',
    saved: '已保存设置。',
    previewTitle: '预览：保存后计划的变化',
    previewing: '正在计算…',
    previewFirst: '修改设置后，按“预览变化”查看今后的提醒和截止日期如何变化，再保存。',
    previewStale: '预览之后设置又有改动：请重新预览。',
    noEdits: '还没有修改任何设置。',
    nothingMoves: '这些修改不改变今后的任何提醒或截止日期。',
    previewFor: (office, from) => `以${office}为例（各所相同，已批准的延期和企业汇总除外），${from} 起：`,
    noOffices: '还没有监管所：没有可预览的提醒。',
    deadlinesChanged: '截止日期的变化',
    mailsChanged: '提醒邮件的变化',
    item: '事项',
    step: '环节',
    before: '原计划',
    after: '保存后',
    when: '发送时间',
    none: '—',
    more: (n) => `另有 ${n} 项变化未列出。`,
    nextMails: (n) => `保存后接下来的 ${n} 封邮件`,
    changed: '有变化',
    steps: STEP_TEXT['zh-CN'],
  },
  en: {
    title: 'Campaign settings',
    fixFields: 'Correct the fields marked below.',
    campaignLine: (name, status, year) => `${name} (${status}) · ${year}`,
    zoneNote: (zone) => `Every date and time is local time in ${zone}; the campaign year cannot change.`,
    runningNote:
      "This campaign is running: once saved, every office's reminders and deadlines are rescheduled at once.",
    deadlinesTitle: 'Deadlines',
    startDate: 'Campaign start',
    phaseDeadline: (name) => `${name}: deadline`,
    phasesHint: 'Phase deadlines must increase; each ends at the end of its day.',
    monthlyTitle: 'Monthly reports',
    firstMonth: 'First reported month',
    lastMonth: 'Last reported month',
    dueDay: 'Due on day … of the next month',
    dueDayHint: 'By the end of that day (the notice: "before the 2nd of the next month").',
    hardDay: 'Hard deadline: day … of the next month',
    hardDayHint: 'Still missing after it: escalated to the bureau (the annex: "before the 3rd").',
    yearEnd: 'Year-end summary due',
    hardAfter: 'Hard deadline of other items: working days after the due day',
    hardAfterHint: 'Phase tasks, the year-end summary and enterprise items are escalated after it.',
    ackDays: 'Escalation acknowledgement period (working days)',
    holidayRoll: 'A deadline on a holiday',
    holidayRolls: { keep: 'stays (as in the notice)', 'next-working-day': 'moves to the next working day' },
    enterpriseTitle: 'Enterprise deadlines',
    commitmentPhase: 'Notice and commitment: due with phase',
    planPhase: 'Enterprise yearly plan: due with phase',
    selfAssessmentPhase: 'Self-assessment report: due with phase (enterprises without a committed date)',
    ladderTitle: 'Reminder ladder',
    reminders: 'Reminders before the due day',
    remindersHint:
      'Reminders go out on working days only; one falling on a holiday goes out on the working day before.',
    reminderDays: 'Days before',
    reminderUnit: 'Counted in',
    units: { 'working-days': 'working days', 'calendar-days': 'calendar days' },
    reminderFact: (days, unit) => `${days} ${unit} before`,
    separator: '; ',
    removeReminder: 'Remove',
    addReminder: 'Add a reminder',
    noReminders: 'No reminder before the due day.',
    remindOnDueDay: 'Remind again on the due day (if a working day)',
    sendTime: 'Reminders go out at',
    delivery: 'Overdue and escalation notices are mailed',
    deliveries: { 'next-send-time': 'next working day, at send time', immediate: 'at once (end of day)' },
    yes: 'yes',
    no: 'no',
    preview: 'Preview changes',
    save: 'Save settings',
    saveHint: 'Preview first: saving is possible once the changes to the plan have been shown.',
    saved: 'Settings saved.',
    previewTitle: 'Preview: what saving would change',
    previewing: 'Computing…',
    previewFirst:
      'Edit the settings, then press "Preview changes" to see how the coming reminders and deadlines move; then save.',
    previewStale: 'Edited since the preview: preview again.',
    noEdits: 'Nothing has been edited yet.',
    nothingMoves: 'These edits move no coming reminder or deadline.',
    previewFor: (office, from) =>
      `As planned for ${office} (the same for every office, except approved extensions and enterprise digests), from ${from}:`,
    noOffices: 'There is no office yet: no reminder to preview.',
    deadlinesChanged: 'Deadlines that move',
    mailsChanged: 'Mails that change',
    item: 'Item',
    step: 'Step',
    before: 'Planned now',
    after: 'Once saved',
    when: 'When',
    none: '—',
    more: (n) => `${n} more change${n === 1 ? '' : 's'} not listed.`,
    nextMails: (n) => `The next ${n} mails once saved`,
    changed: 'changed',
    steps: STEP_TEXT.en,
  },
};
