/**
 * An office's own annex 3 and annex 4 for one period as a workbook to fill in Excel or WPS and upload again
 * (read-report-workbook.ts reads it back): the notice's printed layout (annex-sheet.ts, the same writer as the county
 * export) with one block, the office's, whose cells are pre-filled with what the system knows (domain/reports
 * prefill.ts): the version already sent for the period, or else the figures the office's supervision records determine
 * (when the campaign keeps them, record-figures.ts), the register's enterprise counts and the office's previous
 * cumulative figures. Every other cell is blank. A very hidden sheet lists which field each cell is, for
 * people and tools; the upload does not read it.
 */
import ExcelJS from 'exceljs';
import {
  FIELD_CATALOGUE,
  formCellOf,
  prefillCells,
  type MonthlyTables,
  type PrefillSource,
} from '../../domain/reports/index.js';
import type { PrismaClient } from '../../infra/db.js';
import { ProblemError } from '../problem.js';
import { addAnnexSheet, formFieldsLine, SP, type AnnexSheetContent } from './annex-sheet.js';
import { countyOf, periodLabelZh } from './export-blocks.js';
import { unitTypeOf } from './period-reports.js';
import { findPreviousReport } from './previous-report.js';
import { officeRecordFigures } from './record-figures.js';
import { loadReportPeriod } from './report-period.js';

export interface OfficeReportWorkbook {
  /** 月报表-<office code>-<period>.xlsx */
  fileName: string;
  /** The same in ASCII, for clients that do not read RFC 5987 names. */
  asciiFileName: string;
  content: Buffer;
}

/** The very hidden sheet naming the field of every input cell. */
export const FIELD_MAP_SHEET = '字段对照';

interface FormFacts {
  campaign: { name: string; year: number; bureauName: string };
  office: { code: string; name: string; unitType: string };
  period: string;
  cells: ReturnType<typeof prefillCells>;
  sentVersion: number | undefined;
  previousPeriod: string | undefined;
  registerSize: number;
}

/** The office's form for the period; 404 for an unknown campaign, period or office. */
export async function officeReportWorkbook(
  deps: { db: PrismaClient },
  input: { campaignId: string; officeId: string; period: string },
): Promise<OfficeReportWorkbook> {
  const { db } = deps;
  const { loaded, period } = await loadReportPeriod(db, input.campaignId, input.period);
  const office = await db.office.findUnique({
    where: { id: input.officeId },
    select: { code: true, name: true, unitType: true },
  });
  if (!office) throw new ProblemError(404, 'Not found', `office ${input.officeId} does not exist`);
  const where = { campaignId: input.campaignId, officeId: input.officeId };
  const [sent, previous, register, records] = await Promise.all([
    db.monthlyReport.findFirst({
      where: { ...where, period: period.period },
      orderBy: { version: 'desc' },
      select: { version: true, tables: true },
    }),
    findPreviousReport(db, where, period.period),
    db.enterprise.findMany({ where: { officeId: input.officeId }, select: { sizeClass: true, riskColour: true } }),
    officeRecordFigures(db, loaded, input.officeId, period.month),
  ]);
  const cells = prefillCells({
    month: period.month,
    sent: sent ? (sent.tables as unknown as MonthlyTables) : undefined,
    previous: previous ? { period: previous.period, tables: previous.tables as MonthlyTables } : undefined,
    register,
    records,
  });
  const content = await formWorkbook({
    campaign: loaded.campaign,
    office,
    period: period.period,
    cells,
    sentVersion: sent?.version,
    previousPeriod: previous?.period,
    registerSize: register.length,
  });
  return {
    fileName: `月报表-${office.code}-${period.period}.xlsx`,
    asciiFileName: `monthly-report-${office.code}-${period.period}.xlsx`,
    content,
  };
}

/** Under the notes: how to fill the form, and where its pre-filled figures come from. */
function guidance(facts: FormFacts): string[] {
  const { campaign } = facts;
  const lines = [
    '填写说明：浅黄色单元格为填报项，每格必填，若无则填0；填好后连同盖章的书面总结一并上传。系统按单元格位置读取数据，' +
      '请勿插入、删除或移动行列 (fill every light-yellow cell, 0 for none; figures are read by cell position).',
  ];
  const from = (source: PrefillSource) => [...facts.cells.values()].some((c) => c.from === source);
  if (facts.sentVersion !== undefined) {
    lines.push(
      `已填入本期已报送的第${facts.sentVersion}版数据：如需更正，在此基础上修改后上传，并填写更正原因 ` +
        `(pre-filled with version ${facts.sentVersion} as sent; a correction needs a reason).`,
    );
    return lines;
  }
  if (from('records')) {
    lines.push(
      '执法激励约束、自查及整改隐患数量和四色风险企业数量已按系统记录（检查、隐患、执法措施和风险评估）预填；' +
        '如报送数与记录不一致，须在提交时逐项说明原因 (figures pre-filled from the records of inspections, hazards, ' +
        'enforcement actions and risk assessments; a figure that differs from the records needs a reason in ' +
        'figureReasons).',
    );
  }
  if (from('register')) {
    const byColour = [...facts.cells.entries()].some(
      ([path, c]) => c.from === 'register' && path.startsWith('annex4.oneEnterpriseOnePolicy.fourColourRisk.'),
    );
    lines.push(
      byColour
        ? `企业数量（规上、中等、小微及总数）和四色风险企业数量已按企业名录（${facts.registerSize}家）预填，请核对 ` +
            '(enterprise counts by size and by risk colour are pre-filled from the register).'
        : `企业数量（规上、中等、小微及总数）已按企业名录（${facts.registerSize}家）预填，请核对 ` +
            '(enterprise counts by size are pre-filled from the register).',
    );
  }
  if (from('previous') && facts.previousPeriod) {
    lines.push(
      `累计数已按${periodLabelZh(facts.previousPeriod, campaign.year)}报送数预填，只需加上本月新增数 ` +
        `(cumulative figures are pre-filled with ${facts.previousPeriod}'s: add this month's).`,
    );
  }
  return lines;
}

async function formWorkbook(facts: FormFacts): Promise<Buffer> {
  const { campaign, office } = facts;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = campaign.bureauName;
  workbook.created = new Date();
  workbook.title = `${campaign.name} ${office.name} ${periodLabelZh(facts.period, campaign.year)}`;
  const content: AnnexSheetContent = {
    county: countyOf(campaign.bureauName),
    linesAbove: (layout) => [
      `报送期间：${periodLabelZh(facts.period, campaign.year)}${SP.repeat(2)}单位编码：${office.code}`,
      formFieldsLine(layout, office.name, `${SP.repeat(3)}年${SP.repeat(2)}月${SP.repeat(2)}日`),
    ],
    groups: [
      {
        unitType: unitTypeOf(office.unitType),
        blocks: [{ unitLabel: office.name, kind: 'office', valueOf: (path) => facts.cells.get(path)?.value }],
      },
    ],
    linesBelow: guidance(facts).map((text) => ({ text })),
    form: true,
  };
  await addAnnexSheet(workbook, 'annex3', content);
  await addAnnexSheet(workbook, 'annex4', content);
  addFieldMap(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Which field each input cell is: for people and tools reading the file; the upload reads by position instead. */
function addFieldMap(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet(FIELD_MAP_SHEET, { state: 'veryHidden' });
  sheet.addRow(['field', 'cell', '名称', 'label']);
  for (const f of FIELD_CATALOGUE) sheet.addRow([f.path, formCellOf(f.path)!.ref, f.labelZh, f.labelEn]);
}
