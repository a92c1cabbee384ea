import type { PrismaClient } from '../../infra/db.js';

/** The escalation ends acknowledged (by whom, when) or unacknowledged at its last level; an ended one stays as it is. */
export async function settleEscalation(
  deps: { db: PrismaClient },
  input: { escalationId: string; outcome: 'acknowledged' | 'unacknowledged'; level: number; atMs: number; by?: string },
): Promise<void> {
  const { db } = deps;
  const escalation = await db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  if (escalation.status !== 'open') return;
  await db.escalation.update({
    where: { id: input.escalationId },
    data: {
      status: input.outcome,
      ...(input.outcome === 'acknowledged'
        ? {
            acknowledgedAt: escalation.acknowledgedAt ?? new Date(input.atMs),
            acknowledgedBy: escalation.acknowledgedBy ?? input.by ?? null,
          }
        : {}),
      events: {
        create: { at: new Date(input.atMs), kind: input.outcome, level: input.level, detail: input.by ?? null },
      },
    },
  });
}
