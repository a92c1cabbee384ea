import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, MALLOC_ARENA_MAX, PRODUCT_NODE_FLAGS } from '../../infra/config.js';

const root = path.resolve(import.meta.dirname, '../..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }> | string[];
}

// No Docker engine runs on these machines: the compose file is checked as a document.
describe('docker-compose.yml', async () => {
  const compose = parse(await readFile(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const services = compose.services;

  it('runs PostgreSQL, Temporal, the Temporal UI, a mail catcher, the API and the worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'mailpit', 'postgres', 'temporal', 'temporal-ui', 'worker']);
  });

  it('pins every image to a version', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect(service.image, name).toMatch(/^[\w./-]+:v?\d+(\.\d+)+$/);
    }
  });

  it('gives the stateful services and the API a healthcheck, and waits for them', () => {
    for (const name of ['postgres', 'temporal', 'mailpit', 'api', 'worker'])
      expect(services[name]?.healthcheck, name).toBeDefined();
    for (const name of ['api', 'worker']) {
      expect(services[name]?.depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        temporal: { condition: 'service_healthy' },
      });
    }
  });

  it('runs the API and the worker from the image with their roles', () => {
    // Compiled JavaScript (scripts/build.ts in the image), not tsx: its loader costs each process ~36 MB.
    expect(services.api?.command).toEqual(['node', ...PRODUCT_NODE_FLAGS, 'generated/app/start.js', '--role', 'api']);
    // Both with the V8 flags of `npm start` (infra/config.ts).
    expect(services.worker?.command).toEqual([
      'node',
      ...PRODUCT_NODE_FLAGS,
      'generated/app/start.js',
      '--role',
      'worker',
    ]);
  });

  it('sets every variable the config needs to use the stack instead of the embedded defaults, and they validate', () => {
    for (const name of ['api', 'worker']) {
      const env = Object.fromEntries(
        Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [
          k,
          String(v).replace(/\$\{(\w+):-([^}]*)\}/g, '$2'),
        ]),
      );
      for (const variable of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'HOST', 'PUBLIC_URL', 'MAIL_FROM']) {
        expect(env[variable], `${name}: ${variable}`).toBeTruthy();
      }
      const config = loadConfig(env);
      expect(config.databaseUrl).toMatch(/@postgres:5432\//);
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.demoData).toBe(false);
    }
  });

  it("lets each worker serve the Temporal SDK's metrics on every interface of its container", () => {
    const env = services.worker?.environment ?? {};
    expect(env.WORKER_METRICS_ADDRESS).toBe('0.0.0.0:9464');
    expect(String(services.worker?.healthcheck?.test)).toContain('127.0.0.1:9464/healthz');
    // The API's own /metrics needs no port of its own.
    expect(services.api?.environment?.WORKER_METRICS_ADDRESS).toBeUndefined();
  });

  it('builds a non-root image', async () => {
    const dockerfile = await readFile(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^USER \S+/m);
    expect(dockerfile).not.toMatch(/^USER root/m);
    expect(dockerfile).toMatch(/^FROM node:20[\d.]*-/m);
    // Workers start from a prebuilt workflow bundle.
    expect(dockerfile).toMatch(/^RUN node --import tsx scripts\/bundle-workflows\.ts/m);
    // The commands above run what the image compiled.
    expect(dockerfile).toMatch(/^RUN .*node --import tsx scripts\/build\.ts/m);
    // With the V8 flags of `npm start` (infra/config.ts).
    expect(dockerfile).toMatch(/^CMD \[.*\]$/m);
    expect(JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!)).toEqual([
      'node',
      ...PRODUCT_NODE_FLAGS,
      'generated/app/start.js',
      '--role',
      'api',
    ]);
    // The glibc malloc arenas `npm start` sets (infra/config.ts).
    expect(dockerfile).toMatch(new RegExp(`^ENV .*\\bMALLOC_ARENA_MAX=${MALLOC_ARENA_MAX}\\b`, 'm'));
  });
});
