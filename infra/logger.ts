import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * Paths pino blanks in every log line. Tokens travel in the Authorization header; the token
 * endpoint's answer is never logged because pino does not log bodies.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'token',
  '*.token',
  'password',
  '*.password',
];

/** The process's JSON logger: one object per line, for the API, the worker and the Temporal SDK. */
export function createLogger(
  level: Config['logLevel'],
  destination?: pino.DestinationStream,
  bindings: Record<string, string> = {},
): Logger {
  return pino(
    {
      level,
      base: { service: 'campaign-engine', ...bindings },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** "smtp://user:secret@host" → "smtp://user:***@host": connection strings may appear in errors. */
export function maskSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@\s/]+@/gi, '$1***@');
}

const SDK_LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's logger writing through pino (pino filters by LOG_LEVEL). Workflow and activity log
 * lines carry the SDK's context (workflowId, workflowRunId, workflowType, activityType…) as fields, so an
 * operator can follow one office's workflow through the logs. A plain object, so that loading it does not
 * load the worker package into an API-only process.
 */
export function temporalLogger(logger: Logger): TemporalLogger {
  const sdk = logger.child({ component: 'temporal' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    if (!sdk.isLevelEnabled(SDK_LEVELS[level])) return;
    const fields: Record<string, unknown> = { ...meta };
    if (fields.error instanceof Error) fields.err = fields.error;
    delete fields.error;
    sdk[SDK_LEVELS[level]](fields, maskSecrets(String(message)));
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
