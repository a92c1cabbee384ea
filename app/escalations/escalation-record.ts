import type { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { visibleTo } from '../access/visible-to.js';

/** An escalation is always shown with its history of events, oldest first. */
export const WITH_EVENTS = { events: { orderBy: { at: 'asc' } } } as const satisfies Prisma.EscalationInclude;

export type EscalationRecord = Prisma.EscalationGetPayload<{ include: typeof WITH_EVENTS }>;

/** An escalation with its events, or 404 naming it. */
export async function findEscalation(db: PrismaClient, id: string, ownOfficeId?: string): Promise<EscalationRecord> {
  const escalation = await db.escalation.findFirst({ where: { id, ...visibleTo(ownOfficeId) }, include: WITH_EVENTS });
  if (!escalation) throw new ProblemError(404, 'Not found', `escalation ${id} does not exist`);
  return escalation;
}
