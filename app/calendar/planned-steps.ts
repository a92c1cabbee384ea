import type { PlannedObligation, StepKind } from '../../domain/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { loadPlan } from '../campaigns/plan-store.js';
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
  at: string;
  localDate: string;
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

function stepsOf(office: Office, obligation: PlannedObligation, query: PlannedStepsQuery) {
  const { from, to } = query;
  return obligation.steps
    .filter((s) => !((from && s.localDate < from) || (to && s.localDate > to)))
    .map((s) => ({
      officeId: office.id,
      officeCode: office.code,
      officeName: office.name,
      obligationKey: obligation.key,
      kind: obligation.kind,
      title: query.language === 'en' ? obligation.titleEn : obligation.titleZh,
      dueDate: obligation.dueDate,
      step: s.key,
      stepKind: s.kind,
      at: s.at,
      localDate: s.localDate,
      atMs: s.atMs,
    }));
}

/**
 * Dry-run: every planned step for every office (or one), in time order, before anything is sent; obligations
 * already done are included. 404 if the campaign or the office is missing.
 */
export async function plannedSteps(
  deps: { db: PrismaClient },
  query: PlannedStepsQuery,
): Promise<{ total: number; warnings: string[]; entries: PlannedStepEntry[] }> {
  const { db } = deps;
  const { officeId, kind } = query;
  await findCampaign(db, query.campaignId);
  const loaded = await loadPlan(db, query.campaignId);
  const offices = await db.office.findMany({ where: officeId ? { id: officeId } : {}, orderBy: { code: 'asc' } });
  if (officeId && offices.length === 0) throw new ProblemError(404, 'Not found', `office ${officeId} does not exist`);
  const entries = [];
  for (const office of offices) {
    const obligations = await obligationsOfOffice(db, loaded, loaded.campaign.id, office.id, { includeDone: true });
    for (const o of obligations) {
      if (kind && o.kind !== kind) continue;
      entries.push(...stepsOf(office, o, query));
    }
  }
  entries.sort(
    (a, b) =>
      a.atMs - b.atMs || a.officeCode.localeCompare(b.officeCode) || a.obligationKey.localeCompare(b.obligationKey),
  );
  return {
    total: entries.length,
    warnings: loaded.plan.warnings,
    entries: entries.slice(query.offset, query.offset + query.limit).map(({ atMs: _atMs, ...entry }) => entry),
  };
}
