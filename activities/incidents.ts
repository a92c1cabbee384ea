import { uncertainMailDigestKey } from '../domain/mail-keys.js';
import { Prisma } from '../generated/prisma/client.js';
import { UNCERTAIN_MAIL_DIGEST_WINDOW_MS, uncertainDigestWindow } from '../domain/index.js';
import { startWorkflowOnce } from '../infra/workflow-signals.js';
import { workflowIds } from '../workflows/definitions.js';
import type { TemporalDeps } from '../infra/workflow-signals.js';
import { sendMailOnce, type MailDeps, type ReportUncertain } from '../app/mail/send-once.js';
import { languageOf, uncertainMailDigestMessage } from '../domain/messages.js';
import { pageLinks } from '../domain/page-links.js';
import type { UncertainMailDigestInput } from '../workflows/types.js';

/**
 * Reports an uncertain mail: makes sure the digest workflow of its window runs. Idempotent (the
 * workflow ID is the window), so every attempt that sees the mail uncertain may call it.
 */
export function uncertainMailReporter(temporal: TemporalDeps): ReportUncertain {
  return async ({ campaignId, uncertainAtMs }) => {
    if (!campaignId) return; // not a campaign's mail (a sample): the mail log and the board show it
    const windowStartMs = uncertainDigestWindow(uncertainAtMs);
    const input: UncertainMailDigestInput = {
      campaignId,
      windowStartMs,
      reportAtMs: windowStartMs + UNCERTAIN_MAIL_DIGEST_WINDOW_MS,
    };
    await startWorkflowOnce(temporal.client, 'uncertainMailDigestWorkflow', {
      taskQueue: temporal.taskQueue,
      workflowId: workflowIds.uncertainMailDigest(campaignId, windowStartMs),
      args: [input],
    });
  };
}

/**
 * One mail to the campaign's bureau address naming every uncertain mail of the campaign not yet
 * reported; they are marked reported with the digest's answer. Nothing is sent when none is left.
 */
export async function sendUncertainMailDigest(
  deps: MailDeps & { publicUrl: string },
  input: { campaignId: string; windowStartMs: number },
): Promise<{ mails: number }> {
  const { db } = deps;
  const mails = await db.mailMessage.findMany({
    where: { campaignId: input.campaignId, state: 'uncertain', uncertainReportedAt: null },
    orderBy: { uncertainAt: 'asc' },
    select: { id: true, recipient: true, subject: true, uncertainAt: true, createdAt: true },
  });
  if (mails.length === 0) return { mails: 0 };
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: input.campaignId } });
  const language = languageOf(campaign.bureauLanguage);
  const message = uncertainMailDigestMessage(
    language,
    mails.map((m) => ({
      id: m.id,
      recipient: m.recipient,
      subject: m.subject,
      at: (m.uncertainAt ?? m.createdAt).toISOString(),
    })),
    pageLinks(deps.publicUrl, language).uncertainMails({ campaignId: input.campaignId }),
  );
  const markReported = Prisma.sql`
    UPDATE "MailMessage" SET "uncertainReportedAt" = ${new Date().toISOString()}::timestamp(3)
    WHERE "id" IN (${Prisma.join(mails.map((m) => m.id))}) AND "uncertainReportedAt" IS NULL`;
  await sendMailOnce(
    deps,
    {
      key: uncertainMailDigestKey({
        campaignId: input.campaignId,
        windowStartMs: input.windowStartMs,
        to: campaign.bureauEmail,
      }),
      to: campaign.bureauEmail,
      subject: message.subject,
      text: message.text,
      html: message.html,
      language,
      campaignId: input.campaignId,
      step: 'uncertain-mail-digest',
    },
    { alsoRun: markReported, kind: 'incident' },
  );
  return { mails: mails.length };
}
