import type { PrismaClient } from '../../infra/db.js';
import { WITH_EVENTS, type EscalationRecord } from './escalation-record.js';

/** A campaign's escalations with their events, oldest first, optionally of one office and one status. */
export async function listEscalations(
  deps: { db: PrismaClient },
  filter: { campaignId: string; officeId?: string | undefined; status?: string | undefined },
): Promise<EscalationRecord[]> {
  return deps.db.escalation.findMany({
    where: {
      campaignId: filter.campaignId,
      ...(filter.officeId ? { officeId: filter.officeId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    },
    include: WITH_EVENTS,
    orderBy: { createdAt: 'asc' },
  });
}
