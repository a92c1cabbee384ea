// Schemas of the dry-run calendar (routes/calendar.ts, GET /campaigns/:id/calendar) that its preview shares
// (routes/calendar-preview.ts, POST /campaigns/:id/calendar/preview): the same filters, the same answer.
import { Type } from '@sinclair/typebox';
import { OBLIGATION_KINDS } from '../../domain/index.js';
import { Language, LocalDateString, PlannedStepEntry, Uuid } from '../schemas.js';

const ObligationKind = Type.Union(OBLIGATION_KINDS.map((k) => Type.Literal(k)));

/** Which planned steps: one office or every one, one kind of obligation, local dates (both included), a page. */
export const CalendarQuery = Type.Object({
  officeId: Type.Optional(Uuid),
  kind: Type.Optional(ObligationKind),
  from: Type.Optional(LocalDateString),
  to: Type.Optional(LocalDateString),
  lang: Type.Optional(Language),
  limit: Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

/** Every planned step asked for, in the order their mails go out, and the plan's warnings (a year without holidays). */
export const PlannedCalendar = Type.Object({
  total: Type.Integer(),
  warnings: Type.Array(Type.String()),
  entries: Type.Array(PlannedStepEntry),
});
