import type { PrismaClient } from '../../infra/db.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { extendedDueDatesAt } from '../extensions/extensions-in-effect.js';
import { supervisionFactsByOffice } from '../supervision/open-supervision.js';
import { commitmentCompleteAt } from './commitment-complete.js';
import { officeObligationStatus, supervisionObligationStatus, type ObligationStatus } from './obligation-status.js';

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
  const [offices, storedStates, extensions, enterpriseCounts, committed, plans, selfAssessments] = await Promise.all([
    db.office.findMany({ where, orderBy: { code: 'asc' } }),
    db.obligationState.findMany({ where: { campaignId, ...officeFilter } }),
    extendedDueDatesAt(db, { campaignId, officeId: options.officeId }, options.atMs),
    db.enterprise.groupBy({ by: ['officeId'], where: officeFilter, _count: { _all: true } }),
    // As recorded by `atMs`: a step dated later had not happened yet.
    progressCount(commitmentCompleteAt(options.atMs)),
    progressCount({ planSubmittedAt: { lte: new Date(options.atMs) } }),
    progressCount({ selfAssessmentSubmittedAt: { lte: new Date(options.atMs) } }),
  ]);
  const countsOf = (rows: { officeId: string; _count: { _all: number } }[]) =>
    new Map(rows.map((r) => [r.officeId, r._count._all]));
  const [totals, committedBy, plansBy, selfAssessedBy] = [enterpriseCounts, committed, plans, selfAssessments].map(
    countsOf,
  ) as [Map<string, number>, Map<string, number>, Map<string, number>, Map<string, number>];
  // The deadlines that held at `atMs`: an extension approved later did not move them yet.
  const states = storedStates.map((s) => ({
    ...s,
    extendedDueDate: extensions.get(`${s.officeId}|${s.obligationKey}`) ?? null,
  }));
  const statesByOffice = groupBy(states, (s) => s.officeId);
  const supervision = await supervisionFactsByOffice(
    db,
    loaded,
    offices.map((o) => o.id),
  );
  return offices.map((office) => {
    const facts = supervision.get(office.id);
    const obligations = [
      ...officeObligationStatus(loaded, statesByOffice.get(office.id) ?? [], options.atMs, options.language),
      ...(facts ? supervisionObligationStatus(loaded, facts, options.atMs, options.language) : []),
    ];
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
