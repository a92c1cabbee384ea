import { daysBetween, localDateOf, supervisionKindOf, type PlannedObligation } from '../../domain/index.js';
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

/**
 * The office-level obligations of one office at an instant: done, open, overdue (past the due day)
 * or late (past the hard deadline, i.e. escalated).
 */
export function officeObligationStatus(
  loaded: LoadedPlan,
  states: { obligationKey: string; status: string; doneAt: Date | null; extendedDueDate: string | null }[],
  atMs: number,
  language: 'zh-CN' | 'en' = 'zh-CN',
): ObligationStatus[] {
  const today = localDateOf(atMs, loaded.template.timeZone);
  const byKey = new Map(states.map((s) => [s.obligationKey, s]));
  return loaded.plan.obligations
    .filter((o) => o.responsible === 'office')
    .map((planned): ObligationStatus => {
      const s = byKey.get(planned.key);
      const o: PlannedObligation = withExtension(loaded, planned, s?.extendedDueDate);
      // Historical: an obligation closed after `atMs` was still open at `atMs`.
      const done = s?.status === 'done' && (s.doneAt === null || s.doneAt.getTime() <= atMs);
      const state = done ? 'done' : atMs >= o.hardDueAtMs ? 'late' : atMs >= o.dueAtMs ? 'overdue' : 'open';
      return {
        key: o.key,
        kind: o.kind,
        title: language === 'en' ? o.titleEn : o.titleZh,
        dueDate: o.dueDate,
        originalDueDate: planned.dueDate,
        extended: o.dueDate !== planned.dueDate,
        state,
        doneAt: done ? (s?.doneAt?.toISOString() ?? null) : null,
        daysLate: state === 'overdue' || state === 'late' ? Math.max(daysBetween(o.dueDate, today), 0) : 0,
      };
    });
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
): ObligationStatus[] {
  const today = localDateOf(atMs, loaded.template.timeZone);
  return openSupervision(loaded, facts)
    .filter(({ obligation }) => supervisionKindOf(obligation.key) !== 'major-hazard')
    .map(({ obligation: o }): ObligationStatus => {
      const state = atMs >= o.hardDueAtMs ? 'late' : atMs >= o.dueAtMs ? 'overdue' : 'open';
      return {
        key: o.key,
        kind: o.kind,
        title: language === 'en' ? o.titleEn : o.titleZh,
        dueDate: o.dueDate,
        originalDueDate: o.dueDate,
        extended: false,
        state,
        doneAt: null,
        daysLate: state === 'open' ? 0 : Math.max(daysBetween(o.dueDate, today), 0),
      };
    });
}
