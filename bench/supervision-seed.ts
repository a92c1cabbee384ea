/**
 * A province for bench/supervision.ts: N offices of uneven size, their enterprises with a mix of risk colours and
 * standardization states, two campaigns of one year (one with `supervision: {}`, one without), and the supervised
 * campaign's records as of an instant: assessments, inspections, guidance visits, hazards and progress reports.
 * Bulk createMany; a seeded generator makes every run write the same rows (ids aside).
 */
import { randomUUID } from 'node:crypto';
import {
  addDays,
  daysBetween,
  defaultSupervision,
  inspectionCycles,
  templateFor,
  type Assessment,
  type LocalDate,
  type RiskColour,
  type StandardizationState,
} from '../domain/index.js';
import type { PrismaClient } from '../infra/db.js';
import { asJson, BUREAU_EMAIL, generator, seed } from './seed.js';

export interface ProvinceOptions {
  offices: number;
  /** Mean enterprises per office; the sizes themselves follow `skew`. */
  enterprisesPerOffice: number;
  /** Open (unrectified) hazards in the province; as many rectified ones are added. */
  hazards: number;
  year: number;
  /** The instant the records are "as of" (local date in Asia/Shanghai). */
  today: LocalDate;
  /** Office k (1-based) gets a share ∝ k^-skew of the enterprises: 0 is even; 0.4 makes the largest ≈ 9.5× the mean at 1,000 offices. */
  skew: number;
}

export interface Province {
  supervisedId: string;
  baselineId: string;
  /** Largest office first. */
  officeIds: string[];
  enterprisesOf: Map<string, number>;
  rows: Record<string, number>;
}

const COLOURS: [RiskColour, number][] = [
  ['red', 0.05],
  ['orange', 0.15],
  ['yellow', 0.4],
  ['blue', 0.4],
];
const STATES: [StandardizationState, number][] = [
  ['not-started', 0.2],
  ['in-progress', 0.5],
  ['completed', 0.3],
];
const HAZARDS = ['安全阀未按期校验', '压力表超期未检', '焊接工艺评定缺失', '无损检测记录不全', '起重设备限位失效'];
const ZONE_OFFSET = '+08:00'; // Asia/Shanghai has no daylight saving time: local wall times without luxon.
const at = (date: LocalDate, time: string, plusMs = 0) =>
  new Date(Date.parse(`${date}T${time}:00${ZONE_OFFSET}`) + plusMs);

function pick<T>(random: () => number, table: [T, number][]): T {
  let r = random();
  for (const [value, share] of table) {
    if (r < share) return value;
    r -= share;
  }
  return table.at(-1)![0];
}

/** Office sizes ∝ k^-skew, rounded by largest remainder so that they add up to offices × mean. */
function officeSizes(offices: number, mean: number, skew: number): number[] {
  const weights = Array.from({ length: offices }, (_, k) => (k + 1) ** -skew);
  const sum = weights.reduce((a, b) => a + b, 0);
  const total = offices * mean;
  const exact = weights.map((w) => (w / sum) * total);
  const sizes = exact.map(Math.floor);
  let missing = total - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (missing-- <= 0) break;
    sizes[i]! += 1;
  }
  return sizes;
}

async function insertAll<T>(rows: T[], batch: number, insert: (data: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) await insert(rows.slice(i, i + batch));
}

export async function seedProvince(
  db: PrismaClient,
  options: ProvinceOptions,
  log: (line: string) => void,
): Promise<Province> {
  const { year, today } = options;
  const random = generator(17);
  const between = (from: LocalDate, to: LocalDate): LocalDate =>
    addDays(from, Math.floor(random() * (Math.max(0, daysBetween(from, to)) + 1)));
  const yesterday = addDays(today, -1);

  // Offices and the baseline campaign (the plain 2024 plan for `year`), as the other benches seed them.
  const seeded = await seed(db, { offices: options.offices, enterprisesPerOffice: 0, year });
  const baselineId = seeded.campaignId;
  await db.campaign.update({ where: { id: baselineId }, data: { name: `${year}年固本强基（基准，无差异化监管）` } });
  const supervised = await db.campaign.create({
    data: {
      name: `${year}年固本强基（基准，差异化监管）`,
      year,
      bureauEmail: BUREAU_EMAIL,
      template: asJson(templateFor(year, { supervision: {} })),
    },
  });
  const campaignId = supervised.id;
  const rules = defaultSupervision(year);
  const officeCodes = await db.office.findMany({ select: { id: true, code: true }, orderBy: { code: 'asc' } });
  const sizes = officeSizes(options.offices, options.enterprisesPerOffice, options.skew);

  interface Seeded {
    id: string;
    officeId: string;
    colour: RiskColour;
    standardization: StandardizationState;
    inspections: { id: string; on: LocalDate }[];
  }
  const enterprises: Seeded[] = [];
  const enterpriseRows: {
    id: string;
    officeId: string;
    code: string;
    name: string;
    sizeClass: string;
    riskColour: string;
    standardization: string;
  }[] = [];
  const assessments: {
    enterpriseId: string;
    officeId: string;
    colour: string;
    previousColour: string;
    standardization: string;
    previousStandardization: string;
    assessedOn: string;
    recordedBy: string;
    recordedAt: Date;
  }[] = [];
  const inspections: {
    id: string;
    campaignId: string;
    officeId: string;
    enterpriseId: string;
    inspectedOn: string;
    inspectors: string[];
    result: string;
    recordedBy: string;
    recordedAt: Date;
  }[] = [];
  const visits: {
    campaignId: string;
    officeId: string;
    enterpriseId: string;
    plannedFor: string | null;
    team: string;
    topics: string[];
    visitedOn: string | null;
    findings: string | null;
    recordedBy: string;
    visitedAt: Date | null;
  }[] = [];

  officeCodes.forEach((office, k) => {
    for (let n = 1; n <= sizes[k]!; n++) {
      const id = randomUUID();
      const code = `${office.code}-E${String(n).padStart(4, '0')}`;
      const colour = pick(random, COLOURS);
      const standardization = pick(random, STATES);
      enterpriseRows.push({
        id,
        officeId: office.id,
        code,
        name: `${code}特种设备制造有限公司`,
        sizeClass: random() < 0.7 ? 'small-micro' : random() < 0.7 ? 'medium' : 'above-size',
        riskColour: colour,
        standardization,
      });
      // Assessment history: 25 % coloured in March–April, 10 % re-assessed since May (from another state).
      const history: Assessment[] = [];
      const reassessed = random() < 0.1;
      const before = reassessed
        ? { colour: pick(random, COLOURS), standardization: pick(random, STATES) }
        : { colour, standardization };
      if (random() < 0.25) {
        history.push({
          assessedOn: between(`${year}-03-01`, `${year}-04-30`),
          colour: before.colour,
          previousColour: 'blue',
          standardization: before.standardization,
          previousStandardization: 'in-progress',
        });
      }
      if (reassessed) {
        history.push({
          assessedOn: between(`${year}-05-01`, yesterday),
          colour,
          previousColour: before.colour,
          standardization,
          previousStandardization: before.standardization,
        });
      }
      for (const a of history) {
        assessments.push({
          ...a,
          enterpriseId: id,
          officeId: office.id,
          recordedBy: 'bench',
          recordedAt: at(a.assessedOn, '16:00'),
        });
      }
      // Inspections: 85 % of the cycles that ended were inspected, 40 % of the running ones so far.
      const done: Seeded['inspections'] = [];
      for (const cycle of inspectionCycles(rules, { colour, standardization, assessments: history })) {
        const ended = cycle.to < today;
        if (cycle.from >= today || random() >= (ended ? 0.85 : 0.4)) continue;
        const on = between(cycle.from, ended ? cycle.to : yesterday);
        const inspection = { id: randomUUID(), on };
        done.push(inspection);
        inspections.push({
          id: inspection.id,
          campaignId,
          officeId: office.id,
          enterpriseId: id,
          inspectedOn: on,
          inspectors: ['张明', '李华'],
          result: 'compliant',
          recordedBy: 'bench',
          recordedAt: at(on, '15:00'),
        });
      }
      // Guidance: 60 % of key enterprises visited; 3 % of all with a visit planned ahead, 1 % with one overdue.
      const key = (colour === 'red' || colour === 'orange') && standardization !== 'completed';
      if (key && random() < 0.6) {
        const on = between(`${year}-04-15`, yesterday);
        visits.push({
          campaignId,
          officeId: office.id,
          enterpriseId: id,
          plannedFor: random() < 0.5 ? on : null,
          team: `第${1 + Math.floor(random() * 5)}帮扶组`,
          topics: ['three-types', 'five-s'],
          visitedOn: on,
          findings: '已指导建立三张清单',
          recordedBy: 'bench',
          visitedAt: at(on, '17:00'),
        });
      }
      const planned = random();
      if (planned < 0.04) {
        visits.push({
          campaignId,
          officeId: office.id,
          enterpriseId: id,
          plannedFor:
            planned < 0.03 ? between(addDays(today, 1), addDays(today, 45)) : between(addDays(today, -20), yesterday),
          team: `第${1 + Math.floor(random() * 5)}帮扶组`,
          topics: ['four-colour', 'six-haves'],
          visitedOn: null,
          findings: null,
          recordedBy: 'bench',
          visitedAt: null,
        });
      }
      enterprises.push({ id, officeId: office.id, colour, standardization, inspections: done });
    }
  });

  // Hazards: `hazards` open ones (rectification due from 30 days ago to 60 days ahead) and as many rectified; 3 %
  // major, half of the rectified major ones verified (销号); the listed ones with 0–3 progress reports.
  const hazards: {
    id: string;
    campaignId: string;
    officeId: string;
    enterpriseId: string;
    inspectionId: string | null;
    source: string;
    description: string;
    major: boolean;
    foundOn: string;
    rectifyBy: string;
    rectifiedOn: string | null;
    verifiedOn: string | null;
    recordedBy: string;
    recordedAt: Date;
    rectifiedAt: Date | null;
    verifiedAt: Date | null;
  }[] = [];
  const progress: { hazardId: string; reportedOn: string; note: string; reportedBy: string; reportedAt: Date }[] = [];
  if (enterprises.length > 0) {
    for (let n = 0; n < 2 * options.hazards; n++) {
      const open = n < options.hazards;
      const e = enterprises[Math.floor(random() * enterprises.length)]!;
      const rectifyBy = open
        ? between(addDays(today, -30), addDays(today, 60))
        : between(`${year}-05-15`, addDays(today, 30));
      const recent = e.inspections.filter((i) => i.on >= addDays(rectifyBy, -60) && i.on <= rectifyBy && i.on < today);
      const inspection = random() < 0.7 ? recent.at(-1) : undefined;
      let foundOn = inspection?.on ?? addDays(rectifyBy, -15 - Math.floor(random() * 31));
      if (foundOn > yesterday) foundOn = yesterday;
      if (foundOn < `${year}-05-01`) foundOn = `${year}-05-01`;
      const major = random() < 0.03;
      const rectifiedOn = open ? null : between(foundOn, rectifyBy < yesterday ? rectifyBy : yesterday);
      const verifiedOn = major && rectifiedOn && random() < 0.5 ? between(rectifiedOn, yesterday) : null;
      const id = randomUUID();
      const recordedAt = at(foundOn, '10:00', Math.floor(random() * 8 * 3600_000));
      hazards.push({
        id,
        campaignId,
        officeId: e.officeId,
        enterpriseId: e.id,
        inspectionId: inspection?.id ?? null,
        source: inspection ? 'inspection' : 'self-report',
        description: `${HAZARDS[n % HAZARDS.length]}（第${n + 1}项）`,
        major,
        foundOn,
        rectifyBy,
        rectifiedOn,
        verifiedOn,
        recordedBy: 'bench',
        recordedAt,
        rectifiedAt: rectifiedOn ? at(rectifiedOn, '11:00') : null,
        verifiedAt: verifiedOn ? at(verifiedOn, '11:30') : null,
      });
      if (major && !verifiedOn) {
        const reports = Math.floor(random() * 4);
        for (let r = 1; r <= reports; r++) {
          const on = addDays(foundOn, 14 * r);
          if (on > yesterday) break;
          progress.push({
            hazardId: id,
            reportedOn: on,
            note: `整改进展第${r}次`,
            reportedBy: 'bench',
            reportedAt: at(on, '14:00'),
          });
        }
      }
    }
  }

  log(
    `inserting ${enterpriseRows.length} enterprises, ${assessments.length} assessments, ${inspections.length} inspections, ` +
      `${visits.length} guidance visits, ${hazards.length} hazards, ${progress.length} progress reports`,
  );
  await insertAll(enterpriseRows, 3000, (data) => db.enterprise.createMany({ data }));
  await insertAll(assessments, 2000, (data) => db.riskAssessment.createMany({ data }));
  await insertAll(inspections, 2000, (data) => db.inspection.createMany({ data }));
  await insertAll(visits, 2000, (data) => db.guidanceVisit.createMany({ data }));
  await insertAll(hazards, 1500, (data) => db.hazard.createMany({ data }));
  await insertAll(progress, 2000, (data) => db.hazardProgress.createMany({ data }));

  const enterprisesOf = new Map(officeCodes.map((o, k) => [o.id, sizes[k]!]));
  return {
    supervisedId: campaignId,
    baselineId,
    officeIds: officeCodes.map((o) => o.id),
    enterprisesOf,
    rows: {
      enterprises: enterpriseRows.length,
      assessments: assessments.length,
      inspections: inspections.length,
      guidanceVisits: visits.length,
      hazardsOpen: hazards.filter((h) => h.rectifiedOn === null).length,
      hazardsRectified: hazards.filter((h) => h.rectifiedOn !== null).length,
      majorListed: hazards.filter((h) => h.major && h.verifiedOn === null).length,
      progressReports: progress.length,
    },
  };
}
