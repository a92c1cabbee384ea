import { Connection, Client } from '@temporalio/client';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlan, createWorkingDayCalendar, defaultTemplate, phaseAt } from '../../domain/index.js';
import { freePort } from '../../infra/ports.js';
import { buildProduct } from '../../scripts/build.js';
import { embeddedDefaults, exitOf, processesNaming, start, stop, waitForOutput } from '../support/npm-start.js';
import { MALLOC_ARENA_MAX, PRODUCT_NODE_FLAGS } from '../../infra/config.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm start on embedded defaults', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let api: string;

  beforeAll(async () => {
    await buildProduct(); // what `npm start` runs first (prestart)
    ({ dataDir, env, api } = await embeddedDefaults('campaign-start-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is what `npm start` runs: the compiled entry, built first', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.prestart).toBe('node --import tsx scripts/build.ts');
    expect(scripts.start).toBe(
      `MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-${MALLOC_ARENA_MAX}} node ${PRODUCT_NODE_FLAGS.join(' ')} generated/app/start.js`,
    );
  });

  it('prints the addresses, is ready, delivers the sample mail, stops cleanly and keeps its data across a restart', async () => {
    const first = start(env);
    try {
      await waitForOutput(first, /Press Ctrl-C to stop/);
      expect(first.output()).toMatch(new RegExp(`API: +${api.replaceAll('.', '\\.')}`));
      expect(first.output()).toMatch(/Temporal UI: +http:\/\/127\.0\.0\.1:\d+/);
      expect(first.output()).toContain(`Database:     embedded PostgreSQL in ${path.join(dataDir, 'postgres')}`);

      // An empty database gets the labelled demo county with a running campaign for this year.
      const token = /Bureau admin token \(shown once, keep it\): (ce_\S+)/.exec(first.output())?.[1];
      const campaignId = /Demo county created .*campaign ([0-9a-f-]{36}) is running/.exec(first.output())?.[1];
      expect(token).toBeDefined();
      expect(campaignId).toBeDefined();
      const auth = { authorization: `Bearer ${token}` };
      // Until the worker has polled once, the status comes from the plan; then from the workflow.
      let status = { source: '', currentPhase: '' };
      for (let i = 0; i < 60 && status.source !== 'workflow'; i++) {
        status = (await (
          await fetch(`${api}/campaigns/${campaignId}/status`, { headers: auth })
        ).json()) as typeof status;
        if (status.source !== 'workflow') await new Promise((r) => setTimeout(r, 500));
      }
      const year = DateTime.now().setZone('Asia/Shanghai').year;
      expect(status).toMatchObject({
        source: 'workflow',
        currentPhase: phaseAt(buildPlan(defaultTemplate(year), createWorkingDayCalendar()), Date.now()),
      });

      // Metrics: the campaign's obligations from the database and the in-process worker's SDK telemetry.
      const metrics = await fetch(`${api}/metrics`, { headers: auth });
      expect(metrics.status).toBe(200);
      const page = await metrics.text();
      expect(page).toContain(`campaign_engine_obligations{campaign="${campaignId}",state="open"}`);
      expect(page).toMatch(/^temporal_workflow_task_execution_latency_bucket\{/m);
      expect(metrics.headers.get('content-security-policy')).toContain("default-src 'self'");

      const ready = await fetch(`${api}/readyz`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { checks: Record<string, { ok: boolean }> };
      expect(body.checks).toMatchObject({ temporal: { ok: true }, database: { ok: true }, smtp: { ok: true } });

      // Dev routes answer only the bureau, even on loopback.
      expect((await fetch(`${api}/dev/mail`)).status).toBe(401);
      // A token sent where it does not belong (the query string) is not logged either.
      expect((await fetch(`${api}/campaigns?access_token=${token!}`, { headers: auth })).status).toBe(200);
      const started = await fetch(`${api}/dev/sample-mail`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ to: 'office@example.test', delaySeconds: 1 }),
      });
      expect(started.status).toBe(202);
      const { workflowId } = (await started.json()) as { workflowId: string };
      // The log is JSON, one object per line; the workflow's start names the request that made it.
      const requestId = started.headers.get('x-request-id');
      await waitForOutput(first, new RegExp(`"workflowId":"${workflowId}"`), 10_000);
      const logLines = first
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logLines).toContainEqual(
        expect.objectContaining({ msg: 'workflow started', workflowId, requestId, level: 'info' }),
      );
      // The banner shows the first token once; no log line ever carries it.
      expect(logLines.filter((line) => JSON.stringify(line).includes(token!))).toEqual([]);

      let mail: { count: number } = { count: 0 };
      for (let i = 0; i < 100 && mail.count === 0; i++) {
        await new Promise((r) => setTimeout(r, 200));
        mail = (await (await fetch(`${api}/dev/mail?to=office@example.test`, { headers: auth })).json()) as {
          count: number;
        };
      }
      expect(mail.count).toBe(1);
      // The worker logs the mail through the activity's logger: the line names its workflow.
      await waitForOutput(first, new RegExp(`"mailKey":"${workflowId}"`), 10_000);
      const mailLine = first
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"mail sent"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.workflowId === workflowId);
      expect(mailLine).toMatchObject({
        level: 'info',
        component: 'temporal',
        mailKey: workflowId,
        activityType: 'sendMail',
      });

      expect(await stop(first), first.output().slice(-4000)).toBe(0);
      expect(first.output()).toContain('stopped.');
      // Ctrl-C stops the whole tree: no PostgreSQL, Temporal or node process of this data folder is left.
      expect(await processesNaming(dataDir)).toEqual([]);

      const second = start(env);
      try {
        await waitForOutput(second, /Press Ctrl-C to stop/);
        expect(second.output()).not.toContain('applied migrations');
        expect(second.output()).not.toContain('Demo county created');
        expect(second.output()).not.toContain('Bureau admin token');
        const again = (await (await fetch(`${api}/dev/mail?to=office@example.test`, { headers: auth })).json()) as {
          count: number;
        };
        expect(again.count).toBe(1);
        const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_SERVER_PORT}` });
        try {
          const description = await new Client({ connection }).workflow.getHandle(workflowId).describe();
          expect(description.status.name).toBe('COMPLETED');
        } finally {
          await connection.close();
        }
      } finally {
        expect(await stop(second), second.output().slice(-4000)).toBe(0);
        expect(await processesNaming(dataDir)).toEqual([]);
      }
    } finally {
      await stop(first);
    }
  }, 240_000);

  it('stops with one clear line naming DATABASE_URL when it is malformed', async () => {
    const run = start({ ...env, DATABASE_URL: 'postgres//missing-colon' });
    expect(await exitOf(run)).toBe(1);
    expect(run.output()).toMatch(/DATABASE_URL: not a valid URL/);
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it('names SMTP_URL when the relay does not answer, without printing its password', async () => {
    const closed = await freePort();
    const run = start({ ...env, SMTP_URL: `smtp://campaign:s3cret-pass@127.0.0.1:${closed}` });
    expect(await exitOf(run)).toBe(1);
    expect(run.output()).toMatch(/Cannot start: SMTP_URL/);
    expect(run.output()).not.toContain('s3cret-pass');
  }, 120_000);

  it('stops with one clear line naming TEMPORAL_ADDRESS when no server answers there', async () => {
    const closed = await freePort();
    const run = start({ ...env, TEMPORAL_ADDRESS: `127.0.0.1:${closed}` });
    expect(await exitOf(run)).toBe(1);
    expect(run.output()).toMatch(/Cannot start: .*TEMPORAL_ADDRESS=127\.0\.0\.1:\d+: cannot reach a Temporal server/);
    expect(run.output()).not.toMatch(/\n\s+at /);
  }, 60_000);
});
