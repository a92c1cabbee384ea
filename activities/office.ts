import type { PlannedObligation } from '../domain/index.js';
import type { PrismaClient } from '../lib/db.js';
import { asJson } from '../lib/json.js';
import type { Mailer } from '../lib/mailer.js';
import {
  defaultSelfAssessmentDate,
  findObligation,
  loadPlan,
  obligationsOfOffice,
  withExtension,
  type LoadedPlan,
} from '../lib/plan-store.js';
import { sendMailOnce } from './mail.js';
import {
  bureauEscalationMessage,
  catchUpMessage,
  enterpriseDigestMessage,
  languageOf,
  overdueMessage,
  reminderMessage,
  type Message,
  type ObligationText,
} from './messages.js';
import type { OfficeSchedule, ScheduledStep, StepOutcome } from './types.js';

interface Deps {
  db: PrismaClient;
  mailer: Mailer;
}

/** A reminder more than this far in the past when a schedule is (re)loaded is no longer worth sending. */
const STALE_REMINDER_MS = 12 * 3_600_000;

function toText(o: PlannedObligation): ObligationText {
  return { titleZh: o.titleZh, titleEn: o.titleEn, dueDate: o.dueDate, hardDueDate: o.hardDueDate };
}

/** The steps an office workflow waits for: not yet run, not before `sinceMs`, stale reminders dropped. */
export async function loadOfficeSchedule(
  deps: Deps,
  input: { campaignId: string; officeId: string; sinceMs: number; nowMs: number },
): Promise<OfficeSchedule> {
  const { db } = deps;
  const loaded = await loadPlan(db, input.campaignId);
  const [obligations, runs] = await Promise.all([
    obligationsOfOffice(db, loaded, input.campaignId, input.officeId),
    db.stepRun.findMany({
      where: { campaignId: input.campaignId, officeId: input.officeId },
      select: { obligationKey: true, stepKey: true },
    }),
  ]);
  const done = new Set(runs.map((r) => `${r.obligationKey}|${r.stepKey}`));
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
        return !(
          p?.noticeServedAt &&
          p.signedAt &&
          p.copyArchiveAt &&
          p.copyNoticeBoardAt &&
          p.copyTownshipAt &&
          p.copyCountyAt
        );
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

/**
 * Runs one ladder step of one office: checks the obligation is still open at this moment, sends the
 * mail(s) under idempotency keys and records the step. Safe to retry: a recorded step is not run again.
 */
export async function runOfficeStep(
  deps: Deps,
  input: { campaignId: string; officeId: string; step: ScheduledStep },
): Promise<StepOutcome> {
  const { db } = deps;
  const { campaignId, officeId, step } = input;
  const stepId = { campaignId, officeId, obligationKey: step.obligationKey, stepKey: step.stepKey };
  const previous = await db.stepRun.findUnique({ where: { campaignId_officeId_obligationKey_stepKey: stepId } });
  if (previous) return { outcome: 'already-done', mails: 0 };

  const loaded = await loadPlan(db, campaignId);
  const office = await db.office.findUniqueOrThrow({ where: { id: officeId } });
  const officeLanguage = languageOf(office.language);
  const bureauLanguage = languageOf(loaded.campaign.bureauLanguage);
  const state = await db.obligationState.findUnique({
    where: { campaignId_officeId_obligationKey: { campaignId, officeId, obligationKey: step.obligationKey } },
  });
  const planned = findObligation(loaded, step.obligationKey);
  if (!planned) throw new Error(`obligation ${step.obligationKey} is not in campaign ${campaignId}'s plan`);
  const obligation = withExtension(loaded, planned, state?.extendedDueDate);
  const text = toText(obligation);

  const mails: { to: string; language: typeof officeLanguage; message: Message }[] = [];
  let outcome: StepOutcome['outcome'] = 'sent';
  let escalate: StepOutcome['escalate'];
  let detail: Record<string, unknown> = {};

  if (step.responsible === 'office') {
    if (state?.status === 'done') outcome = 'skipped-closed';
    else if (step.kind === 'reminder') {
      mails.push({
        to: office.contactEmail,
        language: officeLanguage,
        message: reminderMessage(officeLanguage, text, office.name),
      });
    } else if (step.kind === 'overdue') {
      for (const to of new Set([office.contactEmail, office.headEmail])) {
        mails.push({ to, language: officeLanguage, message: overdueMessage(officeLanguage, text, office.name) });
      }
    } else {
      mails.push({
        to: loaded.campaign.bureauEmail,
        language: bureauLanguage,
        message: bureauEscalationMessage(bureauLanguage, text, office.name),
      });
      escalate = {
        obligationKey: step.obligationKey,
        reason:
          officeLanguage === 'en'
            ? `${obligation.titleEn} (due ${obligation.dueDate}) still missing after ${obligation.hardDueDate}`
            : `${obligation.titleZh}（截止${obligation.dueDate}）至${obligation.hardDueDate}仍未完成`,
      };
    }
  } else {
    const open = await openEnterprises(db, loaded, campaignId, officeId, obligation);
    detail = { enterprises: open.map((e) => e.code) };
    if (open.length === 0) outcome = 'skipped-none-open';
    else {
      const recipients =
        step.kind === 'reminder'
          ? [{ to: office.contactEmail, language: officeLanguage }]
          : step.kind === 'overdue'
            ? [...new Set([office.contactEmail, office.headEmail])].map((to) => ({ to, language: officeLanguage }))
            : [
                { to: office.headEmail, language: officeLanguage },
                { to: loaded.campaign.bureauEmail, language: bureauLanguage },
              ];
      for (const r of recipients) {
        mails.push({ ...r, message: enterpriseDigestMessage(r.language, step.kind, text, office.name, open) });
      }
    }
  }

  for (const mail of mails) {
    await sendMailOnce(deps, {
      key: `${campaignId}/${officeId}/${step.obligationKey}/${step.stepKey}/${mail.to}`,
      to: mail.to,
      subject: mail.message.subject,
      text: mail.message.text,
      language: mail.language,
      campaignId,
      obligationKey: step.obligationKey,
      step: step.stepKey,
      scheduledForMs: step.atMs,
    });
  }
  await db.stepRun.upsert({
    where: { campaignId_officeId_obligationKey_stepKey: stepId },
    update: {},
    create: {
      ...stepId,
      scheduledAt: new Date(step.atMs),
      outcome: escalate ? 'escalated' : outcome,
      detail: asJson(detail),
    },
  });
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
  const loaded = await loadPlan(db, input.campaignId);
  const overdue = (await obligationsOfOffice(db, loaded, input.campaignId, input.officeId)).filter(
    (o) => o.responsible === 'office' && o.dueAtMs <= input.atMs,
  );
  if (overdue.length === 0) return { items: 0 };
  const office = await db.office.findUniqueOrThrow({ where: { id: input.officeId } });
  const language = languageOf(office.language);
  const message = catchUpMessage(language, office.name, overdue.map(toText));
  await sendMailOnce(deps, {
    key: `${input.campaignId}/${input.officeId}/catch-up/${office.contactEmail}`,
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
