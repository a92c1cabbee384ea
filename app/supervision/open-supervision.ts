import { supervisionKindOf, supervisionObligations, type PlannedObligation } from '../../domain/index.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import type { LoadedPlan } from '../campaigns/plan-store.js';
import { supervisionContext } from './plan-context.js';
import { supervisionFactsOf, supervisionFactsSql, type NamedSupervisionFacts } from './supervision-facts.js';
import { listedNoticeOf, openItems } from './supervision-step.js';

/**
 * The supervision records of each office, as they stand now, in one query. Under a campaign without supervision rules
 * the enterprises are left out: only hazards and planned visits are followed then.
 */
export async function supervisionFactsByOffice(
  db: PrismaClient,
  loaded: LoadedPlan,
  officeIds: string[],
): Promise<Map<string, NamedSupervisionFacts>> {
  if (officeIds.length === 0) return new Map();
  const withEnterprises = loaded.template.supervision !== undefined;
  const rows = await db.$queryRaw<{ id: string; supervision: string }[]>`
    SELECT o."id", ${supervisionFactsSql(loaded.campaign.id, Prisma.sql`o."id"`, { withEnterprises })}
    FROM "Office" o WHERE o."id" = ANY(${officeIds})`;
  return new Map(rows.map((r) => [r.id, supervisionFactsOf(r.supervision)]));
}

/** A supervision obligation with something open, how many items its digest lists, and who a listed hazard's step asks. */
export interface OpenSupervision {
  obligation: PlannedObligation;
  openItems: number;
  /** For a listed major hazard: the party each step's mail goes to (by step key); digests use the ladder's rule. */
  listedParty?: (stepKey: string) => 'office' | 'bureau';
}

/** The supervision obligations of an office that still have something open, for the board's next mails. */
export function openSupervision(loaded: LoadedPlan, facts: NamedSupervisionFacts): OpenSupervision[] {
  return supervisionObligations(supervisionContext(loaded), facts).flatMap((obligation): OpenSupervision[] => {
    const kind = supervisionKindOf(obligation.key)!;
    if (kind === 'major-hazard') {
      const hazard = facts.hazards.find((h) => `major-hazard:${h.id}` === obligation.key)!;
      const listedParty = (stepKey: string) => (listedNoticeOf(stepKey, hazard) === 'progress' ? 'office' : 'bureau');
      return [{ obligation, openItems: 1, listedParty }];
    }
    const count = openItems(loaded, kind, obligation, facts).length;
    return count > 0 ? [{ obligation, openItems: count }] : [];
  });
}
