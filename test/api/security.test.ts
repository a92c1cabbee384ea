import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import authPlugin from '../../api/plugins/auth.js';
import errorsPlugin from '../../api/plugins/errors.js';
import { PUBLIC_ROUTES } from '../../api/public-routes.js';
import { createToken } from '../../app/access/tokens.js';
import { isLoopbackHost, loadConfig } from '../../infra/config.js';
import { redactUrl } from '../../infra/logger.js';
import { freePort } from '../../infra/ports.js';
import { serveWorkerMetrics } from '../../runtime/worker-metrics.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';
import { seedCampaign, type Seed } from '../support/campaign.js';

describe('dev-only routes', () => {
  it('exist only with the built-in catcher on a loopback API, and answer only the bureau', async () => {
    const api = await buildTestApp({ temporal: 'stub', mail: 'catcher' });
    try {
      expect((await api.app.inject({ method: 'GET', url: '/dev/mail' })).statusCode).toBe(401);
      const viewer = await createToken(api.db.prisma, { name: 'viewer', role: 'viewer' });
      expect((await api.call({ method: 'GET', url: '/dev/mail', token: viewer.token })).statusCode).toBe(403);
      expect((await api.call({ method: 'GET', url: '/dev/mail' })).statusCode).toBe(200);
      const start = await api.app.inject({
        method: 'POST',
        url: '/dev/sample-mail',
        payload: { to: 'anyone@example.test' },
      });
      expect(start.statusCode).toBe(401);
    } finally {
      await api.close();
    }
  });

  it('do not exist when the API listens on every interface, even for the bureau', async () => {
    const api = await buildTestApp({ temporal: 'stub', mail: 'catcher', env: { HOST: '0.0.0.0' } });
    try {
      expect((await api.call({ method: 'GET', url: '/dev/mail' })).statusCode).toBe(404);
      const start = await api.call({ method: 'POST', url: '/dev/sample-mail', payload: { to: 'a@example.test' } });
      expect(start.statusCode).toBe(404);
      const doc = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json<{ paths: object }>();
      expect(Object.keys(doc.paths)).not.toContain('/dev/mail');
    } finally {
      await api.close();
    }
  });

  it('do not exist when mail goes to a real relay', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://relay.example.test:25' }).devMode).toBe(false);
    expect(loadConfig({}).devMode).toBe(true);
    expect(loadConfig({ HOST: '::' }).devMode).toBe(false);
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.5', '128.0.0.1', 'api.example.test'].some(isLoopbackHost)).toBe(false);
  });
});

describe('routes without authentication', () => {
  let api: BuiltTestApp;
  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub', mail: 'catcher' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('are exactly the ones listed, with their reasons, in api/public-routes.ts', () => {
    const publicRoutes = api.app.accessTable
      .filter((r) => r.access === 'public' && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicRoutes).toEqual(Object.keys(PUBLIC_ROUTES).sort());
  });

  it('stops the app from starting when a new public route is not listed', async () => {
    const app = Fastify();
    app.decorate('deps', { config: loadConfig({}), db: api.db } as never);
    await app.register(errorsPlugin);
    await app.register(authPlugin);
    expect(() => app.get('/new-page', { config: { access: 'public' } }, () => 'hello')).toThrow(
      /GET \/new-page declares access 'public' but is not in api\/public-routes\.ts/,
    );
    await app.close();
  });
});

describe('strict types at the boundary', () => {
  let api: BuiltTestApp;
  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
  });
  afterAll(async () => {
    await api?.close();
  });

  const office = {
    code: 'TYPES',
    name: '类型所',
    unitType: 'township',
    contactName: '联系人',
    contactEmail: 'contact@office.test',
    headName: '所长',
    headEmail: 'head@office.test',
  };

  it('refuses a boolean or a number where a string belongs, naming the field, and stores nothing', async () => {
    const cases: { url: string; payload: Record<string, unknown>; field: string }[] = [
      { url: '/offices', payload: { ...office, name: true }, field: 'name' },
      { url: '/offices', payload: { ...office, code: false }, field: 'code' },
      { url: '/offices', payload: { ...office, contactName: 12 }, field: 'contactName' },
      {
        url: '/campaigns',
        payload: { name: true, year: 2024, bureauEmail: 'bureau@county.test' },
        field: 'name',
      },
      {
        url: '/campaigns',
        payload: { name: '年度', year: '2024', bureauEmail: 'bureau@county.test' },
        field: 'year',
      },
    ];
    for (const { url, payload, field } of cases) {
      const response = await api.call({ method: 'POST', url, payload });
      expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(field);
    }
    const created = await api.call({ method: 'POST', url: '/offices', payload: office });
    expect(created.statusCode, created.body).toBe(201);
    const enterprise = await api.call({
      method: 'POST',
      url: '/enterprises',
      payload: { officeId: created.json<{ id: string }>().id, code: false, name: '企业', sizeClass: 'medium' },
    });
    expect(enterprise.statusCode).toBe(400);
    expect(enterprise.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('code');
    expect(await api.db.prisma.enterprise.count()).toBe(0);
    expect(await api.db.prisma.campaign.count()).toBe(0);
    expect(await api.db.prisma.office.count()).toBe(1);
  });
});

describe("another office's records", () => {
  let api: BuiltTestApp;
  let seed: Seed;
  let staffA: string;
  let foreignEnterpriseId: string;
  let foreignCode: string;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    seed = await seedCampaign(api.db.prisma, {
      offices: { A: 'zh-CN', B: 'zh-CN' },
      enterprises: { B1: 'B', B2: 'B' },
    });
    staffA = (await createToken(api.db.prisma, { name: 'A staff', role: 'office-staff', officeId: seed.offices.A!.id }))
      .token;
    foreignEnterpriseId = seed.enterprises.B1!.id;
    foreignCode = seed.enterprises.B1!.code;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lets office staff register a code another office holds, so that a refusal never reveals it', async () => {
    const fresh = await api.call({
      method: 'POST',
      url: '/enterprises',
      token: staffA,
      payload: { officeId: seed.offices.A!.id, code: 'NEVER-SEEN', name: '新企业', sizeClass: 'medium' },
    });
    expect(fresh.statusCode, fresh.body).toBe(201);
    const held = await api.call({
      method: 'POST',
      url: '/enterprises',
      token: staffA,
      payload: { officeId: seed.offices.A!.id, code: foreignCode, name: '同码企业', sizeClass: 'medium' },
    });
    expect(held.statusCode, held.body).toBe(201);
    // Their own office's code is refused, and the refusal says so.
    const own = await api.call({
      method: 'POST',
      url: '/enterprises',
      token: staffA,
      payload: { officeId: seed.offices.A!.id, code: 'NEVER-SEEN', name: '重复', sizeClass: 'medium' },
    });
    expect(own.statusCode).toBe(409);
    expect(own.json<{ detail: string }>().detail).toBe('an enterprise with this code already exists in your office');
  });

  it('shows the bureau every code two offices registered, and refuses the bureau a code any office holds', async () => {
    const list = await api.call({ method: 'GET', url: '/enterprises/duplicate-codes' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      {
        code: foreignCode,
        enterprises: [
          expect.objectContaining({ officeId: seed.offices.B!.id }),
          expect.objectContaining({ officeId: seed.offices.A!.id, name: '同码企业' }),
        ],
      },
    ]);
    expect((await api.call({ method: 'GET', url: '/enterprises/duplicate-codes', token: staffA })).statusCode).toBe(
      403,
    );
    const bureau = await api.call({
      method: 'POST',
      url: '/enterprises',
      payload: { officeId: seed.offices.A!.id, code: 'NEVER-SEEN', name: '再来', sizeClass: 'medium' },
    });
    expect(bureau.statusCode).toBe(409);
    expect(bureau.json<{ detail: string }>().detail).toMatch(/already exists \(held by /);
  });

  it("imports a sheet holding another office's code just as one holding a new code", async () => {
    const importAsA = async (code: string) => {
      const form = new FormData();
      const csv = `officeCode,code,name,sizeClass\nA,${code},表格企业,small-micro\n`;
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'enterprises.csv');
      const body = new Response(form);
      return api.call({
        method: 'POST',
        url: '/enterprises/import',
        token: staffA,
        payload: Buffer.from(await body.arrayBuffer()),
        headers: { 'content-type': body.headers.get('content-type')! },
      });
    };
    expect((await importAsA('SHEET-NEW')).statusCode).toBe(201);
    expect((await importAsA(seed.enterprises.B2!.code)).statusCode).toBe(201);
    // Only the office's own codes collide.
    const again = await importAsA('SHEET-NEW');
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('an enterprise with code \\"SHEET-NEW\\" already exists');
  });

  it("answers a change to another office's enterprise exactly as one to a missing enterprise", async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const answers = [];
    for (const id of [foreignEnterpriseId, missing]) {
      const response = await api.call({
        method: 'PATCH',
        url: `/enterprises/${id}`,
        token: staffA,
        payload: { name: '改名' },
      });
      answers.push({
        status: response.statusCode,
        detail: response.json<{ detail: string }>().detail.replace(id, 'ID'),
      });
      const progress = await api.call({
        method: 'PUT',
        url: `/campaigns/${seed.campaignId}/enterprises/${id}/progress`,
        token: staffA,
        payload: { noticeServedAt: '2024-03-01T09:00:00+08:00', noticeServedBy: '张三' },
      });
      answers.push({
        status: progress.statusCode,
        detail: progress.json<{ detail: string }>().detail.replace(id, 'ID'),
      });
    }
    expect(answers[0]).toEqual(answers[2]);
    expect(answers[1]).toEqual(answers[3]);
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect((await api.db.prisma.enterprise.findUniqueOrThrow({ where: { id: foreignEnterpriseId } })).name).not.toBe(
      '改名',
    );
  });
});

describe('URLs in the log', () => {
  it('blank the values of credential-like query parameters and anything shaped like a token', () => {
    const token = `ce_${'A'.repeat(32)}`;
    expect(redactUrl('/campaigns?token=abc&x=1')).toBe('/campaigns?token=[redacted]&x=1');
    expect(redactUrl('/a?access_token=abc&Password=pw&api_key=k&authorization=Bearer%20x')).toBe(
      '/a?access_token=[redacted]&Password=[redacted]&api_key=[redacted]&authorization=[redacted]',
    );
    expect(redactUrl(`/board?${token}`)).toBe('/board?[redacted]');
    expect(redactUrl(`/tokens/${token}`)).toBe('/tokens/[redacted]');
    expect(redactUrl('/a?%74oken=abc')).toBe('/a?%74oken=[redacted]');
    expect(redactUrl('/a?q=%E4%B8%AD&bad=%zz')).toBe('/a?q=%E4%B8%AD&bad=%zz');
  });
});

describe("a worker's own metrics page", () => {
  let api: BuiltTestApp;
  let sdk: Server;
  let page: { close: () => Promise<void> };
  let url: string;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    sdk = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end('temporal_workflow_task_execution_latency_bucket{le="1"} 3\n');
    });
    await new Promise<void>((resolve) => sdk.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    page = await serveWorkerMetrics({
      address: `127.0.0.1:${port}`,
      sdkMetricsUrl: `http://127.0.0.1:${(sdk.address() as AddressInfo).port}/metrics`,
      db: api.db.prisma,
      logger: pino({ level: 'silent' }),
    });
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await page?.close();
    await new Promise((resolve) => sdk?.close(resolve));
    await api?.close();
  });

  it('passes the SDK metrics on to a bureau or viewer token only; its health check needs none', async () => {
    const viewer = await createToken(api.db.prisma, { name: 'Prometheus', role: 'viewer' });
    const office = await api.db.prisma.office.create({
      data: {
        code: 'M',
        name: '指标所',
        unitType: 'township',
        contactName: 'c',
        contactEmail: 'c@office.test',
        headName: 'h',
        headEmail: 'h@office.test',
      },
    });
    const staff = await createToken(api.db.prisma, { name: 'staff', role: 'office-staff', officeId: office.id });
    const as = (token?: string) =>
      fetch(`${url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await as()).status).toBe(401);
    expect((await as('ce_wrong')).status).toBe(401);
    expect((await as(staff.token)).status).toBe(403);
    const read = await as(viewer.token);
    expect(read.status).toBe(200);
    expect(await read.text()).toContain('temporal_workflow_task_execution_latency_bucket');
    expect((await as(api.bureauToken)).status).toBe(200);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\n');
  });
});
