/** Public API of the campaign domain: templates, working days, reminder ladders, plans, iCalendar. */
export {
  type LocalDate,
  type YearMonth,
  type Instant,
  isLocalDate,
  isYearMonth,
  isValidTimeZone,
  addDays,
  daysBetween,
  isoWeekday,
  monthsBetween,
  nextYearMonth,
  atLocalTime,
  startOfLocalDay,
  endOfLocalDay,
  localDateOf,
  toEpochMs,
  isoInZone,
} from './dates.js';
export {
  type PhaseKey,
  type ReminderUnit,
  type ReminderOffset,
  type LadderRules,
  type HolidayRoll,
  type DeadlineNoticeDelivery,
  DEFAULT_DEADLINE_NOTICE_DELIVERY,
  type PhaseDefinition,
  type CampaignTemplate,
  type DeepPartial,
  type ValidationIssue,
  type ValidationResult,
  PHASE_KEYS,
  DEFAULT_TIME_ZONE,
  TemplateError,
  defaultTemplate,
  templateFor,
  validateTemplate,
  parseTemplate,
  mergeDeep,
  mergeTemplate,
} from './template.js';
export {
  type WorkingDayEntry,
  type WorkingDayCalendar,
  type DayInfo,
  type DaySource,
  type YearCoverage,
  PACKAGE_YEARS,
  WorkingDayEntryError,
  createWorkingDayCalendar,
  validateWorkingDayEntries,
} from './working-days.js';
export {
  type StepKind,
  type LadderStep,
  type LadderArgs,
  ladderFor,
  reminderKey,
  reminderDate,
  resolveDueDate,
  DUE_DAY_REMINDER_KEY,
  OVERDUE_KEY,
  ESCALATION_KEY,
} from './ladder.js';
export {
  type ObligationKind,
  type ResponsibleParty,
  type PlannedObligation,
  type PlannedPhase,
  type CampaignPlan,
  type HardDeadlineRule,
  type ObligationSpec,
  buildPlan,
  planObligation,
  selfAssessmentObligation,
  phaseAt,
  escalationAckDeadline,
  OBLIGATION_KINDS,
} from './plan.js';
export { type StepRecipient, stepRecipients } from './recipients.js';
export {
  type Delivery,
  type DeliveryRules,
  deadlineNoticeDelivery,
  deadlineNoticeStillOwed,
  isDeadlineNotice,
  stepDelivery,
} from './notice-delivery.js';
export {
  type ICalEvent,
  type ICalendarInput,
  DEFAULT_PRODID,
  toICalendar,
  planCalendarEvents,
  foldLine,
  escapeText,
  icsUtc,
} from './ics.js';
export {
  type MailKind,
  type WhenDeliveryUnknown,
  WHEN_DELIVERY_UNKNOWN,
  UNCERTAIN_MAIL_DIGEST_WINDOW_MS,
  uncertainDigestWindow,
} from './mail-policy.js';
export { catchUpMailKey, escalationNoticeKey, stepMailKey, uncertainMailDigestKey } from './mail-keys.js';
export * from './supervision/rules.js';
export * from './supervision/inspection-cycles.js';
export * from './supervision/obligations.js';
export * from './supervision/record-rules.js';
