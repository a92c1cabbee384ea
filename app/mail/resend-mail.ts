import type { MailMessage } from '../../generated/prisma/client.js';
import { ProblemError } from '../problem.js';
import { sendMailOnce, type MailDeps } from './send-once.js';

/**
 * A person checked that an uncertain mail did not arrive, or sees a mail the SMTP server refused, and sends it again
 * (same Message-ID), accepting the risk of a duplicate: 404 for an unknown mail, 409 unless it is uncertain or
 * failed now. Returns the mail as stored after the attempt: a refusal by the SMTP server leaves it failed with the
 * server's answer, to be sent again later.
 */
export async function resendMail(deps: MailDeps, input: { mailId: string; by: string }): Promise<MailMessage> {
  const { db } = deps;
  const mail = await db.mailMessage.findUnique({ where: { id: input.mailId } });
  if (!mail) throw new ProblemError(404, 'Not found', `no mail ${input.mailId}`);
  // Only the uncertain state may be overridden, and only once: the update is the claim.
  const released = await db.mailMessage.updateMany({
    where: { id: mail.id, state: { in: ['uncertain', 'failed'] } },
    data: { state: 'failed', lastError: `released for resending by ${input.by}` },
  });
  if (released.count === 0)
    throw new ProblemError(
      409,
      'Not uncertain',
      `mail ${mail.id} is ${mail.state}; only an uncertain or failed mail can be sent again`,
    );
  // A refusal is recorded on the mail (failed, with the server's answer): the answer below shows it.
  await sendMailOnce(deps, {
    key: mail.idempotencyKey,
    to: mail.recipient,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
  }).catch(() => undefined);
  return db.mailMessage.findUniqueOrThrow({ where: { id: mail.id } });
}
