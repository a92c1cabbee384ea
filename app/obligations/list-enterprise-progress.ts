import { COMMITMENT_STEPS, isCommitmentComplete } from '../../domain/commitment.js';
import type { PlannedObligation } from '../../domain/index.js';
import { enterpriseOwes } from '../../domain/office-steps.js';
import type { EnterpriseProgress } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { findCampaign } from '../campaigns/find-campaign.js';
import { defaultSelfAssessmentDate, selfAssessmentFor } from '../campaigns/plan-obligations.js';
import { loadPlan, type LoadedPlan } from '../campaigns/plan-store.js';
import { ProblemError } from '../problem.js';

/** Where an enterprise's commitment stands: the first step of domain/commitment.ts it has not done, or done. */
export type CommitmentState = 'awaiting-notice' | 'awaiting-signature' | 'awaiting-copies' | 'committed';

export type EnterpriseObligationKind = 'enterprise-commitment' | 'enterprise-plan' | 'enterprise-self-assessment';

/** An enterprise obligation the enterprise owes now: its phase has begun (or its reminders have) and it is not done. */
export interface Owing {
  kind: EnterpriseObligationKind;
  dueDate: string;
  /** Past the end of its due day. */
  overdue: boolean;
}

/** The recorded steps: instants as ISO strings, null while not done. */
export interface ProgressFields {
  noticeServedAt: string | null;
  noticeServedBy: string | null;
  signedAt: string | null;
  signatory: string | null;
  committedSelfAssessmentDate: string | null;
  copyArchiveAt: string | null;
  copyNoticeBoardAt: string | null;
  copyTownshipAt: string | null;
  copyCountyAt: string | null;
  planSubmittedAt: string | null;
  selfAssessmentSubmittedAt: string | null;
}

export interface EnterpriseProgressRow {
  id: string;
  code: string;
  name: string;
  sizeClass: string;
  riskColour: string;
  state: CommitmentState;
  /** domain/commitment.ts: notice served, signed and all four copies filed. */
  commitmentComplete: boolean;
  /** The date its self-assessment is due: the one it committed to, else the default. */
  selfAssessmentDueDate: string;
  owing: Owing[];
  /** It owes something now (`owing` is not empty): the enterprises the digest mails' link shows. */
  open: boolean;
  progress: ProgressFields;
}

export interface OfficeEnterpriseProgress {
  campaignId: string;
  officeId: string;
  asOf: string;
  /** The campaign's time zone: the local days of the dates. */
  timeZone: string;
  commitmentDueDate: string;
  planDueDate: string;
  /** The default self-assessment date (end of its phase), for enterprises that committed to none. */
  selfAssessmentDueDate: string;
  counts: {
    total: number;
    open: number;
    noticesServed: number;
    signed: number;
    commitmentsComplete: number;
    plansSubmitted: number;
    selfAssessmentsSubmitted: number;
  };
  enterprises: EnterpriseProgressRow[];
}

function stateOf(p: EnterpriseProgress | undefined): CommitmentState {
  if (isCommitmentComplete(p)) return 'committed';
  const missing = COMMITMENT_STEPS.find((step) => !p?.[step]);
  return missing === 'noticeServedAt'
    ? 'awaiting-notice'
    : missing === 'signedAt'
      ? 'awaiting-signature'
      : 'awaiting-copies';
}

function fieldsOf(p: EnterpriseProgress | undefined): ProgressFields {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return {
    noticeServedAt: iso(p?.noticeServedAt),
    noticeServedBy: p?.noticeServedBy ?? null,
    signedAt: iso(p?.signedAt),
    signatory: p?.signatory ?? null,
    committedSelfAssessmentDate: p?.committedSelfAssessmentDate ?? null,
    copyArchiveAt: iso(p?.copyArchiveAt),
    copyNoticeBoardAt: iso(p?.copyNoticeBoardAt),
    copyTownshipAt: iso(p?.copyTownshipAt),
    copyCountyAt: iso(p?.copyCountyAt),
    planSubmittedAt: iso(p?.planSubmittedAt),
    selfAssessmentSubmittedAt: iso(p?.selfAssessmentSubmittedAt),
  };
}

/** An obligation is owed from the start of its phase, or from its first reminder if that comes earlier. */
function begunAt(loaded: LoadedPlan, o: PlannedObligation): number {
  const phaseStart = loaded.plan.phases.find((p) => p.key === o.phase)?.startAtMs ?? Infinity;
  return Math.min(phaseStart, o.steps[0]?.atMs ?? o.dueAtMs);
}

/** What the enterprise owes at `atMs`, by the digests' rule (domain/office-steps.ts enterpriseOwes). */
function owingOf(
  loaded: LoadedPlan,
  fixed: PlannedObligation[],
  p: EnterpriseProgress | undefined,
  atMs: number,
): Owing[] {
  const defaultDate = defaultSelfAssessmentDate(loaded);
  const obligations = [...fixed, selfAssessmentFor(loaded, p?.committedSelfAssessmentDate ?? defaultDate)];
  return obligations
    .filter((o) => atMs >= begunAt(loaded, o) && enterpriseOwes(o, p, defaultDate))
    .map((o) => ({ kind: o.kind as EnterpriseObligationKind, dueDate: o.dueDate, overdue: atMs >= o.dueAtMs }));
}

/**
 * One office's enterprises (by code) with their progress in the campaign at `atMs`: each one's recorded steps, its
 * commitment state and what it owes now; and the office's counts. 404 if the campaign or the office is missing.
 */
export async function listEnterpriseProgress(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; atMs: number },
): Promise<OfficeEnterpriseProgress> {
  const { db } = deps;
  await findCampaign(db, input.campaignId);
  const office = await db.office.findUnique({ where: { id: input.officeId }, select: { id: true } });
  if (!office) throw new ProblemError(404, 'Not found', `office ${input.officeId} does not exist`);
  const loaded = await loadPlan(db, input.campaignId);
  const enterprises = await db.enterprise.findMany({ where: { officeId: office.id }, orderBy: { code: 'asc' } });
  const progress = await db.enterpriseProgress.findMany({
    where: { campaignId: input.campaignId, enterpriseId: { in: enterprises.map((e) => e.id) } },
  });
  const byEnterprise = new Map(progress.map((p) => [p.enterpriseId, p]));
  const fixed = loaded.plan.obligations.filter(
    (o) => o.kind === 'enterprise-commitment' || o.kind === 'enterprise-plan',
  );
  const defaultDate = defaultSelfAssessmentDate(loaded);
  const rows = enterprises.map((e): EnterpriseProgressRow => {
    const p = byEnterprise.get(e.id);
    const owing = owingOf(loaded, fixed, p, input.atMs);
    return {
      id: e.id,
      code: e.code,
      name: e.name,
      sizeClass: e.sizeClass,
      riskColour: e.riskColour,
      state: stateOf(p),
      commitmentComplete: isCommitmentComplete(p),
      selfAssessmentDueDate: p?.committedSelfAssessmentDate ?? defaultDate,
      owing,
      open: owing.length > 0,
      progress: fieldsOf(p),
    };
  });
  const count = (test: (r: EnterpriseProgressRow) => unknown) => rows.filter(test).length;
  return {
    campaignId: input.campaignId,
    officeId: office.id,
    asOf: new Date(input.atMs).toISOString(),
    timeZone: loaded.template.timeZone,
    commitmentDueDate: fixed.find((o) => o.kind === 'enterprise-commitment')?.dueDate ?? '',
    planDueDate: fixed.find((o) => o.kind === 'enterprise-plan')?.dueDate ?? '',
    selfAssessmentDueDate: defaultDate,
    counts: {
      total: rows.length,
      open: count((r) => r.open),
      noticesServed: count((r) => r.progress.noticeServedAt),
      signed: count((r) => r.progress.signedAt),
      commitmentsComplete: count((r) => r.commitmentComplete),
      plansSubmitted: count((r) => r.progress.planSubmittedAt),
      selfAssessmentsSubmitted: count((r) => r.progress.selfAssessmentSubmittedAt),
    },
    enterprises: rows,
  };
}
