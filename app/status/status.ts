import { daysBetween, localDateOf, type PlannedObligation } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { loadPlan, withExtension, type LoadedPlan } from '../campaigns/plan-store.js';

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

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
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
      const done = s?.status === 'done';
      const state = done ? 'done' : atMs >= o.hardDueAtMs ? 'late' : atMs >= o.dueAtMs ? 'overdue' : 'open';
      return {
        key: o.key,
        kind: o.kind,
        title: language === 'en' ? o.titleEn : o.titleZh,
        dueDate: o.dueDate,
        originalDueDate: planned.dueDate,
        extended: o.dueDate !== planned.dueDate,
        state,
        doneAt: s?.doneAt?.toISOString() ?? null,
        daysLate: state === 'overdue' || state === 'late' ? Math.max(daysBetween(o.dueDate, today), 0) : 0,
      };
    });
}

const FILED = { not: null };

/** An enterprise's commitment is complete once the notice is served, it is signed and all four copies are filed. */
export const COMMITMENT_COMPLETE = {
  noticeServedAt: FILED,
  signedAt: FILED,
  copyArchiveAt: FILED,
  copyNoticeBoardAt: FILED,
  copyTownshipAt: FILED,
  copyCountyAt: FILED,
} as const;

/** The same rule on a progress row already loaded. */
export function isCommitmentComplete(
  progress: Record<keyof typeof COMMITMENT_COMPLETE, Date | null> | undefined,
): boolean {
  return (
    progress !== undefined &&
    (Object.keys(COMMITMENT_COMPLETE) as (keyof typeof COMMITMENT_COMPLETE)[]).every((k) => progress[k] !== null)
  );
}

export interface OfficeStatus {
  officeId: string;
  officeCode: string;
  officeName: string;
  unitType: string;
  asOf: string;
  nextDeadline: { key: string; title: string; dueDate: string } | null;
  openCount: number;
  lateItems: ObligationStatus[];
  obligations: ObligationStatus[];
  enterprises: { total: number; commitmentsComplete: number; plansSubmitted: number; selfAssessmentsSubmitted: number };
}

/** What an office has open, its next deadline, its late items and its enterprises' progress. */
export async function officeStatuses(
  db: PrismaClient,
  campaignId: string,
  options: { atMs: number; officeId?: string; language?: 'zh-CN' | 'en' },
): Promise<OfficeStatus[]> {
  const loaded = await loadPlan(db, campaignId);
  const where = options.officeId ? { id: options.officeId } : {};
  const officeFilter = options.officeId ? { officeId: options.officeId } : {};
  const progressCount = (where: object) =>
    db.enterpriseProgress.groupBy({
      by: ['officeId'],
      where: { campaignId, ...officeFilter, ...where },
      _count: { _all: true },
    });
  // Counted in the database: a county has tens of thousands of enterprises.
  const [offices, states, enterpriseCounts, committed, plans, selfAssessments] = await Promise.all([
    db.office.findMany({ where, orderBy: { code: 'asc' } }),
    db.obligationState.findMany({ where: { campaignId, ...officeFilter } }),
    db.enterprise.groupBy({ by: ['officeId'], where: officeFilter, _count: { _all: true } }),
    progressCount(COMMITMENT_COMPLETE),
    progressCount({ planSubmittedAt: FILED }),
    progressCount({ selfAssessmentSubmittedAt: FILED }),
  ]);
  const countsOf = (rows: { officeId: string; _count: { _all: number } }[]) =>
    new Map(rows.map((r) => [r.officeId, r._count._all]));
  const [totals, committedBy, plansBy, selfAssessedBy] = [enterpriseCounts, committed, plans, selfAssessments].map(
    countsOf,
  ) as [Map<string, number>, Map<string, number>, Map<string, number>, Map<string, number>];
  const statesByOffice = groupBy(states, (s) => s.officeId);
  return offices.map((office) => {
    const obligations = officeObligationStatus(
      loaded,
      statesByOffice.get(office.id) ?? [],
      options.atMs,
      options.language,
    );
    const open = obligations.filter((o) => o.state !== 'done');
    const upcoming = open.filter((o) => o.state === 'open').sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
    return {
      officeId: office.id,
      officeCode: office.code,
      officeName: office.name,
      unitType: office.unitType,
      asOf: new Date(options.atMs).toISOString(),
      nextDeadline: upcoming ? { key: upcoming.key, title: upcoming.title, dueDate: upcoming.dueDate } : null,
      openCount: open.length,
      lateItems: open.filter((o) => o.state === 'overdue' || o.state === 'late'),
      obligations,
      enterprises: {
        total: totals.get(office.id) ?? 0,
        commitmentsComplete: committedBy.get(office.id) ?? 0,
        plansSubmitted: plansBy.get(office.id) ?? 0,
        selfAssessmentsSubmitted: selfAssessedBy.get(office.id) ?? 0,
      },
    };
  });
}
