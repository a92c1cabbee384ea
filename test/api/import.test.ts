import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../app/access/tokens.js';
import { multipartBody, buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';
import { type TestDatabase } from '../support/databases.js';

type Problem = { status: number; title: string; detail: string; errors: { path: string; message: string }[] };

const BOM = '\uFEFF';
const OFFICE_HEADER_ZH = '单位编码,单位名称,单位类型,联系人,联系人邮箱,负责人,负责人邮箱,语言';
const OFFICE_HEADER_EN = 'code,name,unitType,contactName,contactEmail,headName,headEmail,language';
const ENTERPRISE_HEADER_ZH = '所属单位编码,企业编码 (统一社会信用代码),企业名称,企业规模,风险等级';

/** A valid office row for the given code, in the columns of OFFICE_HEADER_ZH / OFFICE_HEADER_EN. */
const officeRow = (code: string, unitType = '乡镇') =>
  `${code},${code}市场监管所,${unitType},联络员${code},${code.toLowerCase()}@office.test,所长${code},${code.toLowerCase()}.head@office.test,中文`;

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');

/** A multipart/form-data body with one `file` part, as a browser would send it. */
async function upload(content: Buffer, name = 'sheet.csv', field = 'file') {
  const fd = new FormData();
  fd.append(field, new Blob([content]), name);
  return multipartBody(fd);
}

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('bulk import of offices and enterprises', () => {
  let db: TestDatabase;
  let api: BuiltTestApp;
  let seed: Seed;
  const token = { A: '', viewer: '' };

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'time-skipping' });
    db = api.db;
    seed = await seedCampaign(db.prisma, { offices: { A: 'zh-CN', B: 'en' }, enterprises: { A1: 'A' } });
    token.A = (
      await createToken(db.prisma, { name: 'A staff', role: 'office-staff', officeId: seed.offices.A!.id })
    ).token;
    token.viewer = (await createToken(db.prisma, { name: 'viewer', role: 'viewer' })).token;
  });

  afterAll(async () => {
    await api?.close();
  });

  async function post(
    what: 'offices' | 'enterprises',
    content: Buffer,
    options: { token?: string; name?: string; field?: string } = {},
  ): Promise<LightMyRequestResponse> {
    return api.call({
      method: 'POST',
      url: `/${what}/import`,
      ...(await upload(content, options.name, options.field)),
      ...(options.token ? { token: options.token } : {}),
    });
  }

  const counts = async () => ({
    offices: await db.prisma.office.count(),
    enterprises: await db.prisma.enterprise.count(),
  });

  it('imports a CSV with Chinese headers and a BOM, mapping 县直单位/乡镇 and 中文/英文', async () => {
    const before = await counts();
    const response = await post(
      'offices',
      csv(
        BOM + OFFICE_HEADER_ZH + ',备注',
        officeRow('ZH01', '县直单位') + ',新设',
        // quoted cells with a comma, a full-width ＠; the 备注 (remarks) column is skipped
        '"ZH02","城厢镇市场监管所（城东,城西）",乡镇,王五,wang＠office.test,赵六,zhao@office.test,英文',
      ),
      { name: '监管所名单.csv' },
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ imported: 2 });
    expect(await counts()).toEqual({ ...before, offices: before.offices + 2 });
    const stored = await db.prisma.office.findMany({
      where: { code: { in: ['ZH01', 'ZH02'] } },
      orderBy: { code: 'asc' },
    });
    expect(stored.map((o) => [o.code, o.name, o.unitType, o.contactEmail, o.language])).toEqual([
      ['ZH01', 'ZH01市场监管所', 'county-unit', 'zh01@office.test', 'zh-CN'],
      ['ZH02', '城厢镇市场监管所（城东,城西）', 'township', 'wang@office.test', 'en'],
    ]);
  });

  it('imports enterprises from a CSV with Chinese headers, naming their offices by code (规上/红 …)', async () => {
    const response = await post(
      'enterprises',
      csv(
        BOM + ENTERPRISE_HEADER_ZH,
        'A,91350524MA2XXXX01A,安溪甲锅炉制造有限公司,规上,红',
        'B,91350524MA2XXXX02B,安溪乙压力容器有限公司,小微,',
      ),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ imported: 2 });
    const stored = await db.prisma.enterprise.findMany({
      where: { code: { startsWith: '91350524MA2XXXX0' } },
      orderBy: { code: 'asc' },
    });
    expect(stored.map((e) => [e.officeId, e.sizeClass, e.riskColour])).toEqual([
      [seed.offices.A!.id, 'above-size', 'red'],
      [seed.offices.B!.id, 'small-micro', 'blue'],
    ]);
  });

  it('imports an XLSX workbook (built with exceljs; hyperlinked e-mail cells, blank rows skipped)', async () => {
    const content = await xlsx([
      OFFICE_HEADER_EN.split(','),
      [
        'XL01',
        '蓬莱镇市场监管所',
        'township',
        '李四',
        { text: 'li@office.test', hyperlink: 'mailto:li@office.test' },
        '张三',
        'zhang@office.test',
      ],
      [],
      ['XL02', '县局直属分局', 'County-Unit', 'Lee', 'lee@office.test', 'Head', 'head@office.test', 'en'],
    ]);
    const response = await post('offices', content, { name: 'offices.xlsx' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ imported: 2 });
    const xl01 = await db.prisma.office.findUnique({ where: { code: 'XL01' } });
    expect(xl01).toMatchObject({ contactEmail: 'li@office.test', headEmail: 'zhang@office.test', language: 'zh-CN' });
  });

  it('a file with 3 bad rows answers 422 with 3 errors naming row and column, and stores nothing', async () => {
    const before = await counts();
    const response = await post(
      'offices',
      csv(
        OFFICE_HEADER_ZH,
        officeRow('BAD01'),
        officeRow('BAD02').replace('bad02@office.test', 'bad02-at-office.test'), // row 3: e-mail
        officeRow('BAD03'),
        officeRow('BAD04', '街道'), // row 5: unit type
        officeRow('BAD05'),
        officeRow('BAD06').replace('BAD06,', 'BAD/06,'), // row 7: a slash in the code
      ),
    );
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = response.json<Problem>();
    expect(problem.errors.map((e) => e.path)).toEqual(['rows[3].contactEmail', 'rows[5].unitType', 'rows[7].code']);
    expect(problem.errors[0]!.message).toMatch(/row 3, column E \(联系人邮箱\).*not an e-mail address/);
    expect(problem.errors[2]!.message).toMatch(/"BAD\/06" is not allowed: letters A-Z, digits/);
    expect(problem.errors[1]!.message).toMatch(/"街道" is not one of 县直单位 \(county-unit\), 乡镇 \(township\)/);
    expect(problem.detail).toMatch(/3 of 6 rows have errors; no office was imported/);
    expect(await counts()).toEqual(before);
    expect(await db.prisma.office.count({ where: { code: { startsWith: 'BAD' } } })).toBe(0);
  });

  it('duplicate codes inside the file, and codes already stored, are errors (no upsert)', async () => {
    const before = await counts();
    const offices = await post('offices', csv(OFFICE_HEADER_EN, officeRow('DUP1'), officeRow('A'), officeRow('DUP1')));
    expect(offices.statusCode).toBe(422);
    expect(offices.json<Problem>().errors).toEqual([
      { path: 'rows[3].code', message: expect.stringMatching(/office with code "A" already exists/) as unknown },
      { path: 'rows[4].code', message: expect.stringMatching(/"DUP1" repeats row 2/) as unknown },
    ]);
    const enterprises = await post(
      'enterprises',
      csv('officeCode,code,name,sizeClass', 'A,E-DUP,甲,medium', 'A,E-DUP,乙,medium', 'B,A1,丙,small-micro'),
    );
    expect(enterprises.statusCode).toBe(422);
    expect(enterprises.json<Problem>().errors.map((e) => e.path)).toEqual(['rows[3].code', 'rows[4].code']);
    expect(await counts()).toEqual(before);
  });

  it('an unknown office code is an error', async () => {
    const before = await counts();
    const response = await post(
      'enterprises',
      csv('officeCode,code,name,sizeClass,riskColour', 'A,E-UNK1,甲,medium,yellow', 'NOPE,E-UNK2,乙,medium,blue'),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json<Problem>().errors).toEqual([
      { path: 'rows[3].officeCode', message: expect.stringMatching(/no office has the code "NOPE"/) as unknown },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('office staff cannot import offices (403); viewers cannot import at all', async () => {
    const file = csv(OFFICE_HEADER_EN, officeRow('STAFF1'));
    const staff = await post('offices', file, { token: token.A });
    expect(staff.statusCode).toBe(403);
    expect(staff.json<Problem>().detail).toMatch(/only the county bureau may do this \(POST \/offices\/import\)/);
    expect((await post('offices', file, { token: token.viewer })).statusCode).toBe(403);
    const enterprises = csv('officeCode,code,name,sizeClass', 'A,E-VIEW,甲,medium');
    expect((await post('enterprises', enterprises, { token: token.viewer })).statusCode).toBe(403);
    expect(await db.prisma.office.count({ where: { code: 'STAFF1' } })).toBe(0);
  });

  it('office staff import enterprises for their own office only', async () => {
    const before = await counts();
    const mixed = await post(
      'enterprises',
      csv('officeCode,code,name,sizeClass', 'A,E-OWN1,甲,medium', 'B,E-OTHER,乙,medium', 'NOPE,E-NONE,丙,medium'),
      { token: token.A },
    );
    expect(mixed.statusCode).toBe(403);
    expect(mixed.json<Problem>().errors.map((e) => e.path)).toEqual(['rows[3].officeCode', 'rows[4].officeCode']);
    expect(await counts()).toEqual(before);
    const own = await post('enterprises', csv('officeCode,code,name,sizeClass', 'A,E-OWN1,甲,medium'), {
      token: token.A,
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(await db.prisma.enterprise.findFirst({ where: { code: 'E-OWN1' } })).toMatchObject({
      officeId: seed.offices.A!.id,
    });
  });

  it('a file that is neither CSV UTF-8 nor XLSX is refused with 415', async () => {
    const before = await counts();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n\0\0trailer <<>>\n%%EOF\n', 'latin1');
    const gbk = Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0xb1, 0xe0, 0xc2, 0xeb, 0x0d, 0x0a]); // 单位编码 in GBK
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (const [content, why] of [
      [pdf, /neither a CSV text file nor an XLSX workbook/],
      [gbk, /not UTF-8.*CSV UTF-8/],
      [xls, /Excel 97-2003/],
      [zip, /no readable XLSX workbook/],
    ] as const) {
      const response = await post('offices', content, { name: 'offices.csv' });
      expect(response.statusCode, why.source).toBe(415);
      expect(response.json<Problem>().detail).toMatch(why);
    }
    const json = await api.call({ method: 'POST', url: '/offices/import', payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(await counts()).toEqual(before);
  });

  it('a file over 5 MB or with more than 10,000 rows is refused with 413', async () => {
    const big = await post('offices', Buffer.alloc(5 * 1024 * 1024 + 1, 'a'));
    expect(big.statusCode).toBe(413);
    expect(big.json<Problem>().detail).toMatch(/larger than 5 MB/);
    const rows = Array.from({ length: 10_001 }, (_, i) => officeRow(`R${i}`));
    const many = await post('offices', csv(OFFICE_HEADER_EN, ...rows));
    expect(many.statusCode).toBe(413);
    expect(many.json<Problem>().detail).toMatch(/10001 data rows; at most 10000/);
  });

  it('a header with a missing, unknown or repeated column is 422 naming it; a missing file part is 400', async () => {
    const response = await post('enterprises', csv('所属单位编码,企业名称,企业名称,电话', 'A,甲,甲,123'));
    expect(response.statusCode).toBe(422);
    const errors = response.json<Problem>().errors;
    expect(errors.map((e) => e.path)).toEqual(['rows[1].name', 'rows[1]', 'rows[1].code', 'rows[1].sizeClass']);
    expect(errors[0]!.message).toMatch(/columns B and C are both name/);
    expect(errors[1]!.message).toMatch(/column D "电话" is not a known column/);
    const noFile = await post('offices', csv(OFFICE_HEADER_EN, officeRow('NF1')), { field: 'sheet' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json<Problem>().errors.map((e) => e.path)).toEqual(['sheet', 'file']);
  });

  it('documents both imports in OpenAPI under organisation, the upload as multipart/form-data', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<
        string,
        Record<string, { tags: string[]; summary: string; requestBody?: { content: object }; responses: object }>
      >;
    }>();
    for (const path of ['/offices/import', '/enterprises/import']) {
      const post = doc.paths[path]?.post;
      expect(post?.tags).toEqual(['organisation']);
      expect(post?.summary).toMatch(/no upsert/);
      expect(post?.requestBody?.content).toHaveProperty('multipart/form-data');
      expect(Object.keys(post!.responses)).toEqual(
        expect.arrayContaining(['201', '400', '403', '409', '413', '415', '422']),
      );
    }
  });
});
