import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emptyMonthlyTables,
  FIELD_CATALOGUE,
  getCell,
  sumMonthlyTables,
  type MonthlyTables,
} from '../../domain/reports/index.js';

import { createToken } from '../../app/access/tokens.js';
import { multipartBody, buildTestApp, type BuiltTestApp } from '../support/app.js';
import { type TestDatabase } from '../support/databases.js';

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');

/** Distinct, valid tables per office: every cell differs so a wrong sum cannot pass by accident. */
function tablesFor(seed: number): MonthlyTables {
  const t = emptyMonthlyTables();
  const cells = t as unknown as Record<string, Record<string, unknown>>;
  FIELD_CATALOGUE.forEach((f, i) => {
    const parts = f.path.split('.');
    let node = cells as unknown as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
    node[parts[parts.length - 1]!] = f.kind === 'count' ? seed * 100 + i : 0;
  });
  // Satisfy the consistency rules.
  t.annex3.enterprises = { total: seed * 6, aboveSize: seed, medium: seed * 2, smallMicro: seed * 3 };
  const four = t.annex4.oneEnterpriseOnePolicy.fourColourRisk;
  four.enterprises = four.red + four.orange + four.yellow + four.blue;
  const lists = t.annex4.oneEnterpriseOnePolicy.threeLists;
  lists.rectifiedHazards = lists.selfFoundHazards;
  const e = t.annex4.enforcement;
  e.hazardsRectified = e.hazardsFound;
  e.majorHazards = { enterprises: seed, hazards: seed * 2, rectified: seed };
  e.fines = { enterprises: seed, amount: seed / 10 + 0.0123 };
  return t;
}

async function multipart(tables: MonthlyTables, correctionReason?: string) {
  const fd = new FormData();
  fd.append('tables', JSON.stringify(tables));
  if (correctionReason) fd.append('correctionReason', correctionReason);
  fd.append('summary', new Blob([PDF], { type: 'application/pdf' }), 'summary.pdf');
  return multipartBody(fd);
}

/** A cell's own value, or undefined when it is covered by a merge (or is text). */
function numberAt(sheet: ExcelJS.Worksheet, row: number, col: number): number | undefined {
  const cell = sheet.getCell(row, col);
  if (cell.isMerged && cell.master.address !== cell.address) return undefined;
  return typeof cell.value === 'number' ? cell.value : undefined;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

describe('report totals and exports', () => {
  let db: TestDatabase;
  let api: BuiltTestApp;
  let campaignId: string;
  let viewerToken: string;
  let staffToken: string;
  /** code → office id, unit type, its latest tables */
  const offices = new Map<string, { id: string; name: string; unitType: string; tables?: MonthlyTables }>();
  const period = '2024-06';

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'time-skipping' });
    db = api.db;
    const units = [
      ['C01', '县住建局', 'county-unit'],
      ['C02', '县应急局', 'county-unit'],
      ['T01', '凤城市场监管所', 'township'],
      ['T02', '城厢市场监管所', 'township'],
      ['T03', '蓬莱市场监管所', 'township'],
    ] as const;
    for (const [code, name, unitType] of units) {
      const response = await api.call({
        method: 'POST',
        url: '/offices',
        payload: {
          code,
          name,
          unitType,
          contactName: 'contact',
          contactEmail: `${code.toLowerCase()}@office.test`,
          headName: 'head',
          headEmail: `${code.toLowerCase()}.head@office.test`,
        },
      });
      expect(response.statusCode).toBe(201);
      offices.set(code, { id: response.json<{ id: string }>().id, name, unitType });
    }
    viewerToken = (await createToken(db.prisma, { name: 'viewer', role: 'viewer' })).token;
    staffToken = (
      await createToken(db.prisma, { name: 'staff', role: 'office-staff', officeId: offices.get('T01')!.id })
    ).token;
    const campaign = await api.call({
      method: 'POST',
      url: '/campaigns',
      payload: { name: '2024年固本强基', year: 2024, bureauEmail: 'bureau@county.test' },
    });
    campaignId = campaign.json<{ id: string }>().id;

    const submit = async (code: string, tables: MonthlyTables, reason?: string) => {
      const response = await api.call({
        method: 'POST',
        url: `/campaigns/${campaignId}/offices/${offices.get(code)!.id}/reports/${period}`,
        ...(await multipart(tables, reason)),
      });
      expect(response.statusCode, response.body).toBe(201);
      offices.get(code)!.tables = tables;
    };
    await submit('C01', tablesFor(1));
    await submit('C01', tablesFor(7), '更正'); // the export uses the latest version
    await submit('C02', tablesFor(2));
    await submit('T01', tablesFor(3));
    await submit('T02', tablesFor(4));
    // T03 has not reported.
  });

  afterAll(async () => {
    await api?.close();
  });

  const tablesOf = (...codes: string[]) => codes.map((c) => offices.get(c)!.tables!);

  it('sums the latest versions into 县直单位, 乡镇 and county totals and lists who is missing (rule: county totals)', async () => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${campaignId}/reports/${period}/totals`,
      token: viewerToken,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      countyUnits: { offices: number; tables: MonthlyTables };
      townships: { offices: number; tables: MonthlyTables };
      county: { offices: number; tables: MonthlyTables };
      missing: { code: string }[];
      submitted: { code: string; version: number }[];
    }>();
    expect(body.countyUnits).toEqual({ offices: 2, tables: sumMonthlyTables(tablesOf('C01', 'C02')) });
    expect(body.townships).toEqual({ offices: 2, tables: sumMonthlyTables(tablesOf('T01', 'T02')) });
    expect(body.county.tables).toEqual(sumMonthlyTables(tablesOf('C01', 'C02', 'T01', 'T02')));
    expect(body.county.tables.annex4.enforcement.fines.amount).toBe(round4(0.7 + 0.2 + 0.3 + 0.4 + 4 * 0.0123));
    expect(body.missing.map((m) => m.code)).toEqual(['T03']);
    expect(body.submitted.find((s) => s.code === 'C01')?.version).toBe(2);
  });

  it('keeps county views from office staff (rule: bureau and viewers only)', async () => {
    for (const path of ['totals', 'status-list', 'export.xlsx', 'export.csv?annex=3', 'status-list.csv']) {
      const response = await api.call({
        method: 'GET',
        url: `/campaigns/${campaignId}/reports/${period}/${path}`,
        token: staffToken,
      });
      expect(response.statusCode, path).toBe(403);
    }
  });

  it('exports an XLSX whose 合计 equals the sum of the offices and of the 县直单位/乡镇 subtotals (rule: annex layout)', async () => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${campaignId}/reports/${period}/export.xlsx`,
      token: viewerToken,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['月报表一', '月报表二']);

    for (const [sheetName, rowsPerUnit, firstHeading] of [
      ['月报表一', 3, '企业数量（家）'],
      ['月报表二', 1, '企业优化完善“四项规范”（份）'],
    ] as const) {
      const sheet = workbook.getWorksheet(sheetName)!;
      expect(sheet.getCell(1, 1).text).toContain('安溪县安全生产标准化提升专项行动固本强基进展情况月报表');
      expect(sheet.getCell(4, 1).value).toBe('填报单位类型');
      expect(sheet.getCell(4, 3).value).toBe(firstHeading);
      expect(sheet.getCell(4, 3).isMerged).toBe(true); // the group heading spans its columns

      // Locate the blocks by column B (填报单位) and column A (unit type / 合计).
      const blockAt = new Map<string, number>();
      let totalRow = 0;
      const subtotalRows: number[] = [];
      sheet.eachRow((row, r) => {
        const label = row.getCell(2).value;
        if (typeof label === 'string' && label === '小计' && row.getCell(2).master.address === row.getCell(2).address) {
          subtotalRows.push(r);
        }
        for (const [code, o] of offices) if (label === o.name && !blockAt.has(code)) blockAt.set(code, r);
        if (row.getCell(1).value === '合计' && row.getCell(1).master.address === row.getCell(1).address) totalRow = r;
      });
      expect([...blockAt.keys()].sort()).toEqual(['C01', 'C02', 'T01', 'T02']);
      expect(subtotalRows).toHaveLength(2);
      expect(totalRow).toBeGreaterThan(0);
      expect(sheet.getCell(subtotalRows[0]!, 1).text).toBe('县直单位');
      expect(sheet.getCell(subtotalRows[1]!, 1).text).toBe('乡镇');

      const width = sheet.columnCount;
      let checked = 0;
      const sumOf = (starts: number[], i: number, c: number) =>
        round4(starts.reduce((s, start) => s + (numberAt(sheet, start + i, c) ?? 0), 0));
      for (let i = 0; i < rowsPerUnit; i++) {
        for (let c = 3; c <= width; c++) {
          const total = numberAt(sheet, totalRow + i, c);
          if (total === undefined) continue;
          const all = ['C01', 'C02', 'T01', 'T02'].map((code) => blockAt.get(code)!);
          expect(total, `合计 row ${i} col ${c}`).toBeCloseTo(sumOf(all, i, c), 6);
          expect(numberAt(sheet, subtotalRows[0]! + i, c)).toBeCloseTo(
            sumOf([blockAt.get('C01')!, blockAt.get('C02')!], i, c),
            6,
          );
          expect(numberAt(sheet, subtotalRows[1]! + i, c)).toBeCloseTo(
            sumOf([blockAt.get('T01')!, blockAt.get('T02')!], i, c),
            6,
          );
          checked++;
        }
      }
      expect(checked).toBe(
        FIELD_CATALOGUE.filter((f) => f.annex === (sheetName === '月报表一' ? 'annex3' : 'annex4')).length,
      );

      // The first data cell is the enterprise total (annex 3) / safety checklists (annex 4) of the county.
      const county = sumMonthlyTables(tablesOf('C01', 'C02', 'T01', 'T02'));
      const firstPath =
        sheetName === '月报表一' ? 'annex3.enterprises.total' : 'annex4.fourSpecifications.safetyChecklists';
      expect(numberAt(sheet, totalRow, 3)).toBe(getCell(county, firstPath));

      const texts: string[] = [];
      sheet.eachRow((row) => texts.push(row.getCell(1).text));
      expect(texts.some((t) => t.includes('表格不应有空白处，若无则应填写0'))).toBe(true);
      expect(texts.some((t) => t.startsWith('未报送单位') && t.includes('蓬莱市场监管所'))).toBe(true);
    }
  });

  it('exports CSV with a BOM and the Chinese column titles (rule: CSV export)', async () => {
    for (const annex of ['3', '4'] as const) {
      const response = await api.call({
        method: 'GET',
        url: `/campaigns/${campaignId}/reports/${period}/export.csv?annex=${annex}`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
      const lines = response.rawPayload.subarray(3).toString('utf8').trimEnd().split('\r\n');
      const header = lines[0]!.split(',');
      expect(header.slice(0, 3)).toEqual(['填报单位类型', '单位编码', '填报单位']);
      const fields = FIELD_CATALOGUE.filter((f) => f.annex === `annex${annex}`);
      expect(header.slice(5)).toEqual(fields.map((f) => f.labelZh));
      if (annex === '3') expect(header).toContain('企业数量（家）／总数');
      else expect(header).toContain('执法激励约束／罚款／金额（万元）');
      expect(lines).toHaveLength(1 + 4 + 2 + 1);
      const total = lines[lines.length - 1]!.split(',');
      expect(total.slice(0, 3)).toEqual(['全县', '', '合计']);
      const county = sumMonthlyTables(tablesOf('C01', 'C02', 'T01', 'T02'));
      expect(total.slice(5).map(Number)).toEqual(fields.map((f) => getCell(county, f.path)));
    }
    const bad = await api.call({ method: 'GET', url: `/campaigns/${campaignId}/reports/${period}/export.csv?annex=5` });
    expect(bad.statusCode).toBe(400);
  });

  it('lists on-time, late and missing offices (rule: status list)', async () => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${campaignId}/reports/${period}/status-list`,
      token: viewerToken,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      counts: { onTime: number; late: number; missing: number };
      entries: { code: string; status: string; overdue: boolean; dueDate: string }[];
    }>();
    // Submitted long after 2024-07-02: late; T03 never.
    expect(body.counts).toEqual({ onTime: 0, lateWithExtension: 0, late: 4, missing: 1 });
    expect(body.entries.find((e) => e.code === 'T03')).toMatchObject({ status: 'missing', overdue: true });
    expect(body.entries[0]!.dueDate).toBe('2024-07-02');

    const csv = await api.call({ method: 'GET', url: `/campaigns/${campaignId}/reports/${period}/status-list.csv` });
    expect(csv.statusCode).toBe(200);
    const text = csv.rawPayload.toString('utf8');
    expect(text.startsWith('\uFEFF单位编码,填报单位')).toBe(true);
    expect(text).toContain('T03,蓬莱市场监管所,乡镇,未报送');
  });

  it('answers 404 for a month outside the campaign (rule: period)', async () => {
    const response = await api.call({ method: 'GET', url: `/campaigns/${campaignId}/reports/2024-01/totals` });
    expect(response.statusCode).toBe(404);
    expect(response.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('period');
  });
});
