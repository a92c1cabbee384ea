import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import {
  buildTables,
  FIELD_CATALOGUE,
  formCellOf,
  type FieldPath,
  type MonthlyTables,
} from '../../domain/reports/index.js';
import { RECORD_FIELDS } from '../../domain/reports/record-figures.js';
import { buildTestApp, multipartBody, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

/**
 * Annex 4 computed from the records (issue #17): the figures an office's inspections, hazards, enforcement actions
 * and risk assessments determine, and a submission beside them (a differing figure needs a reason; both are kept).
 */

type Problem = { status: number; errors: { path: string; cell?: string; message: string }[] };
interface Figure {
  path: string;
  value: number;
  labelZh: string;
  labelEn: string;
}
interface Deviation {
  path: string;
  computed: number;
  reported: number;
  reason: string;
}
interface Version {
  version: number;
  tables: MonthlyTables;
  computed?: Record<string, number>;
  deviations?: Deviation[];
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const E = 'annex4.enforcement';
const P = 'annex4.oneEnterpriseOnePolicy';

/** What office A's records (below) add up to for June 2024; every other determined cell is 0. */
const JUNE: Partial<Record<FieldPath, number>> = {
  [`${E}.inspectedEnterprises`]: 3,
  [`${E}.hazardsFound`]: 3,
  [`${E}.hazardsRectified`]: 2,
  [`${E}.majorHazards.enterprises`]: 2,
  [`${E}.majorHazards.hazards`]: 2,
  [`${E}.majorHazards.rectified`]: 1,
  [`${E}.fines.enterprises`]: 2,
  [`${E}.fines.amount`]: 1.5,
  [`${E}.referredToJudiciary`]: 2,
  [`${E}.warningTalks`]: 1,
  [`${E}.incentivisedUnits`]: 1,
  [`${P}.threeLists.selfFoundHazards`]: 2,
  [`${P}.threeLists.rectifiedHazards`]: 1,
  [`${P}.fourColourRisk.enterprises`]: 4,
  [`${P}.fourColourRisk.red`]: 1,
  [`${P}.fourColourRisk.orange`]: 2,
  [`${P}.fourColourRisk.blue`]: 1,
};
/** And for the year-end summary (to December): July's records join, A3's July re-assessment holds. */
const YEAR_END: Partial<Record<FieldPath, number>> = {
  ...JUNE,
  [`${E}.inspectedEnterprises`]: 4,
  [`${E}.hazardsFound`]: 4,
  [`${E}.closedDown`]: 1,
  [`${P}.fourColourRisk.red`]: 0,
  [`${P}.fourColourRisk.yellow`]: 1,
};

const allOf = (figures: Partial<Record<FieldPath, number>>) =>
  Object.fromEntries(RECORD_FIELDS.map((path) => [path, figures[path] ?? 0]));

/** Tables reporting exactly the records' figures, 0 elsewhere. */
const tablesAt = (figures: Partial<Record<FieldPath, number>>, edit: (t: MonthlyTables) => void = () => {}) => {
  const t = buildTables((f) => figures[f.path] ?? 0);
  edit(t);
  return t;
};

describe('annex 4 computed from the records', () => {
  let api: BuiltTestApp;
  let seed: Seed;
  /** The campaign keeping supervision records (template.supervision); seed.campaignId keeps none. */
  let supervised: string;
  const staff: Record<'A' | 'B', string> = { A: '', B: '' };
  let viewer = '';

  const office = (code: 'A' | 'B') => seed.offices[code]!.id;
  const enterprise = (code: string) => seed.enterprises[code]!.id;
  const reportRows = (campaignId: string) => api.db.prisma.monthlyReport.count({ where: { campaignId } });

  const computed = (campaignId: string, officeId: string, period: string, token?: string) =>
    api.call({
      method: 'GET',
      url: `/campaigns/${campaignId}/offices/${officeId}/reports/${period}/computed`,
      ...(token ? { token } : {}),
    });

  async function submit(
    campaignId: string,
    code: 'A' | 'B',
    period: string,
    parts: { tables?: MonthlyTables; workbook?: Buffer; figureReasons?: unknown; correctionReason?: string },
  ): Promise<LightMyRequestResponse> {
    const fd = new FormData();
    if (parts.tables) fd.append('tables', JSON.stringify(parts.tables));
    if (parts.workbook) fd.append('workbook', new Blob([parts.workbook], { type: XLSX }), '月报表.xlsx');
    if (parts.figureReasons !== undefined) fd.append('figureReasons', JSON.stringify(parts.figureReasons));
    if (parts.correctionReason) fd.append('correctionReason', parts.correctionReason);
    fd.append('summary', new Blob([PDF], { type: 'application/pdf' }), '工作总结.pdf');
    return api.call({
      method: 'POST',
      url: `/campaigns/${campaignId}/offices/${office(code)}/reports/${period}`,
      token: staff[code],
      ...(await multipartBody(fd)),
    });
  }

  const version = async (campaignId: string, code: 'A' | 'B', period: string, n: number) => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${campaignId}/offices/${office(code)}/reports/${period}/versions/${n}`,
      token: staff[code],
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Version>();
  };

  /** Office A's records in June's terms; `campaignId` gets them all, B and the other campaign get one each. */
  async function recordFor(campaignId: string): Promise<void> {
    const db = api.db.prisma;
    const at = { campaignId, officeId: office('A'), recordedBy: 'test' };
    const inspect = (code: string, inspectedOn: string) =>
      db.inspection.create({
        data: { ...at, enterpriseId: enterprise(code), inspectedOn, inspectors: ['甲', '乙'], result: 'compliant' },
      });
    await inspect('A1', '2024-02-01');
    await inspect('A2', '2024-05-05');
    await inspect('A3', '2024-06-30');
    await inspect('A4', '2024-07-01'); // after June
    const hazard = (
      code: string,
      data: { source: string; foundOn: string; major?: boolean; rectifiedOn?: string; verifiedOn?: string },
    ) =>
      db.hazard.create({
        data: { ...at, enterpriseId: enterprise(code), description: '隐患', rectifyBy: '2024-12-31', ...data },
      });
    await hazard('A1', { source: 'inspection', foundOn: '2024-05-05', rectifiedOn: '2024-05-20' });
    await hazard('A2', { source: 'inspection', foundOn: '2024-06-10' });
    await hazard('A2', {
      source: 'inspection',
      foundOn: '2024-06-11',
      major: true,
      rectifiedOn: '2024-06-20',
      verifiedOn: '2024-06-25',
    });
    await hazard('A3', { source: 'self-report', foundOn: '2024-03-01', major: true, rectifiedOn: '2024-04-01' });
    await hazard('A4', { source: 'self-report', foundOn: '2024-06-15' });
    await hazard('A4', { source: 'inspection', foundOn: '2024-07-02' }); // after June
    const act = (code: string, kind: string, takenOn: string, more: { fineYuan?: number; persons?: number } = {}) =>
      db.enforcementAction.create({ data: { ...at, enterpriseId: enterprise(code), kind, takenOn, ...more } });
    await act('A1', 'fine', '2024-03-10', { fineYuan: 10_000 });
    await act('A2', 'fine', '2024-06-01', { fineYuan: 5_000 });
    await act('A3', 'judicial-referral', '2024-04-01', { persons: 2 });
    await act('A1', 'warning-talk', '2024-05-01');
    await act('A4', 'incentive', '2024-06-02');
    await act('A4', 'closure', '2024-07-01'); // after June
  }

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    seed = await seedCampaign(api.db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN' },
      enterprises: { A1: 'A', A2: 'A', A3: 'A', A4: 'A', B1: 'B' },
    });
    const created = await api.call({
      method: 'POST',
      url: '/campaigns',
      payload: {
        name: '2024年固本强基（监管记录）',
        year: 2024,
        bureauEmail: 'bureau@county.test',
        template: { supervision: {} },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    supervised = created.json<{ id: string }>().id;
    staff.A = (
      await createToken(api.db.prisma, { name: 'A staff', role: 'office-staff', officeId: office('A') })
    ).token;
    staff.B = (
      await createToken(api.db.prisma, { name: 'B staff', role: 'office-staff', officeId: office('B') })
    ).token;
    viewer = (await createToken(api.db.prisma, { name: 'viewer', role: 'viewer' })).token;

    const db = api.db.prisma;
    // The register: A1 red, A2 orange, A3 yellow, A4 blue; B1 blue.
    for (const [code, riskColour] of [
      ['A1', 'red'],
      ['A2', 'orange'],
      ['A3', 'yellow'],
      ['A4', 'blue'],
    ] as const) {
      await db.enterprise.update({ where: { id: enterprise(code) }, data: { riskColour } });
    }
    const assess = (code: string, assessedOn: string, previousColour: string, colour: string) =>
      db.riskAssessment.create({
        data: {
          enterpriseId: enterprise(code),
          officeId: office('A'),
          colour,
          previousColour,
          standardization: 'in-progress',
          previousStandardization: 'in-progress',
          assessedOn,
          recordedBy: 'test',
        },
      });
    await assess('A1', '2024-05-20', 'red', 'orange'); // orange from May 20
    await assess('A3', '2024-07-10', 'red', 'yellow'); // red until July 10
    await recordFor(supervised);
    // Records that are not office A's in this campaign: B's inspection, and A's in the campaign without supervision.
    await db.inspection.create({
      data: {
        campaignId: supervised,
        officeId: office('B'),
        enterpriseId: enterprise('B1'),
        inspectedOn: '2024-06-03',
        inspectors: ['丙'],
        result: 'compliant',
        recordedBy: 'test',
      },
    });
    await recordFor(seed.campaignId);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('Annex 4 for a month equals the recorded inspections, hazards and actions', async () => {
    const response = await computed(supervised, office('A'), '2024-06', staff.A);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ period: string; month: string; figures: Figure[] }>();
    expect(body.period).toBe('2024-06');
    expect(body.month).toBe('2024-06');
    expect(body.figures.map((f) => f.path)).toEqual(RECORD_FIELDS);
    expect(Object.fromEntries(body.figures.map((f) => [f.path, f.value]))).toEqual(allOf(JUNE));
    const fines = body.figures.find((f) => f.path === `${E}.fines.amount`)!;
    expect(fines.labelZh).toBe('执法激励约束／罚款／金额（万元）');
    expect(fines.labelEn).toContain('Fines');

    // The year-end summary runs to December of the campaign year.
    const yearEnd = await computed(supervised, office('A'), 'year-end', viewer);
    expect(yearEnd.statusCode, yearEnd.body).toBe(200);
    const end = yearEnd.json<{ month: string; figures: Figure[] }>();
    expect(end.month).toBe('2024-12');
    expect(Object.fromEntries(end.figures.map((f) => [f.path, f.value]))).toEqual(allOf(YEAR_END));

    // Office B's own records only.
    const b = await computed(supervised, office('B'), '2024-06');
    const bFigures = Object.fromEntries(b.json<{ figures: Figure[] }>().figures.map((f) => [f.path, f.value]));
    expect(bFigures[`${E}.inspectedEnterprises`]).toBe(1);
    expect(bFigures[`${P}.fourColourRisk.blue`]).toBe(1);
  });

  it('its 404s: unknown campaign, period or office, and another office for office staff', async () => {
    const nobody = '00000000-0000-4000-8000-000000000000';
    expect((await computed(nobody, office('A'), '2024-06')).statusCode).toBe(404);
    expect((await computed(supervised, nobody, '2024-06')).statusCode).toBe(404);
    expect((await computed(supervised, office('A'), '2024-01')).statusCode).toBe(404); // before the reporting months
    expect((await computed(supervised, office('A'), '2024-13')).statusCode).toBe(400);
    const other = await computed(supervised, office('A'), '2024-06', staff.B);
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toContain('application/problem+json');
  });

  it('a submission that changes a figure without a reason is 422 naming the cell, and nothing is stored', async () => {
    const before = await reportRows(supervised);
    const changed = tablesAt(JUNE, (t) => {
      t.annex4.enforcement.fines.amount = 2;
      t.annex4.enforcement.inspectedEnterprises = 5;
    });
    const response = await submit(supervised, 'A', '2024-06', { tables: changed });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json<Problem>();
    expect(problem.errors.map((e) => e.path)).toEqual([`${E}.inspectedEnterprises`, `${E}.fines.amount`]);
    expect(problem.errors[1]!.message).toContain('differs from the records (computed 1.5)');
    expect(problem.errors[1]!.message).toContain('figureReasons');

    // One reason is not enough; a reason for a figure that equals the records, or for no cell, is refused too.
    const partly = await submit(supervised, 'A', '2024-06', {
      tables: changed,
      figureReasons: {
        [`${E}.fines.amount`]: '一笔罚款分两次缴纳',
        [`${E}.hazardsFound`]: 'equal to the records',
        'annex4.nothing': 'no such cell',
      },
    });
    expect(partly.statusCode, partly.body).toBe(422);
    expect(
      partly
        .json<Problem>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual([`${E}.inspectedEnterprises`, `figureReasons.${E}.hazardsFound`, 'figureReasons.annex4.nothing'].sort());

    // figureReasons that are not JSON: a malformed body.
    const fd = new FormData();
    fd.append('tables', JSON.stringify(changed));
    fd.append('figureReasons', '{not json');
    fd.append('summary', new Blob([PDF], { type: 'application/pdf' }), '工作总结.pdf');
    const malformed = await api.call({
      method: 'POST',
      url: `/campaigns/${supervised}/offices/${office('A')}/reports/2024-06`,
      token: staff.A,
      ...(await multipartBody(fd)),
    });
    expect(malformed.statusCode, malformed.body).toBe(400);
    expect(malformed.json<Problem>().errors.map((e) => e.path)).toEqual(['figureReasons']);

    expect(await reportRows(supervised)).toBe(before);
  });

  it('with a reason it is stored, and the version keeps the computed and the reported figure with the reason', async () => {
    const reasons = {
      [`${E}.fines.amount`]: '一笔罚款分两次缴纳',
      [`${E}.inspectedEnterprises`]: '两次检查尚未录入系统',
    };
    const changed = tablesAt(JUNE, (t) => {
      t.annex4.enforcement.fines.amount = 2;
      t.annex4.enforcement.inspectedEnterprises = 5;
    });
    const response = await submit(supervised, 'A', '2024-06', { tables: changed, figureReasons: reasons });
    expect(response.statusCode, response.body).toBe(201);
    const answer = response.json<{ version: number; computed: Record<string, number>; deviations: Deviation[] }>();
    expect(answer.version).toBe(1);
    expect(answer.computed).toEqual(allOf(JUNE));
    const expected: Deviation[] = [
      { path: `${E}.inspectedEnterprises`, computed: 3, reported: 5, reason: '两次检查尚未录入系统' },
      { path: `${E}.fines.amount`, computed: 1.5, reported: 2, reason: '一笔罚款分两次缴纳' },
    ];
    expect(answer.deviations).toEqual(expected);

    const stored = await version(supervised, 'A', '2024-06', 1);
    expect(stored.tables).toEqual(changed);
    expect(stored.computed).toEqual(allOf(JUNE));
    expect(stored.deviations).toEqual(expected);
    const report = await api.call({
      method: 'GET',
      url: `/campaigns/${supervised}/offices/${office('A')}/reports/2024-06`,
      token: viewer,
    });
    expect(report.json<{ latest: Version }>().latest.deviations).toEqual(expected);

    // A correction equal to the records needs no figure reason; its version has no deviations.
    const corrected = await submit(supervised, 'A', '2024-06', {
      tables: tablesAt(JUNE),
      correctionReason: '按系统记录更正',
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const second = await version(supervised, 'A', '2024-06', 2);
    expect(second.computed).toEqual(allOf(JUNE));
    expect(second.deviations).toEqual([]);
  });

  it("the office's form is pre-filled from the records, and an uploaded form is judged against them", async () => {
    const download = await api.call({
      method: 'GET',
      url: `/campaigns/${supervised}/offices/${office('B')}/reports/2024-06/workbook.xlsx`,
      token: staff.B,
    });
    expect(download.statusCode, download.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const cellOf = (path: FieldPath) => {
      const at = formCellOf(path)!;
      return workbook.getWorksheet(at.sheetName)!.getCell(at.row, at.col);
    };
    // B: one inspection in June, one blue enterprise in the register; every other record figure is 0.
    for (const path of RECORD_FIELDS) {
      const expected =
        path === `${E}.inspectedEnterprises` ||
        path === `${P}.fourColourRisk.enterprises` ||
        path === `${P}.fourColourRisk.blue`
          ? 1
          : 0;
      expect(cellOf(path).value, path).toBe(expected);
    }
    expect(cellOf('annex3.enterprises.total').value).toBe(1); // the register
    const lines: string[] = [];
    workbook.getWorksheet('月报表二')!.eachRow((row) => lines.push(row.getCell(1).text));
    expect(lines.some((l) => l.includes('已按系统记录') && l.includes('figureReasons'))).toBe(true);

    // Filled (0 in every blank cell) and uploaded as it is: stored with the computed figures, no deviation.
    for (const f of FIELD_CATALOGUE) if (cellOf(f.path).value === null) cellOf(f.path).value = 0;
    const sent = await submit(supervised, 'B', '2024-06', {
      workbook: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json<{ deviations: Deviation[] }>().deviations).toEqual([]);

    // A changed figure in the uploaded form is named by its sheet cell too; with its reason it is stored.
    cellOf(`${E}.inspectedEnterprises`).value = 2;
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const refused = await submit(supervised, 'B', '2024-06', { workbook: bytes, correctionReason: '补录' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json<Problem>().errors).toEqual([
      {
        path: `${E}.inspectedEnterprises`,
        cell: formCellOf(`${E}.inspectedEnterprises`)!.ref,
        message: expect.stringContaining('differs from the records (computed 1)') as string,
      },
    ]);
    const accepted = await submit(supervised, 'B', '2024-06', {
      workbook: bytes,
      correctionReason: '补录',
      figureReasons: { [`${E}.inspectedEnterprises`]: '一次联合检查由县局录入' },
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect((await version(supervised, 'B', '2024-06', 2)).deviations).toEqual([
      { path: `${E}.inspectedEnterprises`, computed: 1, reported: 2, reason: '一次联合检查由县局录入' },
    ]);
  });

  it('a campaign without supervision rules is unaffected: nothing computed, nothing compared, nothing stored beside', async () => {
    const none = await computed(seed.campaignId, office('A'), '2024-06', staff.A);
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json<{ figures: Figure[] }>().figures).toEqual([]);

    // Figures far from the records (which exist for this campaign too) are stored as reported.
    const tables = tablesAt({}, (t) => {
      t.annex4.enforcement.inspectedEnterprises = 7;
    });
    const withReason = await submit(seed.campaignId, 'A', '2024-06', {
      tables,
      figureReasons: { [`${E}.inspectedEnterprises`]: 'no records are kept' },
    });
    expect(withReason.statusCode, withReason.body).toBe(422);
    expect(withReason.json<Problem>().errors.map((e) => e.path)).toEqual([`figureReasons.${E}.inspectedEnterprises`]);

    const response = await submit(seed.campaignId, 'A', '2024-06', { tables });
    expect(response.statusCode, response.body).toBe(201);
    expect(Object.keys(response.json<object>()).sort()).toEqual(
      ['id', 'campaignId', 'officeId', 'period', 'version', 'sha256', 'late', 'submittedAt'].sort(),
    );
    const stored = await version(seed.campaignId, 'A', '2024-06', 1);
    expect(stored.tables).toEqual(tables);
    expect('computed' in stored).toBe(false);
    expect('deviations' in stored).toBe(false);
    const row = await api.db.prisma.monthlyReport.findFirstOrThrow({
      where: { campaignId: seed.campaignId, officeId: office('A'), period: '2024-06' },
    });
    expect(row.computed).toBeNull();
    expect(row.deviations).toBeNull();

    // Its form keeps the register's four-colour counts and the blank enforcement cells.
    const download = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/offices/${office('B')}/reports/2024-06/workbook.xlsx`,
      token: staff.B,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const at = formCellOf(`${E}.inspectedEnterprises`)!;
    expect(workbook.getWorksheet(at.sheetName)!.getCell(at.row, at.col).value).toBeNull();
  });
});
