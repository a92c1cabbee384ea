import { stepMailKey } from '../../domain/mail-keys.js';
import { obligationPage, pageLinks } from '../../domain/page-links.js';
import { stepRecipients, type PlannedObligation } from '../../domain/index.js';
import { enterpriseDigestMessage, languageOf, type Language, type Message } from '../../domain/messages.js';
import { escalationReason, obligationText, officeStepMessage } from '../../domain/office-steps.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { ScheduledStep, StepOutcome } from '../../workflows/types.js';
import { deliveryOf } from '../campaigns/plan-obligations.js';
import { planStampSql, type LoadedPlan } from '../campaigns/plan-store.js';
import { sendMailOnce, type MailDeps } from '../mail/send-once.js';
import { openEnterprises } from './open-enterprises.js';

/**
 * What a ladder step mails and how its mails are sent: shared by runOfficeStep (at the step's instant) and
 * deliverOfficeStep (at the delivery instant of a deadline notice whose mails waited for the send time).
 */

export type StepInput = { campaignId: string; officeId: string; step: ScheduledStep };

/** The mail dependencies, and the product's public address the mails link to. */
export type StepDeps = MailDeps & { publicUrl: string };

/** What a step needs to know about its office, its obligation and its own record, read in one round trip. */
export interface StepContext {
  stamp: string | null;
  /** The outcome recorded when the step already ran (its workflow task did not complete, so it runs again). */
  recordedOutcome: string | null;
  /** Set when the recorded step's mails wait for their delivery instant (the instant planned when it ran). */
  deferredTo: string | null;
  /** Set once those mails went out (or were found not owed any more). */
  deliveredAt: string | null;
  name: string;
  contactEmail: string;
  headEmail: string;
  language: string;
  status: string | null;
  extendedDueDate: string | null;
}

export interface StepMail {
  to: string;
  language: Language;
  message: Message;
}

/** What a step does: its mails, its recorded outcome and detail, and the escalation it raises. */
export interface StepPlan {
  mails: StepMail[];
  outcome: StepOutcome['outcome'];
  escalate?: NonNullable<StepOutcome['escalate']>;
  detail: Record<string, unknown>;
}

export async function readStepContext(deps: MailDeps, input: StepInput): Promise<StepContext> {
  const { campaignId, officeId, step } = input;
  const [context] = await deps.db.$queryRaw<StepContext[]>`
    SELECT ${planStampSql(campaignId)} AS stamp, r."outcome" AS "recordedOutcome",
           r."detail"->>'deliverAt' AS "deferredTo", r."detail"->>'deliveredAt' AS "deliveredAt",
           o."name", o."contactEmail", o."headEmail", o."language", s."status", s."extendedDueDate"
    FROM "Office" o
    LEFT JOIN "ObligationState" s
      ON s."campaignId" = ${campaignId} AND s."officeId" = o."id" AND s."obligationKey" = ${step.obligationKey}
    LEFT JOIN "StepRun" r
      ON r."campaignId" = ${campaignId} AND r."officeId" = o."id"
     AND r."obligationKey" = ${step.obligationKey} AND r."stepKey" = ${step.stepKey}
    WHERE o."id" = ${officeId}`;
  if (!context) throw new Error(`office ${officeId} does not exist`);
  return context;
}

/** A recorded step whose mails still wait for their delivery instant. */
export function awaitsDelivery(context: StepContext): boolean {
  return context.recordedOutcome !== null && context.deferredTo !== null && context.deliveredAt === null;
}

/**
 * When the step's mails go out under the campaign's plan as it stands: a reminder at its instant, an overdue notice
 * or an escalation by the delivery rule (domain/notice-delivery.ts).
 */
export function stepDeliveryAtMs(loaded: LoadedPlan, step: Pick<ScheduledStep, 'kind' | 'atMs'>): number {
  return deliveryOf(loaded, step).atMs;
}

export function escalationOf(obligation: PlannedObligation, office: StepContext): NonNullable<StepOutcome['escalate']> {
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

/**
 * An office's own obligation: nothing once it is done (unless `owed` says the mails are owed all the same, as an
 * escalation's are once raised); its escalation step raises the escalation.
 */
export function officeStepPlan(
  deps: StepDeps,
  loaded: LoadedPlan,
  input: StepInput,
  obligation: PlannedObligation,
  office: StepContext,
  owed: boolean = office.status !== 'done',
): StepPlan {
  const { step } = input;
  if (!owed) return { mails: [], outcome: 'skipped-closed', detail: {} };
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
export async function enterpriseDigestPlan(
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
 * Sends the step's mails under their keys (obligation, step, recipient: the same at the step's instant and at its
 * delivery instant, so a mail is sent once whichever sends it) and runs `record`, the step's record, with the answer
 * to the last one: the record is written only once every mail is sent (or known uncertain), and never twice.
 * `scheduledForMs` is the instant the mails are planned to go out (the mail log's scheduledFor).
 */
export async function sendStepMails(
  deps: MailDeps,
  input: StepInput,
  mails: StepMail[],
  scheduledForMs: number,
  record: Prisma.Sql,
): Promise<void> {
  const { campaignId, officeId, step } = input;
  for (const [i, mail] of mails.entries()) {
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
        scheduledForMs,
      },
      i === mails.length - 1 ? { alsoRun: record } : {},
    );
  }
  if (mails.length === 0) await deps.db.$executeRaw(record);
}
