import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

/**
 * The API's contract (issue #15): every input rule is stated in the OpenAPI document and kept by the server, every
 * refusal is problem+json naming what is wrong, and nothing is stored from a refused request.
 */

interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown[];
        responses: Record<string, { content?: Record<string, unknown> }>;
        requestBody?: { content: Record<string, { schema: { required?: string[]; nullable?: boolean } }> };
        parameters?: { name: string; in: string; schema: { maximum?: number } }[];
      }
    >
  >;
}

const office = (code: string, overrides: Record<string, unknown> = {}) => ({
  code,
  name: `${code} office`,
  unitType: 'township',
  contactName: 'contact',
  contactEmail: `${code.toLowerCase()}@office.test`,
  headName: 'head',
  headEmail: `${code.toLowerCase()}.head@office.test`,
  ...overrides,
});

describe('the API contract: inputs, errors and the OpenAPI document agree', () => {
  let api: BuiltTestApp;
  let seed: Seed;
  let document: OpenApi;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    seed = await seedCampaign(api.db.prisma, { offices: { A: 'zh-CN' }, enterprises: { A1: 'A' } });
    document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json<OpenApi>();
  });

  afterAll(async () => {
    await api?.close();
  });

  const officeCount = () => api.db.prisma.office.count();

  async function refused(response: { statusCode: number; headers: Record<string, unknown>; json<T>(): T }) {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.json<Problem>();
  }

  it('refuses text with a control character, naming the field, and stores nothing (rule: plain text)', async () => {
    const before = await officeCount();
    const response = await api.call({ method: 'POST', url: '/offices', payload: office('N1', { name: 'a\u0000b' }) });
    expect(response.statusCode).toBe(400);
    expect((await refused(response)).errors).toEqual([
      { path: 'name', message: 'must not contain control characters or unpaired surrogates' },
    ]);
    expect(await officeCount()).toBe(before);
  });

  it('refuses an unpaired surrogate anywhere in a body, naming where (rule: plain text)', async () => {
    const before = await officeCount();
    const payload = JSON.stringify(office('N2')).replace('"head"', '"he\\ud800ad"');
    const response = await api.call({
      method: 'POST',
      url: '/offices',
      payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect((await refused(response)).errors?.[0]?.path).toBe('headName');
    expect(await officeCount()).toBe(before);
  });

  it('refuses a token name with a control character as a bad field, without database internals (rule: plain text)', async () => {
    const response = await api.call({ method: 'POST', url: '/tokens', payload: { name: 'x\u0007', role: 'viewer' } });
    expect(response.statusCode).toBe(400);
    const problem = await refused(response);
    expect(problem.errors?.[0]?.path).toBe('name');
    expect(problem.detail).not.toMatch(/prisma|invocation|\.ts/i);
  });

  it('refuses integers beyond what the database holds, in paths and query strings (rule: bounded integers)', async () => {
    const version = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/offices/${seed.offices.A!.id}/reports/2024-03/versions/794088935670`,
    });
    expect(version.statusCode).toBe(400);
    expect((await refused(version)).errors?.[0]?.path).toBe('version');
    const offset = await api.call({ method: 'GET', url: '/mail-log?offset=146778012777852911616' });
    expect(offset.statusCode).toBe(400);
    expect((await refused(offset)).errors?.[0]?.path).toBe('offset');
  });

  it('refuses a body nested deeper than any request needs, without exhausting the stack (rule: nesting depth)', async () => {
    let nested = '{}';
    for (let i = 0; i < 5000; i++) nested = `{"a":${nested}}`;
    const response = await api.call({
      method: 'PATCH',
      url: `/campaigns/${seed.campaignId}`,
      payload: `{"template":${nested}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect((await refused(response)).errors?.[0]?.message).toMatch(/nested deeper than 32 levels/);
  });

  it('refuses an overlong id in a path with 400 naming it, not a bare 414 (rule: one error format)', async () => {
    const response = await api.call({ method: 'GET', url: `/campaigns/${'x'.repeat(500)}/status` });
    expect(response.statusCode).toBe(400);
    expect((await refused(response)).errors?.[0]?.path).toBe('id');
  });

  it('refuses a JSON false where text is expected instead of storing "false" (rule: no type coercion in bodies)', async () => {
    const before = await officeCount();
    const response = await api.call({ method: 'POST', url: '/offices', payload: office('N3', { headName: false }) });
    expect(response.statusCode).toBe(400);
    expect((await refused(response)).errors?.[0]?.path).toBe('headName');
    expect(await officeCount()).toBe(before);
  });

  it('refuses a query parameter the route does not know (rule: no unknown parameters)', async () => {
    const response = await api.call({ method: 'GET', url: '/templates/default?year=2024&foo=1' });
    expect(response.statusCode).toBe(400);
    await refused(response);
  });

  it('refuses a date that does not exist (rule: real calendar dates)', async () => {
    const response = await api.call({
      method: 'GET',
      url: `/campaigns/${seed.campaignId}/calendar?from=2024-13-01`,
    });
    expect(response.statusCode).toBe(400);
    expect((await refused(response)).errors?.[0]?.path).toBe('from');
  });

  it("answers the body parser's refusals as problem+json naming the body (rule: one error format)", async () => {
    const badJson = await api.call({
      method: 'POST',
      url: '/offices',
      payload: '{"code": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.statusCode).toBe(400);
    expect((await refused(badJson)).errors?.[0]?.path).toBe('body');
    const media = await api.call({
      method: 'POST',
      url: '/offices',
      payload: '<office/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(media.statusCode).toBe(415);
    expect((await refused(media)).errors?.[0]?.path).toBe('body');
    const unknownRoute = await api.call({ method: 'GET', url: '/no-such-route' });
    expect(unknownRoute.statusCode).toBe(404);
    await refused(unknownRoute);
  });

  it('answers offices and enterprises in the shape their response schema documents (rule: truthful responses)', async () => {
    const offices = await api.call({ method: 'GET', url: '/offices' });
    expect(offices.statusCode).toBe(200);
    expect(Object.keys(offices.json<object[]>()[0]!)).toEqual(expect.arrayContaining(['id', 'unitType', 'language']));
    const schema = document.paths['/offices']!.get!.responses['200']!.content!['application/json'] as {
      schema: { items: { allOf?: unknown; additionalProperties?: unknown } };
    };
    expect(schema.schema.items.allOf).toBeUndefined();
  });

  it('documents every error as application/problem+json, 401/403/429 on signed-in routes, none on public ones', () => {
    const get = document.paths['/offices']!.get!;
    for (const code of ['401', '403', '429']) {
      expect(Object.keys(get.responses[code]?.content ?? {}), code).toEqual(['application/problem+json']);
    }
    const post = document.paths['/offices']!.post!;
    for (const code of ['400', '413', '415']) {
      expect(Object.keys(post.responses[code]?.content ?? {}), code).toEqual(['application/problem+json']);
    }
    const csv = document.paths['/campaigns/{id}/reports/{period}/export.csv']!.get!;
    expect(Object.keys(csv.responses['404']?.content ?? {})).toEqual(['application/problem+json']);
    const health = document.paths['/healthz']!.get!;
    expect(health.security).toEqual([]);
    expect(health.responses['401']).toBeUndefined();
  });

  it('documents a property with a default as optional, and multipart bodies as never null (rule: truthful inputs)', () => {
    const escalation = document.paths['/campaigns/{id}/offices/{officeId}/escalations']!.post!;
    expect(escalation.requestBody!.content['application/json']!.schema.required ?? []).not.toContain('level');
    const upload = document.paths['/offices/import']!.post!;
    expect(upload.requestBody!.content['multipart/form-data']!.schema.nullable).toBeUndefined();
    const version = document.paths['/campaigns/{id}/offices/{officeId}/reports/{period}/versions/{version}']!.get!;
    expect(version.parameters!.find((p) => p.name === 'version')!.schema.maximum).toBe(2_147_483_647);
  });

  it('refuses a make-up working day on a day that works anyway, naming the entry (rule: 调休上班 replaces a rest day)', async () => {
    const response = await api.call({
      method: 'PUT',
      url: '/holidays/2030',
      payload: {
        entries: [
          { date: '2030-02-09', kind: 'workday', name: '春节调休上班' }, // a Saturday: fine
          { date: '2030-02-13', kind: 'workday', name: '照常上班' }, // a Wednesday
        ],
      },
    });
    expect(response.statusCode).toBe(422);
    expect((await refused(response)).errors?.map((e) => e.path)).toEqual(['entries[1].kind']);
    expect(await api.db.prisma.holidayOverride.count({ where: { date: { startsWith: '2030-' } } })).toBe(0);
  });

  it('settles no uncertain mail when none is named, as a broken rule (422), not a malformed request', async () => {
    const response = await api.call({ method: 'POST', url: '/mail-log/uncertain/resolve', payload: {} });
    expect(response.statusCode).toBe(422);
    expect((await refused(response)).errors?.[0]?.path).toBe('delivered');
  });

  it('keeps an office user out of bureau-only writes with 403, as documented', async () => {
    const { token } = await createToken(api.db.prisma, {
      name: 'A staff',
      role: 'office-staff',
      officeId: seed.offices.A!.id,
    });
    const response = await api.call({ method: 'POST', url: '/offices', payload: office('N4'), token });
    expect(response.statusCode).toBe(403);
    expect(document.paths['/offices']!.post!.responses['403']).toBeDefined();
  });
});
