import { describe, it, expect } from 'vitest';
import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { createWorkingDayCalendar, PACKAGE_YEARS, WorkingDayEntryError } from '../../domain/index.js';

const cal = createWorkingDayCalendar();

describe('working days from the chinese-days data', () => {
  it('knows which years the package covers from its own data (contiguous, includes 2024–2026)', () => {
    const fromData = new Set(Object.keys(packageData.holidays).map((d) => Number(d.slice(0, 4))));
    expect([...PACKAGE_YEARS]).toEqual([...fromData].sort((a, b) => a - b));
    expect(PACKAGE_YEARS).toContain(2024);
    expect(PACKAGE_YEARS).toContain(2025);
    const first = PACKAGE_YEARS[0]!;
    const last = PACKAGE_YEARS[PACKAGE_YEARS.length - 1]!;
    expect(PACKAGE_YEARS.length).toBe(last - first + 1);
    expect(cal.coverage(2024)).toBe('package');
    expect(cal.coverage(last + 1)).toBe('none');
  });

  it('Labour Day 2024-05-01..05-05 is a holiday', () => {
    for (const d of ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05']) {
      expect(cal.isWorkingDay(d), d).toBe(false);
      expect(cal.dayInfo(d).holidayName).toBe('劳动节');
    }
    expect(cal.isWorkingDay('2024-05-06')).toBe(true);
  });

  it('counts the make-up Sunday 2024-04-28 and the make-up Saturday 2024-05-11 as working days', () => {
    const sunday = cal.dayInfo('2024-04-28');
    expect(sunday).toMatchObject({ working: true, weekday: 7, makeUpWorkday: true, source: 'package' });
    expect(cal.dayInfo('2024-05-11')).toMatchObject({ working: true, weekday: 6, makeUpWorkday: true });
  });

  it('National Day 2024-10-01..10-07 is a holiday and Saturday 2024-10-12 is a working day', () => {
    for (let day = 1; day <= 7; day++) expect(cal.isWorkingDay(`2024-10-0${day}`)).toBe(false);
    expect(cal.dayInfo('2024-10-01').holidayName).toBe('国庆节');
    expect(cal.dayInfo('2024-10-12')).toMatchObject({ working: true, makeUpWorkday: true });
  });

  it('New Year 2025-01-01 is a holiday', () => {
    expect(cal.dayInfo('2025-01-01')).toMatchObject({ working: false, holidayName: '元旦' });
  });

  it('ordinary weekends are not working days and ordinary weekdays are', () => {
    expect(cal.dayInfo('2024-03-16')).toMatchObject({ working: false, weekday: 6, source: 'package' });
    expect(cal.dayInfo('2024-03-16').holidayName).toBeUndefined();
    expect(cal.isWorkingDay('2024-03-15')).toBe(true);
  });

  it('previous/next working day are strictly before/after and skip holidays', () => {
    expect(cal.previousWorkingDay('2024-05-02')).toBe('2024-04-30');
    expect(cal.previousWorkingDay('2024-04-30')).toBe('2024-04-29');
    expect(cal.nextWorkingDay('2024-04-30')).toBe('2024-05-06');
    expect(cal.nextWorkingDay('2024-09-30')).toBe('2024-10-08');
    expect(cal.nextWorkingDay('2024-10-11')).toBe('2024-10-12');
  });

  it('adds working days forward and backward, strictly after/before the date', () => {
    expect(cal.addWorkingDays('2024-05-02', -1)).toBe('2024-04-30');
    expect(cal.addWorkingDays('2024-05-02', -2)).toBe('2024-04-29');
    expect(cal.addWorkingDays('2024-05-02', -3)).toBe('2024-04-28');
    expect(cal.addWorkingDays('2024-09-30', 2)).toBe('2024-10-09');
    expect(cal.addWorkingDays('2024-12-31', 2)).toBe('2025-01-03');
    expect(cal.addWorkingDays('2024-05-02', 0)).toBe('2024-05-02');
  });
});

describe('bureau entries', () => {
  it('override the package per date (a holiday made a working day and vice versa)', () => {
    const c = createWorkingDayCalendar([
      { date: '2024-05-02', kind: 'workday', name: '县局通知照常上班' },
      { date: '2024-04-29', kind: 'holiday', name: '县内调整' },
    ]);
    expect(c.dayInfo('2024-05-02')).toMatchObject({ working: true, source: 'bureau' });
    expect(c.dayInfo('2024-04-29')).toMatchObject({ working: false, holidayName: '县内调整', source: 'bureau' });
    expect(c.dayInfo('2024-05-03')).toMatchObject({ working: false, source: 'package' });
    expect(c.previousWorkingDay('2024-04-30')).toBe('2024-04-28');
    expect(c.coverage(2024)).toBe('bureau');
  });

  it("supply a year the package does not cover (next year's schedule entered in December)", () => {
    const year = PACKAGE_YEARS[PACKAGE_YEARS.length - 1]! + 1;
    const c = createWorkingDayCalendar([
      { date: `${year}-01-01`, kind: 'holiday', name: '元旦' },
      { date: `${year}-01-04`, kind: 'workday', name: '元旦调休上班' },
    ]);
    expect(c.coverage(year)).toBe('bureau');
    expect(c.dayInfo(`${year}-01-01`)).toMatchObject({ working: false, holidayName: '元旦', source: 'bureau' });
    expect(c.dayInfo(`${year}-01-04`).working).toBe(true);
    expect(c.dayInfo(`${year}-03-10`).source).toBe('bureau');
  });

  it('are validated: each bad entry is named', () => {
    let caught: unknown;
    try {
      createWorkingDayCalendar([
        { date: '2024-02-30', kind: 'holiday', name: 'x' },
        { date: '2024-05-02', kind: 'weekend' as 'holiday', name: 'x' },
        { date: '2024-05-02', kind: 'holiday', name: 'y' },
      ]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WorkingDayEntryError);
    expect((caught as WorkingDayEntryError).errors.map((e) => e.path)).toEqual(['[0].date', '[1].kind', '[2].date']);
  });
});

describe('years without data', () => {
  it('fall back to Monday–Friday (2040: New Year is an ordinary Sunday, Monday 2040-01-02 is a working day)', () => {
    const c = createWorkingDayCalendar();
    expect(c.coverage(2040)).toBe('none');
    expect(c.dayInfo('2040-01-01')).toMatchObject({ working: false, weekday: 7, source: 'weekdays-only' });
    expect(c.dayInfo('2040-01-02')).toMatchObject({ working: true, weekday: 1, source: 'weekdays-only' });
    expect(c.nextWorkingDay('2040-01-06')).toBe('2040-01-09');
    expect(c.addWorkingDays('2040-01-06', -5)).toBe('2039-12-30');
  });
});
