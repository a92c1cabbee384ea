// Dates and times as the pages show them: in the campaign's time zone (Asia/Shanghai), whatever the PC's zone is.

/** The parts of an instant's wall-clock time in a zone, e.g. { year: '2024', month: '07', day: '10', hour: '12', … }. */
function partsIn(ms: number, timeZone: string): Record<string, string> {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(new Date(ms))
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
}

/** The local date (YYYY-MM-DD) of an instant in the zone. */
export function localDate(iso: string, timeZone: string): string {
  const p = partsIn(Date.parse(iso), timeZone);
  return `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''}`;
}

/** An instant as 'YYYY-MM-DD HH:mm' of the zone; '' for a missing one. */
export function wallTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const p = partsIn(Date.parse(iso), timeZone);
  return `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''} ${p.hour ?? ''}:${p.minute ?? ''}`;
}

/** Whole days from local date `from` to local date `to` (YYYY-MM-DD each): negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The local day a deadline instant closes (YYYY-MM-DD): deadlines are the end of a local day, stored as the first
 * instant of the next, so '2024-07-03T16:00:00Z' in Asia/Shanghai is the deadline of 2024-07-03.
 */
export function deadlineDay(iso: string, timeZone: string): string {
  return localDate(new Date(Date.parse(iso) - 1).toISOString(), timeZone);
}
