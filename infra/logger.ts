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

/** Query parameters whose values are secrets wherever they appear in a URL. */
const SECRET_QUERY_PARAMETER =
  /^(token|access_token|id_token|refresh_token|auth|authorization|password|passwd|secret|api_key|apikey|key)$/i;
/** A bearer token of this product (`ce_` and 32 base64url characters), wherever it is pasted. */
const PRODUCT_TOKEN = /ce_[A-Za-z0-9_-]{32}/g;

/**
 * The URL with every secret blanked: the values of query parameters named like credentials, and anything shaped
 * like one of this product's tokens. Tokens belong in the Authorization header, but a user may paste one anywhere.
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt < 0 ? url : url.slice(0, queryAt)).replace(PRODUCT_TOKEN, '[redacted]');
  if (queryAt < 0) return path;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape is logged as sent, minus anything token-shaped.
      }
      if (equals >= 0 && SECRET_QUERY_PARAMETER.test(name.trim())) return `${rawName}=[redacted]`;
      return pair.replace(PRODUCT_TOKEN, '[redacted]');
    })
    .join('&');
  return `${path}?${query}`;
}

/** What a request log line says about the request: Fastify's fields, with the URL's secrets blanked. */
function requestForLog(request: {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url === undefined ? undefined : redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

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
      serializers: { req: requestForLog },
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
