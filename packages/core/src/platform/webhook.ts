import { createHash, timingSafeEqual } from 'node:crypto';
import { HandoffError } from '../errors.js';
import type { ToolReply } from './port.js';
import { type AgentPrompts, promptsFor } from './prompts.js';

/**
 * What every webhook platform's handler needs around its own payloads, once: a bounded raw body
 * (platforms sign the exact bytes), JSON answers, constant-time secret checks, a deadline.
 */
export type BodyRead = { ok: true; text: string } | { ok: false };

/**
 * The raw body as text, or `{ ok: false }` past `maxBytes`. Reading stops at the limit, so an
 * oversize request costs no more than the limit whether or not it declares its length; the text
 * is kept byte for byte because platforms sign the raw body.
 */
export async function readBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false };
  }
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function problem(status: number, error: string, message: string): Response {
  return json({ error, message }, status);
}

/** Equality that takes the same time wherever the strings differ, and whatever their lengths. */
export function safeEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export const TIMEOUT: unique symbol = Symbol('timeout');

/** `work`, or `TIMEOUT` once `ms` have passed: a platform's answer has a deadline of its own. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<typeof TIMEOUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMEOUT), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- the user's options ------------------------------------------------------------------------

/**
 * A handler's options read strictly: a typo or a wrong type fails at start-up with a
 * `HandoffError('invalid_options')` naming the handler and the option, the same for every platform.
 */
export class Options<T extends object> {
  readonly handler: string;
  readonly given: Partial<T>;

  constructor(handler: string, given: Partial<T>) {
    this.handler = handler;
    this.given = given;
  }

  /** An integer option, `min` (1) or more; `fallback` when absent. */
  integer(name: keyof T & string, fallback: number, { min = 1 }: { min?: 0 | 1 } = {}): number {
    const value: unknown = this.given[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new HandoffError(
        'invalid_options',
        `${this.handler}: \`${name}\` must be a ${min === 0 ? 'non-negative' : 'positive'} integer`,
      );
    }
    return value;
  }

  /** Options that, when given, must be functions (hooks, a `fetch`). */
  functions(...names: Array<keyof T & string>): void {
    for (const name of names) {
      if (this.given[name] !== undefined && typeof this.given[name] !== 'function') {
        throw new HandoffError('invalid_options', `${this.handler}: \`${name}\` must be a function`);
      }
    }
  }

  /** A string the handler cannot work without (a secret, a key); `message` says what it is for. */
  secret(name: keyof T & string, message: string, fallback?: string): string {
    const value: unknown = this.given[name] ?? fallback;
    if (typeof value !== 'string' || value.trim() === '') throw new HandoffError('invalid_options', message);
    return value;
  }
}

/**
 * Reads `given` against the option names the handler knows. With `required`, options must be an
 * object (that message is thrown otherwise); without, they may be left out.
 */
export function options<T extends object>(
  handler: string,
  given: T | null | undefined,
  known: ReadonlyArray<keyof T & string>,
  { required }: { required?: string } = {},
): Options<T> {
  if (given === undefined && required === undefined) return new Options<T>(handler, {});
  if (!isObject(given))
    throw new HandoffError('invalid_options', required ?? `${handler}: options must be an object`);
  const names: ReadonlySet<string> = new Set(known);
  for (const key of Object.keys(given)) {
    if (!names.has(key)) throw new HandoffError('invalid_options', `${handler}: unknown option \`${key}\``);
  }
  return new Options<T>(handler, given as Partial<T>);
}

/** Every handler's first check: the handoff it was given is the core's. */
export function requireHandoff(handoff: unknown, handler: string): void {
  const attachable =
    typeof handoff === 'object' &&
    handoff !== null &&
    'attachCall' in handoff &&
    typeof handoff.attachCall === 'function';
  if (!attachable)
    throw new HandoffError('invalid_options', `${handler} needs the handoff from createHandoff()`);
}

// ---- one request -------------------------------------------------------------------------------

export interface EndpointSettings {
  maxBodyBytes: number;
  report: (error: unknown, where: string) => void;
  /** Where an unexpected failure is reported (`retell-handler`). */
  where: string;
}

/**
 * The skeleton every webhook handler shares: POST only (405), the raw body read under the limit
 * (413), and an unexpected failure reported and answered 500 (the platform retries; nothing
 * half-done is claimed).
 */
export function endpoint(
  settings: EndpointSettings,
  handle: (request: Request, text: string) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'POST') {
      const response = problem(405, 'method_not_allowed', 'POST only');
      response.headers.set('allow', 'POST');
      return response;
    }
    const read = await readBody(request, settings.maxBodyBytes);
    if (!read.ok) return problem(413, 'body_too_large', `The body exceeds ${settings.maxBodyBytes} bytes`);
    try {
      return await handle(request, read.text);
    } catch (e) {
      settings.report(e, settings.where);
      return problem(500, 'internal_error', 'The request could not be processed');
    }
  };
}

export type ObjectRead = { ok: true; body: Record<string, unknown> } | { ok: false; response: Response };

/** The body as a JSON object, or the 400 that says why not. */
export function parseObject(text: string): ObjectRead {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, response: problem(400, 'invalid_json', 'The body is not JSON') };
  }
  if (!isObject(body)) {
    return { ok: false, response: problem(400, 'invalid_body', 'The body must be a JSON object') };
  }
  if (nestedDeeperThan(body, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      response: problem(400, 'invalid_body', `The body nests deeper than ${MAX_JSON_DEPTH} levels`),
    };
  }
  return { ok: true, body };
}

/**
 * No platform sends more than a dozen levels; handlers and schemas walk bodies recursively, so a
 * signed body nested thousands deep would overflow the stack (a 500) after `JSON.parse` took it.
 */
export const MAX_JSON_DEPTH = 64;

// Iterative on purpose: the check itself must not recurse.
function nestedDeeperThan(root: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** A schema failure in one line for the 400 (zod 3 and 4 both fit). */
export function firstIssue(error: {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}): string {
  const first = error.issues[0];
  return first ? `${first.path.map(String).join('.') || '(body)'}: ${first.message}` : 'invalid body';
}

/** The tool's arguments: the body without the platform's envelope. */
export function withoutKeys(body: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));
}

/**
 * The core's own words for a request it could not act on, for the LLM: `error` when no call could
 * be attached, `callEnded` when there is no call to hand over (none attached, or it has ended).
 */
export function refusal(
  options: {
    language?: string | undefined;
    prompts?: Partial<Record<string, Partial<AgentPrompts>>> | undefined;
  },
  why: 'error' | 'callEnded' = 'error',
): ToolReply {
  return { status: 'error', ok: false, message: promptsFor(options.language, options.prompts)[why] };
}

/**
 * A user's hook, called so that its failure is reported and never fails the request: the
 * platform's answer does not depend on a logger or a lookup of the user's.
 */
export async function guarded<A extends unknown[], R>(
  report: (error: unknown, where: string) => void,
  where: string,
  hook: ((...args: A) => R | Promise<R>) | undefined,
  ...args: A
): Promise<R | undefined> {
  if (!hook) return undefined;
  try {
    return await hook(...args);
  } catch (e) {
    report(e, where);
    return undefined;
  }
}
