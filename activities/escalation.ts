import { escalationNoticeKey } from '../domain/mail-keys.js';
import { localDateOf } from '../domain/index.js';
import { findObligation, loadPlan, withExtension } from '../app/campaigns/plan-store.js';
import type { TemporalDeps } from '../infra/workflow-signals.js';
import { sendMailOnce, type MailDeps } from '../app/mail/send-once.js';
import { escalationNoticeMessage, languageOf } from '../domain/messages.js';

interface Deps extends MailDeps {
  temporal: TemporalDeps;
}

export { startEscalation } from '../app/escalations/start-escalation.js';
import { defaultAckBy } from '../app/escalations/start-escalation.js';

/** The notice of the current level to the office head, with a copy to the bureau. */
export async function sendEscalationNotice(
  deps: Deps,
  input: { escalationId: string; level: number; ackByMs: number; atMs: number },
): Promise<void> {
  const { db } = deps;
  const escalation = await db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  const loaded = await loadPlan(db, escalation.campaignId);
  const office = await db.office.findUniqueOrThrow({ where: { id: escalation.officeId } });
  const planned = escalation.obligationKey ? findObligation(loaded, escalation.obligationKey) : undefined;
  const state = escalation.obligationKey
    ? await db.obligationState.findUnique({
        where: {
          campaignId_officeId_obligationKey: {
            campaignId: escalation.campaignId,
            officeId: escalation.officeId,
            obligationKey: escalation.obligationKey,
          },
        },
      })
    : null;
  const obligation = planned ? withExtension(loaded, planned, state?.extendedDueDate) : undefined;
  const ackByDate = localDateOf(input.ackByMs - 1, loaded.template.timeZone);
  const recipients = [
    { to: office.headEmail, language: languageOf(office.language) },
    { to: loaded.campaign.bureauEmail, language: languageOf(loaded.campaign.bureauLanguage) },
  ];
  for (const r of recipients) {
    const message = escalationNoticeMessage(r.language, {
      level: input.level,
      reason: escalation.reason,
      ackByDate,
      officeName: office.name,
      ...(obligation
        ? {
            obligation: {
              titleZh: obligation.titleZh,
              titleEn: obligation.titleEn,
              dueDate: obligation.dueDate,
              hardDueDate: obligation.hardDueDate,
            },
          }
        : {}),
    });
    await sendMailOnce(
      deps,
      {
        key: escalationNoticeKey({
          campaignId: escalation.campaignId,
          escalationId: escalation.id,
          level: input.level,
          to: r.to,
        }),
        to: r.to,
        subject: message.subject,
        text: message.text,
        language: r.language,
        campaignId: escalation.campaignId,
        obligationKey: escalation.obligationKey ?? `escalation:${escalation.id}`,
        step: `escalation-level-${input.level}`,
        scheduledForMs: input.atMs,
      },
      { kind: 'escalation-notice' },
    );
  }
}

/** No acknowledgement in time: one level up, with a fresh acknowledge-by date. Returns it (epoch ms). */
export async function climbEscalation(
  deps: Deps,
  input: { escalationId: string; level: number; atMs: number },
): Promise<number> {
  const { db } = deps;
  const escalation = await db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  if (escalation.level >= input.level) return escalation.ackBy.getTime();
  const loaded = await loadPlan(db, escalation.campaignId);
  const ackBy = new Date(defaultAckBy(loaded, input.atMs));
  await db.escalation.update({
    where: { id: input.escalationId },
    data: {
      level: input.level,
      ackBy,
      events: {
        create: {
          at: new Date(input.atMs),
          kind: 'climbed',
          level: input.level,
          detail: `not acknowledged by ${escalation.ackBy.toISOString()}`,
        },
      },
    },
  });
  return ackBy.getTime();
}

export async function settleEscalation(
  deps: Deps,
  input: { escalationId: string; outcome: 'acknowledged' | 'unacknowledged'; level: number; atMs: number; by?: string },
): Promise<void> {
  const { db } = deps;
  const escalation = await db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  if (escalation.status !== 'open') return;
  await db.escalation.update({
    where: { id: input.escalationId },
    data: {
      status: input.outcome,
      ...(input.outcome === 'acknowledged'
        ? {
            acknowledgedAt: escalation.acknowledgedAt ?? new Date(input.atMs),
            acknowledgedBy: escalation.acknowledgedBy ?? input.by ?? null,
          }
        : {}),
      events: {
        create: { at: new Date(input.atMs), kind: input.outcome, level: input.level, detail: input.by ?? null },
      },
    },
  });
}
