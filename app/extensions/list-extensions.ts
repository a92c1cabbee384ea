import type { Extension } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';

/** A campaign's extension requests, oldest first, optionally of one office and one status. */
export async function listExtensions(
  deps: { db: PrismaClient },
  filter: { campaignId: string; officeId?: string | undefined; status?: string | undefined },
): Promise<Extension[]> {
  return deps.db.extension.findMany({
    where: {
      campaignId: filter.campaignId,
      ...(filter.officeId ? { officeId: filter.officeId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    },
    orderBy: { createdAt: 'asc' },
  });
}
