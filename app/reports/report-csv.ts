// CSV exports of a period (RFC 4180, CRLF, UTF-8 with BOM so Excel reads the Chinese correctly): a flat CSV per annex
// and the on-time / late / missing list.
import { FIELD_CATALOGUE, getCell, type AnnexKey, type MonthlyTables } from '../../domain/reports/index.js';
import { blocksOf, localTime, UNIT_TYPE_ZH } from './export-blocks.js';
import type { PeriodReports, SubmittedOffice } from './period-reports.js';
import type { StatusEntry } from './status-list.js';

const BOM = '\uFEFF';

function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // A spreadsheet would run a text cell starting with = + - @ as a formula.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(rows: (string | number | null)[][]): string {
  return BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One annex as CSV: a header row of Chinese column titles, a row per office, the subtotals and the county total. */
export function buildReportCsv(reports: PeriodReports, annex: AnnexKey): string {
  const zone = reports.loaded.template.timeZone;
  const fields = FIELD_CATALOGUE.filter((f) => f.annex === annex);
  const header = ['填报单位类型', '单位编码', '填报单位', '版本', '报送时间', ...fields.map((f) => f.labelZh)];
  const values = (tables: MonthlyTables) => fields.map((f) => getCell(tables, f.path));
  const officeRow = (s: SubmittedOffice) => [
    UNIT_TYPE_ZH[s.unitType],
    s.office.code,
    s.office.name,
    s.latest.version,
    localTime(s.latest.submittedAt, zone),
    ...values(s.tables),
  ];
  const { groups, total } = blocksOf(reports);
  const rows: (string | number | null)[][] = [header];
  for (const group of groups) {
    rows.push(...reports.submitted.filter((s) => s.unitType === group.unitType).map(officeRow));
    const subtotal = group.blocks[group.blocks.length - 1]!;
    rows.push([UNIT_TYPE_ZH[group.unitType], null, '小计', null, null, ...values(subtotal.tables)]);
  }
  rows.push(['全县', null, '合计', null, null, ...values(total.tables)]);
  return toCsv(rows);
}

const STATUS_ZH = {
  'on-time': '按时报送',
  'late-with-extension': '延期后报送',
  late: '逾期报送',
  missing: '未报送',
} as const;

/** The on-time / late / missing list as CSV. */
export function buildStatusCsv(reports: PeriodReports, entries: StatusEntry[]): string {
  const zone = reports.loaded.template.timeZone;
  const rows: (string | number | null)[][] = [
    [
      '单位编码',
      '填报单位',
      '填报单位类型',
      '报送情况',
      '截止日期',
      '延期至',
      '最后期限',
      '首次报送时间',
      '最新版本',
      '已逾期未报',
      '超过最后期限',
    ],
  ];
  for (const e of entries) {
    rows.push([
      e.office.code,
      e.office.name,
      e.office.unitType === 'county-unit' ? '县直单位' : '乡镇',
      STATUS_ZH[e.status],
      e.dueDate,
      e.extendedDueDate,
      e.hardDueDate,
      e.firstSubmittedAt ? localTime(e.firstSubmittedAt, zone) : null,
      e.latestVersion,
      e.overdue ? '是' : '否',
      e.pastHardDeadline ? '是' : '否',
    ]);
  }
  return toCsv(rows);
}
