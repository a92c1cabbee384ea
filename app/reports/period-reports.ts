import type { PlannedObligation } from '../../domain/index.js';
import { sumMonthlyTables, type MonthlyTables, type UnitType } from '../../domain/reports/index.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../infra/db.js';
import type { LoadedPlan } from '../campaigns/plan-store.js';
import { loadReportPeriod, type ReportPeriod } from './report-period.js';

/** Office.unitType ('county-unit' | 'township') as the annex layout's unit type key. */
export function unitTypeOf(officeUnitType: string): UnitType {
  return officeUnitType === 'county-unit' ? 'countyUnit' : 'township';
}

/** Every column of a stored report except the file bytes. */
export const REPORT_META = {
  id: true,
  campaignId: true,
  officeId: true,
  period: true,
  version: true,
  tables: true,
  correctionReason: true,
  summaryFileName: true,
  summaryMimeType: true,
  summarySha256: true,
  summarySize: true,
  submittedAt: true,
  submittedBy: true,
  late: true,
  computed: true,
  deviations: true,
} as const satisfies Prisma.MonthlyReportSelect;

export type ReportMeta = Prisma.MonthlyReportGetPayload<{ select: typeof REPORT_META }>;

export interface OfficeRow {
  id: string;
  code: string;
  name: string;
  unitType: string;
}

export interface SubmittedOffice {
  office: OfficeRow;
  unitType: UnitType;
  /** The office's latest version. */
  latest: ReportMeta;
  tables: MonthlyTables;
  /** The first version: when the office reported and whether that was late. */
  first: { submittedAt: Date; late: boolean };
  versions: number;
}

export interface PeriodReports {
  loaded: LoadedPlan;
  period: Omit<ReportPeriod, 'obligation'> & { planned: PlannedObligation };
  offices: OfficeRow[];
  /** Offices with a report, in office-code order. */
  submitted: SubmittedOffice[];
  /** Offices without any report, in office-code order. */
  missing: OfficeRow[];
}

/** Every office's latest version of a period, and the offices that have not reported. */
export async function periodReports(db: PrismaClient, campaignId: string, periodText: string): Promise<PeriodReports> {
  const { loaded, period } = await loadReportPeriod(db, campaignId, periodText);
  const [offices, reports] = await Promise.all([
    db.office.findMany({ orderBy: { code: 'asc' }, select: { id: true, code: true, name: true, unitType: true } }),
    db.monthlyReport.findMany({
      where: { campaignId, period: period.period },
      orderBy: [{ officeId: 'asc' }, { version: 'asc' }],
      select: REPORT_META,
    }),
  ]);
  const byOffice = new Map<string, ReportMeta[]>();
  for (const r of reports) {
    const list = byOffice.get(r.officeId);
    if (list) list.push(r);
    else byOffice.set(r.officeId, [r]);
  }
  const submitted: SubmittedOffice[] = [];
  const missing: OfficeRow[] = [];
  for (const office of offices) {
    const versions = byOffice.get(office.id);
    if (!versions?.length) {
      missing.push(office);
      continue;
    }
    const first = versions[0]!;
    const latest = versions[versions.length - 1]!;
    submitted.push({
      office,
      unitType: unitTypeOf(office.unitType),
      latest,
      tables: latest.tables as unknown as MonthlyTables,
      first: { submittedAt: first.submittedAt, late: first.late },
      versions: versions.length,
    });
  }
  return { loaded, period, offices, submitted, missing };
}

export interface CountyTotals {
  countyUnits: { offices: number; tables: MonthlyTables };
  townships: { offices: number; tables: MonthlyTables };
  county: { offices: number; tables: MonthlyTables };
}

/** Sums over the offices' latest versions: county-level units (县直单位), townships (乡镇) and the county (合计). */
export function countyTotals(submitted: readonly SubmittedOffice[]): CountyTotals {
  const of = (type?: UnitType) => {
    const tables = submitted.filter((s) => !type || s.unitType === type).map((s) => s.tables);
    return { offices: tables.length, tables: sumMonthlyTables(tables) };
  };
  return { countyUnits: of('countyUnit'), townships: of('township'), county: of() };
}
