import { ESCALATION_KEY, stepRecipients, type PlannedObligation } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { defaultSelfAssessmentDate, selfAssessmentFor, withExtension } from '../campaigns/plan-obligations.js';
import { loadPlan, type LoadedPlan } from '../campaigns/plan-store.js';
import { extendedDueDatesAt } from '../extensions/extensions-in-effect.js';
import { compareEntries, plannedStepEntry, type PlannedStepEntry } from '../calendar/planned-steps.js';
import { COMMITMENT_COMPLETE, FILED } from '../status/commitment-complete.js';
import { openSupervision, supervisionFactsByOffice, type OpenSupervision } from '../supervision/open-supervision.js';

/** One mail step the engine will run for an office, with who receives it. */
export interface NextMail extends PlannedStepEntry {
  recipients: string[];
  /** For an enterprise digest: how many of the office's enterprises it will list (still open now). */
  openEnterprises: number | null;
}

interface Candidate extends NextMail {
  atMs: number;
}

type OfficeRow = { id: string; code: string; name: string; contactEmail: string; headEmail: string };

/**
 * How many enterprises of each office have not yet fulfilled each enterprise obligation, counted in the database
 * (a county has tens of thousands of enterprises). Keys of the inner map are obligation keys; self-assessments are
 * keyed per committed date (`enterprise-self-assessment:<date>`), enterprises without a date count on the default.
 */
async function openEnterpriseCounts(
  db: PrismaClient,
  campaignId: string,
  officeIds: string[],
  defaultDate: string,
): Promise<Map<string, Map<string, number>>> {
  const officeFilter = { officeId: { in: officeIds } };
  const [totals, rows, committed, plans, openSelfAssessments] = await Promise.all([
    db.enterprise.groupBy({ by: ['officeId'], where: officeFilter, _count: { _all: true } }),
    db.enterpriseProgress.groupBy({ by: ['officeId'], where: { campaignId, ...officeFilter }, _count: { _all: true } }),
    db.enterpriseProgress.groupBy({
      by: ['officeId'],
      where: { campaignId, ...officeFilter, ...COMMITMENT_COMPLETE },
      _count: { _all: true },
    }),
    db.enterpriseProgress.groupBy({
      by: ['officeId'],
      where: { campaignId, ...officeFilter, planSubmittedAt: FILED },
      _count: { _all: true },
    }),
    db.enterpriseProgress.groupBy({
      by: ['officeId', 'committedSelfAssessmentDate'],
      where: { campaignId, ...officeFilter, selfAssessmentSubmittedAt: null },
      _count: { _all: true },
    }),
  ]);
  const countOf = (list: { officeId: string; _count: { _all: number } }[]) =>
    new Map(list.map((r) => [r.officeId, r._count._all]));
  const [totalBy, rowsBy, committedBy, plansBy] = [totals, rows, committed, plans].map(countOf) as [
    Map<string, number>,
    Map<string, number>,
    Map<string, number>,
    Map<string, number>,
  ];
  const result = new Map<string, Map<string, number>>();
  for (const officeId of officeIds) {
    const total = totalBy.get(officeId) ?? 0;
    const open = new Map<string, number>([
      ['enterprise-commitment', total - (committedBy.get(officeId) ?? 0)],
      ['enterprise-plan', total - (plansBy.get(officeId) ?? 0)],
      // Enterprises without a progress row have neither a date of their own nor a self-assessment.
      [`enterprise-self-assessment:${defaultDate}`, total - (rowsBy.get(officeId) ?? 0)],
    ]);
    result.set(officeId, open);
  }
  for (const g of openSelfAssessments) {
    const key = `enterprise-self-assessment:${g.committedSelfAssessmentDate ?? defaultDate}`;
    const open = result.get(g.officeId)!;
    open.set(key, (open.get(key) ?? 0) + g._count._all);
  }
  return result;
}

interface NextMailOptions {
  atMs: number;
  officeId?: string;
  limit: number;
  language?: 'zh-CN' | 'en';
}

/**
 * The next mails the engine will send, in the order they go out: the ladder steps whose mails go out at or after
 * `atMs` (an overdue notice or escalation at its delivery instant, domain/notice-delivery.ts) of every office
 * obligation still open (approved extensions applied) and of every enterprise digest that still has an open
 * enterprise, without the steps whose mails an office workflow has already sent. An escalation recorded before its
 * obligation was fulfilled is still listed until its mail goes out: it is sent all the same.
 */
export async function nextMails(
  db: PrismaClient,
  campaignId: string,
  options: NextMailOptions,
): Promise<{ campaignStatus: string; items: NextMail[] }> {
  const loaded = await loadPlan(db, campaignId);
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true } });
  const offices = await db.office.findMany({
    where: options.officeId ? { id: options.officeId } : {},
    orderBy: { code: 'asc' },
    select: { id: true, code: true, name: true, contactEmail: true, headEmail: true },
  });
  const officeIds = offices.map((o) => o.id);
  const [states, extensions, openCounts, standingEscalations, supervisionFacts] = await Promise.all([
    db.obligationState.findMany({ where: { campaignId, officeId: { in: officeIds } } }),
    extendedDueDatesAt(db, { campaignId, officeId: options.officeId }, options.atMs),
    openEnterpriseCounts(db, campaignId, officeIds, defaultSelfAssessmentDate(loaded)),
    escalationsAwaitingDelivery(db, campaignId, officeIds, options.atMs),
    supervisionFactsByOffice(db, loaded, officeIds),
  ]);
  const supervision = new Map(
    [...supervisionFacts].map(([officeId, facts]) => [officeId, openSupervision(loaded, facts)]),
  );
  // As the obligations stood at `atMs`: closed by then, with the extensions approved by then.
  const stateOf = new Map(
    states.map((s) => {
      const key = `${s.officeId}|${s.obligationKey}`;
      const closed = s.status === 'done' && (s.doneAt === null || s.doneAt.getTime() <= options.atMs);
      return [key, { status: closed ? 'done' : 'open', extendedDueDate: extensions.get(key) ?? null }];
    }),
  );
  const candidates = candidateMails(
    loaded,
    offices,
    { stateOf, openCounts, standingEscalations, supervision },
    options,
  );
  const items = await withoutRunSteps(db, campaignId, candidates, options);
  return { campaignStatus: campaign.status, items };
}

/** Every step whose mail goes out at or after `atMs`, of what each office still owes, in that order (run or not). */
function candidateMails(
  loaded: LoadedPlan,
  offices: OfficeRow[],
  facts: {
    stateOf: Map<string, { status: string; extendedDueDate: string | null }>;
    openCounts: Map<string, Map<string, number>>;
    /** `<office id>|<obligation key>` of escalation steps recorded and not yet mailed (see escalationsAwaitingDelivery). */
    standingEscalations: Set<string>;
    /** Each office's supervision obligations with something open (as the records stand now). */
    supervision: Map<string, OpenSupervision[]>;
  },
  options: NextMailOptions,
): Candidate[] {
  const officeOwn = loaded.plan.obligations.filter((o) => o.responsible === 'office');
  const enterpriseShared = loaded.plan.obligations.filter(
    (o) => o.responsible === 'enterprise' && o.kind !== 'enterprise-self-assessment',
  );
  const candidates: Candidate[] = [];
  const add = (
    office: OfficeRow,
    o: PlannedObligation,
    openEnterprises: number | null,
    onlyEscalation = false,
    listedParty?: OpenSupervision['listedParty'],
  ) => {
    for (const s of o.steps) {
      if (onlyEscalation && s.key !== ESCALATION_KEY) continue;
      const entry = plannedStepEntry(loaded, office, o, s, options.language);
      if (entry.atMs < options.atMs) continue;
      const party = listedParty?.(s.key);
      const recipients = party
        ? [party === 'bureau' ? loaded.campaign.bureauEmail : office.contactEmail]
        : stepRecipients(s.kind, o.responsible, office, loaded.campaign.bureauEmail).map((r) => r.to);
      candidates.push({ ...entry, recipients, openEnterprises });
    }
  };
  for (const office of offices) {
    for (const planned of officeOwn) {
      const state = facts.stateOf.get(`${office.id}|${planned.key}`);
      const obligation = withExtension(loaded, planned, state?.extendedDueDate);
      if (state?.status !== 'done') add(office, obligation, null);
      else if (facts.standingEscalations.has(`${office.id}|${planned.key}`)) add(office, obligation, null, true);
    }
    const open = facts.openCounts.get(office.id)!;
    for (const o of enterpriseShared) {
      const count = open.get(o.kind) ?? 0;
      if (count > 0) add(office, o, count);
    }
    for (const [key, count] of open) {
      if (!key.startsWith(SELF_ASSESSMENT_PREFIX) || count <= 0) continue;
      add(office, selfAssessmentFor(loaded, key.slice(SELF_ASSESSMENT_PREFIX.length)), count);
    }
    for (const open of facts.supervision.get(office.id) ?? []) {
      add(office, open.obligation, open.openItems, false, open.listedParty);
    }
  }
  return candidates.sort(compareEntries);
}

/** Whether a step run's mails had gone out by `atMs`: at its run, or, for a deferred deadline notice, at its delivery. */
function mailedBy(run: { executedAt: Date; detail: unknown }, atMs: number): boolean {
  if (run.executedAt.getTime() > atMs) return false;
  const detail = (run.detail ?? {}) as { deliverAt?: string; deliveredAt?: string };
  if (detail.deliverAt === undefined) return true;
  return detail.deliveredAt !== undefined && Date.parse(detail.deliveredAt) <= atMs;
}

/**
 * The escalation steps recorded by `atMs` whose mail had not gone out by then (`<office id>|<obligation key>`): an
 * escalation stands once raised, so its mail goes out even when the obligation is fulfilled before it.
 */
async function escalationsAwaitingDelivery(
  db: PrismaClient,
  campaignId: string,
  officeIds: string[],
  atMs: number,
): Promise<Set<string>> {
  const runs = await db.stepRun.findMany({
    where: { campaignId, officeId: { in: officeIds }, stepKey: ESCALATION_KEY, executedAt: { lte: new Date(atMs) } },
    select: { officeId: true, obligationKey: true, executedAt: true, detail: true },
  });
  return new Set(
    runs
      .filter((r) => (r.detail as { deliverAt?: string } | null)?.deliverAt !== undefined && !mailedBy(r, atMs))
      .map((r) => `${r.officeId}|${r.obligationKey}`),
  );
}

const SELF_ASSESSMENT_PREFIX = 'enterprise-self-assessment:';

/**
 * A step an office workflow has run is never run again (even if an extension moved it): left out once its mails
 * went out (a deferred deadline notice stays listed until its delivery). Checked window by window, so only the run
 * records of the steps near the front are read.
 */
async function withoutRunSteps(
  db: PrismaClient,
  campaignId: string,
  candidates: Candidate[],
  options: { limit: number; atMs: number },
): Promise<NextMail[]> {
  const { limit } = options;
  const items: NextMail[] = [];
  for (let start = 0; start < candidates.length && items.length < limit;) {
    const window = candidates.slice(start, start + Math.max(limit * 2, 50));
    start += window.length;
    const runs = await db.stepRun.findMany({
      where: {
        campaignId,
        officeId: { in: [...new Set(window.map((c) => c.officeId))] },
        obligationKey: { in: [...new Set(window.map((c) => c.obligationKey))] },
        executedAt: { lte: new Date(options.atMs) },
      },
      select: { officeId: true, obligationKey: true, stepKey: true, executedAt: true, detail: true },
    });
    const ran = new Set(
      runs.filter((r) => mailedBy(r, options.atMs)).map((r) => `${r.officeId}|${r.obligationKey}|${r.stepKey}`),
    );
    for (const { atMs: _atMs, ...c } of window) {
      if (ran.has(`${c.officeId}|${c.obligationKey}|${c.step}`)) continue;
      items.push(c);
      if (items.length >= limit) break;
    }
  }
  return items;
}
