import { describe, it, expect } from 'vitest';
import ICAL from 'ical.js';
import {
  buildPlan,
  createWorkingDayCalendar,
  defaultTemplate,
  escapeText,
  foldLine,
  planCalendarEvents,
  toICalendar,
} from '../../domain/index.js';

const encoder = new TextEncoder();

function parseEvents(ics: string) {
  const comp = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  return {
    comp,
    events: comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)),
  };
}

describe('iCalendar output (RFC 5545)', () => {
  const longSummary =
    '安溪县特种设备制造企业安全生产标准化提升专项行动固本强基：2024年4月工作总结、工作进展月报表（附件3、4）加盖单位公章；于下一个月2日前报送县市监局';
  const description = '请于2024年5月2日前报送。\n逾期后；县局将通报，约谈\\提醒。';
  const ics = toICalendar({
    name: '安溪县市场监管局·标准化提升专项行动 2024',
    dtstamp: '2024-02-28T10:00:00+08:00',
    events: [
      {
        uid: 'monthly-report:2024-04@campaign-1.anxi',
        summary: longSummary,
        description,
        start: '2024-05-02T00:00:00.000+08:00',
        end: '2024-05-03T00:00:00.000+08:00',
        url: 'https://example.gov.cn/campaigns/1/obligations/monthly-report:2024-04?lang=zh-CN&view=full-details-with-a-long-query',
      },
      { uid: 'phase:planning@campaign-1.anxi', summary: '前期统筹谋划阶段截止', start: Date.UTC(2024, 2, 15, 16) },
    ],
  });

  it('uses CRLF line endings and no physical line longer than 75 octets, without splitting UTF-8 characters', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n').slice(0, -1);
    for (const line of lines) expect(encoder.encode(line).length, line).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true); // the long Chinese summary was folded
    expect(ics).not.toContain('\uFFFD');
  });

  it('has the calendar header: VERSION, PRODID, X-WR-CALNAME', () => {
    const { comp } = parseEvents(ics);
    expect(comp.getFirstPropertyValue('version')).toBe('2.0');
    expect(comp.getFirstPropertyValue('prodid')).toBe('-//Anxi County SAMR//Campaign Engine//ZH');
    expect(comp.getFirstPropertyValue('x-wr-calname')).toBe('安溪县市场监管局·标准化提升专项行动 2024');
  });

  it('parses with ical.js and round-trips Chinese summaries, escaped , ; \\ and newlines', () => {
    const { events } = parseEvents(ics);
    expect(events).toHaveLength(2);
    const [e1, e2] = events as [ICAL.Event, ICAL.Event];
    expect(e1.uid).toBe('monthly-report:2024-04@campaign-1.anxi');
    expect(e1.summary).toBe(longSummary);
    expect(e1.description).toBe(description);
    expect(e1.component.getFirstPropertyValue('url')).toContain('view=full-details-with-a-long-query');
    expect(e2.summary).toBe('前期统筹谋划阶段截止');
  });

  it('writes times in UTC with Z, and DTSTAMP', () => {
    expect(ics).toContain('DTSTART:20240501T160000Z');
    expect(ics).toContain('DTEND:20240502T160000Z');
    expect(ics).toContain('DTSTAMP:20240228T020000Z');
    const { events } = parseEvents(ics);
    expect(events[0]!.startDate.toUnixTime()).toBe(Date.UTC(2024, 4, 1, 16) / 1000);
    expect(events[1]!.startDate.toUnixTime()).toBe(Date.UTC(2024, 2, 15, 16) / 1000);
    expect(events[0]!.startDate.zone?.tzid).toBe('UTC');
  });

  it('escapes text and folds at code-point boundaries', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const folded = foldLine('SUMMARY:' + '标'.repeat(40));
    const parts = folded.split('\r\n');
    expect(parts.map((p) => encoder.encode(p).length)).toEqual([8 + 22 * 3, 1 + 18 * 3]);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe('SUMMARY:' + '标'.repeat(40));
    const emoji = foldLine('X:' + '😀'.repeat(30));
    for (const p of emoji.split('\r\n')) expect(encoder.encode(p).length).toBeLessThanOrEqual(75);
    expect(emoji).not.toContain('\uFFFD');
  });

  it('exports a plan as one event per obligation spanning its due day, parseable by ical.js', () => {
    const plan = buildPlan(defaultTemplate(2024), createWorkingDayCalendar());
    const out = toICalendar({
      name: '2024 固本强基',
      dtstamp: plan.startAtMs,
      events: planCalendarEvents(plan, { uidSuffix: '@campaign-1.anxi' }),
    });
    const { events } = parseEvents(out);
    expect(events).toHaveLength(plan.obligations.length);
    const april = events.find((e) => e.uid === 'monthly-report:2024-04@campaign-1.anxi')!;
    expect(april.summary).toBe('截止：2024年4月工作总结及工作进展月报表');
    expect(april.startDate.toUnixTime()).toBe(Date.UTC(2024, 4, 1, 16) / 1000);
    expect(april.endDate.toUnixTime()).toBe(Date.UTC(2024, 4, 2, 16) / 1000);
  });
});
