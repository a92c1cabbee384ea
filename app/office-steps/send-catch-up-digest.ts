import { catchUpMailKey } from '../../domain/mail-keys.js';
import { catchUpMessage, languageOf } from '../../domain/messages.js';
import { obligationText } from '../../domain/office-steps.js';
import { pageLinks } from '../../domain/page-links.js';
import { loadOfficeFacts, officeObligations } from '../campaigns/office-obligations.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { sendMailOnce, type MailDeps } from '../mail/send-once.js';

/**
 * A campaign started after some deadlines: nothing is sent for ladder steps already past, and the
 * office gets one digest of everything overdue (none when nothing is).
 */
export async function sendCatchUpDigest(
  deps: MailDeps & { publicUrl: string },
  input: { campaignId: string; officeId: string; atMs: number },
): Promise<{ items: number }> {
  const { db } = deps;
  const { stamp, facts } = await loadOfficeFacts(db, input.campaignId, input.officeId);
  const loaded = await loadPlan(db, input.campaignId, stamp);
  const overdue = officeObligations(loaded, facts).filter((o) => o.responsible === 'office' && o.dueAtMs <= input.atMs);
  if (overdue.length === 0) return { items: 0 };
  const office = await db.office.findUniqueOrThrow({ where: { id: input.officeId } });
  const language = languageOf(office.language);
  const page = pageLinks(deps.publicUrl, language).office({ campaignId: input.campaignId, officeId: input.officeId });
  const message = catchUpMessage(language, office.name, overdue.map(obligationText), page);
  await sendMailOnce(deps, {
    key: catchUpMailKey({ campaignId: input.campaignId, officeId: input.officeId, to: office.contactEmail }),
    to: office.contactEmail,
    subject: message.subject,
    text: message.text,
    html: message.html,
    language,
    campaignId: input.campaignId,
    obligationKey: 'catch-up',
    step: 'catch-up',
    scheduledForMs: input.atMs,
  });
  return { items: overdue.length };
}
