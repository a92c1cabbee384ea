// A local day (YYYY-MM-DD, what a date input holds) as the instant the API records: its first instant in the
// campaign's time zone, whatever the PC's zone is. The inverse of format.ts's localDate().

/** How far the zone's wall clock is ahead of UTC at the instant `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(new Date(ms))
    .reduce<Record<string, number>>(
      (acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }),
      {},
    );
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The first instant of local day `day` in `timeZone` as an ISO string ('2024-03-05' in Asia/Shanghai is
 * '2024-03-04T16:00:00.000Z'); a text that is not a day is returned as it is, for the API to judge.
 */
export function startOfLocalDay(day: string, timeZone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(utcMidnight).toISOString().slice(0, 10) !== day) return day; // 2024-02-30 is no day
  let ms = utcMidnight - offsetAt(utcMidnight, timeZone);
  // Across a change of offset (summer time) the first guess is off by the change: one more step settles it.
  ms = utcMidnight - offsetAt(ms, timeZone);
  return new Date(ms).toISOString();
}
