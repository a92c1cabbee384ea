import { catchUpMailKey, stepMailKey } from '../domain/mail-keys.js';
import { stepRecipients, type PlannedObligation } from '../domain/index.js';
import { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient } from '../infra/db.js';
import {
  defaultSelfAssessmentDate,
  findObligation,
  loadOfficeFacts,
  loadPlan,
  officeFactsOf,
  officeFactsSql,
  officeObligations,
  planStampSql,
  withExtension,
  type LoadedPlan,
} from '../app/campaigns/plan-store.js';
import { sendMailOnce, type MailDeps } from '../app/mail/send-once.js';
import {
  bureauEscalationMessage,
  catchUpMessage,
  enterpriseDigestMessage,
  languageOf,
  overdueMessage,
  type Language,
  reminderMessage,
  type Message,
  type ObligationText,
} from '../domain/messages.js';
import type { OfficeSchedule, ScheduledStep, StepOutcome } from '../workflows/types.js';
import { isCommitmentComplete } from '../app/status/status.js';

type Deps = MailDeps;

/** A reminder more than this far in the past when a schedule is (re)loaded is no longer worth sending. */
const STALE_REMINDER_MS = 12 * 3_600_000;

function toText(o: PlannedObligation): ObligationText {
  return { titleZh: o.titleZh, titleEn: o.titleEn, dueDate: o.dueDate, hardDueDate: o.hardDueDate };
}

/**
 * The steps an office workflow waits for: not yet run, not before `sinceMs`, stale reminders dropped.
 * One round trip: the office's facts, its executed steps and the plan's stamp (the plan itself is cached).
 */
export async function loadOfficeSchedule(
  deps: Deps,
  input: { campaignId: string; officeId: string; sinceMs: number; nowMs: number },
): Promise<OfficeSchedule> {
  const { db } = deps;
  const { campaignId, officeId } = input;
  const [row] = await db.$queryRaw<
    { stamp: string | null; enterpriseCount: number; states: string; committedDates: string; runs: string }[]
  >`SELECT ${planStampSql(campaignId)} AS stamp, ${officeFactsSql(campaignId, officeId)},
      coalesce((SELECT json_agg(r."obligationKey" || '|' || r."stepKey") FROM "StepRun" r
                WHERE r."campaignId" = ${campaignId} AND r."officeId" = ${officeId}), '[]'::json)::text AS runs`;
  const loaded = await loadPlan(db, campaignId, row!.stamp);
  const obligations = officeObligations(loaded, officeFactsOf(row!));
  const done = new Set(JSON.parse(row!.runs) as string[]);
  const steps: ScheduledStep[] = obligations
    .flatMap((o) =>
      o.steps.map((s) => ({
        obligationKey: o.key,
        stepKey: s.key,
        kind: s.kind,
        responsible: o.responsible,
        atMs: s.atMs,
      })),
    )
    .filter((s) => s.atMs >= input.sinceMs && !done.has(`${s.obligationKey}|${s.stepKey}`))
    .filter((s) => s.kind !== 'reminder' || s.atMs >= input.nowMs - STALE_REMINDER_MS)
    .sort((a, b) => a.atMs - b.atMs);
  return { steps, lastStepAtMs: steps.at(-1)?.atMs };
}

/** Enterprises of an office that have not fulfilled the obligation, by name. */
async function openEnterprises(
  db: PrismaClient,
  loaded: LoadedPlan,
  campaignId: string,
  officeId: string,
  obligation: PlannedObligation,
) {
  const enterprises = await db.enterprise.findMany({
    where: { officeId },
    select: { id: true, name: true, code: true },
    orderBy: { code: 'asc' },
  });
  const progress = await db.enterpriseProgress.findMany({ where: { campaignId, officeId } });
  const byEnterprise = new Map(progress.map((p) => [p.enterpriseId, p]));
  const defaultDate = defaultSelfAssessmentDate(loaded);
  return enterprises.filter((e) => {
    const p = byEnterprise.get(e.id);
    switch (obligation.kind) {
      case 'enterprise-commitment':
        return !isCommitmentComplete(p);
      case 'enterprise-plan':
        return !p?.planSubmittedAt;
      case 'enterprise-self-assessment':
        return (
          (p?.committedSelfAssessmentDate ?? defaultDate) === obligation.nominalDueDate && !p?.selfAssessmentSubmittedAt
        );
      default:
        return false;
    }
  });
}

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

/** Why an office is escalated to the bureau, in the office's language. */
function escalationFor(obligation: PlannedObligation, language: Language): NonNullable<StepOutcome['escalate']> {
  return {
    obligationKey: obligation.key,
    reason:
      language === 'en'
        ? `${obligation.titleEn} (due ${obligation.dueDate}) still missing after ${obligation.hardDueDate}`
        : `${obligation.titleZh}（截止${obligation.dueDate}）至${obligation.hardDueDate}仍未完成`,
  };
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
export async function runOfficeStep(
  deps: Deps,
  input: { campaignId: string; officeId: string; step: ScheduledStep },
): Promise<StepOutcome> {
  const { db } = deps;
  const { campaignId, officeId, step } = input;
  const [context] = await db.$queryRaw<StepContext[]>`
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
  // A recorded step sends nothing again; only an escalation it raised is still owed to the workflow (below).
  const repeated = context.recordedOutcome !== null;
  if (repeated && context.recordedOutcome !== 'escalated') return { outcome: 'already-done', mails: 0 };
  const office = context;
  const state = context.status === null ? null : context;

  const loaded = await loadPlan(db, campaignId, context.stamp);
  const officeLanguage = languageOf(office.language);
  const bureauLanguage = languageOf(loaded.campaign.bureauLanguage);
  const planned = findObligation(loaded, step.obligationKey);
  if (!planned) throw new Error(`obligation ${step.obligationKey} is not in campaign ${campaignId}'s plan`);
  const obligation = withExtension(loaded, planned, state?.extendedDueDate);
  if (repeated) return { outcome: 'already-done', mails: 0, escalate: escalationFor(obligation, officeLanguage) };
  const text = toText(obligation);

  const mails: { to: string; language: typeof officeLanguage; message: Message }[] = [];
  let outcome: StepOutcome['outcome'] = 'sent';
  let escalate: StepOutcome['escalate'];
  let detail: Record<string, unknown> = {};

  const recipients = stepRecipients(step.kind, step.responsible, office, loaded.campaign.bureauEmail).map((r) => ({
    to: r.to,
    language: r.party === 'bureau' ? bureauLanguage : officeLanguage,
  }));
  if (step.responsible === 'office') {
    if (state?.status === 'done') outcome = 'skipped-closed';
    else {
      for (const r of recipients) {
        const message =
          step.kind === 'reminder'
            ? reminderMessage(r.language, text, office.name)
            : step.kind === 'overdue'
              ? overdueMessage(r.language, text, office.name)
              : bureauEscalationMessage(r.language, text, office.name);
        mails.push({ ...r, message });
      }
      if (step.kind === 'escalation') escalate = escalationFor(obligation, officeLanguage);
    }
  } else {
    const open = await openEnterprises(db, loaded, campaignId, officeId, obligation);
    detail = { enterprises: open.map((e) => e.code) };
    if (open.length === 0) outcome = 'skipped-none-open';
    else {
      for (const r of recipients) {
        mails.push({ ...r, message: enterpriseDigestMessage(r.language, step.kind, text, office.name, open) });
      }
    }
  }

  // The step's record: written with the answer to its last mail, so a step is recorded only once all
  // its mails are sent (or known uncertain), and never twice.
  const recordStep = Prisma.sql`
    INSERT INTO "StepRun" ("campaignId", "officeId", "obligationKey", "stepKey", "scheduledAt", "executedAt",
                           "outcome", "detail")
    VALUES (${campaignId}, ${officeId}, ${step.obligationKey}, ${step.stepKey},
            ${new Date(step.atMs).toISOString()}::timestamp(3), ${new Date().toISOString()}::timestamp(3),
            ${escalate ? 'escalated' : outcome}, ${JSON.stringify(detail)}::jsonb)
    ON CONFLICT DO NOTHING`;
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
        language: mail.language,
        campaignId,
        obligationKey: step.obligationKey,
        step: step.stepKey,
        scheduledForMs: step.atMs,
      },
      i === mails.length - 1 ? { alsoRun: recordStep } : {},
    );
  }
  if (mails.length === 0) await db.$executeRaw(recordStep);
  return { outcome, mails: mails.length, ...(escalate ? { escalate } : {}) };
}

/**
 * A campaign started after some deadlines: nothing is sent for ladder steps already past, and the
 * office gets one digest of everything overdue (none when nothing is).
 */
export async function sendCatchUpDigest(
  deps: Deps,
  input: { campaignId: string; officeId: string; atMs: number },
): Promise<{ items: number }> {
  const { db } = deps;
  const { stamp, facts } = await loadOfficeFacts(db, input.campaignId, input.officeId);
  const loaded = await loadPlan(db, input.campaignId, stamp);
  const overdue = officeObligations(loaded, facts).filter((o) => o.responsible === 'office' && o.dueAtMs <= input.atMs);
  if (overdue.length === 0) return { items: 0 };
  const office = await db.office.findUniqueOrThrow({ where: { id: input.officeId } });
  const language = languageOf(office.language);
  const message = catchUpMessage(language, office.name, overdue.map(toText));
  await sendMailOnce(deps, {
    key: catchUpMailKey({ campaignId: input.campaignId, officeId: input.officeId, to: office.contactEmail }),
    to: office.contactEmail,
    subject: message.subject,
    text: message.text,
    language,
    campaignId: input.campaignId,
    obligationKey: 'catch-up',
    step: 'catch-up',
    scheduledForMs: input.atMs,
  });
  return { items: overdue.length };
}
