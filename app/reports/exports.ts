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
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import {
  ANNEX_LAYOUTS,
  FIELD_CATALOGUE,
  getCell,
  UNIT_TYPES,
  type AnnexCell,
  type AnnexColumn,
  type AnnexKey,
  type AnnexLayout,
  type MonthlyTables,
  type UnitType,
} from '../../domain/reports/index.js';
import {
  countyTotals,
  YEAR_END_PERIOD,
  type PeriodReports,
  type StatusEntry,
  type SubmittedOffice,
} from './reports.js';

export const SHEET_NAMES: Record<AnnexKey, string> = { annex3: '月报表一', annex4: '月报表二' };

const UNIT_TYPE_ZH: Record<UnitType, string> = Object.fromEntries(UNIT_TYPES.map((u) => [u.key, u.zh])) as Record<
  UnitType,
  string
>;

/** '2024-03' → '2024年3月'; 'year-end' → '2024年度'. */
export function periodLabelZh(period: string, campaignYear: number): string {
  if (period === YEAR_END_PERIOD) return `${campaignYear}年度`;
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
}

/** The county the bureau serves, for the printed title: '安溪县市场监督管理局' → '安溪县'. */
export function countyOf(bureauName: string): string | undefined {
  return /^(.+?[县市区旗])/.exec(bureauName)?.[1];
}

function localTime(date: Date, zone: string): string {
  return DateTime.fromJSDate(date).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
}

/** One block of body rows: an office, a unit-type subtotal or the county total. */
interface Block {
  unitType: UnitType | null;
  unitLabel: string;
  tables: MonthlyTables;
  kind: 'office' | 'subtotal' | 'total';
}

function blocksOf(reports: PeriodReports): { groups: { unitType: UnitType; blocks: Block[] }[]; total: Block } {
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

/** The layout's columns with the 填报单位 column inserted after 填报单位类型. */
function exportColumns(layout: AnnexLayout): AnnexColumn[] {
  const [unitTypeColumn, ...rest] = layout.columns;
  const spanning: AnnexCell[] = [
    { kind: 'label', text: '', rowSpan: layout.rowsPerUnit },
    ...Array.from({ length: layout.rowsPerUnit - 1 }, (): AnnexCell => ({ kind: 'covered' })),
  ];
  return [unitTypeColumn!, { headingsZh: ['填报单位'], cells: spanning }, ...rest];
}

/** Ideographic space, as the printed form uses between its fields. */
const SP = '\u3000';

const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };

function addAnnexSheet(
  workbook: ExcelJS.Workbook,
  layout: AnnexLayout,
  reports: PeriodReports,
  generatedAt: Date,
): void {
  const { loaded, period } = reports;
  const zone = loaded.template.timeZone;
  const sheet = workbook.addWorksheet(SHEET_NAMES[layout.annex], {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const columns = exportColumns(layout);
  const width = columns.length;
  const depth = Math.max(...columns.map((c) => c.headingsZh.length));
  const fullRow = (row: number, text: string, style: Partial<ExcelJS.Style> = {}) => {
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    Object.assign(cell, style);
    sheet.mergeCells(row, 1, row, width);
  };

  // Title and the lines above the table.
  fullRow(1, layout.titleZh(countyOf(loaded.campaign.bureauName)), {
    font: { bold: true, size: 16 },
    alignment: { horizontal: 'center', vertical: 'middle' },
  });
  sheet.getRow(1).height = 30;
  const local = DateTime.fromJSDate(generatedAt).setZone(zone);
  fullRow(
    2,
    `报送期间：${periodLabelZh(period.period, loaded.campaign.year)}${SP.repeat(2)}` +
      `已报送单位：${reports.submitted.length}／${reports.offices.length}（各单位最新版本）`,
  );
  const [unitField, fillerField, phoneField] = layout.formFieldsZh;
  fullRow(
    3,
    `${unitField ?? '填报单位（盖章）'}：${loaded.campaign.bureauName}（汇总）${SP.repeat(2)}${fillerField ?? '填表人'}：${SP.repeat(4)}` +
      `${phoneField ?? '联系电话'}：${SP.repeat(6)}${local.year}年${local.month}月${local.day}日`,
  );

  // Multi-row headings: equal adjacent headings (under equal parents) merge across, the last one spans down.
  const headerTop = 4;
  columns.forEach((column, c) => {
    column.headingsZh.forEach((heading, level) => {
      const cell = sheet.getCell(headerTop + level, c + 1);
      cell.value = heading;
    });
  });
  for (let level = 0; level < depth; level++) {
    let c = 0;
    while (c < width) {
      const chain = columns[c]!.headingsZh;
      if (level >= chain.length) {
        c++;
        continue;
      }
      const isLast = level === chain.length - 1;
      let end = c;
      if (!isLast) {
        const prefix = chain.slice(0, level + 1).join('\u0000');
        while (
          end + 1 < width &&
          columns[end + 1]!.headingsZh.length > level + 1 &&
          columns[end + 1]!.headingsZh.slice(0, level + 1).join('\u0000') === prefix
        ) {
          end++;
        }
      }
      const bottom = isLast ? headerTop + depth - 1 : headerTop + level;
      if (end > c || bottom > headerTop + level) sheet.mergeCells(headerTop + level, c + 1, bottom, end + 1);
      c = end + 1;
    }
  }
  for (let r = headerTop; r < headerTop + depth; r++) {
    for (let c = 1; c <= width; c++) {
      const cell = sheet.getCell(r, c);
      cell.font = { bold: true };
      cell.alignment = CENTER;
      cell.border = BORDER;
    }
  }

  // Body: one block per office, then the unit type's subtotal; the county total last.
  const rowsPerUnit = layout.rowsPerUnit;
  let row = headerTop + depth;
  const bodyTop = row;
  const writeBlock = (block: Block) => {
    columns.forEach((column, c) => {
      column.cells.forEach((cell, i) => {
        const target = sheet.getCell(row + i, c + 1);
        let rowSpan = 1;
        let colSpan = 1;
        if (cell.kind === 'label') {
          target.value = c === 1 ? block.unitLabel : cell.text;
          rowSpan = cell.rowSpan ?? 1;
          colSpan = cell.colSpan ?? 1;
        } else if (cell.kind === 'value') {
          const field = FIELD_CATALOGUE.find((f) => f.path === cell.path)!;
          target.value = getCell(block.tables, cell.path);
          target.numFmt = field.kind === 'count' ? '0' : '0.0000';
          rowSpan = cell.rowSpan ?? 1;
          colSpan = cell.colSpan ?? 1;
        }
        if (rowSpan > 1 || colSpan > 1) sheet.mergeCells(row + i, c + 1, row + i + rowSpan - 1, c + colSpan);
      });
    });
    if (block.kind !== 'office') {
      for (let i = 0; i < rowsPerUnit; i++) {
        for (let c = 1; c <= width; c++) sheet.getCell(row + i, c).font = { bold: true };
      }
    }
    row += rowsPerUnit;
  };
  const { groups, total } = blocksOf(reports);
  for (const group of groups) {
    const top = row;
    for (const block of group.blocks) writeBlock(block);
    sheet.getCell(top, 1).value = UNIT_TYPE_ZH[group.unitType];
    if (row - 1 > top) sheet.mergeCells(top, 1, row - 1, 1);
  }
  const totalTop = row;
  writeBlock(total);
  sheet.getCell(totalTop, 1).value = '合计';
  sheet.getCell(totalTop, 2).value = null;
  sheet.unMergeCells(totalTop, 2, totalTop + rowsPerUnit - 1, 2);
  sheet.mergeCells(totalTop, 1, totalTop + rowsPerUnit - 1, 2);
  for (let r = bodyTop; r < row; r++) {
    for (let c = 1; c <= width; c++) {
      const cell = sheet.getCell(r, c);
      cell.alignment = CENTER;
      cell.border = BORDER;
    }
  }

  // Notes under the table, and who has not reported.
  row++;
  fullRow(row++, '注：', { font: { bold: true } });
  layout.notesZh.forEach((note, i) => {
    fullRow(row, `${i + 1}. ${note}`, { alignment: { wrapText: true, vertical: 'top' } });
    sheet.getRow(row).height = note.length > 60 ? 32 : 16;
    row++;
  });
  if (reports.missing.length > 0) {
    row++;
    fullRow(row, `未报送单位（${reports.missing.length}）：${reports.missing.map((o) => o.name).join('、')}`, {
      font: { bold: true, color: { argb: 'FFC00000' } },
      alignment: { wrapText: true },
    });
  }

  sheet.getColumn(1).width = 10;
  sheet.getColumn(2).width = 22;
  for (let c = 3; c <= width; c++) sheet.getColumn(c).width = 10;
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: headerTop + depth - 1 }];
}

/** The workbook of a period: sheet 月报表一 (annex 3) and 月报表二 (annex 4). */
export async function buildReportWorkbook(reports: PeriodReports, generatedAt: Date = new Date()): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = reports.loaded.campaign.bureauName;
  workbook.created = generatedAt;
  workbook.title = `${reports.loaded.campaign.name} ${periodLabelZh(reports.period.period, reports.loaded.campaign.year)}`;
  addAnnexSheet(workbook, ANNEX_LAYOUTS.annex3, reports, generatedAt);
  addAnnexSheet(workbook, ANNEX_LAYOUTS.annex4, reports, generatedAt);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------------------
// CSV (RFC 4180, CRLF, UTF-8 with BOM so Excel reads the Chinese correctly).

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
