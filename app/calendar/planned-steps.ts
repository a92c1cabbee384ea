import type { PlannedObligation, StepKind } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { deliveryOf } from '../campaigns/plan-obligations.js';
import { loadPlan, type LoadedPlan } from '../campaigns/plan-store.js';
import { obligationsOfOffice } from '../campaigns/office-obligations.js';
import { ProblemError } from '../problem.js';

/** One step the plan holds for an office: a reminder, an overdue notice or an escalation. */
export interface PlannedStepEntry {
  officeId: string;
  officeCode: string;
  officeName: string;
  obligationKey: string;
  kind: string;
  title: string;
  dueDate: string;
  step: string;
  stepKind: StepKind;
  /**
   * When its mail goes out: a reminder at its instant, an overdue notice or escalation at its delivery instant (by
   * default the send time of the next working day: domain/notice-delivery.ts). ISO 8601 with the zone's offset.
   */
  at: string;
  /** The local date of `at`. */
  localDate: string;
  /** When the step itself happens and is recorded: for an overdue notice or escalation, its deadline instant. */
  stepAt: string;
}

/** Same instant: reminders before the overdue notice, which comes before the escalation (the ladder's order). */
const KIND_RANK: Record<StepKind, number> = { reminder: 0, overdue: 1, escalation: 2 };

/** Planned steps in the order their mails go out; at one instant by office, obligation and the ladder's order. */
export function compareEntries(
  a: Pick<PlannedStepEntry, 'officeCode' | 'obligationKey' | 'stepKind' | 'step'> & { atMs: number },
  b: Pick<PlannedStepEntry, 'officeCode' | 'obligationKey' | 'stepKind' | 'step'> & { atMs: number },
): number {
  return (
    a.atMs - b.atMs ||
    a.officeCode.localeCompare(b.officeCode) ||
    a.obligationKey.localeCompare(b.obligationKey) ||
    KIND_RANK[a.stepKind] - KIND_RANK[b.stepKind] ||
    a.step.localeCompare(b.step)
  );
}

/** A ladder step of an office's obligation as the calendar and the board list it: at the instant its mail goes out. */
export function plannedStepEntry(
  loaded: LoadedPlan,
  office: Office,
  obligation: PlannedObligation,
  step: PlannedObligation['steps'][number],
  language: 'zh-CN' | 'en' | undefined,
): PlannedStepEntry & { atMs: number } {
  const delivery = deliveryOf(loaded, step);
  return {
    officeId: office.id,
    officeCode: office.code,
    officeName: office.name,
    obligationKey: obligation.key,
    kind: obligation.kind,
    title: language === 'en' ? obligation.titleEn : obligation.titleZh,
    dueDate: obligation.dueDate,
    step: step.key,
    stepKind: step.kind,
    at: delivery.at,
    localDate: delivery.localDate,
    stepAt: step.at,
    atMs: delivery.atMs,
  };
}

export interface PlannedStepsQuery {
  campaignId: string;
  /** One office only; every office when absent. */
  officeId?: string;
  kind?: string;
  /** Local dates, both included. */
  from?: string;
  to?: string;
  language?: 'zh-CN' | 'en';
  limit: number;
  offset: number;
}

type Office = { id: string; code: string; name: string };

function stepsOf(
  loaded: LoadedPlan,
  office: Office,
  obligation: PlannedObligation,
  query: Pick<PlannedStepsQuery, 'from' | 'to' | 'language'>,
) {
  const { from, to } = query;
  return obligation.steps
    .map((s) => plannedStepEntry(loaded, office, obligation, s, query.language))
    .filter((e) => !((from && e.localDate < from) || (to && e.localDate > to)));
}

/**
 * Dry-run: every planned step for every office (or one), in the order their mails go out, before anything is sent;
 * obligations already done are included. 404 if the campaign or the office is missing.
 */
export async function plannedSteps(
  deps: { db: PrismaClient },
  query: PlannedStepsQuery,
): Promise<{ total: number; warnings: string[]; entries: PlannedStepEntry[] }> {
  await findCampaign(deps.db, query.campaignId);
  return plannedStepsOfPlan(deps, await loadPlan(deps.db, query.campaignId), query);
}

/**
 * The dry-run of `loaded`: the campaign's stored plan (plannedSteps), or a plan not stored (the preview of a change:
 * app/calendar/preview-calendar.ts). 404 if the office is missing.
 */
export async function plannedStepsOfPlan(
  deps: { db: PrismaClient },
  loaded: LoadedPlan,
  query: Omit<PlannedStepsQuery, 'campaignId'>,
): Promise<{ total: number; warnings: string[]; entries: PlannedStepEntry[] }> {
  const { db } = deps;
  const { officeId, kind } = query;
  const offices = await db.office.findMany({ where: officeId ? { id: officeId } : {}, orderBy: { code: 'asc' } });
  if (officeId && offices.length === 0) throw new ProblemError(404, 'Not found', `office ${officeId} does not exist`);
  const entries = [];
  for (const office of offices) {
    const obligations = await obligationsOfOffice(db, loaded, loaded.campaign.id, office.id, { includeDone: true });
    for (const o of obligations) {
      if (kind && o.kind !== kind) continue;
      entries.push(...stepsOf(loaded, office, o, query));
    }
  }
  entries.sort(compareEntries);
  return {
    total: entries.length,
    warnings: loaded.plan.warnings,
    entries: entries.slice(query.offset, query.offset + query.limit).map(({ atMs: _atMs, ...entry }) => entry),
  };
}
