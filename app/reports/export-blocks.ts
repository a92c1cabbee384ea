/**
 * Exports of a period's monthly tables for the bureau: a workbook in the printed layout of annex 3 (月报表一) and
 * annex 4 (月报表二), one block per office grouped by unit type with 县直单位 / 乡镇 subtotals and the county total
 * (合计); a flat CSV per annex; and the on-time / late / missing list as CSV.
 *
 * The workbook follows the layout of domain/reports (headings, merged cells, notes). Two things are added for a
 * county summary, which the per-unit annex form has no place for: a 填报单位 column after 填报单位类型 (the office
 * name, 小计 or 合计), and a line under the notes naming the offices that have not reported (they get no rows, so
 * 合计 is exactly the sum of the rows above it).
 */
import { DateTime } from 'luxon';
import { UNIT_TYPES, type MonthlyTables, type UnitType } from '../../domain/reports/index.js';
import { countyTotals, type PeriodReports } from './period-reports.js';
import { YEAR_END_PERIOD } from './report-period.js';

export const UNIT_TYPE_ZH: Record<UnitType, string> = Object.fromEntries(
  UNIT_TYPES.map((u) => [u.key, u.zh]),
) as Record<UnitType, string>;

/** '2024-03' → '2024年3月'; 'year-end' → '2024年度'. */
export function periodLabelZh(period: string, campaignYear: number): string {
  if (period === YEAR_END_PERIOD) return `${campaignYear}年度`;
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
}

/** The county the bureau serves, for the printed title: '安溪县市场监督管理局' → '安溪县'. */
export function countyOf(bureauName: string): string | undefined {
  return /^(.+?[县市区旗])/.exec(bureauName)?.[1];
}

export function localTime(date: Date, zone: string): string {
  return DateTime.fromJSDate(date).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
}

/** One block of body rows: an office, a unit-type subtotal or the county total. */
export interface Block {
  unitType: UnitType | null;
  unitLabel: string;
  tables: MonthlyTables;
  kind: 'office' | 'subtotal' | 'total';
}

export function blocksOf(reports: PeriodReports): { groups: { unitType: UnitType; blocks: Block[] }[]; total: Block } {
  const totals = countyTotals(reports.submitted);
  const groups = UNIT_TYPES.map((u) => {
    const offices = reports.submitted.filter((s) => s.unitType === u.key);
    const subtotal = u.key === 'countyUnit' ? totals.countyUnits : totals.townships;
    return {
      unitType: u.key,
      blocks: [
        ...offices.map((s): Block => ({ unitType: u.key, unitLabel: s.office.name, tables: s.tables, kind: 'office' })),
        { unitType: u.key, unitLabel: '小计', tables: subtotal.tables, kind: 'subtotal' } satisfies Block,
      ],
    };
  });
  return { groups, total: { unitType: null, unitLabel: '合计', tables: totals.county.tables, kind: 'total' } };
}
