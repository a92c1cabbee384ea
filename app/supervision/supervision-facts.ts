import {
  DEFAULT_TIME_ZONE,
  isRiskColour,
  isStandardizationState,
  type Assessment,
  type SupervisionFacts,
} from '../../domain/index.js';
import { Prisma } from '../../generated/prisma/client.js';

/**
 * An SQL select-list item (`supervision`) reading an office's supervision records in the caller's query: its
 * enterprises with their assessment history, inspections and visits in the campaign, its planned visits and its
 * hazards. Read with `supervisionFactsOf`. `withEnterprises: false` leaves the enterprises out, for a read of every
 * office under a campaign without supervision rules (nothing is planned from them, and a county's register is large).
 * `officeId` is an id, or an SQL expression naming the office of each row.
 */
export function supervisionFactsSql(
  campaignId: string,
  officeId: string | Prisma.Sql,
  { withEnterprises = true }: { withEnterprises?: boolean } = {},
): Prisma.Sql {
  const enterprises = withEnterprises
    ? Prisma.sql`coalesce((SELECT json_agg(json_build_object(
          'id', e."id", 'code', e."code", 'name', e."name", 'colour', e."riskColour",
          'standardization', e."standardization",
          'registeredOn', to_char((e."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE coalesce((SELECT c."template"->>'timeZone'
              FROM "Campaign" c WHERE c."id" = ${campaignId}), ${DEFAULT_TIME_ZONE}), 'YYYY-MM-DD'),
          'assessments', coalesce((SELECT json_agg(json_build_object('assessedOn', a."assessedOn", 'colour', a."colour",
                'previousColour', a."previousColour", 'standardization', a."standardization",
                'previousStandardization', a."previousStandardization") ORDER BY a."assessedOn", a."recordedAt")
              FROM "RiskAssessment" a WHERE a."enterpriseId" = e."id"), '[]'::json),
          'inspectedOn', coalesce((SELECT json_agg(i."inspectedOn") FROM "Inspection" i
              WHERE i."campaignId" = ${campaignId} AND i."enterpriseId" = e."id"), '[]'::json),
          'visited', EXISTS (SELECT 1 FROM "GuidanceVisit" v WHERE v."campaignId" = ${campaignId}
              AND v."enterpriseId" = e."id" AND v."visitedOn" IS NOT NULL)) ORDER BY e."code")
        FROM "Enterprise" e WHERE e."officeId" = ${officeId}), '[]'::json)`
    : Prisma.sql`'[]'::json`;
  return Prisma.sql`json_build_object(
      'enterprises', ${enterprises},
      'plannedVisits', coalesce((SELECT json_agg(json_build_object('id', v."id", 'enterpriseId', v."enterpriseId",
          'plannedFor', v."plannedFor", 'visitedOn', v."visitedOn", 'team', v."team"))
        FROM "GuidanceVisit" v WHERE v."campaignId" = ${campaignId} AND v."officeId" = ${officeId}
          AND v."plannedFor" IS NOT NULL), '[]'::json),
      'hazards', coalesce((SELECT json_agg(json_build_object('id', h."id", 'enterpriseId', h."enterpriseId",
          'major', h."major", 'rectifyBy', h."rectifyBy", 'rectifiedOn', h."rectifiedOn", 'verifiedOn', h."verifiedOn",
          'description', h."description", 'foundOn', h."foundOn", 'recordedAt', h."recordedAt",
          'progressAt', coalesce((SELECT json_agg(p."reportedAt") FROM "HazardProgress" p WHERE p."hazardId" = h."id"),
                                 '[]'::json)))
        FROM "Hazard" h WHERE h."campaignId" = ${campaignId} AND h."officeId" = ${officeId}
          AND (h."rectifiedOn" IS NULL OR (h."major" AND h."verifiedOn" IS NULL))), '[]'::json)
    )::text AS supervision`;
}

interface RawEnterprise {
  id: string;
  code: string;
  name: string;
  colour: string;
  standardization: string;
  /** The local day (the campaign's zone) it joined the register. */
  registeredOn: string;
  assessments: Assessment[];
  inspectedOn: string[];
  visited: boolean;
}
interface RawHazard {
  id: string;
  enterpriseId: string;
  major: boolean;
  rectifyBy: string;
  rectifiedOn: string | null;
  verifiedOn: string | null;
  description: string;
  foundOn: string;
  recordedAt: string;
  progressAt: string[];
}

/** The facts with what the digests name: enterprises' codes and names, hazards' descriptions, visits' teams. */
export interface NamedSupervisionFacts extends SupervisionFacts {
  enterprises: (SupervisionFacts['enterprises'][number] & { code: string; name: string })[];
  plannedVisits: (SupervisionFacts['plannedVisits'][number] & { team: string })[];
  hazards: (SupervisionFacts['hazards'][number] & { description: string; foundOn: string })[];
}

/** Timestamps come back from json_build_object without a zone: they are UTC (timestamp(3) as Prisma writes them). */
const utcMs = (value: string): number => Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);

/** The facts of a row selected with `supervisionFactsSql`; an unknown colour or status counts as the default. */
export function supervisionFactsOf(text: string): NamedSupervisionFacts {
  const raw = JSON.parse(text) as {
    enterprises: RawEnterprise[];
    plannedVisits: NamedSupervisionFacts['plannedVisits'];
    hazards: RawHazard[];
  };
  return {
    enterprises: raw.enterprises.map((e) => ({
      id: e.id,
      code: e.code,
      name: e.name,
      colour: isRiskColour(e.colour) ? e.colour : 'blue',
      standardization: isStandardizationState(e.standardization) ? e.standardization : 'in-progress',
      assessments: e.assessments,
      registeredOn: e.registeredOn,
      inspectedOn: e.inspectedOn,
      visited: e.visited,
    })),
    plannedVisits: raw.plannedVisits,
    hazards: raw.hazards.map((h) => ({
      id: h.id,
      enterpriseId: h.enterpriseId,
      major: h.major,
      rectifyBy: h.rectifyBy,
      rectifiedOn: h.rectifiedOn,
      verifiedOn: h.verifiedOn,
      description: h.description,
      foundOn: h.foundOn,
      recordedAtMs: utcMs(h.recordedAt),
      progressAtMs: h.progressAt.map(utcMs),
    })),
  };
}
