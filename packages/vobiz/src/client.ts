import { EventEmitter } from 'node:events';
import { HandoffError } from '@handoff/core';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { z } from 'zod/v4';
import { VobizError, vobizErrorFromResponse } from './errors.js';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableIdempotent,
  isRetryableNonIdempotent,
  type RetryPolicy,
  retryDelayMs,
  sleep,
  wasNeverSent,
} from './retry.js';
import {
  AUDIO_TRACKS,
  type AudioTrack,
  absoluteUrl,
  dtmfDigits,
  type Fail,
  HTTP_METHODS,
  type HttpMethod,
  integer,
  type KeyValues,
  keyValueList,
  nonEmpty,
  oneOf,
  REST_STREAM_CONTENT_TYPES,
  type RestStreamContentType,
} from './validate.js';

/** Kept in step with packages/vobiz/package.json (a test checks). */
export const HANDOFF_VERSION = '0.1.0';

export const DEFAULT_BASE_URL = 'https://api.vobiz.ai/api/v1';
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface VobizClientOptions {
  authId: string;
  authToken: string;
  /** Including the version segment. Default `https://api.vobiz.ai/api/v1`. */
  baseUrl?: string;
  /** Per attempt, covering connect, headers and body. Default 10 s. */
  timeoutMs?: number;
  /** Retries for requests that may safely repeat. Default 2. */
  retries?: number;
  /** First backoff step. Default 250 ms. */
  retryBaseDelayMs?: number;
  /** Longest single wait, and the largest `Retry-After` honoured. Default 5 s. */
  retryMaxDelayMs?: number;
  /** An undici dispatcher (Agent, ProxyAgent, MockAgent). Default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
}

export type CallLegs = 'aleg' | 'bleg' | 'both';
export type CallLeg = 'aleg' | 'bleg';

export interface TransferCallOptions {
  legs?: CallLegs;
  alegUrl?: string;
  alegMethod?: HttpMethod;
  blegUrl?: string;
  blegMethod?: HttpMethod;
  /**
   * Asked only when the transfer request failed with an unknown outcome (5xx, timeout, broken
   * connection) and the call is still live: "did the transfer demonstrably happen?" — e.g. the
   * gateway saw Vobiz fetch the handoff XML. `true` counts as success, `false` allows exactly one
   * more attempt. Without it, such failures are rethrown with `outcomeUnknown: true`.
   */
  verify?: () => Promise<boolean>;
}

export interface TransferCallResult {
  apiId?: string;
  message: string;
  callUuid: string;
  /** Set when the request itself failed but `verify()` confirmed the transfer happened. */
  verified?: boolean;
}

export interface HangupCallResult {
  /** Vobiz answered 404: the call had already ended, which is what a hangup wants anyway. */
  alreadyEnded: boolean;
}

export interface LiveCall {
  callStatus: string;
  callUuid: string;
  from?: string;
  to?: string;
  direction?: string;
  callerName?: string;
  requestUuid?: string;
  sessionStart?: string;
  stirAttestation?: string;
  stirVerification?: string;
  apiId?: string;
  /** The response as received, for fields this type does not name. */
  raw: Record<string, unknown>;
}

export interface MakeCallOptions {
  from: string;
  /** One destination, or several (Vobiz rings up to 1000, joined with `<`). */
  to: string | readonly string[];
  answerUrl: string;
  answerMethod?: HttpMethod;
  ringUrl?: string;
  ringMethod?: HttpMethod;
  hangupUrl?: string;
  hangupMethod?: HttpMethod;
  fallbackUrl?: string;
  fallbackMethod?: HttpMethod;
  /** At most 50 characters. */
  callerName?: string;
  sendDigits?: string;
  sendOnPreanswer?: boolean;
  /** Seconds; Vobiz default 14400. */
  timeLimit?: number;
  /** Seconds to ring before giving up. */
  ringTimeout?: number;
  hangupOnRing?: number;
  machineDetection?: boolean | 'hangup';
  machineDetectionTime?: number;
  machineDetectionUrl?: string;
  machineDetectionMethod?: HttpMethod;
  sipHeaders?: KeyValues | string;
  /** Further documented snake_case fields, sent as given (they never override the ones above). */
  extra?: Readonly<Record<string, string | number | boolean>>;
}

export interface MakeCallResult {
  apiId?: string;
  message: string;
  /** The A-leg call UUID (Vobiz's `request_uuid` equals `CallUUID`). */
  requestUuid: string;
  /** Every UUID returned, for multi-destination calls. */
  requestUuids: string[];
}

export interface SpeakOptions {
  text: string;
  voice?: string;
  language?: string;
  legs?: CallLegs;
  loop?: boolean;
  mix?: boolean;
}

export interface PlayOptions {
  urls: string | readonly string[];
  legs?: CallLegs;
  loop?: boolean;
  mix?: boolean;
}

export interface SendDigitsOptions {
  digits: string;
  /** Singular on this endpoint, unlike Play/Speak. */
  leg?: CallLeg;
}

export interface CallActionResult {
  apiId?: string;
  message: string;
}

export interface StopResult {
  /** Vobiz answered 404: nothing was playing/streaming (or the call ended). */
  alreadyStopped: boolean;
}

export interface StartStreamOptions {
  serviceUrl: string;
  bidirectional: boolean;
  audioTrack: AudioTrack;
  contentType: RestStreamContentType;
  streamTimeout?: number;
  statusCallbackUrl?: string;
  statusCallbackMethod?: HttpMethod;
  extraHeaders?: KeyValues | string;
}

export interface StartStreamResult {
  streamId: string;
  message: string;
  apiId?: string;
}

type Retry = 'idempotent' | 'non-idempotent' | 'none';

interface SendOptions {
  body?: Record<string, unknown>;
  retry: Retry;
  /** Human description for error messages. */
  what: string;
}

interface RawResponse {
  status: number;
  text: string;
}

const failRequest: Fail = (message) => {
  throw new VobizError({ status: 0, code: 'invalid_request', message: `Invalid Vobiz request: ${message}` });
};

const optionalString = z.string().optional().catch(undefined);

const actionSchema = z.object({ api_id: optionalString, message: optionalString });

/**
 * What a transfer's reply says, read as `actionSchema.extend({ call_uuid, call_uuids })` would
 * (a field of the wrong type counts as absent), without a schema parse: the transfer is on a live
 * call's critical path, and the parse cost it as much as the rest of the reply's handling.
 */
function transferReply(raw: Record<string, unknown>): {
  apiId: string | undefined;
  message: string | undefined;
  callUuid: string | undefined;
} {
  const uuids = raw.call_uuids;
  const listed =
    Array.isArray(uuids) && uuids.every((uuid) => typeof uuid === 'string') ? uuids[0] : undefined;
  return {
    apiId: stringOrUndefined(raw.api_id),
    message: stringOrUndefined(raw.message),
    callUuid: stringOrUndefined(raw.call_uuid) ?? listed,
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A request as error messages name it; only built when one fails. */
function described(what: string, method: string, path: string): string {
  return `${what} (${method} ${path})`;
}

const makeCallSchema = actionSchema.extend({
  request_uuid: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .catch(undefined),
});

const streamSchema = actionSchema.extend({ stream_id: optionalString });

/** `CallStatus` values after which a call is over (Vobiz's hangup callback lists them). */
const FINAL_CALL_STATUSES = new Set([
  'completed',
  'busy',
  'failed',
  'timeout',
  'no-answer',
  'canceled',
  'cancelled',
]);

const liveCallSchema = z.object({
  api_id: optionalString,
  call_status: optionalString,
  call_uuid: optionalString,
  caller_name: optionalString,
  direction: optionalString,
  from: optionalString,
  to: optionalString,
  request_uuid: optionalString,
  session_start: optionalString,
  stir_attestation: optionalString,
  stir_verification: optionalString,
});

/** Drops undefined fields so the wire body carries only what the caller set. */
function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Sets `apiId` on `target` (a result just built for the caller) when Vobiz sent one. */
function withApiId<T extends object>(
  target: T & { apiId?: string },
  apiId: string | undefined,
): T & { apiId?: string } {
  if (apiId !== undefined) target.apiId = apiId;
  return target;
}

/**
 * A small Vobiz REST client for the call-control endpoints the handoff needs. It speaks exactly the
 * documented wire format (PascalCase paths with trailing slash, `X-Auth-ID`/`X-Auth-Token`, JSON
 * bodies with snake_case fields) and knows which requests may be repeated: Vobiz has no
 * idempotency keys, so a transfer or a new call is never sent twice on a guess.
 */
export class VobizClient {
  readonly authId: string;
  readonly baseUrl: string;
  readonly #authToken: string;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #dispatcher: Dispatcher | undefined;
  /** The same on every request (a transfer is on a live call's critical path): built once. */
  readonly #headers: { bare: Readonly<Record<string, string>>; json: Readonly<Record<string, string>> };

  constructor(options: VobizClientOptions) {
    const failOption = (message: string): never => {
      throw new HandoffError('invalid_options', `VobizClient: ${message}`);
    };
    this.authId = nonEmpty(options.authId, 'authId', failOption);
    this.#authToken = nonEmpty(options.authToken, 'authToken', failOption);
    this.baseUrl = absoluteUrl(options.baseUrl ?? DEFAULT_BASE_URL, 'baseUrl', failOption).replace(
      /\/+$/,
      '',
    );
    this.#timeoutMs = integer(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs', failOption, { min: 1 });
    this.#retry = {
      retries: integer(options.retries ?? DEFAULT_RETRY_POLICY.retries, 'retries', failOption, { max: 10 }),
      baseDelayMs: integer(
        options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
        'retryBaseDelayMs',
        failOption,
      ),
      maxDelayMs: integer(
        options.retryMaxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
        'retryMaxDelayMs',
        failOption,
      ),
    };
    this.#dispatcher = options.dispatcher;
    const bare = Object.freeze({
      'X-Auth-ID': this.authId,
      'X-Auth-Token': this.#authToken,
      'User-Agent': `handoff/${HANDOFF_VERSION}`,
      Accept: 'application/json',
    });
    this.#headers = { bare, json: Object.freeze({ ...bare, 'Content-Type': 'application/json' }) };
  }

  /** Redirects a live call to new VobizXML: `POST /Account/{id}/Call/{uuid}/`, 202 on success. */
  async transferCall(callUuid: string, options: TransferCallOptions): Promise<TransferCallResult> {
    const legs = oneOf(options.legs ?? 'aleg', ['aleg', 'bleg', 'both'] as const, 'legs', failRequest);
    const body: Record<string, unknown> = { legs };
    if (legs === 'aleg' || legs === 'both') {
      body.aleg_url = absoluteUrl(options.alegUrl, `alegUrl (required for legs="${legs}")`, failRequest);
      body.aleg_method = oneOf(options.alegMethod ?? 'POST', HTTP_METHODS, 'alegMethod', failRequest);
    }
    if (legs === 'bleg' || legs === 'both') {
      body.bleg_url = absoluteUrl(options.blegUrl, `blegUrl (required for legs="${legs}")`, failRequest);
      body.bleg_method = oneOf(options.blegMethod ?? 'POST', HTTP_METHODS, 'blegMethod', failRequest);
    }
    const path = this.#callPath(callUuid);
    const send = async (retry: Retry) => {
      const response = await this.#send('POST', path, { body, retry, what: 'transfer call' });
      const reply = transferReply(parseJsonObject(response.text));
      return withApiId({ message: reply.message ?? '', callUuid: reply.callUuid ?? callUuid }, reply.apiId);
    };

    try {
      return await send('non-idempotent');
    } catch (error) {
      if (!(error instanceof VobizError) || !error.outcomeUnknown) throw error;
      return this.#resolveUnknownTransfer(callUuid, error, options.verify, () => send('none'));
    }
  }

  /**
   * A transfer failed in a way that leaves its outcome unknown. Repeating it blindly could redirect
   * the caller twice (dropping them out of the first human's ring), so only retry when the call is
   * still live and the caller can show the first attempt did not land.
   */
  async #resolveUnknownTransfer(
    callUuid: string,
    original: VobizError,
    verify: (() => Promise<boolean>) | undefined,
    retryOnce: () => Promise<TransferCallResult>,
  ): Promise<TransferCallResult> {
    let live: LiveCall | undefined;
    try {
      live = await this.getLiveCall(callUuid);
    } catch {
      throw original;
    }
    if (live === undefined) {
      throw new VobizError({
        status: 404,
        code: 'call_not_live',
        message: `Vobiz transfer call failed (${original.message}) and call ${callUuid} is no longer live; not retried`,
        cause: original,
      });
    }
    if (verify === undefined) throw original;
    let happened: boolean;
    try {
      happened = await verify();
    } catch {
      throw original;
    }
    if (happened) {
      return { message: 'transfer verified after an unknown-outcome response', callUuid, verified: true };
    }
    return retryOnce();
  }

  /** `DELETE /Account/{id}/Call/{uuid}/`. A 404 means the call already ended, which counts as success. */
  async hangupCall(callUuid: string): Promise<HangupCallResult> {
    try {
      await this.#send('DELETE', this.#callPath(callUuid), { retry: 'idempotent', what: 'hang up call' });
      return { alreadyEnded: false };
    } catch (error) {
      if (error instanceof VobizError && error.status === 404) return { alreadyEnded: true };
      throw error;
    }
  }

  /**
   * `GET /Account/{id}/Call/{uuid}/?status=live`; `undefined` when the call is not in progress: a
   * 404, or a 200 whose `call_status` is final (`completed`, `busy`, …), which a call that just
   * ended can still answer with.
   */
  async getLiveCall(callUuid: string): Promise<LiveCall | undefined> {
    let response: RawResponse;
    try {
      response = await this.#send('GET', `${this.#callPath(callUuid)}?status=live`, {
        retry: 'idempotent',
        what: 'get live call',
      });
    } catch (error) {
      if (error instanceof VobizError && error.status === 404) return undefined;
      throw error;
    }
    const raw = parseJsonObject(response.text);
    const parsed = liveCallSchema.parse(raw);
    if (parsed.call_status !== undefined && FINAL_CALL_STATUSES.has(parsed.call_status.toLowerCase())) {
      return undefined;
    }
    return {
      callStatus: parsed.call_status ?? 'in-progress',
      callUuid: parsed.call_uuid ?? callUuid,
      from: parsed.from,
      to: parsed.to,
      direction: parsed.direction,
      callerName: parsed.caller_name,
      requestUuid: parsed.request_uuid,
      sessionStart: parsed.session_start,
      stirAttestation: parsed.stir_attestation,
      stirVerification: parsed.stir_verification,
      apiId: parsed.api_id,
      raw,
    };
  }

  /**
   * `POST /Account/{id}/Call/`. Never retried on 5xx or timeout: the call may already be ringing,
   * so such errors carry `outcomeUnknown: true` and the caller decides.
   */
  async makeCall(options: MakeCallOptions): Promise<MakeCallResult> {
    const to = typeof options.to === 'string' ? [options.to] : [...options.to];
    if (to.length === 0 || to.length > 1000) failRequest('to must hold between 1 and 1000 destinations');
    for (const destination of to) {
      if (nonEmpty(destination, 'to', failRequest).includes('<')) {
        failRequest('a destination may not contain "<"');
      }
    }
    if (options.callerName !== undefined && [...options.callerName].length > 50) {
      failRequest('callerName may be at most 50 characters');
    }
    const url = (value: string | undefined, label: string) =>
      value === undefined ? undefined : absoluteUrl(value, label, failRequest);
    const method = (value: HttpMethod | undefined, label: string) =>
      value === undefined ? undefined : oneOf(value, HTTP_METHODS, label, failRequest);
    const count = (value: number | undefined, label: string) =>
      value === undefined ? undefined : integer(value, label, failRequest);

    const body = {
      ...options.extra,
      ...definedOnly({
        from: nonEmpty(options.from, 'from', failRequest),
        to: to.join('<'),
        answer_url: absoluteUrl(options.answerUrl, 'answerUrl', failRequest),
        answer_method: oneOf(options.answerMethod ?? 'POST', HTTP_METHODS, 'answerMethod', failRequest),
        ring_url: url(options.ringUrl, 'ringUrl'),
        ring_method: method(options.ringMethod, 'ringMethod'),
        hangup_url: url(options.hangupUrl, 'hangupUrl'),
        hangup_method: method(options.hangupMethod, 'hangupMethod'),
        fallback_url: url(options.fallbackUrl, 'fallbackUrl'),
        fallback_method: method(options.fallbackMethod, 'fallbackMethod'),
        caller_name: options.callerName,
        send_digits:
          options.sendDigits === undefined
            ? undefined
            : dtmfDigits(options.sendDigits, 'sendDigits', failRequest),
        send_on_preanswer: options.sendOnPreanswer,
        time_limit: count(options.timeLimit, 'timeLimit'),
        ring_timeout: count(options.ringTimeout, 'ringTimeout'),
        hangup_on_ring: count(options.hangupOnRing, 'hangupOnRing'),
        machine_detection:
          options.machineDetection === undefined || options.machineDetection === false
            ? undefined
            : options.machineDetection === true
              ? 'true'
              : oneOf(options.machineDetection, ['hangup'] as const, 'machineDetection', failRequest),
        machine_detection_time: count(options.machineDetectionTime, 'machineDetectionTime'),
        machine_detection_url: url(options.machineDetectionUrl, 'machineDetectionUrl'),
        machine_detection_method: method(options.machineDetectionMethod, 'machineDetectionMethod'),
        sip_headers:
          options.sipHeaders === undefined
            ? undefined
            : keyValueList(options.sipHeaders, 'sipHeaders', failRequest),
      }),
    };

    const response = await this.#send('POST', `${this.#accountPath()}Call/`, {
      body,
      retry: 'non-idempotent',
      what: 'make call',
    });
    const parsed = makeCallSchema.parse(parseJsonObject(response.text));
    const uuids =
      parsed.request_uuid === undefined
        ? []
        : typeof parsed.request_uuid === 'string'
          ? [parsed.request_uuid]
          : parsed.request_uuid;
    const [first] = uuids;
    if (first === undefined) {
      // The call was accepted (2xx) but we cannot tell which one it is: still an unknown outcome.
      throw new VobizError({
        status: response.status,
        code: 'invalid_response',
        message: `Vobiz make call answered HTTP ${response.status} without a request_uuid`,
        body: response.text.slice(0, 2000),
        outcomeUnknown: true,
      });
    }
    return withApiId(
      { message: parsed.message ?? '', requestUuid: first, requestUuids: uuids },
      parsed.api_id,
    );
  }

  /** `POST …/Call/{uuid}/Speak/`. */
  async speak(callUuid: string, options: SpeakOptions): Promise<CallActionResult> {
    const body = definedOnly({
      text: nonEmpty(options.text, 'text', failRequest),
      voice: options.voice,
      language: options.language,
      legs:
        options.legs === undefined
          ? undefined
          : oneOf(options.legs, ['aleg', 'bleg', 'both'], 'legs', failRequest),
      loop: options.loop,
      mix: options.mix,
    });
    return this.#action('POST', `${this.#callPath(callUuid)}Speak/`, body, 'speak');
  }

  /** `DELETE …/Call/{uuid}/Speak/`. */
  stopSpeak(callUuid: string): Promise<StopResult> {
    return this.#stop(`${this.#callPath(callUuid)}Speak/`, 'stop speak');
  }

  /** `POST …/Call/{uuid}/Play/`; several URLs are sent comma-separated, as Plivo's API takes them. */
  async play(callUuid: string, options: PlayOptions): Promise<CallActionResult> {
    const urls = typeof options.urls === 'string' ? [options.urls] : [...options.urls];
    if (urls.length === 0) failRequest('urls must hold at least one URL');
    const body = definedOnly({
      // A comma inside one URL would split it in two on Vobiz's side.
      urls: urls.map((u) => absoluteUrl(u, 'urls', failRequest).replaceAll(',', '%2C')).join(','),
      legs:
        options.legs === undefined
          ? undefined
          : oneOf(options.legs, ['aleg', 'bleg', 'both'], 'legs', failRequest),
      loop: options.loop,
      mix: options.mix,
    });
    return this.#action('POST', `${this.#callPath(callUuid)}Play/`, body, 'play');
  }

  /** `DELETE …/Call/{uuid}/Play/`. */
  stopPlay(callUuid: string): Promise<StopResult> {
    return this.#stop(`${this.#callPath(callUuid)}Play/`, 'stop play');
  }

  /** `POST …/Call/{uuid}/DTMF/` with `{digits, leg}`. */
  async sendDigits(callUuid: string, options: SendDigitsOptions): Promise<CallActionResult> {
    const body = definedOnly({
      digits: dtmfDigits(options.digits, 'digits', failRequest),
      leg: options.leg === undefined ? undefined : oneOf(options.leg, ['aleg', 'bleg'], 'leg', failRequest),
    });
    return this.#action('POST', `${this.#callPath(callUuid)}DTMF/`, body, 'send digits');
  }

  /**
   * `POST …/Call/{uuid}/Stream/`. Every format field is sent explicitly because the documented
   * defaults disagree between doc versions.
   */
  async startStream(callUuid: string, options: StartStreamOptions): Promise<StartStreamResult> {
    if (typeof options.bidirectional !== 'boolean') failRequest('bidirectional must be a boolean');
    const body = definedOnly({
      service_url: absoluteUrl(options.serviceUrl, 'serviceUrl', failRequest, ['ws:', 'wss:']),
      // Sent as the string "true"/"false": Vobiz's own warm-transfer reference reports that the
      // server compares against the string and a JSON boolean silently yields a one-way stream.
      bidirectional: options.bidirectional ? 'true' : 'false',
      audio_track: oneOf(options.audioTrack, AUDIO_TRACKS, 'audioTrack', failRequest),
      content_type: oneOf(options.contentType, REST_STREAM_CONTENT_TYPES, 'contentType', failRequest),
      stream_timeout:
        options.streamTimeout === undefined
          ? undefined
          : integer(options.streamTimeout, 'streamTimeout', failRequest, { min: 1 }),
      status_callback_url:
        options.statusCallbackUrl === undefined
          ? undefined
          : absoluteUrl(options.statusCallbackUrl, 'statusCallbackUrl', failRequest),
      status_callback_method:
        options.statusCallbackMethod === undefined
          ? undefined
          : oneOf(options.statusCallbackMethod, HTTP_METHODS, 'statusCallbackMethod', failRequest),
      extra_headers:
        options.extraHeaders === undefined
          ? undefined
          : keyValueList(options.extraHeaders, 'extraHeaders', failRequest, 512),
    });
    const response = await this.#send('POST', `${this.#callPath(callUuid)}Stream/`, {
      body,
      retry: 'non-idempotent',
      what: 'start stream',
    });
    const parsed = streamSchema.parse(parseJsonObject(response.text));
    if (parsed.stream_id === undefined) {
      throw new VobizError({
        status: response.status,
        code: 'invalid_response',
        message: `Vobiz start stream answered HTTP ${response.status} without a stream_id`,
        body: response.text.slice(0, 2000),
        outcomeUnknown: true,
      });
    }
    return withApiId({ streamId: parsed.stream_id, message: parsed.message ?? '' }, parsed.api_id);
  }

  /** `DELETE …/Stream/{id}/`, or every stream on the call when `streamId` is omitted. */
  stopStream(callUuid: string, streamId?: string): Promise<StopResult> {
    const suffix =
      streamId === undefined ? '' : `${encodeURIComponent(nonEmpty(streamId, 'streamId', failRequest))}/`;
    return this.#stop(`${this.#callPath(callUuid)}Stream/${suffix}`, 'stop stream');
  }

  #accountPath(): string {
    return `/Account/${encodeURIComponent(this.authId)}/`;
  }

  #callPath(callUuid: string): string {
    return `${this.#accountPath()}Call/${encodeURIComponent(nonEmpty(callUuid, 'callUuid', failRequest))}/`;
  }

  async #action(
    method: 'POST',
    path: string,
    body: Record<string, unknown>,
    what: string,
  ): Promise<CallActionResult> {
    const response = await this.#send(method, path, { body, retry: 'non-idempotent', what });
    const parsed = actionSchema.parse(parseJsonObject(response.text));
    return withApiId({ message: parsed.message ?? '' }, parsed.api_id);
  }

  async #stop(path: string, what: string): Promise<StopResult> {
    try {
      await this.#send('DELETE', path, { retry: 'idempotent', what });
      return { alreadyStopped: false };
    } catch (error) {
      if (error instanceof VobizError && error.status === 404) return { alreadyStopped: true };
      throw error;
    }
  }

  /** One logical request: attempts, backoff, and the final typed error. */
  async #send(method: 'GET' | 'POST' | 'DELETE', path: string, options: SendOptions): Promise<RawResponse> {
    const maxRetries = options.retry === 'none' ? 0 : this.#retry.retries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(method, path, options);
      } catch (error) {
        if (!(error instanceof VobizError)) throw error;
        const retryable =
          options.retry === 'idempotent' ? isRetryableIdempotent(error) : isRetryableNonIdempotent(error);
        if (!retryable || attempt >= maxRetries) throw error;
        const delay = retryDelayMs(attempt, this.#retry, error.retryAfter);
        if (delay === undefined) throw error;
        await sleep(delay);
      }
    }
  }

  async #attempt(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: SendOptions,
  ): Promise<RawResponse> {
    const nonIdempotent = options.retry !== 'idempotent';
    const headers = options.body === undefined ? this.#headers.bare : this.#headers.json;

    // The request's abort signal is an EventEmitter, which undici takes as well as an AbortSignal:
    // an AbortController (an EventTarget) cost each request about 2 KiB, and only the timeout
    // ever aborts.
    const abort = new EventEmitter();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.emit('abort');
    }, this.#timeoutMs);
    try {
      const init: Parameters<typeof request>[1] & object = {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: abort,
      };
      if (this.#dispatcher !== undefined) init.dispatcher = this.#dispatcher;
      const response = await request(`${this.baseUrl}${path}`, init);
      const text = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return { status: response.statusCode, text };
      }
      throw vobizErrorFromResponse(
        { status: response.statusCode, headers: response.headers, text },
        {
          context: described(options.what, method, path),
          redact: (value) => this.#redact(value),
          outcomeUnknown: nonIdempotent && response.statusCode >= 500,
        },
      );
    } catch (error) {
      if (error instanceof VobizError) throw error;
      if (timedOut) {
        throw new VobizError({
          status: 0,
          code: 'timeout',
          message: `Vobiz ${described(options.what, method, path)} timed out after ${this.#timeoutMs} ms`,
          outcomeUnknown: nonIdempotent,
          cause: error,
        });
      }
      const networkError = new VobizError({
        status: 0,
        code: 'network',
        message: `Vobiz ${described(options.what, method, path)} failed: ${this.#redact(error instanceof Error ? error.message : String(error))}`,
        cause: error,
      });
      if (!nonIdempotent || wasNeverSent(networkError)) throw networkError;
      throw new VobizError({
        status: 0,
        code: 'network',
        message: networkError.message,
        outcomeUnknown: true,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  #redact(text: string): string {
    return text.replaceAll(this.#authToken, '[redacted]');
  }
}
