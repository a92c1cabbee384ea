import type { Client } from '@temporalio/client';
import { createWorkingDayCalendar, validateWorkingDayEntries, type WorkingDayEntry } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { planChangedSignal } from '../../workflows/definitions.js';
import { signalRunningCampaigns } from '../campaigns/campaign-lifecycle.js';
import { ProblemError } from '../problem.js';
import { workingDayYear, type WorkingDayYear } from './working-day-year.js';

/** Every problem of the entries, with paths under `entries`; each entry must fall in `year`. */
function entryErrors(year: number, entries: readonly WorkingDayEntry[]): { path: string; message: string }[] {
  const errors = validateWorkingDayEntries(entries).map((e) => ({ path: `entries${e.path}`, message: e.message }));
  if (errors.length > 0) return errors;
  // A make-up working day (调休上班) turns a rest day into a working one; on a day that works anyway it means nothing.
  const withoutEntries = createWorkingDayCalendar();
  entries.forEach((e, i) => {
    if (!e.date.startsWith(`${year}-`)) errors.push({ path: `entries[${i}].date`, message: `is not in ${year}` });
    else if (e.kind === 'workday' && withoutEntries.dayInfo(e.date).working) {
      errors.push({
        path: `entries[${i}].kind`,
        message: `${e.date} is a working day already; a 'workday' entry (调休上班) is for a weekend or public holiday`,
      });
    }
  });
  return errors;
}

/**
 * Replaces the bureau's working-day entries of a year (e.g. the State Council schedule published in November)
 * and has every running campaign recompute its timers. 422 naming every bad entry; nothing is stored then.
 */
export async function replaceWorkingDays(
  deps: { db: PrismaClient; client: Client },
  input: { year: number; entries: WorkingDayEntry[] },
): Promise<WorkingDayYear> {
  const { db } = deps;
  const { year, entries } = input;
  const errors = entryErrors(year, entries);
  if (errors.length > 0) {
    throw new ProblemError(
      422,
      'Invalid working-day entries',
      errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    );
  }
  await db.$transaction([
    db.holidayOverride.deleteMany({ where: { year } }),
    db.holidayOverride.createMany({ data: entries.map((e) => ({ ...e, year })) }),
  ]);
  // Every running campaign recomputes; one whose workflow has ended is marked finished and stops no other.
  await signalRunningCampaigns(deps, planChangedSignal);
  return workingDayYear(deps, year);
}
