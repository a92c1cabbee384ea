import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
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

function sdkLevelOf(level: Config['logLevel']): LogLevel {
  switch (level) {
    case 'trace':
      return 'TRACE';
    case 'debug':
      return 'DEBUG';
    case 'info':
      return 'INFO';
    case 'warn':
      return 'WARN';
    default:
      return 'ERROR';
  }
}

/**
 * The Temporal SDK's logger writing through pino. Workflow and activity log lines carry the SDK's
 * context (workflowId, runId, workflowType, activityType…) as fields, so an operator can follow one
 * office's workflow through the logs.
 */
export function temporalLogger(logger: Logger, level: Config['logLevel']): DefaultLogger {
  const sdk = logger.child({ component: 'temporal' });
  return new DefaultLogger(sdkLevelOf(level), (entry: LogEntry) => {
    const { message, meta } = entry;
    const fields: Record<string, unknown> = { ...meta };
    if (fields.error instanceof Error) fields.err = fields.error;
    delete fields.error;
    sdk[SDK_LEVELS[entry.level]](fields, typeof message === 'string' ? maskSecrets(message) : String(message));
  });
}
