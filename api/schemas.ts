import { Type, type TSchema } from '@sinclair/typebox';

/** A calendar day that exists (format date: 2024-13-01 and 2024-02-30 are refused). */
export const LocalDateString = Type.String({
  format: 'date',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'local date YYYY-MM-DD',
  examples: ['2024-03-15'],
});
export const Language = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], { default: 'zh-CN' });
export const Uuid = Type.String({ format: 'uuid' });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String(),
          cell: Type.Optional(
            Type.String({ description: 'the sheet cell of the field in an uploaded workbook, e.g. 月报表一!C6' }),
          ),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details; `errors` names every bad field' },
);

/** The error responses every route may give, for the OpenAPI document. */
export function withProblems<T extends Record<number, TSchema>>(responses: T, codes: number[] = [400, 404, 422]) {
  return { ...responses, ...Object.fromEntries(codes.map((c) => [c, Problem])) } as T & Record<number, TSchema>;
}

/** One planned ladder step of one office, as the dry-run calendar and the board's next mails list it. */
export const PlannedStepEntry = Type.Object({
  officeId: Uuid,
  officeCode: Type.String(),
  officeName: Type.String(),
  obligationKey: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  dueDate: Type.String(),
  step: Type.String({ description: 'reminder-3wd, reminder-1wd, reminder-due-day, overdue, escalation' }),
  stepKind: Type.Union([Type.Literal('reminder'), Type.Literal('overdue'), Type.Literal('escalation')]),
  at: Type.String({
    description:
      'when its mail goes out, ISO 8601 with the campaign time zone offset (a deadline notice: the next working morning)',
  }),
  localDate: Type.String(),
});
