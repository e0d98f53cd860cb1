import { HandoffError } from '@handoff/core';
import { type DestinationStream, type LevelWithSilent, pino } from 'pino';
import type { Logger } from './context.js';

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Fields that carry credentials wherever they appear in a logged object: replaced, never written. */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-vobiz-signature',
  'x-vobiz-signature-v2',
  'x-vobiz-signature-ma-v3',
  'x-plivo-signature-v2',
  'x-plivo-signature-v3',
  'x-retell-signature',
  'x-vapi-secret',
  'x-vapi-signature',
  'x-handoff-signature',
  'token',
  'authToken',
  'parentAuthToken',
  'apiKey',
  'apiKeys',
  'deskToken',
  'secret',
  'password',
];

function property(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
}

/** The key at the top level, one level down, and in any `headers` object up to two levels down. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const at = property(key);
  return [at.startsWith('.') ? key : at, `*${at}`, `headers${at}`, `*.headers${at}`, `req.headers${at}`];
});

export interface LoggerOptions {
  /** `fatal` … `trace` or `silent`; default `LOG_LEVEL`, else `info`. */
  level?: string;
  /** Where JSON lines go (default stdout). */
  destination?: DestinationStream;
}

/**
 * The gateway's default logger: pino's JSON lines at `LOG_LEVEL`, with credentials and signature
 * headers redacted in any object logged. Pass your own `logger` to `createGateway` to replace it.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const known = LEVELS.find((name) => name === level);
  if (known === undefined) {
    throw new HandoffError(
      'invalid_options',
      `LOG_LEVEL must be one of ${LEVELS.join(', ')} (got "${level.slice(0, 20)}")`,
    );
  }
  const settings = { level: known, base: { name: 'handoff-gateway' }, redact: [...REDACT_PATHS] };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
