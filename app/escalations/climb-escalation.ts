import type { PrismaClient } from '../../infra/db.js';
import { loadPlan } from '../campaigns/plan-store.js';
import { defaultAckBy } from './start-escalation.js';

/** No acknowledgement in time: one level up, with a fresh acknowledge-by date. Returns it (epoch ms). */
export async function climbEscalation(
  deps: { db: PrismaClient },
  input: { escalationId: string; level: number; atMs: number },
): Promise<number> {
  const { db } = deps;
  const escalation = await db.escalation.findUniqueOrThrow({ where: { id: input.escalationId } });
  if (escalation.level >= input.level) return escalation.ackBy.getTime();
  const loaded = await loadPlan(db, escalation.campaignId);
  const ackBy = new Date(defaultAckBy(loaded, input.atMs));
  await db.escalation.update({
    where: { id: input.escalationId },
    data: {
      level: input.level,
      ackBy,
      events: {
        create: {
          at: new Date(input.atMs),
          kind: 'climbed',
          level: input.level,
          detail: `not acknowledged by ${escalation.ackBy.toISOString()}`,
        },
      },
    },
  });
  return ackBy.getTime();
}
