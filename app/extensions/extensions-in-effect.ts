import type { PrismaClient } from '../../infra/db.js';

/**
 * The extended due dates in effect at `atMs`, by `${officeId}|${obligationKey}`: the latest extension the bureau
 * approved by then. A view as of an earlier instant uses the deadlines that held then, not ones approved later.
 */
export async function extendedDueDatesAt(
  db: PrismaClient,
  where: { campaignId: string; officeId?: string | undefined; obligationKey?: string | undefined },
  atMs: number,
): Promise<Map<string, string>> {
  const approved = await db.extension.findMany({
    where: {
      campaignId: where.campaignId,
      ...(where.officeId ? { officeId: where.officeId } : {}),
      ...(where.obligationKey ? { obligationKey: where.obligationKey } : {}),
      status: 'approved',
      decidedAt: { lte: new Date(atMs) },
    },
    orderBy: { decidedAt: 'asc' },
    select: { officeId: true, obligationKey: true, requestedDueDate: true },
  });
  return new Map(approved.map((e) => [`${e.officeId}|${e.obligationKey}`, e.requestedDueDate]));
}
