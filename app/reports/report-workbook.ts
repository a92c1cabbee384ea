// The county export of a period: the workbook in the printed layout of annex 3 and 4, written by annex-sheet.ts (see
// export-blocks.ts for what a county summary adds).
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { getCell } from '../../domain/reports/index.js';
import { addAnnexSheet, formFieldsLine, SP, type AnnexSheetContent, type SheetBlock } from './annex-sheet.js';
import { blocksOf, countyOf, periodLabelZh, type Block } from './export-blocks.js';
import type { PeriodReports } from './period-reports.js';

const sheetBlock = (block: Block): SheetBlock => ({
  unitLabel: block.unitLabel,
  kind: block.kind,
  valueOf: (path) => getCell(block.tables, path),
});

/** What the county export's sheets hold: every office's block by unit type, the subtotals, 合计, who is missing. */
function exportContent(reports: PeriodReports, generatedAt: Date): AnnexSheetContent {
  const { loaded, period } = reports;
  const local = DateTime.fromJSDate(generatedAt).setZone(loaded.template.timeZone);
  const { groups, total } = blocksOf(reports);
  return {
    county: countyOf(loaded.campaign.bureauName),
    linesAbove: (layout) => [
      `报送期间：${periodLabelZh(period.period, loaded.campaign.year)}${SP.repeat(2)}` +
        `已报送单位：${reports.submitted.length}／${reports.offices.length}（各单位最新版本）`,
      formFieldsLine(layout, `${loaded.campaign.bureauName}（汇总）`, `${local.year}年${local.month}月${local.day}日`),
    ],
    groups: groups.map((g) => ({ unitType: g.unitType, blocks: g.blocks.map(sheetBlock) })),
    total: sheetBlock(total),
    linesBelow:
      reports.missing.length > 0
        ? [
            {
              text: `未报送单位（${reports.missing.length}）：${reports.missing.map((o) => o.name).join('、')}`,
              style: { font: { bold: true, color: { argb: 'FFC00000' } } },
            },
          ]
        : [],
    form: false,
  };
}

/** The workbook of a period: sheet 月报表一 (annex 3) and 月报表二 (annex 4). */
export async function buildReportWorkbook(reports: PeriodReports, generatedAt: Date = new Date()): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = reports.loaded.campaign.bureauName;
  workbook.created = generatedAt;
  workbook.title = `${reports.loaded.campaign.name} ${periodLabelZh(reports.period.period, reports.loaded.campaign.year)}`;
  const content = exportContent(reports, generatedAt);
  await addAnnexSheet(workbook, 'annex3', content);
  await addAnnexSheet(workbook, 'annex4', content);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
