import { escalationNoticeKey } from '../../domain/mail-keys.js';
import { localDateOf } from '../../domain/index.js';
import { escalationNoticeMessage, languageOf } from '../../domain/messages.js';
import { pageLinks } from '../../domain/page-links.js';
import { findObligation, withExtension } from '../campaigns/plan-obligations.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { sendMailOnce, type MailDeps } from '../mail/send-once.js';

/** The notice of the current level to the office head, with a copy to the bureau. */
export async function sendEscalationNotice(
  deps: MailDeps & { publicUrl: string },
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
    const message = escalationNoticeMessage(
      r.language,
      {
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
      },
      pageLinks(deps.publicUrl, r.language).escalation({
        campaignId: escalation.campaignId,
        officeId: escalation.officeId,
        escalationId: escalation.id,
      }),
    );
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
        html: message.html,
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
