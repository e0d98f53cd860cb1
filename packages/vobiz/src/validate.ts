/**
 * Value rules shared by the REST client and the XML builder. Each helper takes a `fail` callback so
 * the client can raise `VobizError('invalid_request')` and the XML builder
 * `HandoffError('invalid_xml')` from the same rule.
 */

export type Fail = (message: string) => never;

export type HttpMethod = 'GET' | 'POST';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST'];

export type AudioTrack = 'inbound' | 'outbound' | 'both';
export const AUDIO_TRACKS: readonly AudioTrack[] = ['inbound', 'outbound', 'both'];

/** What `<Stream contentType>` accepts: the inbound format only, and never 24 kHz (no media arrives). */
export type StreamContentType =
  | 'audio/x-l16;rate=8000'
  | 'audio/x-l16;rate=16000'
  | 'audio/x-mulaw;rate=8000';
export const STREAM_CONTENT_TYPES: readonly StreamContentType[] = [
  'audio/x-l16;rate=8000',
  'audio/x-l16;rate=16000',
  'audio/x-mulaw;rate=8000',
];

/** The Stream REST page additionally lists 24 kHz L16. */
export type RestStreamContentType = StreamContentType | 'audio/x-l16;rate=24000';
export const REST_STREAM_CONTENT_TYPES: readonly RestStreamContentType[] = [
  ...STREAM_CONTENT_TYPES,
  'audio/x-l16;rate=24000',
];

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], label: string, fail: Fail): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(
    `${label} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${JSON.stringify(value)}`,
  );
}

export function nonEmpty(value: unknown, label: string, fail: Fail): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  return fail(`${label} must be a non-empty string`);
}

/**
 * Vobiz fetches every URL itself, so a relative or mistyped URL only fails mid-call. Catch it
 * here instead. `schemes` lets `<Stream>` demand ws(s).
 */
export function absoluteUrl(
  value: unknown,
  label: string,
  fail: Fail,
  schemes: readonly string[] = ['http:', 'https:'],
): string {
  const text = nonEmpty(value, label, fail).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`${label} must be an absolute URL; got ${JSON.stringify(text)}`);
  }
  if (!schemes.includes(url.protocol)) {
    return fail(
      `${label} must use ${schemes.map((s) => s.replace(':', '')).join(' or ')}; got ${url.protocol}`,
    );
  }
  return text;
}

export function integer(
  value: unknown,
  label: string,
  fail: Fail,
  range: { min?: number; max?: number } = {},
): number {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = range;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(`${label} must be an integer between ${min} and ${max}; got ${JSON.stringify(value)}`);
  }
  return value;
}

/** DTMF strings Vobiz plays: digits, `*`, `#`, and `w`/`W` for half-second/one-second waits. */
export function dtmfDigits(value: unknown, label: string, fail: Fail): string {
  const text = nonEmpty(value, label, fail);
  if (!/^[0-9*#A-Da-dwW]+$/.test(text)) {
    return fail(`${label} may contain only 0-9, *, #, A-D, w and W; got ${JSON.stringify(text)}`);
  }
  return text;
}

export type KeyValues = Readonly<Record<string, string | number | boolean>>;

const KV_TOKEN = /^[A-Za-z0-9]+$/;

/**
 * `sipHeaders` / `extraHeaders` travel as `k=v,k2=v2` and Vobiz allows only `[A-Za-z0-9]` in keys
 * and values; anything else is silently mangled or rejected by the carrier, so refuse it here.
 * A preformatted string is re-parsed so it obeys the same rule.
 */
export function keyValueList(
  value: KeyValues | string,
  label: string,
  fail: Fail,
  maxBytes?: number,
): string {
  let pairs: Array<[string, string]>;
  if (typeof value === 'string') {
    pairs = value.split(',').map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
  } else {
    pairs = Object.entries(value).map(([k, v]) => [k, String(v)]);
  }
  if (pairs.length === 0) fail(`${label} must contain at least one key=value pair`);
  for (const [k, v] of pairs) {
    if (!KV_TOKEN.test(k)) fail(`${label} key ${JSON.stringify(k)} may contain only A-Z, a-z and 0-9`);
    if (!KV_TOKEN.test(v)) fail(`${label} value for ${JSON.stringify(k)} may contain only A-Z, a-z and 0-9`);
  }
  const text = pairs.map(([k, v]) => `${k}=${v}`).join(',');
  if (maxBytes !== undefined && Buffer.byteLength(text, 'utf8') > maxBytes) {
    fail(`${label} is ${Buffer.byteLength(text, 'utf8')} bytes; Vobiz allows at most ${maxBytes}`);
  }
  return text;
}
