import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../api/server.js';
import { loadConfig } from '../../infra/config.js';
import { createToken } from '../../app/access/tokens.js';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTimeSkippingServer } from '../support/temporal.js';

describe('health and documentation routes', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let app: FastifyInstance;
  let bureau: string;

  beforeAll(async () => {
    [env, db, catcher] = await Promise.all([startTimeSkippingServer(), createTestDatabase(), MailCatcher.start()]);
    mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@test.local' });
    app = await buildServer({ config: loadConfig({}), db, temporal: env.client, mailer, catcher }, { logger: false });
    bureau = (await createToken(db.prisma, { name: 'bureau', role: 'bureau-admin' })).token;
  });

  afterAll(async () => {
    await app?.close();
    mailer?.close();
    await Promise.all([env?.teardown(), db?.dispose(), catcher?.close()]);
  });

  it('answers /healthz while the process is alive', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('reports temporal, database and smtp by name on /readyz', async () => {
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ status: string; checks: Record<string, { ok: boolean }> }>();
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['database', 'smtp', 'temporal']);
    expect(Object.values(body.checks).every((c) => c.ok)).toBe(true);
  });

  it('answers 503 naming the failing dependency when SMTP is down', async () => {
    const broken = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'bureau@test.local' });
    const degraded = await buildServer(
      { config: loadConfig({}), db, temporal: env.client, mailer: broken },
      { logger: false },
    );
    try {
      const response = await degraded.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const body = response.json<{ checks: Record<string, { ok: boolean; error?: string }> }>();
      expect(body.checks.smtp?.ok).toBe(false);
      expect(body.checks.smtp?.error).toBeTruthy();
      expect(body.checks.database?.ok).toBe(true);
    } finally {
      await degraded.close();
      broken.close();
    }
  });

  it('serves an OpenAPI 3.1 document listing every route', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/dev/mail', '/dev/sample-mail']),
    );
  });

  it('rejects a bad sample-mail request naming the field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/dev/sample-mail',
      headers: { authorization: `Bearer ${bureau}` },
      payload: { to: 'nobody', delaySeconds: -1 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const paths = response
      .json<{ errors: { path: string }[] }>()
      .errors.map((e) => e.path)
      .sort();
    expect(paths).toEqual(['delaySeconds', 'to']);
  });
});
