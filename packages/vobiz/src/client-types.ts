import type { Dispatcher } from 'undici';
import type { AudioTrack, HttpMethod, KeyValues, RestStreamContentType } from './validate.js';

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
