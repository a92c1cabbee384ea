import { Prisma } from '../../generated/prisma/client.js';
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

/**
 * `extendedDueDatesAt` for the `ObligationState` row named `alias`, as an SQL expression: the due date of the latest
 * extension approved by `atMs`, or NULL. Every approval sets the row's extendedDueDate, so a row without one is not
 * looked up.
 */
export function extensionInEffectSql(alias: string, atMs: number): Prisma.Sql {
  const row = (column: string) => Prisma.raw(`${alias}."${column}"`);
  return Prisma.sql`CASE WHEN ${row('extendedDueDate')} IS NOT NULL THEN (SELECT x."requestedDueDate" FROM "Extension" x
      WHERE x."campaignId" = ${row('campaignId')} AND x."officeId" = ${row('officeId')}
        AND x."obligationKey" = ${row('obligationKey')} AND x."status" = 'approved' AND x."decidedAt" <= ${new Date(atMs)}
      ORDER BY x."decidedAt" DESC LIMIT 1) END`;
}
