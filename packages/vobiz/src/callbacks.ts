import { HandoffError } from '@handoff/core';

/**
 * Vobiz webhooks (answer, hangup, Dial action/callback, stream status, redirect/transfer, record)
 * as one discriminated union. Every value arrives as a string and numbers arrive without `+`;
 * both are normalised here, while `raw` keeps every field exactly as received.
 */

export type VobizCallbackInput = string | Uint8Array | URLSearchParams | Readonly<Record<string, unknown>>;

interface CallbackBase {
  callUuid: string;
  /** E.164 with `+` where the value is a number (see `normaliseE164`). */
  from?: string;
  to?: string;
  direction?: string;
  callStatus?: string;
  event?: string;
  parentAuthId?: string;
  /** Every field as received. */
  raw: Record<string, string>;
  /** `X-VH-*` (and legacy `X-PH-*`) fields, keys without the prefix. */
  sipHeaders: Record<string, string>;
}

export interface AnswerCallback extends CallbackBase {
  kind: 'answer';
  forwardedFrom?: string;
  callerName?: string;
  aLegUuid?: string;
  aLegRequestUuid?: string;
  requestUuid?: string;
  sessionStart?: string;
}

export interface HangupCallback extends CallbackBase {
  kind: 'hangup';
  hangupCause?: string;
  hangupCauseCode?: number;
  hangupCauseName?: string;
  hangupSource?: string;
  /** Seconds. */
  duration?: number;
  billDuration?: number;
  /** In the console's local time zone, as Vobiz sends it. */
  answerTime?: string;
  startTime?: string;
  endTime?: string;
  sessionStart?: string;
  totalCost?: string;
}

export type DialStatus = 'completed' | 'busy' | 'failed' | 'cancel' | 'timeout' | 'no-answer';

export interface DialActionCallback extends CallbackBase {
  kind: 'dial_action';
  dialStatus: DialStatus | (string & {});
  /** Not proof that the handset rang. */
  dialRingStatus?: string;
  dialHangupCause?: string;
  dialALegUuid?: string;
  /** Often empty here; take it from the `answer` Dial event instead. */
  dialBLegUuid?: string;
}

export type DialEventAction = 'answer' | 'connected' | 'digits' | 'hangup';

export interface DialEventCallback extends CallbackBase {
  kind: 'dial_event';
  action: DialEventAction | (string & {});
  dialALegUuid?: string;
  dialBLegUuid?: string;
  dialBLegFrom?: string;
  dialBLegTo?: string;
  dialBLegPosition?: string;
  dialBLegStatus?: string;
  dialBLegHangupCause?: string;
  dialBLegHangupCauseCode?: number;
  dialBLegHangupCauseName?: string;
  dialBLegHangupSource?: string;
  dialDigitsMatch?: string;
  dialDigitsPressedBy?: 'aleg' | 'bleg' | (string & {});
}

export type StreamStatusEvent =
  | 'StartStream'
  | 'PlayedStream'
  | 'ClearedAudio'
  | 'DegradedStream'
  | 'DroppedStream'
  | 'StopStream';

export interface StreamStatusCallback extends CallbackBase {
  kind: 'stream_status';
  streamEvent: StreamStatusEvent | (string & {});
  streamId?: string;
  /** The checkpoint name, on `PlayedStream`. */
  name?: string;
  error?: string;
  serviceUrl?: string;
  timestamp?: string;
}

export interface RecordCallback extends CallbackBase {
  kind: 'record';
  recordUrl?: string;
  recordingId?: string;
  /** Seconds. */
  recordingDuration?: number;
  recordingDurationMs?: number;
  recordingStartMs?: number;
  recordingEndMs?: number;
  recordingEndReason?: string;
}

export interface RedirectCallback extends CallbackBase {
  kind: 'redirect';
}

export interface TransferCallback extends CallbackBase {
  kind: 'transfer';
}

/** Anything else (Ring, MachineDetection, Gather, Conference…), or a body without `CallUUID`. */
export interface UnknownCallback extends Omit<CallbackBase, 'callUuid'> {
  kind: 'unknown';
  callUuid?: string;
}

export type VobizCallback =
  | AnswerCallback
  | HangupCallback
  | DialActionCallback
  | DialEventCallback
  | StreamStatusCallback
  | RecordCallback
  | RedirectCallback
  | TransferCallback
  | UnknownCallback;

/**
 * Vobiz sends numbers as `917971442086`. Returns `+917971442086` for anything that is plainly an
 * international number (8-15 digits after stripping spaces, dashes, dots and brackets, or a
 * leading `00`); SIP URIs, `anonymous` and trunk-prefixed national numbers (`0…`) come back
 * trimmed but otherwise unchanged, since a country code cannot be guessed.
 */
export function normaliseE164(value: string): string {
  const trimmed = value.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  const compact = trimmed.replace(/[\s\-().]/g, '');
  if (/^\+[1-9][0-9]{6,14}$/.test(compact)) return compact;
  if (/^00[1-9][0-9]{6,14}$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^[1-9][0-9]{7,14}$/.test(compact)) return `+${compact}`;
  return trimmed;
}

function invalid(message: string): never {
  throw new HandoffError('invalid_message', `Invalid Vobiz callback: ${message}`);
}

function scalar(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Frameworks with "extended" query parsers turn repeated keys into arrays.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value[0];
  return invalid(`field ${JSON.stringify(key)} is not a string`);
}

function fromRecord(record: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === '__proto__') continue;
    const text = scalar(key, value);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

/**
 * Whether `parseVobizCallback(form)` would find a field with a value (it keeps the first value of
 * each name and drops `__proto__`), without building the callback: for a route that needs only to
 * know the body is a callback, not what it says.
 */
export function vobizFormHasValue(form: URLSearchParams): boolean {
  let seen: Set<string> | undefined;
  for (const [key, value] of form) {
    if (key === '__proto__' || seen?.has(key)) continue;
    if (value.trim() !== '') return true;
    if (seen === undefined) seen = new Set();
    seen.add(key);
  }
  return false;
}

function fromParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    // A `__proto__` field would rewrite the record's prototype instead of adding a field.
    if (key !== '__proto__' && !Object.hasOwn(out, key)) out[key] = value;
  }
  return out;
}

function toFields(input: VobizCallbackInput): Record<string, string> {
  if (input instanceof URLSearchParams) return fromParams(input);
  if (input instanceof Uint8Array) return toFields(Buffer.from(input).toString('utf8'));
  if (typeof input === 'string') {
    const body = input.trim();
    if (body.startsWith('{') || body.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return invalid('body starts like JSON but does not parse');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return invalid('JSON body is not an object');
      }
      return fromRecord(parsed as Record<string, unknown>);
    }
    return fromParams(new URLSearchParams(body.startsWith('?') ? body.slice(1) : body));
  }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return fromRecord(input);
  return invalid(
    `expected a form body, URLSearchParams or a record; got ${input === null ? 'null' : typeof input}`,
  );
}

const SIP_HEADER_PREFIXES = [/^x-vh-/i, /^x-ph-/i];

function sipHeadersOf(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  // X-VH- is Vobiz's prefix; X-PH- (the Plivo one) still appears on some callbacks, so it is read
  // too, but never overrides an X-VH- value.
  for (const prefix of SIP_HEADER_PREFIXES) {
    for (const [key, value] of Object.entries(raw)) {
      const match = prefix.exec(key);
      if (match === null) continue;
      const name = key.slice(match[0].length);
      if (name !== '' && !Object.hasOwn(out, name)) out[name] = value;
    }
  }
  return out;
}

const STREAM_EVENTS: ReadonlySet<string> = new Set<StreamStatusEvent>([
  'StartStream',
  'PlayedStream',
  'ClearedAudio',
  'DegradedStream',
  'DroppedStream',
  'StopStream',
]);

const DIAL_EVENTS: ReadonlyMap<string, DialEventAction> = new Map([
  ['DialAnswer', 'answer'],
  ['DialConnected', 'connected'],
  ['DialDigitsMatch', 'digits'],
  ['DialHangup', 'hangup'],
]);

/**
 * Parses one Vobiz webhook body (form-encoded string, `URLSearchParams`, or an already-parsed
 * record; a JSON object string is accepted too). Throws `HandoffError('invalid_message')` for
 * anything that is not a set of string fields.
 */
export function parseVobizCallback(input: VobizCallbackInput): VobizCallback {
  const raw = toFields(input);
  // A stray word parses as a form field with an empty value; a real callback always has values.
  if (!Object.values(raw).some((value) => value.trim() !== '')) invalid('no field has a value');

  const get = (key: string): string | undefined => {
    const value = raw[key]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const num = (key: string): number | undefined => {
    const value = get(key);
    if (value === undefined) return undefined;
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  };
  const phone = (key: string) => {
    const value = get(key);
    return value === undefined ? undefined : normaliseE164(value);
  };

  const event = get('Event');
  const callUuid = get('CallUUID');
  const common = {
    from: phone('From'),
    to: phone('To'),
    direction: get('Direction'),
    callStatus: get('CallStatus'),
    event,
    parentAuthId: get('ParentAuthID'),
    raw,
    sipHeaders: sipHeadersOf(raw),
  };
  if (callUuid === undefined) return { kind: 'unknown', ...common };
  const base = { callUuid, ...common };

  if (event === 'Hangup') {
    return {
      kind: 'hangup',
      ...base,
      hangupCause: get('HangupCause'),
      hangupCauseCode: num('HangupCauseCode'),
      hangupCauseName: get('HangupCauseName'),
      hangupSource: get('HangupSource'),
      duration: num('Duration'),
      billDuration: num('BillDuration'),
      answerTime: get('AnswerTime'),
      startTime: get('StartTime'),
      endTime: get('EndTime'),
      sessionStart: get('SessionStart'),
      totalCost: get('TotalCost'),
    };
  }

  const dialAction = get('DialAction') ?? (event === undefined ? undefined : DIAL_EVENTS.get(event));
  if (dialAction !== undefined) {
    return {
      kind: 'dial_event',
      ...base,
      action: dialAction,
      dialALegUuid: get('DialALegUUID'),
      dialBLegUuid: get('DialBLegUUID'),
      dialBLegFrom: phone('DialBLegFrom'),
      dialBLegTo: phone('DialBLegTo'),
      dialBLegPosition: get('DialBLegPosition'),
      dialBLegStatus: get('DialBLegStatus'),
      dialBLegHangupCause: get('DialBLegHangupCause'),
      dialBLegHangupCauseCode: num('DialBLegHangupCauseCode'),
      dialBLegHangupCauseName: get('DialBLegHangupCauseName'),
      dialBLegHangupSource: get('DialBLegHangupSource'),
      dialDigitsMatch: get('DialDigitsMatch'),
      dialDigitsPressedBy: get('DialDigitsPressedBy'),
    };
  }

  const dialStatus = get('DialStatus');
  if (dialStatus !== undefined) {
    return {
      kind: 'dial_action',
      ...base,
      dialStatus,
      dialRingStatus: get('DialRingStatus'),
      dialHangupCause: get('DialHangupCause'),
      dialALegUuid: get('DialALegUUID'),
      dialBLegUuid: get('DialBLegUUID'),
    };
  }

  const streamId = get('StreamID');
  if ((event !== undefined && STREAM_EVENTS.has(event)) || streamId !== undefined) {
    return {
      kind: 'stream_status',
      ...base,
      streamEvent: event ?? 'unknown',
      streamId,
      name: get('Name'),
      error: get('Error'),
      serviceUrl: get('ServiceURL'),
      timestamp: get('Timestamp'),
    };
  }

  if (event === 'Record' || event === 'RecordStop' || get('RecordUrl') !== undefined) {
    return {
      kind: 'record',
      ...base,
      recordUrl: get('RecordUrl'),
      recordingId: get('RecordingID'),
      recordingDuration: num('RecordingDuration'),
      recordingDurationMs: num('RecordingDurationMs'),
      recordingStartMs: num('RecordingStartMs'),
      recordingEndMs: num('RecordingEndMs'),
      recordingEndReason: get('RecordingEndReason'),
    };
  }

  if (event === 'Redirect') return { kind: 'redirect', ...base };
  if (event === 'Transfer') return { kind: 'transfer', ...base };

  if (event === 'StartApp' || (event === undefined && common.callStatus !== undefined)) {
    return {
      kind: 'answer',
      ...base,
      forwardedFrom: phone('ForwardedFrom'),
      callerName: get('CallerName'),
      aLegUuid: get('ALegUUID'),
      aLegRequestUuid: get('ALegRequestUUID'),
      requestUuid: get('RequestUUID'),
      sessionStart: get('SessionStart'),
    };
  }

  return { kind: 'unknown', ...base };
}
