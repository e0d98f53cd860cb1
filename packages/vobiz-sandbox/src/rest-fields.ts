import type { CallRunner } from './call-runner.js';
import { HttpError } from './http-util.js';
import type { RouteContext } from './rest-routes.js';
import type { HttpMethod } from './types.js';

export function invalid(field: string, message: string): HttpError {
  return new HttpError(400, 'VALIDATION_ERROR', message, { field });
}

/** A string field; numbers are accepted as their decimal text (phone numbers sent as JSON numbers). */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  throw invalid(field, `${field} must be a string`);
}

export function requiredString(body: Record<string, unknown>, field: string): string {
  const v = optionalString(body, field);
  if (v === undefined) throw invalid(field, `Missing required field: ${field}`);
  return v;
}

export function optionalUrl(
  body: Record<string, unknown>,
  field: string,
  schemes: readonly string[] = ['http:', 'https:'],
): string | undefined {
  const v = optionalString(body, field);
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw invalid(field, `${field} is not a valid URL`);
  }
  if (!schemes.includes(url.protocol)) throw invalid(field, `${field} must use ${schemes.join(' or ')}`);
  return v;
}

export function requiredUrl(
  body: Record<string, unknown>,
  field: string,
  schemes?: readonly string[],
): string {
  const v = optionalUrl(body, field, schemes);
  if (v === undefined) throw invalid(field, `Missing required field: ${field}`);
  return v;
}

export function methodField(body: Record<string, unknown>, field: string): HttpMethod {
  const v = optionalString(body, field)?.toUpperCase();
  if (v === undefined) return 'POST';
  if (v !== 'GET' && v !== 'POST') throw invalid(field, `${field} must be GET or POST`);
  return v;
}

export function optionalNumber(body: Record<string, unknown>, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < 0) throw invalid(field, `${field} must be a non-negative number`);
  return n;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw invalid(field, `${field} must be true or false`);
}

export function notInProgress(uuid: string): HttpError {
  return new HttpError(404, 'NOT_FOUND', `Call ${uuid} not found or not in progress`);
}

/** The call named in the path, if it is answered and still up; 404 otherwise (as Vobiz does). */
export function inProgressRunner(c: RouteContext): CallRunner {
  const uuid = c.params.uuid ?? '';
  const runner = c.api.ctx.runners.get(uuid);
  if (!runner || runner.rec.isEnded || runner.rec.status !== 'in-progress') throw notInProgress(uuid);
  return runner;
}
