import { stepMailKey } from '../../domain/mail-keys.js';
import { obligationPage, pageLinks } from '../../domain/page-links.js';
import { stepRecipients, type PlannedObligation } from '../../domain/index.js';
import { enterpriseDigestMessage, languageOf, type Language, type Message } from '../../domain/messages.js';
import { escalationReason, obligationText, officeStepMessage } from '../../domain/office-steps.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { ScheduledStep, StepOutcome } from '../../workflows/types.js';
import { findObligation, withExtension } from '../campaigns/plan-obligations.js';
import { loadPlan, planStampSql, type LoadedPlan } from '../campaigns/plan-store.js';
import { sendMailOnce, type MailDeps } from '../mail/send-once.js';
import { openEnterprises } from './open-enterprises.js';

type StepInput = { campaignId: string; officeId: string; step: ScheduledStep };

/** What a step needs to know about its office and obligation, read in one round trip. */
interface StepContext {
  stamp: string | null;
  /** The outcome recorded when the step already ran (its workflow task did not complete, so it runs again). */
  recordedOutcome: string | null;
  name: string;
  contactEmail: string;
  headEmail: string;
  language: string;
  status: string | null;
  extendedDueDate: string | null;
}

interface StepMail {
  to: string;
  language: Language;
  message: Message;
}

/** The mail dependencies, and the product's public address the mails link to. */
export type StepDeps = MailDeps & { publicUrl: string };

/** What a step does: its mails, its recorded outcome and detail, and the escalation it raises. */
interface StepPlan {
  mails: StepMail[];
  outcome: StepOutcome['outcome'];
  escalate?: NonNullable<StepOutcome['escalate']>;
  detail: Record<string, unknown>;
}

/**
 * Runs one ladder step of one office: checks the obligation is still open at this moment, sends the
 * mail(s) under idempotency keys and records the step. Safe to retry: a recorded step is not run again,
 * but answers what it owes its workflow. A local activity runs again whenever the workflow task that ran it
 * did not complete; the workflow then never saw the first answer, so a recorded escalation step returns its
 * escalation again and the workflow starts it (once: the escalation's workflow ID is its business key).
 *
 * Database round trips for a step with one mail: three (the context; record + lease the mail; SMTP's
 * answer together with the step's record), plus two for an enterprise digest (its enterprises).
 */
export async function runOfficeStep(deps: StepDeps, input: StepInput): Promise<StepOutcome> {
  const { db } = deps;
  const context = await readStepContext(deps, input);
  // A recorded step sends nothing again; only an escalation it raised is still owed to the workflow.
  const repeated = context.recordedOutcome !== null;
  if (repeated && context.recordedOutcome !== 'escalated') return { outcome: 'already-done', mails: 0 };

  const loaded = await loadPlan(db, input.campaignId, context.stamp);
  const planned = findObligation(loaded, input.step.obligationKey);
  if (!planned) throw new Error(`obligation ${input.step.obligationKey} is not in campaign ${input.campaignId}'s plan`);
  const obligation = withExtension(loaded, planned, context.status === null ? null : context.extendedDueDate);
  if (repeated) return { outcome: 'already-done', mails: 0, escalate: escalationOf(obligation, context) };

  const plan =
    input.step.responsible === 'office'
      ? officeStepPlan(deps, loaded, input, obligation, context)
      : await enterpriseDigestPlan(deps, loaded, input, obligation, context);
  await sendAndRecord(deps, input, plan);
  return { outcome: plan.outcome, mails: plan.mails.length, ...(plan.escalate ? { escalate: plan.escalate } : {}) };
}

async function readStepContext(deps: MailDeps, input: StepInput): Promise<StepContext> {
  const { campaignId, officeId, step } = input;
  const [context] = await deps.db.$queryRaw<StepContext[]>`
    SELECT ${planStampSql(campaignId)} AS stamp,
           (SELECT r."outcome" FROM "StepRun" r
            WHERE r."campaignId" = ${campaignId} AND r."officeId" = ${officeId}
              AND r."obligationKey" = ${step.obligationKey} AND r."stepKey" = ${step.stepKey}) AS "recordedOutcome",
           o."name", o."contactEmail", o."headEmail", o."language", s."status", s."extendedDueDate"
    FROM "Office" o
    LEFT JOIN "ObligationState" s
      ON s."campaignId" = ${campaignId} AND s."officeId" = o."id" AND s."obligationKey" = ${step.obligationKey}
    WHERE o."id" = ${officeId}`;
  if (!context) throw new Error(`office ${officeId} does not exist`);
  return context;
}

function escalationOf(obligation: PlannedObligation, office: StepContext): NonNullable<StepOutcome['escalate']> {
  return { obligationKey: obligation.key, reason: escalationReason(obligation, languageOf(office.language)) };
}

/**
 * Each recipient of the step in the language of its party (the office's or the bureau's), with the page the mail
 * links to: where the office does what is asked, or, for the bureau, the office's page.
 */
function recipientsOf(
  deps: StepDeps,
  loaded: LoadedPlan,
  input: StepInput,
  obligation: PlannedObligation,
  office: StepContext,
): (Omit<StepMail, 'message'> & { action: string })[] {
  const { step, campaignId, officeId } = input;
  const officeLanguage = languageOf(office.language);
  const bureauLanguage = languageOf(loaded.campaign.bureauLanguage);
  return stepRecipients(step.kind, step.responsible, office, loaded.campaign.bureauEmail).map((r) => {
    const language = r.party === 'bureau' ? bureauLanguage : officeLanguage;
    const links = pageLinks(deps.publicUrl, language);
    const ids = { campaignId, officeId };
    return {
      to: r.to,
      language,
      action: r.party === 'bureau' ? links.office(ids) : obligationPage(links, obligation, ids),
    };
  });
}

/** An office's own obligation: nothing once it is done; its escalation step raises the escalation. */
function officeStepPlan(
  deps: StepDeps,
  loaded: LoadedPlan,
  input: StepInput,
  obligation: PlannedObligation,
  office: StepContext,
): StepPlan {
  const { step } = input;
  if (office.status === 'done') return { mails: [], outcome: 'skipped-closed', detail: {} };
  const text = obligationText(obligation);
  const mails = recipientsOf(deps, loaded, input, obligation, office).map(({ action, ...r }) => ({
    ...r,
    message: officeStepMessage(step.kind, r.language, text, office.name, action),
  }));
  return {
    mails,
    outcome: 'sent',
    detail: {},
    ...(step.kind === 'escalation' ? { escalate: escalationOf(obligation, office) } : {}),
  };
}

/** An enterprise obligation: one digest per recipient naming every enterprise still open now. */
async function enterpriseDigestPlan(
  deps: StepDeps,
  loaded: LoadedPlan,
  input: StepInput,
  obligation: PlannedObligation,
  office: StepContext,
): Promise<StepPlan> {
  const open = await openEnterprises(
    deps.db,
    loaded,
    { campaignId: input.campaignId, officeId: input.officeId },
    obligation,
  );
  const detail = { enterprises: open.map((e) => e.code) };
  if (open.length === 0) return { mails: [], outcome: 'skipped-none-open', detail };
  const text = obligationText(obligation);
  const mails = recipientsOf(deps, loaded, input, obligation, office).map(({ action, ...r }) => ({
    ...r,
    message: enterpriseDigestMessage(r.language, input.step.kind, text, office.name, open, action),
  }));
  return { mails, outcome: 'sent', detail };
}

/**
 * The step's record is written with the answer to its last mail, so a step is recorded only once all its mails
 * are sent (or known uncertain), and never twice.
 */
async function sendAndRecord(deps: MailDeps, input: StepInput, plan: StepPlan): Promise<void> {
  const { campaignId, officeId, step } = input;
  const recordStep = Prisma.sql`
    INSERT INTO "StepRun" ("campaignId", "officeId", "obligationKey", "stepKey", "scheduledAt", "executedAt",
                           "outcome", "detail")
    VALUES (${campaignId}, ${officeId}, ${step.obligationKey}, ${step.stepKey},
            ${new Date(step.atMs).toISOString()}::timestamp(3), ${new Date().toISOString()}::timestamp(3),
            ${plan.escalate ? 'escalated' : plan.outcome}, ${JSON.stringify(plan.detail)}::jsonb)
    ON CONFLICT DO NOTHING`;
  for (const [i, mail] of plan.mails.entries()) {
    await sendMailOnce(
      deps,
      {
        key: stepMailKey({
          campaignId,
          officeId,
          obligationKey: step.obligationKey,
          stepKey: step.stepKey,
          to: mail.to,
        }),
        to: mail.to,
        subject: mail.message.subject,
        text: mail.message.text,
        html: mail.message.html,
        language: mail.language,
        campaignId,
        obligationKey: step.obligationKey,
        step: step.stepKey,
        scheduledForMs: step.atMs,
      },
      i === plan.mails.length - 1 ? { alsoRun: recordStep } : {},
    );
  }
  if (plan.mails.length === 0) await deps.db.$executeRaw(recordStep);
}
