/**
 * RFC 5545 iCalendar output for campaign deadlines (subscribable from Outlook, Apple/Google Calendar, …).
 * Pure: the DTSTAMP instant is passed in by the caller.
 */
import { startOfLocalDay, toEpochMs } from './dates.js';

export interface ICalEvent {
  /** Globally unique, stable id, e.g. 'monthly-report:2024-04@campaign-42.anxi'. */
  uid: string;
  summary: string;
  description?: string;
  /** ISO 8601 with offset or Z, or epoch ms. */
  start: string | number;
  /** ISO 8601 with offset or Z, or epoch ms; omitted → a point-in-time event. */
  end?: string | number;
  url?: string;
  location?: string;
}

export interface ICalendarInput {
  /** Calendar name (X-WR-CALNAME). */
  name: string;
  events: ICalEvent[];
  /** When the calendar was produced (DTSTAMP of every event). Default: each event's start (keeps output deterministic). */
  dtstamp?: string | number;
  /** PRODID; default '-//Anxi County SAMR//Campaign Engine//ZH'. */
  prodId?: string;
}

export const DEFAULT_PRODID = '-//Anxi County SAMR//Campaign Engine//ZH';

/** UTC DATE-TIME form: 20240426T010000Z. */
export function icsUtc(instant: string | number): string {
  return new Date(toEpochMs(instant))
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newlines; other control characters dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ''); // eslint-disable-line no-control-regex
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line so that no physical line exceeds 75 octets (excluding CRLF), never splitting a UTF-8
 * sequence (or a surrogate pair): continuation lines start with one space, which counts toward the 75.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0)!);
    if (octets + n > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n');
}

/** Builds a VCALENDAR (CRLF line endings, folded lines, UTC times). */
export function toICalendar(input: ICalendarInput): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(input.prodId ?? DEFAULT_PRODID)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.name)}`,
  ];
  for (const e of input.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${icsUtc(input.dtstamp ?? e.start)}`,
      `DTSTART:${icsUtc(e.start)}`,
    );
    if (e.end !== undefined) {
      if (toEpochMs(e.end) < toEpochMs(e.start)) throw new RangeError(`event ${e.uid}: end is before start`);
      lines.push(`DTEND:${icsUtc(e.end)}`);
    }
    lines.push(`SUMMARY:${escapeText(e.summary)}`);
    if (e.description !== undefined) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.location !== undefined) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.url !== undefined) lines.push(`URL:${e.url.replace(/[\u0000-\u001f\u007f]/g, '')}`); // eslint-disable-line no-control-regex
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/**
 * One event per obligation of a plan, spanning its whole due day (local start of day to the end of the day),
 * titled in Chinese (default) or English. `uidSuffix` makes the UIDs globally unique, e.g. '@campaign-42.anxi'.
 */
export function planCalendarEvents(
  plan: {
    timeZone: string;
    obligations: {
      key: string;
      titleZh: string;
      titleEn: string;
      dueDate: string;
      dueAtMs: number;
      hardDueAt: string;
    }[];
  },
  options: { uidSuffix: string; lang?: 'zh' | 'en'; url?: string },
): ICalEvent[] {
  const zh = (options.lang ?? 'zh') === 'zh';
  return plan.obligations.map((o) => ({
    uid: `${o.key}${options.uidSuffix}`,
    summary: zh ? `截止：${o.titleZh}` : `Due: ${o.titleEn}`,
    description: zh
      ? `截止日期：${o.dueDate}（当日24时前）\n逾期升级时间：${o.hardDueAt}`
      : `Due by the end of ${o.dueDate}\nEscalated at: ${o.hardDueAt}`,
    start: startOfLocalDay(o.dueDate, plan.timeZone).ms,
    end: o.dueAtMs,
    ...(options.url !== undefined ? { url: options.url } : {}),
  }));
}
