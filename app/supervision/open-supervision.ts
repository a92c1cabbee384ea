import { supervisionKindOf, supervisionObligations, type PlannedObligation } from '../../domain/index.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import type { LoadedPlan } from '../campaigns/plan-store.js';
import { supervisionContext } from './plan-context.js';
import { supervisionFactsOf, supervisionFactsSql, type NamedSupervisionFacts } from './supervision-facts.js';
import { listedNoticeOf, openItems } from './supervision-step.js';

/**
 * The supervision records of each office, as they stand now, in one query. Under a campaign without supervision rules
 * the enterprises are left out: only hazards and planned visits are followed then, and an office without any is not
 * in the map.
 */
export async function supervisionFactsByOffice(
  db: PrismaClient,
  loaded: LoadedPlan,
  officeIds: string[] | 'all',
): Promise<Map<string, NamedSupervisionFacts>> {
  if (officeIds.length === 0) return new Map();
  const withEnterprises = loaded.template.supervision !== undefined;
  const campaignId = loaded.campaign.id;
  // Without the register an office with no hazard and no planned visit has nothing to follow: left out.
  const withRecords = withEnterprises
    ? Prisma.empty
    : Prisma.sql`AND (EXISTS (SELECT 1 FROM "Hazard" h WHERE h."campaignId" = ${campaignId} AND h."officeId" = o."id")
        OR EXISTS (SELECT 1 FROM "GuidanceVisit" v WHERE v."campaignId" = ${campaignId} AND v."officeId" = o."id"))`;
  const rows = await db.$queryRaw<{ id: string; supervision: string }[]>`
    SELECT o."id", ${supervisionFactsSql(campaignId, Prisma.sql`o."id"`, { withEnterprises })}
    FROM "Office" o WHERE ${officeIds === 'all' ? Prisma.sql`TRUE` : Prisma.sql`o."id" = ANY(${officeIds})`} ${withRecords}`;
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
