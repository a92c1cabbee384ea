import type { MailMessage } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';

export interface MailLogQuery {
  campaignId?: string | undefined;
  obligationKey?: string | undefined;
  step?: string | undefined;
  state?: string | undefined;
  recipient?: string | undefined;
  /** Office staff see only the mail sent to their office's contact or head. */
  officeId?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of the mail log, newest first, with the number of entries matching in all. */
export async function listMailLog(
  deps: { db: PrismaClient },
  query: MailLogQuery,
): Promise<{ total: number; entries: MailMessage[] }> {
  const { db } = deps;
  const { campaignId, obligationKey, step, state, recipient, officeId, limit, offset } = query;
  const office = officeId ? await db.office.findUniqueOrThrow({ where: { id: officeId } }) : undefined;
  const where = {
    ...(campaignId ? { campaignId } : {}),
    ...(obligationKey ? { obligationKey } : {}),
    ...(step ? { step } : {}),
    ...(state ? { state } : {}),
    AND: [
      ...(recipient ? [{ recipient }] : []),
      ...(office ? [{ recipient: { in: [office.contactEmail, office.headEmail] } }] : []),
    ],
  };
  const [total, entries] = await Promise.all([
    db.mailMessage.count({ where }),
    db.mailMessage.findMany({ where, orderBy: { createdAt: 'desc' }, take: limit, skip: offset }),
  ]);
  return { total, entries };
}
