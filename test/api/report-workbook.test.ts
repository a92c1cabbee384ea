import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTables,
  emptyMonthlyTables,
  FIELD_CATALOGUE,
  FORM_CELLS,
  formCellOf,
  getCell,
  REGISTER_FIELDS,
  SHEET_GEOMETRY,
  HEADER_TOP,
  type FieldPath,
  type MonthlyTables,
} from '../../domain/reports/index.js';
import { createToken } from '../../app/access/tokens.js';
import { FIELD_MAP_SHEET } from '../../app/reports/office-report-workbook.js';
import { buildTestApp, multipartBody, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

type Problem = { status: number; detail: string; errors: { path: string; cell?: string; message: string }[] };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a person types into the blank cells: valid figures that keep every consistency rule. */
const TYPED: Partial<Record<FieldPath, number>> = {
  'annex4.oneEnterpriseOnePolicy.threeLists.selfFoundHazards': 5,
  'annex4.oneEnterpriseOnePolicy.threeLists.rectifiedHazards': 3,
  'annex4.enforcement.hazardsFound': 6,
  'annex4.enforcement.hazardsRectified': 4,
  'annex4.enforcement.majorHazards.enterprises': 1,
  'annex4.enforcement.majorHazards.hazards': 2,
  'annex4.enforcement.majorHazards.rectified': 1,
  'annex4.enforcement.fines.enterprises': 1,
  // A spreadsheet's own arithmetic: float noise is judged as in JSON, so this is 0.1123 万元.
  'annex4.enforcement.fines.amount': 0.11230000000000001,
};
/** A cell filled with a formula: its saved result is the figure. */
const FORMULA_PATH: FieldPath = 'annex3.modelTowns.city';

function cellOf(workbook: ExcelJS.Workbook, path: FieldPath): ExcelJS.Cell {
  const at = formCellOf(path)!;
  return workbook.getWorksheet(at.sheetName)!.getCell(at.row, at.col);
}

/** The number a cell holds (a formula's result), or undefined when it is blank. */
function numberIn(cell: ExcelJS.Cell): number | undefined {
  const value = cell.value;
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'result' in value && typeof value.result === 'number') return value.result;
  return undefined;
}

/**
 * Fills every blank input cell of a downloaded form, found through the layout's own mapping (FORM_CELLS), as a
 * script would; returns the tables the server should store.
 */
function fillBlanks(workbook: ExcelJS.Workbook): MonthlyTables {
  return buildTables((f) => {
    const cell = cellOf(workbook, f.path);
    const before = numberIn(cell);
    if (before !== undefined) return before;
    const typed = TYPED[f.path] ?? (FIELD_CATALOGUE.indexOf(f) % 7) + 1;
    cell.value = f.path === FORMULA_PATH ? { formula: `${typed}*1`, result: typed } : typed;
    return f.kind === 'count' ? typed : Math.round(typed * 10_000) / 10_000;
  });
}

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The workbook as another program saves it, keeping the cells' values only: no field map, no styles, merges,
 * protection or data validation. `shift` moves the cells of one sheet right by some columns (a column inserted).
 */
function resaved(workbook: ExcelJS.Workbook, shift?: { sheet: string; columns: number }): ExcelJS.Workbook {
  const copy = new ExcelJS.Workbook();
  for (const sheet of workbook.worksheets) {
    if (sheet.name === FIELD_MAP_SHEET) continue;
    const target = copy.addWorksheet(sheet.name);
    const by = shift?.sheet === sheet.name ? shift.columns : 0;
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.master.address !== cell.address) return;
        target.getCell(Number(cell.row), Number(cell.col) + by).value = cell.value;
      });
    });
  }
  return copy;
}

describe('the annex form round trip: download, fill in Excel or WPS, upload', () => {
  let api: BuiltTestApp;
  let seed: Seed;
  const staff: Record<string, string> = {};

  const office = (code: string) => seed.offices[code]!.id;
  const reportRows = (code: string) =>
    api.db.prisma.monthlyReport.count({ where: { campaignId: seed.campaignId, officeId: office(code) } });

  function download(code: string, period: string, token?: string): Promise<LightMyRequestResponse> {
    return api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/offices/${office(code)}/reports/${period}/workbook.xlsx`,
      ...(token ? { token } : {}),
    });
  }

  async function form(code: string, period: string): Promise<ExcelJS.Workbook> {
    const response = await download(code, period, staff[code]);
    expect(response.statusCode, response.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    return workbook;
  }

  async function upload(
    code: string,
    period: string,
    parts: { workbook?: Buffer; tables?: MonthlyTables },
  ): Promise<LightMyRequestResponse> {
    const fd = new FormData();
    if (parts.tables) fd.append('tables', JSON.stringify(parts.tables));
    if (parts.workbook) fd.append('workbook', new Blob([parts.workbook], { type: XLSX }), '月报表.xlsx');
    fd.append('summary', new Blob([PDF], { type: 'application/pdf' }), '工作总结.pdf');
    return api.call({
      method: 'POST',
      url: `/campaigns/${seed.campaignId}/offices/${office(code)}/reports/${period}`,
      token: staff[code],
      ...(await multipartBody(fd)),
    });
  }

  async function storedTables(code: string, period: string): Promise<MonthlyTables> {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/offices/${office(code)}/reports/${period}`,
      token: staff[code],
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ latest: { tables: MonthlyTables } }>().latest.tables;
  }

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    seed = await seedCampaign(api.db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN', C: 'zh-CN', D: 'zh-CN', E: 'zh-CN', F: 'zh-CN' },
      enterprises: {
        A1: 'A',
        A2: 'A',
        A3: 'A',
        A4: 'A',
        A5: 'A',
        B1: 'B',
        C1: 'C',
        C2: 'C',
        D1: 'D',
        E1: 'E',
        E2: 'E',
      },
    });
    // Office A's register: 1 above-size red, 1 medium orange, 1 small-micro yellow, 2 small-micro blue.
    const set = (code: string, data: { sizeClass: string; riskColour: string }) =>
      api.db.prisma.enterprise.update({ where: { id: seed.enterprises[code]!.id }, data });
    await set('A1', { sizeClass: 'above-size', riskColour: 'red' });
    await set('A2', { sizeClass: 'medium', riskColour: 'orange' });
    await set('A3', { sizeClass: 'small-micro', riskColour: 'yellow' });
    for (const code of Object.keys(seed.offices)) {
      staff[code] = (
        await createToken(api.db.prisma, { name: `${code} staff`, role: 'office-staff', officeId: office(code) })
      ).token;
    }
  });

  afterAll(async () => {
    await api?.close();
  });

  it("the downloaded workbook has the notice's layout and the register's enterprise counts filled in", async () => {
    const response = await download('A', '2024-03', staff.A);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).toContain('filename="monthly-report-A-2024-03.xlsx"');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('月报表-A-2024-03.xlsx')}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual([
      '月报表一',
      '月报表二',
    ]);
    expect(workbook.getWorksheet(FIELD_MAP_SHEET)?.state).toBe('veryHidden');

    // The same headings, cell by cell and merge by merge, as the county export's: one layout writes both.
    const exported = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/reports/2024-03/export.xlsx`,
    });
    expect(exported.statusCode).toBe(200);
    const county = new ExcelJS.Workbook();
    await county.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    for (const g of Object.values(SHEET_GEOMETRY)) {
      const sheet = workbook.getWorksheet(g.sheetName)!;
      const countySheet = county.getWorksheet(g.sheetName)!;
      expect(sheet.getCell(1, 1).text).toBe(countySheet.getCell(1, 1).text);
      expect(sheet.getCell(1, 1).text).toContain('安溪县安全生产标准化提升专项行动固本强基进展情况月报表');
      for (let r = HEADER_TOP; r < g.bodyTop; r++) {
        for (let c = 1; c <= g.width; c++) {
          const [mine, theirs] = [sheet.getCell(r, c), countySheet.getCell(r, c)];
          expect(mine.text, `${g.sheetName} ${mine.address}`).toBe(theirs.text);
          expect(mine.master.address, `${g.sheetName} ${mine.address}`).toBe(theirs.master.address);
        }
      }
      expect(sheet.getCell(g.bodyTop, 1).text).toBe('乡镇');
      expect(sheet.getCell(g.bodyTop, 2).text).toBe('A市场监管所');
      expect(sheet.getCell(2, 1).text).toContain('2024年3月');
    }

    const expected: Partial<Record<FieldPath, number>> = {
      'annex3.enterprises.total': 5,
      'annex3.enterprises.aboveSize': 1,
      'annex3.enterprises.medium': 1,
      'annex3.enterprises.smallMicro': 3,
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.enterprises': 5,
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.red': 1,
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.orange': 1,
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.yellow': 1,
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.blue': 2,
    };
    expect(Object.keys(expected).sort()).toEqual(Object.keys(REGISTER_FIELDS).sort());
    for (const at of FORM_CELLS) {
      const cell = cellOf(workbook, at.path);
      // No report of this office yet: only the register's counts; every other input cell is blank.
      expect(cell.value ?? null, at.ref).toBe(expected[at.path] ?? null);
      expect(cell.protection?.locked, at.ref).toBe(false);
      expect((cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb, at.ref).toBe('FFFFF2CC');
    }
    expect(workbook.getWorksheet('月报表一')!.getCell(HEADER_TOP, 1).protection?.locked).not.toBe(false);

    // Another office's staff may not read it; an unknown period or office is missing, as next door.
    expect((await download('A', '2024-03', staff.B)).statusCode).toBe(403);
    expect((await download('A', '2024-01')).statusCode).toBe(404);
    const unknownOffice = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/offices/00000000-0000-4000-8000-000000000000/reports/2024-03/workbook.xlsx`,
    });
    expect(unknownOffice.statusCode).toBe(404);
  });

  it("last month's cumulative figures are filled in, so the office adds only this month's", async () => {
    const march = emptyMonthlyTables();
    march.annex3.enterprises = { total: 10, aboveSize: 5, medium: 3, smallMicro: 2 };
    march.annex3.standardization.national.level1 = 4;
    march.annex3.modelTowns.city = 1;
    march.annex4.oneEnterpriseOnePolicy.fourColourRisk = { enterprises: 3, red: 1, orange: 0, yellow: 0, blue: 2 };
    march.annex4.enforcement.inspectedEnterprises = 7;
    march.annex4.enforcement.hazardsFound = 5;
    march.annex4.enforcement.hazardsRectified = 4;
    march.annex4.enforcement.fines = { enterprises: 1, amount: 0.35 };
    const sent = await upload('B', '2024-03', { tables: march });
    expect(sent.statusCode, sent.body).toBe(201);

    // April and June (the office's nearest earlier reported period is March for both).
    for (const period of ['2024-04', '2024-06']) {
      const workbook = await form('B', period);
      for (const f of FIELD_CATALOGUE) {
        const value = numberIn(cellOf(workbook, f.path));
        const register = REGISTER_FIELDS[f.path];
        if (register) {
          // B's register: one small-micro, blue enterprise.
          expect(value, f.path).toBe(
            ['total', 'smallMicro', 'enterprises', 'blue'].includes(f.path.split('.').pop()!) ? 1 : 0,
          );
        } else {
          expect(f.cumulativeSince, f.path).not.toBeNull();
          expect(value, `${period} ${f.path}`).toBe(getCell(march, f.path));
        }
      }
      const lines: string[] = [];
      workbook.getWorksheet('月报表一')!.eachRow((row) => lines.push(row.getCell(1).text));
      expect(lines.some((l) => l.includes('累计数已按2024年3月报送数预填'))).toBe(true);
    }

    // The month already sent: a correction starts from what was sent, every cell of it.
    const again = await form('B', '2024-03');
    for (const f of FIELD_CATALOGUE) expect(numberIn(cellOf(again, f.path)), f.path).toBe(getCell(march, f.path));
  });

  it("a workbook filled by a script and uploaded is stored as the month's report", async () => {
    const workbook = await form('C', '2024-03');
    const expected = fillBlanks(workbook);
    expect(expected.annex3.enterprises).toEqual({ total: 2, aboveSize: 0, medium: 0, smallMicro: 2 });
    expect(expected.annex4.enforcement.fines.amount).toBe(0.1123);
    const response = await upload('C', '2024-03', { workbook: await bytesOf(workbook) });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<{ version: number }>().version).toBe(1);
    expect(await storedTables('C', '2024-03')).toEqual(expected);
    const state = await api.db.prisma.obligationState.findUnique({
      where: {
        campaignId_officeId_obligationKey: {
          campaignId: seed.campaignId,
          officeId: office('C'),
          obligationKey: 'monthly-report:2024-03',
        },
      },
    });
    expect(state?.status).toBe('done');
  });

  it('a blank cell is refused naming the sheet cell and the field', async () => {
    const workbook = await form('D', '2024-03');
    fillBlanks(workbook);
    const blank: FieldPath = 'annex3.modelTowns.county';
    const text: FieldPath = 'annex4.enforcement.closedDown';
    cellOf(workbook, blank).value = null;
    cellOf(workbook, text).value = '3';
    const response = await upload('D', '2024-03', { workbook: await bytesOf(workbook) });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = response.json<Problem>();
    expect(problem.errors.map((e) => [e.path, e.cell])).toEqual([
      [blank, formCellOf(blank)!.ref],
      [text, formCellOf(text)!.ref],
    ]);
    const [blankError, textError] = problem.errors;
    expect(blankError!.message).toContain(formCellOf(blank)!.ref);
    expect(blankError!.message).toContain('blank; enter 0 for none (若无则填0)');
    expect(textError!.message).toMatch(/text/);
    expect(problem.detail).toContain(formCellOf(blank)!.ref);
    expect(await reportRows('D')).toBe(0);
  });

  it('a workbook saved again by another program (mapping sheet removed) is still read by position', async () => {
    const filled = await form('E', '2024-03');
    const expected = fillBlanks(filled);
    const bytes = await bytesOf(resaved(filled));
    const check = new ExcelJS.Workbook();
    await check.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(check.worksheets.map((w) => w.name)).toEqual(['月报表一', '月报表二']);

    const response = await upload('E', '2024-03', { workbook: bytes });
    expect(response.statusCode, response.body).toBe(201);
    expect(await storedTables('E', '2024-03')).toEqual(expected);
  });

  it('sending both the JSON tables and a workbook is refused naming both', async () => {
    const workbook = await form('F', '2024-03');
    const tables = fillBlanks(workbook);
    const response = await upload('F', '2024-03', { tables, workbook: await bytesOf(workbook) });
    expect(response.statusCode).toBe(422);
    expect(
      response
        .json<Problem>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['tables', 'workbook']);
    expect(await reportRows('F')).toBe(0);
  });

  it('a workbook that is not the annex form (not an xlsx, no annex sheets, columns moved) is refused naming the part', async () => {
    const notXlsx = await upload('F', '2024-03', { workbook: PDF });
    expect(notXlsx.statusCode).toBe(422);
    expect(notXlsx.json<Problem>().errors.map((e) => e.path)).toEqual(['workbook']);

    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').getCell('A1').value = 1;
    const noSheets = await upload('F', '2024-03', { workbook: await bytesOf(other) });
    expect(noSheets.statusCode).toBe(422);
    const missing = noSheets.json<Problem>().errors;
    expect(missing.map((e) => e.path)).toEqual(['workbook', 'workbook']);
    expect(missing.map((e) => e.message).join(' ')).toMatch(/月报表一.*月报表二/);

    const moved = await form('F', '2024-03');
    fillBlanks(moved);
    const shifted = await upload('F', '2024-03', {
      workbook: await bytesOf(resaved(moved, { sheet: '月报表二', columns: 1 })),
    });
    expect(shifted.statusCode).toBe(422);
    const errors = shifted.json<Problem>().errors;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.path === 'workbook' && e.cell?.startsWith('月报表二!'))).toBe(true);
    expect(await reportRows('F')).toBe(0);
  });
});
