import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportLayoutView } from '../../api/routes/report-layout.js';
import { createToken } from '../../app/access/tokens.js';
import { ANNEX_LAYOUTS, CONSISTENCY_RULES, FIELD_CATALOGUE } from '../../domain/reports/index.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign } from '../support/campaign.js';

interface Layout {
  annexes: {
    annex: string;
    shortTitleZh: string;
    formFieldsZh: string[];
    rowsPerUnit: number;
    columns: { headingsZh: string[]; cells: { kind: string; path?: string; text?: string; rowSpan?: number }[] }[];
    notesZh: string[];
  }[];
  fields: { path: string; labelZh: string; labelEn: string; unitZh: string; kind: string }[];
  rules: { kind: string; total?: string; parts?: string[] }[];
}

describe('GET /report-layout: the monthly tables as data for the report form page', () => {
  let api: BuiltTestApp;
  const tokens = {} as Record<'staff' | 'viewer', string>;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    const seed = await seedCampaign(api.db.prisma, { offices: { A: 'zh-CN' }, enterprises: {} });
    tokens.staff = (
      await createToken(api.db.prisma, { name: 'A staff', role: 'office-staff', officeId: seed.offices.A!.id })
    ).token;
    tokens.viewer = (await createToken(api.db.prisma, { name: 'viewer', role: 'viewer' })).token;
  });

  afterAll(async () => {
    await api?.close();
  });

  const get = (token?: string) =>
    token === ''
      ? api.app.inject({ method: 'GET', url: '/report-layout' })
      : api.call({ method: 'GET', url: '/report-layout', ...(token ? { token } : {}) });

  it('answers every signed-in user alike, and nobody without a token', async () => {
    const bureau = await get();
    expect(bureau.statusCode).toBe(200);
    for (const token of [tokens.staff, tokens.viewer]) {
      const response = await get(token);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(bureau.body);
    }
    const anonymous = await get('');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('returns exactly the shape its response schema documents', async () => {
    const body = (await get()).json<unknown>();
    expect([...Value.Errors(ReportLayoutView, body)].map((e) => `${e.path} ${e.message}`)).toEqual([]);
    const document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, { get?: { tags?: string[]; responses: Record<string, unknown> } }>;
    }>();
    const operation = document.paths['/report-layout']!.get!;
    expect(operation.tags).toEqual(['reports']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401']));
  });

  it('is the domain catalogue, the printed layout of annex 3 and 4 and the consistency rules, as JSON', async () => {
    const body = (await get()).json<Layout>();
    // Every cell, with its labels, kind and unit, in catalogue order: 38 in annex 3, 30 in annex 4.
    expect(body.fields).toHaveLength(68);
    expect(body.fields).toEqual(FIELD_CATALOGUE.map((f) => ({ ...f })));
    expect(body.fields.find((f) => f.path === 'annex4.enforcement.fines.amount')).toMatchObject({
      labelZh: '执法激励约束／罚款／金额（万元）',
      labelEn: 'Enforcement, incentives and constraints / Fines / Amount',
      kind: 'amount10kYuan',
      unitZh: '万元',
    });
    // The layouts as printed, without the title function; every input cell once, each a catalogue field.
    expect(body.annexes.map((a) => [a.annex, a.shortTitleZh, a.rowsPerUnit])).toEqual([
      ['annex3', '月报表（一）', 3],
      ['annex4', '月报表（二）', 1],
    ]);
    for (const annex of body.annexes) {
      const printed = ANNEX_LAYOUTS[annex.annex as 'annex3' | 'annex4'];
      expect(annex.columns).toEqual(printed.columns);
      expect(annex.notesZh).toEqual(printed.notesZh);
      expect(annex.formFieldsZh).toEqual(printed.formFieldsZh);
    }
    const placed = body.annexes.flatMap((a) => a.columns.flatMap((c) => c.cells.flatMap((c) => c.path ?? [])));
    expect([...placed].sort()).toEqual(FIELD_CATALOGUE.map((f) => f.path).sort());
    const local = body.annexes[0]!.columns.find((c) => c.headingsZh.join('／') === '创建提升数量（家）／一级企业')!;
    expect(local.cells[2]).toEqual({ kind: 'value', path: 'annex3.standardization.local.compliant', colSpan: 3 });
    // The rules the form checks as one types: the totals that are sums of their parts, among the others.
    expect(body.rules).toEqual(CONSISTENCY_RULES.map((r) => ({ ...r })));
    expect(body.rules.filter((r) => r.kind === 'sum').map((r) => r.total)).toEqual([
      'annex3.enterprises.total',
      'annex4.oneEnterpriseOnePolicy.fourColourRisk.enterprises',
    ]);
  });
});
