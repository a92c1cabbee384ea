import { sendMailOnce, type MailDeps } from './send-once.js';
import { ProblemError } from '../problem.js';

export interface SettledUncertainMails {
  delivered: number;
  /** Each mail sent again, with its state now (uncertain again if the answer was lost again). */
  resent: { id: string; state: string }[];
}

/**
 * A person checked uncertain mails with their recipients: the ones that arrived are marked delivered,
 * the others are sent again (same Message-ID). Every id must name a mail that is uncertain now, or
 * nothing changes.
 */
export async function settleUncertainMails(
  deps: MailDeps,
  input: { delivered: string[]; resend: string[]; by: string },
): Promise<SettledUncertainMails> {
  const { db } = deps;
  const { delivered, resend, by } = input;
  if (delivered.length + resend.length === 0)
    throw new ProblemError(422, 'Nothing to settle', 'give the ids of uncertain mails in delivered or resend', [
      { path: 'delivered', message: 'give at least one id here or in resend' },
    ]);
  const both = delivered.filter((id) => resend.includes(id));
  if (both.length > 0)
    throw new ProblemError(422, 'Delivered and resent', `mails both delivered and to resend: ${both.join(', ')}`, [
      { path: 'resend', message: 'a mail cannot be both delivered and resent' },
    ]);
  const ids = [...delivered, ...resend];
  const toResend = await db.$transaction(async (tx) => {
    const found = await tx.mailMessage.findMany({ where: { id: { in: ids } }, select: { id: true, state: true } });
    const stateOf = new Map(found.map((m) => [m.id, m.state]));
    const wrong = ids.filter((id) => stateOf.get(id) !== 'uncertain');
    if (wrong.length > 0)
      throw new ProblemError(
        409,
        'Not uncertain',
        `only uncertain mails can be settled; not uncertain now: ${wrong
          .map((id) => `${id} (${stateOf.get(id) ?? 'no such mail'})`)
          .join(', ')}`,
      );
    const now = new Date();
    await tx.mailMessage.updateMany({
      where: { id: { in: delivered }, state: 'uncertain' },
      data: { state: 'sent', sentAt: now, lastError: `confirmed delivered by ${by}`, uncertainReportedAt: now },
    });
    await tx.mailMessage.updateMany({
      where: { id: { in: resend }, state: 'uncertain' },
      data: { state: 'failed', lastError: `released for resending by ${by}`, uncertainReportedAt: now },
    });
    return tx.mailMessage.findMany({ where: { id: { in: resend } } });
  });
  const resent: { id: string; state: string }[] = [];
  for (const mail of toResend) {
    // A refusal leaves it failed, visible in the mail log; the others are still sent.
    const result = await sendMailOnce(deps, {
      key: mail.idempotencyKey,
      to: mail.recipient,
      subject: mail.subject,
      text: mail.text,
    }).catch(() => ({ state: 'failed' as const }));
    resent.push({ id: mail.id, state: result.state });
  }
  return { delivered: delivered.length, resent };
}
