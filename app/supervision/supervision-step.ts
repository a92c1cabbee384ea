import {
  defaultSupervision,
  enterprisesOwingInspection,
  guidanceCoverageObligation,
  guidanceDeadline,
  guidanceVisitObligation,
  hazardObligation,
  hazardsOwed,
  inspectionObligation,
  keyEnterprisesUnvisited,
  LISTED_STEP_KEY,
  majorHazardObligation,
  stepRecipients,
  supervisionKindOf,
  visitsOwed,
  type PlannedObligation,
  type SupervisionKind,
} from '../../domain/index.js';
import { languageOf, type Language } from '../../domain/messages.js';
import { obligationText } from '../../domain/office-steps.js';
import { pageLinks } from '../../domain/page-links.js';
import { listedHazardMessage, supervisionDigestMessage, type DigestItem } from '../../domain/supervision/messages.js';
import type { PrismaClient } from '../../infra/db.js';
import type { LoadedPlan } from '../campaigns/plan-store.js';
import {
  escalationOf,
  type StepContext,
  type StepDeps,
  type StepInput,
  type StepMail,
  type StepPlan,
} from '../office-steps/step-mails.js';
import { supervisionContext } from './plan-context.js';
import { supervisionFactsOf, supervisionFactsSql, type NamedSupervisionFacts } from './supervision-facts.js';

/** An office's supervision records, named, in one round trip. */
export async function loadSupervisionFacts(
  db: PrismaClient,
  campaignId: string,
  officeId: string,
): Promise<NamedSupervisionFacts> {
  const [row] = await db.$queryRaw<{ supervision: string }[]>`SELECT ${supervisionFactsSql(campaignId, officeId)}`;
  return supervisionFactsOf(row!.supervision);
}

/** The supervision obligation of a key, as planned now; undefined when its hazard is gone or the key is not one. */
export function supervisionObligationByKey(
  loaded: LoadedPlan,
  key: string,
  facts: NamedSupervisionFacts,
): PlannedObligation | undefined {
  const ctx = supervisionContext(loaded);
  const arg = key.slice(key.indexOf(':') + 1);
  switch (supervisionKindOf(key)) {
    case 'inspection':
      return inspectionObligation(ctx, arg);
    case 'guidance-visit':
      return guidanceVisitObligation(ctx, arg);
    case 'guidance-coverage':
      return guidanceCoverageObligation(ctx);
    case 'hazard':
      return hazardObligation(ctx, arg);
    case 'major-hazard': {
      const hazard = facts.hazards.find((h) => h.id === arg);
      const every = (loaded.template.supervision ?? defaultSupervision(loaded.template.year))
        .majorHazardReportEveryWorkingDays;
      return hazard ? majorHazardObligation(ctx, every, hazard) : undefined;
    }
    default:
      return undefined;
  }
}

/** What is still open of a digest obligation now, one line each. */
export function openItems(
  loaded: LoadedPlan,
  kind: Exclude<SupervisionKind, 'major-hazard'>,
  obligation: PlannedObligation,
  facts: NamedSupervisionFacts,
): DigestItem[] {
  const rules = loaded.template.supervision;
  const byId = new Map(facts.enterprises.map((e) => [e.id, e]));
  const named = (enterpriseId: string, detail?: string): DigestItem[] => {
    const e = byId.get(enterpriseId);
    return e ? [{ enterpriseName: e.name, enterpriseCode: e.code, ...(detail ? { detail } : {}) }] : [];
  };
  switch (kind) {
    case 'inspection':
      return rules
        ? enterprisesOwingInspection(rules, facts, obligation.nominalDueDate).flatMap((e) => named(e.id))
        : [];
    case 'guidance-coverage':
      return rules
        ? keyEnterprisesUnvisited(rules, facts, guidanceDeadline(loaded.template)).flatMap((e) => named(e.id))
        : [];
    case 'guidance-visit': {
      const teams = new Map(facts.plannedVisits.map((v) => [v.id, v.team]));
      return visitsOwed(facts, obligation.nominalDueDate).flatMap((v) => named(v.enterpriseId, teams.get(v.id)));
    }
    case 'hazard': {
      const descriptions = new Map(facts.hazards.map((h) => [h.id, h.description]));
      return hazardsOwed(facts, obligation.nominalDueDate).flatMap((h) =>
        named(h.enterpriseId, descriptions.get(h.id)),
      );
    }
  }
}

/**
 * What a listed major hazard's step asks, and of whom: the listing tells the bureau; a cadence step asks the office
 * for progress, or once the hazard is rectified the bureau for its verification (销号).
 */
export function listedNoticeOf(
  stepKey: string,
  hazard: { rectifiedOn: string | null },
): 'listed' | 'progress' | 'verify' {
  return stepKey === LISTED_STEP_KEY ? 'listed' : hazard.rectifiedOn !== null ? 'verify' : 'progress';
}

/**
 * A step of a supervision obligation (domain/supervision/obligations.ts): a digest of what is still open at this
 * instant to the ladder's recipients, raising an escalation at its last step; for a listed major hazard, the
 * bureau's listing notice, then the office's progress report (not when one came since the previous step) or, once
 * rectified, the bureau's verification (销号).
 */
export async function supervisionStepPlan(
  deps: StepDeps,
  loaded: LoadedPlan,
  input: StepInput,
  office: StepContext,
): Promise<{ plan: StepPlan; obligation: PlannedObligation | undefined }> {
  const { step, campaignId, officeId } = input;
  const kind = supervisionKindOf(step.obligationKey)!;
  const facts = await loadSupervisionFacts(deps.db, campaignId, officeId);
  const obligation = supervisionObligationByKey(loaded, step.obligationKey, facts);
  const none = (detail: Record<string, unknown> = {}): StepPlan => ({
    mails: [],
    outcome: 'skipped-none-open',
    detail,
  });
  if (!obligation) return { plan: none(), obligation };
  const officeLanguage = languageOf(office.language);
  const bureau = { to: loaded.campaign.bureauEmail, language: languageOf(loaded.campaign.bureauLanguage) };
  const action = (language: Language) => pageLinks(deps.publicUrl, language).office({ campaignId, officeId });

  if (kind === 'major-hazard') {
    const hazard = facts.hazards.find((h) => `major-hazard:${h.id}` === step.obligationKey);
    if (!hazard || hazard.verifiedOn !== null) return { plan: none(), obligation };
    const e = facts.enterprises.find((x) => x.id === hazard.enterpriseId);
    const item = {
      enterpriseName: e?.name ?? '',
      enterpriseCode: e?.code ?? '',
      detail: hazard.description,
      rectifyBy: hazard.rectifyBy,
      foundOn: hazard.foundOn,
    };
    const previous = obligation.steps[obligation.steps.findIndex((s) => s.key === step.stepKey) - 1];
    const reported = previous !== undefined && hazard.progressAtMs.some((t) => t > previous.atMs && t <= Date.now());
    const notice =
      step.stepKey === LISTED_STEP_KEY
        ? 'listed'
        : hazard.rectifiedOn !== null
          ? 'verify'
          : reported
            ? null
            : 'progress';
    if (notice === null)
      return { plan: { mails: [], outcome: 'skipped-closed', detail: { reported: true } }, obligation };
    const to = notice === 'progress' ? { to: office.contactEmail, language: officeLanguage } : bureau;
    const mail: StepMail = {
      ...to,
      message: listedHazardMessage(to.language, notice, item, office.name, action(to.language)),
    };
    return { plan: { mails: [mail], outcome: 'sent', detail: { notice, hazard: hazard.id } }, obligation };
  }

  const items = openItems(loaded, kind, obligation, facts);
  const detail = { items: items.map((i) => i.enterpriseCode) };
  if (items.length === 0) return { plan: none(detail), obligation };
  const text = obligationText(obligation);
  const mails = stepRecipients(step.kind, obligation.responsible, office, loaded.campaign.bureauEmail).map(
    (r): StepMail => {
      const language = r.party === 'bureau' ? bureau.language : officeLanguage;
      return {
        to: r.to,
        language,
        message: supervisionDigestMessage(language, kind, step.kind, text, office.name, items, action(language)),
      };
    },
  );
  const escalate = step.kind === 'escalation' ? { escalate: escalationOf(obligation, office) } : {};
  return { plan: { mails, outcome: 'sent', detail, ...escalate }, obligation };
}
