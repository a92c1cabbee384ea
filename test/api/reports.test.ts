import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMonthlyTables, type MonthlyTables } from '../../domain/reports/index.js';

import { createToken } from '../../app/access/tokens.js';
import { multipartBody, buildTestApp, type BuiltTestApp } from '../support/app.js';
import { type TestDatabase } from '../support/databases.js';

type Problem = { status: number; errors: { path: string; message: string }[] };

/** Valid tables: 10 enterprises (5 + 3 + 2), a few cumulative figures, a fine. */
function tables(edit: (t: MonthlyTables) => void = () => {}): MonthlyTables {
  const t = emptyMonthlyTables();
  t.annex3.enterprises = { total: 10, aboveSize: 5, medium: 3, smallMicro: 2 };
  t.annex3.standardization.national.level1 = 4;
  t.annex3.modelTowns.city = 1;
  t.annex4.enforcement.inspectedEnterprises = 7;
  t.annex4.enforcement.hazardsFound = 5;
  t.annex4.enforcement.hazardsRectified = 4;
  t.annex4.enforcement.fines = { enterprises: 1, amount: 0.35 };
  edit(t);
  return t;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);

interface Form {
  tables?: unknown;
  correctionReason?: string;
  file?: { name: string; content: Buffer; type?: string } | null;
}

/** A multipart/form-data body built with the platform's FormData, as a browser would send it. */
async function multipart(form: Form): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const fd = new FormData();
  if (form.tables !== undefined) {
    fd.append('tables', typeof form.tables === 'string' ? form.tables : JSON.stringify(form.tables));
  }
  if (form.correctionReason !== undefined) fd.append('correctionReason', form.correctionReason);
  const file = form.file === undefined ? { name: '三月工作总结.pdf', content: PDF } : form.file;
  if (file) fd.append('summary', new Blob([file.content], { type: file.type ?? 'application/pdf' }), file.name);
  return multipartBody(fd);
}

describe('monthly reports', () => {
  let db: TestDatabase;
  let api: BuiltTestApp;
  let campaignId: string;
  let futureCampaignId: string;
  const office: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const token: Record<'A' | 'B' | 'viewer', string> = { A: '', B: '', viewer: '' };

  const rows = (where: { officeId?: string; period?: string } = {}) =>
    db.prisma.monthlyReport.count({ where: { campaignId, ...where } });

  async function submit(
    officeId: string,
    period: string,
    form: Form,
    options: { token?: string; campaign?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const body = await multipart(form);
    return api.call({
      method: 'POST',
      url: `/campaigns/${options.campaign ?? campaignId}/offices/${officeId}/reports/${period}`,
      ...body,
      ...(options.token ? { token: options.token } : {}),
    });
  }

  const problemPaths = (response: LightMyRequestResponse) => response.json<Problem>().errors.map((e) => e.path);

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'time-skipping' });
    db = api.db;
    for (const [key, code, unitType] of [
      ['A', 'T01', 'township'],
      ['B', 'T02', 'township'],
      ['C', 'C01', 'county-unit'],
    ] as const) {
      const response = await api.call({
        method: 'POST',
        url: '/offices',
        payload: {
          code,
          name: `${code} 市场监管所`,
          unitType,
          contactName: 'contact',
          contactEmail: `${code.toLowerCase()}@office.test`,
          headName: 'head',
          headEmail: `${code.toLowerCase()}.head@office.test`,
        },
      });
      expect(response.statusCode).toBe(201);
      office[key] = response.json<{ id: string }>().id;
    }
    token.A = (await createToken(db.prisma, { name: 'staff A', role: 'office-staff', officeId: office.A })).token;
    token.B = (await createToken(db.prisma, { name: 'staff B', role: 'office-staff', officeId: office.B })).token;
    token.viewer = (await createToken(db.prisma, { name: 'viewer', role: 'viewer' })).token;
    const create = async (year: number) => {
      const response = await api.call({
        method: 'POST',
        url: '/campaigns',
        payload: { name: `${year}年固本强基`, year, bureauEmail: 'bureau@county.test' },
      });
      expect(response.statusCode).toBe(201);
      return response.json<{ id: string }>().id;
    };
    campaignId = await create(2024);
    futureCampaignId = await create(2099);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('office A can submit its report and read it back, with the file (rule: staff write their own office)', async () => {
    const response = await submit(office.A, '2024-03', { tables: tables() }, { token: token.A });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ id: string; version: number; sha256: string; late: boolean; submittedAt: string }>();
    expect(body.version).toBe(1);
    expect(body.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    // The March 2024 report was due at the end of 2024-04-02: submitting it now is late.
    expect(body.late).toBe(true);
    expect(Date.parse(body.submittedAt)).toBeGreaterThan(Date.now() - 60_000);

    const read = await api.call({
      method: 'GET',
      url: `/campaigns/${campaignId}/offices/${office.A}/reports/2024-03`,
      token: token.A,
    });
    expect(read.statusCode).toBe(200);
    const view = read.json<{
      latest: { version: number; tables: MonthlyTables; submittedBy: string; summary: { mimeType: string } };
      versions: { version: number }[];
    }>();
    expect(view.latest.tables).toEqual(tables());
    expect(view.latest.submittedBy).toBe('staff A');
    expect(view.latest.summary.mimeType).toBe('application/pdf');
    expect(view.versions.map((v) => v.version)).toEqual([1]);

    const file = await api.call({
      method: 'GET',
      url: `/campaigns/${campaignId}/offices/${office.A}/reports/2024-03/versions/1/summary`,
      token: token.A,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(String(file.headers['content-disposition'])).toContain(encodeURIComponent('三月工作总结.pdf'));
  });

  it('submitting closes the obligation so the reminders stop (rule: ObligationState done)', async () => {
    const state = await db.prisma.obligationState.findUnique({
      where: {
        campaignId_officeId_obligationKey: { campaignId, officeId: office.A, obligationKey: 'monthly-report:2024-03' },
      },
    });
    expect(state?.status).toBe('done');
    expect(state?.doneAt).toBeInstanceOf(Date);
  });

  it("office A can neither read nor write office B's report (rule: 403 for other offices)", async () => {
    const before = await rows();
    const write = await submit(office.B, '2024-03', { tables: tables() }, { token: token.A });
    expect(write.statusCode).toBe(403);
    expect(write.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await rows()).toBe(before);

    expect((await submit(office.B, '2024-05', { tables: tables() }, { token: token.B })).statusCode).toBe(201);
    for (const url of [
      `/campaigns/${campaignId}/offices/${office.B}/reports/2024-05`,
      `/campaigns/${campaignId}/offices/${office.B}/reports/2024-05/versions/1`,
      `/campaigns/${campaignId}/offices/${office.B}/reports/2024-05/versions/1/summary`,
    ]) {
      expect((await api.call({ method: 'GET', url, token: token.A })).statusCode).toBe(403);
    }
  });

  it('a viewer cannot submit (rule: viewers are read-only)', async () => {
    const before = await rows();
    const response = await submit(office.C, '2024-03', { tables: tables() }, { token: token.viewer });
    expect(response.statusCode).toBe(403);
    expect(await rows()).toBe(before);
  });

  it('names every bad field at once: blank cell, wrong total, 5-decimal fine, falling cumulative (rule: all errors, nothing stored)', async () => {
    const before = await rows();
    const bad = tables() as unknown as {
      annex3: {
        modelTowns: { county: unknown };
        enterprises: { total: number };
        standardization: { national: { level1: number } };
      };
      annex4: { enforcement: { fines: { amount: number } } };
    };
    bad.annex3.modelTowns.county = '';
    bad.annex3.enterprises.total = 11;
    bad.annex4.enforcement.fines.amount = 1.23456;
    bad.annex3.standardization.national.level1 = 3; // March said 4; cumulative since 2021-08
    const response = await submit(office.A, '2024-04', { tables: bad }, { token: token.A });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problemPaths(response)).toEqual(
      expect.arrayContaining([
        'annex3.modelTowns.county',
        'annex3.enterprises.total',
        'annex4.enforcement.fines.amount',
        'annex3.standardization.national.level1',
      ]),
    );
    expect(problemPaths(response)).toHaveLength(4);
    expect(await rows()).toBe(before);
    const state = await db.prisma.obligationState.findUnique({
      where: {
        campaignId_officeId_obligationKey: { campaignId, officeId: office.A, obligationKey: 'monthly-report:2024-04' },
      },
    });
    expect(state).toBeNull();
  });

  it('unknown and missing annex fields are named too (rule: every field path)', async () => {
    const t = tables() as unknown as { annex3: Record<string, unknown> };
    t.annex3.surprise = 1;
    delete (t.annex3.enterprises as Record<string, unknown>).medium;
    const response = await submit(office.A, '2024-04', { tables: t }, { token: token.A });
    expect(response.statusCode).toBe(422);
    expect(problemPaths(response)).toEqual(expect.arrayContaining(['annex3.surprise', 'annex3.enterprises.medium']));
  });

  it('rejects a .txt renamed .pdf, judged by content (rule: PDF/JPEG/PNG magic bytes), storing nothing', async () => {
    const before = await rows();
    const response = await submit(
      office.A,
      '2024-04',
      {
        tables: tables(),
        file: { name: 'summary.pdf', content: Buffer.from('just some text\n'), type: 'application/pdf' },
      },
      { token: token.A },
    );
    expect(response.statusCode).toBe(422);
    expect(problemPaths(response)).toEqual(['summary']);
    expect(await rows()).toBe(before);
  });

  it('rejects an empty file (rule: empty summary rejected), storing nothing', async () => {
    const before = await rows();
    const response = await submit(
      office.A,
      '2024-04',
      { tables: tables(), file: { name: 'summary.pdf', content: Buffer.alloc(0) } },
      { token: token.A },
    );
    expect(response.statusCode).toBe(422);
    expect(problemPaths(response)).toEqual(['summary']);
    expect(await rows()).toBe(before);
  });

  it('rejects a file over 10 MB (rule: size limit), storing nothing', async () => {
    const before = await rows();
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const response = await submit(
      office.A,
      '2024-04',
      { tables: tables(), file: { name: 'big.pdf', content: big } },
      { token: token.A },
    );
    expect(response.statusCode).toBe(413);
    expect(problemPaths(response)).toEqual(['summary']);
    expect(await rows()).toBe(before);
  });

  it('holds the cumulative rule backwards: an earlier month sent late may not exceed a later one (rule: cumulative)', async () => {
    const later = await submit(office.C, '2024-08', { tables: tables() });
    expect(later.statusCode, later.body).toBe(201);
    const higher = tables((t) => (t.annex3.standardization.national.level1 = 6)); // August said 4
    const refusedEarlier = await submit(office.C, '2024-07', { tables: higher });
    expect(refusedEarlier.statusCode).toBe(422);
    expect(problemPaths(refusedEarlier)).toEqual(['annex3.standardization.national.level1']);
    expect(await rows({ officeId: office.C, period: '2024-07' })).toBe(0);
    const corrected = await submit(office.C, '2024-07', { tables: higher, correctionReason: '8月数据有误，另行更正' });
    expect(corrected.statusCode, corrected.body).toBe(201);
  });

  it('counts a report submitted after asOf as missing at asOf (rule: historical asOf)', async () => {
    const ratesAt = async (asOf?: string) => {
      const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
      const response = await api.call({ method: 'GET', url: `/campaigns/${campaignId}/reporting-rates${query}` });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<{ periods: { period: string; counts: Record<string, number> }[] }>();
      return body.periods.find((p) => p.period === '2024-03')!.counts;
    };
    const now = await ratesAt();
    expect(now.missing ?? 0).toBeLessThan(3);
    // Every report of this suite was submitted today, long after April 2024.
    expect((await ratesAt('2024-04-05T12:00:00+08:00')).missing).toBe(3);
  });

  it('refuses tables over 256 KB with 413 naming the limit (rule: size limit), storing nothing', async () => {
    const before = await rows();
    const padded = JSON.stringify(tables()).replace(/}$/, `,${' '.repeat(300 * 1024)}}`);
    const response = await submit(office.A, '2024-04', { tables: padded }, { token: token.A });
    expect(response.statusCode).toBe(413);
    expect(problemPaths(response)).toEqual(['tables']);
    expect(response.json<{ detail: string }>().detail).toMatch(/256 KB/);
    expect(await rows()).toBe(before);
  });

  it('refuses a cell sent as text, naming it (rule: cells are JSON numbers), storing nothing', async () => {
    const before = await rows();
    const text = JSON.stringify(tables()).replace(/("closedDown":)[0-9]+/, '$1"3"');
    expect(text).toContain('"closedDown":"3"');
    const response = await submit(office.A, '2024-04', { tables: text }, { token: token.A });
    expect(response.statusCode).toBe(422);
    expect(problemPaths(response)).toEqual(['annex4.enforcement.closedDown']);
    expect(await rows()).toBe(before);
  });

  it('rejects malformed JSON and a missing file as a malformed body (rule: 400), storing nothing', async () => {
    const before = await rows();
    const response = await submit(office.A, '2024-04', { tables: '{"annex3": ', file: null }, { token: token.A });
    expect(response.statusCode).toBe(400);
    expect(problemPaths(response).sort()).toEqual(['summary', 'tables']);
    const json = await api.call({
      method: 'POST',
      url: `/campaigns/${campaignId}/offices/${office.A}/reports/2024-04`,
      payload: { tables: tables() },
      token: token.A,
    });
    expect(json.statusCode).toBe(415);
    expect(await rows()).toBe(before);
  });

  it('accepts only the reporting months of the campaign or year-end (rule: period)', async () => {
    const outside = await submit(office.A, '2024-01', { tables: tables() }, { token: token.A });
    expect(outside.statusCode).toBe(404);
    const nonsense = await submit(office.A, '2024-13', { tables: tables() }, { token: token.A });
    expect(nonsense.statusCode).toBe(400);
    const yearEnd = await submit(office.C, 'year-end', { tables: tables(), file: { name: 'seal.png', content: PNG } });
    expect(yearEnd.statusCode).toBe(201);
    const state = await db.prisma.obligationState.findUnique({
      where: {
        campaignId_officeId_obligationKey: { campaignId, officeId: office.C, obligationKey: 'year-end-summary:2024' },
      },
    });
    expect(state?.status).toBe('done');
    const file = await api.call({
      method: 'GET',
      url: `/campaigns/${campaignId}/offices/${office.C}/reports/year-end/versions/1/summary`,
    });
    expect(file.headers['content-type']).toBe('image/png');
  });

  it('refuses a correction without a reason; with one it adds version 2 and keeps version 1 (rule: corrections)', async () => {
    const before = await rows({ officeId: office.A, period: '2024-03' });
    const corrected = tables((t) => {
      t.annex3.standardization.national.level1 = 2; // lowered: allowed with a reason
    });
    const refused = await submit(office.A, '2024-03', { tables: corrected }, { token: token.A });
    expect(refused.statusCode).toBe(422);
    expect(problemPaths(refused)).toEqual(['correctionReason']);
    expect(await rows({ officeId: office.A, period: '2024-03' })).toBe(before);

    const accepted = await submit(
      office.A,
      '2024-03',
      { tables: corrected, correctionReason: '国标一级企业重复统计，更正为2家' },
      { token: token.A },
    );
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json<{ version: number }>().version).toBe(2);

    const read = await api.call({ method: 'GET', url: `/campaigns/${campaignId}/offices/${office.A}/reports/2024-03` });
    const view = read.json<{
      latest: { version: number; tables: MonthlyTables; correctionReason: string };
      versions: { version: number }[];
    }>();
    expect(view.latest.version).toBe(2);
    expect(view.latest.correctionReason).toBe('国标一级企业重复统计，更正为2家');
    expect(view.latest.tables.annex3.standardization.national.level1).toBe(2);
    expect(view.versions.map((v) => v.version)).toEqual([1, 2]);
    const v1 = await api.call({
      method: 'GET',
      url: `/campaigns/${campaignId}/offices/${office.A}/reports/2024-03/versions/1`,
    });
    expect(v1.json<{ tables: MonthlyTables }>().tables.annex3.standardization.national.level1).toBe(4);

    // The next month is compared with the latest version of March (2), not the first (4).
    const april = await submit(
      office.A,
      '2024-04',
      { tables: tables((t) => (t.annex3.standardization.national.level1 = 2)) },
      { token: token.A },
    );
    expect(april.statusCode).toBe(201);
  });

  it('stores exactly one of two concurrent identical first submissions (rule: unique version, loser 409)', async () => {
    const [first, second] = await Promise.all([
      submit(office.B, '2024-03', { tables: tables() }, { token: token.B }),
      submit(office.B, '2024-03', { tables: tables() }, { token: token.B }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([201, 409]);
    expect(await rows({ officeId: office.B, period: '2024-03' })).toBe(1);
  });

  it('marks a report before its due day as not late (rule: late = after the due instant)', async () => {
    const response = await submit(
      office.A,
      '2099-03',
      { tables: tables() },
      { token: token.A, campaign: futureCampaignId },
    );
    expect(response.statusCode).toBe(201);
    expect(response.json<{ late: boolean }>().late).toBe(false);
  });

  it('documents every report route in OpenAPI, the upload as multipart/form-data', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; responses: object }>>;
    }>();
    const post = doc.paths['/campaigns/{id}/offices/{officeId}/reports/{period}']?.post;
    expect(post?.requestBody?.content).toHaveProperty('multipart/form-data');
    expect(Object.keys(post!.responses)).toEqual(expect.arrayContaining(['201', '400', '403', '409', '413', '422']));
    for (const path of [
      '/campaigns/{id}/offices/{officeId}/reports/{period}/versions/{version}/summary',
      '/campaigns/{id}/reports/{period}/totals',
      '/campaigns/{id}/reports/{period}/status-list',
      '/campaigns/{id}/reports/{period}/export.xlsx',
      '/campaigns/{id}/reports/{period}/export.csv',
    ]) {
      expect(doc.paths[path]?.get, path).toBeDefined();
    }
  });
});
