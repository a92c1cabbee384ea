import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, ConfigError, DEFAULT_TASK_QUEUE, loadConfig } from '../infra/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/app');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.dataDir).toBe('/srv/app/.data');
    expect(config.temporal.taskQueue).toBe(DEFAULT_TASK_QUEUE);
    expect(config.port).toBe(3000);
  });

  it('names DATABASE_URL when it is malformed', () => {
    expect(problemsOf({ DATABASE_URL: 'not a url' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: not a valid URL/),
    ]);
    expect(problemsOf({ DATABASE_URL: 'mysql://x@h/db' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: protocol mysql:/),
    ]);
  });

  it('reports every bad variable at once, each by name', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      TEMPORAL_ADDRESS: 'temporal',
      SMTP_URL: 'http://mail',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(/[=:]/)[0])).toEqual(['PORT', 'LOG_LEVEL', 'SMTP_URL', 'TEMPORAL_ADDRESS']);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SMTP_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  it('accepts a production setting', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://app:secret@db:5432/campaign',
      TEMPORAL_ADDRESS: 'temporal:7233',
      SMTP_URL: 'smtp://mailpit:1025',
      HOST: '0.0.0.0',
      PORT: '8080',
    });
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.publicUrl).toBe('http://127.0.0.1:8080');
  });

  it('names each operations variable with a bad value', () => {
    expect(
      problemsOf({
        WORKER_METRICS_ADDRESS: 'everywhere',
        LOGIN_MAX_FAILURES: '0',
        LOGIN_LOCKOUT_MINUTES: 'soon',
        TRUST_PROXY: 'yes',
      }),
    ).toEqual([
      expect.stringMatching(/^WORKER_METRICS_ADDRESS=everywhere: must be host:port/),
      expect.stringMatching(/^TRUST_PROXY=yes: must be true or false/),
      expect.stringMatching(/^LOGIN_MAX_FAILURES=0: must be a whole number ≥ 1/),
      expect.stringMatching(/^LOGIN_LOCKOUT_MINUTES=soon: must be a whole number ≥ 1/),
    ]);
  });

  it('documents every variable in the README', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    for (const { name } of CONFIG_VARIABLES) expect(readme, name).toContain(`\`${name}\``);
  });
});
