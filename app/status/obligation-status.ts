import { daysBetween, localDateOf, supervisionKindOf, type PlannedObligation } from '../../domain/index.js';
import { Prisma } from '../../generated/prisma/client.js';
import { withExtension } from '../campaigns/plan-obligations.js';
import { type LoadedPlan } from '../campaigns/plan-store.js';
import { openSupervision } from '../supervision/open-supervision.js';
import type { NamedSupervisionFacts } from '../supervision/supervision-facts.js';

export interface ObligationStatus {
  key: string;
  kind: string;
  title: string;
  dueDate: string;
  /** The due date the notice put it on, before any approved extension. */
  originalDueDate: string;
  extended: boolean;
  state: 'done' | 'open' | 'overdue' | 'late';
  doneAt: string | null;
  /** Local days past the due date (0 when not overdue). */
  daysLate: number;
}

/** Where an obligation not done stands at an instant: open, overdue (past the due day) or late (past the hard deadline). */
function openStateAt(
  obligation: PlannedObligation,
  atMs: number,
  today: string,
): { state: 'open' | 'overdue' | 'late'; daysLate: number } {
  const state = atMs >= obligation.hardDueAtMs ? 'late' : atMs >= obligation.dueAtMs ? 'overdue' : 'open';
  return { state, daysLate: state === 'open' ? 0 : Math.max(daysBetween(obligation.dueDate, today), 0) };
}

/** An office obligation's stored state: done (and when), and the extended due date in effect, if any. */
export interface StoredState {
  status: string;
  doneAt: Date | null;
  extendedDueDate: string | null;
}

/**
 * The rule "done at an instant": closed, and not after the instant (an obligation closed later was still open then).
 * `doneAtSql` is the same rule for a query that must leave done obligations out.
 */
function isDoneAt(stored: StoredState | undefined, atMs: number): boolean {
  return stored?.status === 'done' && (stored.doneAt === null || stored.doneAt.getTime() <= atMs);
}

/** `isDoneAt` as an SQL condition on the `ObligationState` row named `alias` (NULL when there is no row). */
export function doneAtSql(alias: string, atMs: number): Prisma.Sql {
  const row = (column: string) => Prisma.raw(`${alias}."${column}"`);
  return Prisma.sql`(${row('status')} = 'done' AND (${row('doneAt')} IS NULL OR ${row('doneAt')} <= ${new Date(atMs)}))`;
}

/** One office obligation at an instant, with the extension in effect applied. */
export function obligationStatusAt(
  loaded: LoadedPlan,
  planned: PlannedObligation,
  stored: StoredState | undefined,
  atMs: number,
  language: 'zh-CN' | 'en',
  today: string,
): ObligationStatus {
  const o: PlannedObligation = withExtension(loaded, planned, stored?.extendedDueDate);
  const done = isDoneAt(stored, atMs);
  const { state, daysLate } = done ? { state: 'done' as const, daysLate: 0 } : openStateAt(o, atMs, today);
  return {
    key: o.key,
    kind: o.kind,
    title: language === 'en' ? o.titleEn : o.titleZh,
    dueDate: o.dueDate,
    originalDueDate: planned.dueDate,
    extended: o.dueDate !== planned.dueDate,
    state,
    doneAt: done ? (stored?.doneAt?.toISOString() ?? null) : null,
    daysLate,
  };
}

/**
 * The office-level obligations of one office at an instant: done, open, overdue (past the due day)
 * or late (past the hard deadline, i.e. escalated). `today` is the local day at `atMs`, when the caller has it.
 */
export function officeObligationStatus(
  loaded: LoadedPlan,
  states: (StoredState & { obligationKey: string })[],
  atMs: number,
  language: 'zh-CN' | 'en' = 'zh-CN',
  today = localDateOf(atMs, loaded.template.timeZone),
): ObligationStatus[] {
  const byKey = new Map(states.map((s) => [s.obligationKey, s]));
  return loaded.plan.obligations
    .filter((o) => o.responsible === 'office')
    .map((planned) => obligationStatusAt(loaded, planned, byKey.get(planned.key), atMs, language, today));
}

/**
 * An office's supervision obligations with something still open (records as they stand now): an inspection cycle,
 * a planned visit, the key enterprises' guidance, a hazard's rectification; open, overdue or late like the plan's.
 * A listed major hazard is not listed apart: its rectification is the hazard's item, its verification the bureau's.
 */
export function supervisionObligationStatus(
  loaded: LoadedPlan,
  facts: NamedSupervisionFacts,
  atMs: number,
  language: 'zh-CN' | 'en' = 'zh-CN',
  today = localDateOf(atMs, loaded.template.timeZone),
): ObligationStatus[] {
  return openSupervision(loaded, facts)
    .filter(({ obligation }) => supervisionKindOf(obligation.key) !== 'major-hazard')
    .map(({ obligation: o }): ObligationStatus => ({
      key: o.key,
      kind: o.kind,
      title: language === 'en' ? o.titleEn : o.titleZh,
      dueDate: o.dueDate,
      originalDueDate: o.dueDate,
      extended: false,
      ...openStateAt(o, atMs, today),
      doneAt: null,
    }));
}
