// The settings page's views of the API (only the fields it uses). See web/shared/api-types.ts.

/** The campaign template as GET /campaigns/:id answers it (the server's CampaignTemplateSchema). */
export interface Template {
  year: number;
  timeZone: string;
  startDate: string;
  phases: { key: string; nameZh: string; nameEn: string; deadline: string }[];
  monthlyReport: { firstMonth: string; lastMonth: string; dueDayOfNextMonth: number; hardDayOfNextMonth: number };
  yearEndSummary: { dueDate: string };
  enterprise: { commitmentPhase: string; planPhase: string; selfAssessmentPhase: string };
  ladder: {
    reminders: { days: number; unit: string }[];
    remindOnDueDay: boolean;
    sendTime: string;
    hardDeadlineWorkingDaysAfter: number;
    escalationAckWorkingDays: number;
    /** next-send-time (also when absent) | immediate */
    deadlineNoticeDelivery?: string;
  };
  /** keep | next-working-day */
  holidayRoll: string;
}

/** GET /campaigns/:id */
export interface CampaignDetails {
  id: string;
  name: string;
  year: number;
  /** draft | running | finished */
  status: string;
  template: Template;
  warnings: string[];
}

/** One entry of GET /campaigns/:id/calendar (and of its preview, POST …/calendar/preview) */
export interface PlannedStep {
  officeId: string;
  officeName: string;
  obligationKey: string;
  kind: string;
  title: string;
  /** the obligation's due date (YYYY-MM-DD) */
  dueDate: string;
  /** reminder-3wd, reminder-due-day, overdue, escalation … */
  step: string;
  /** when its mail goes out, in the campaign's zone: '2024-04-02T09:00:00.000+08:00' */
  at: string;
  localDate: string;
}

/** GET /campaigns/:id/calendar and POST /campaigns/:id/calendar/preview */
export interface PlannedCalendar {
  total: number;
  warnings: string[];
  entries: PlannedStep[];
}
