/**
 * Vobiz REST failures as one typed error. Vobiz documents three different error bodies (and its
 * gateway answers HTML or plain text on some failures), so the parser here is deliberately
 * defensive: it never throws, and the HTTP status is always the primary signal.
 */

export interface VobizErrorInit {
  /** HTTP status; 0 when no response arrived (timeout, network, client-side validation). */
  status: number;
  code: string;
  message: string;
  /** Seconds to wait before retrying, from `Retry-After` or the body's `details.retryAfter`. */
  retryAfter?: number;
  requestId?: string;
  details?: Record<string, unknown>;
  /** The response body as received (truncated), for support tickets. Never contains request headers. */
  body?: string;
  /**
   * A non-idempotent request (transfer, make-call, start-stream) may or may not have taken effect:
   * Vobiz answered 5xx, the request timed out, or the connection broke after it was sent.
   */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export class VobizError extends Error {
  override readonly name = 'VobizError';
  readonly status: number;
  /**
   * Vobiz's own code when the body carries one (`RATE_LIMIT_EXCEEDED`, `did_cool_off_in_effect`),
   * otherwise one derived from the status (`not_found`, `rate_limited`, `server_error`, …), or a
   * client-side code: `timeout`, `network`, `call_not_live`, `invalid_request`, `invalid_response`.
   */
  readonly code: string;
  readonly retryAfter?: number;
  readonly requestId?: string;
  readonly details?: Record<string, unknown>;
  readonly body?: string;
  readonly outcomeUnknown?: boolean;

  constructor(init: VobizErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.details !== undefined) this.details = init.details;
    if (init.body !== undefined) this.body = init.body;
    if (init.outcomeUnknown) this.outcomeUnknown = true;
  }
}

export function isVobizError(error: unknown, code?: string): error is VobizError {
  return error instanceof VobizError && (code === undefined || error.code === code);
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  402: 'payment_required',
  403: 'forbidden',
  404: 'not_found',
  408: 'request_timeout',
  409: 'conflict',
  422: 'validation_failed',
  429: 'rate_limited',
};

export function codeForStatus(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'server_error' : `http_${status}`);
}

/**
 * `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns seconds from
 * `now`, never negative, or undefined when the value is neither.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

const MAX_BODY_CHARS = 2000;

export interface ErrorResponse {
  status: number;
  /** Response headers with lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function header(headers: ErrorResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `did_cool_off_in_effect` and `RATE_LIMIT_EXCEEDED` are codes; `conference not found` is prose. */
function looksLikeCode(value: string): boolean {
  return /^[A-Za-z0-9]+(_[A-Za-z0-9]+)+$/.test(value) && value.length <= 64;
}

function textSnippet(text: string): string {
  const stripped = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return stripped.length > 200 ? `${stripped.slice(0, 200)}…` : stripped;
}

interface ParsedBody {
  code?: string;
  message?: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

/**
 * Reads, in order of preference:
 * - the envelope `{"status":"error","error":{"code","message","details"},"requestId"}`
 * - the flat `{"error":"…","details":{…}}`
 * - Plivo's `{"api_id","error"}`
 * - the gateway's generic `{"message":"Not Found"}`
 */
function parseJsonBody(json: unknown): ParsedBody {
  if (!isRecord(json)) return {};
  const out: ParsedBody = {};
  const { error } = json;
  if (isRecord(error)) {
    out.code = nonEmptyString(error.code);
    out.message = nonEmptyString(error.message);
    if (isRecord(error.details)) out.details = error.details;
  } else {
    const flat = nonEmptyString(error);
    if (flat !== undefined) {
      out.message = flat;
      if (looksLikeCode(flat)) out.code = flat;
    }
  }
  if (out.details === undefined && isRecord(json.details)) out.details = json.details;
  out.message ??= nonEmptyString(json.message) ?? nonEmptyString(json.detail);
  out.requestId =
    nonEmptyString(json.requestId) ?? nonEmptyString(json.request_id) ?? nonEmptyString(json.api_id);
  return out;
}

function detailsRetryAfter(details: Record<string, unknown> | undefined): number | undefined {
  const value = details?.retryAfter ?? details?.retry_after;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') return parseRetryAfter(value);
  return undefined;
}

/**
 * Turns a non-2xx response into a `VobizError`. `context` (e.g. `POST /Account/…/Call/x/`) leads
 * the message; `redact` scrubs anything secret that a misbehaving proxy might echo back.
 */
export function vobizErrorFromResponse(
  response: ErrorResponse,
  options: {
    context?: string;
    redact?: (text: string) => string;
    outcomeUnknown?: boolean;
    now?: number;
  } = {},
): VobizError {
  const redact = options.redact ?? ((text: string) => text);
  const text = redact(response.text);
  let parsed: ParsedBody = {};
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      parsed = parseJsonBody(JSON.parse(trimmed));
    } catch {
      // Not JSON after all; fall through to the text snippet.
    }
  }
  const message = parsed.message ?? (trimmed === '' ? undefined : textSnippet(trimmed));
  const code = parsed.code ?? codeForStatus(response.status);
  const retryAfter =
    parseRetryAfter(header(response.headers, 'retry-after'), options.now) ??
    detailsRetryAfter(parsed.details);
  const requestId = parsed.requestId ?? header(response.headers, 'x-request-id');
  const prefix = options.context ? `Vobiz ${options.context} failed` : 'Vobiz request failed';
  return new VobizError({
    status: response.status,
    code,
    message: `${prefix}: HTTP ${response.status} ${code}${message ? ` (${message})` : ''}`,
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(parsed.details === undefined ? {} : { details: parsed.details }),
    ...(text === ''
      ? {}
      : { body: text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text }),
    ...(options.outcomeUnknown ? { outcomeUnknown: true } : {}),
  });
}
