import { HandoffError } from '@handoff/core';
import {
  actionSchema,
  liveCallReply,
  makeCallSchema,
  parseJsonObject,
  streamSchema,
  transferReply,
  withApiId,
} from './client-replies.js';
import {
  failRequest,
  makeCallBody,
  playBody,
  sendDigitsBody,
  speakBody,
  startStreamBody,
  transferBody,
} from './client-requests.js';
import { type RawResponse, type Retry, VobizTransport } from './client-transport.js';
import type {
  CallActionResult,
  HangupCallResult,
  LiveCall,
  MakeCallOptions,
  MakeCallResult,
  PlayOptions,
  SendDigitsOptions,
  SpeakOptions,
  StartStreamOptions,
  StartStreamResult,
  StopResult,
  TransferCallOptions,
  TransferCallResult,
  VobizClientOptions,
} from './client-types.js';
import { VobizError } from './errors.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';
import { absoluteUrl, integer, nonEmpty } from './validate.js';

export type * from './client-types.js';

/** Kept in step with packages/vobiz/package.json (a test checks). */
export const HANDOFF_VERSION = '0.1.0';

export const DEFAULT_BASE_URL = 'https://api.vobiz.ai/api/v1';
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A small Vobiz REST client for the call-control endpoints the handoff needs. It speaks exactly the
 * documented wire format (PascalCase paths with trailing slash, `X-Auth-ID`/`X-Auth-Token`, JSON
 * bodies with snake_case fields) and knows which requests may be repeated: Vobiz has no
 * idempotency keys, so a transfer or a new call is never sent twice on a guess.
 */
export class VobizClient {
  readonly authId: string;
  readonly baseUrl: string;
  readonly #transport: VobizTransport;

  constructor(options: VobizClientOptions) {
    const failOption = (message: string): never => {
      throw new HandoffError('invalid_options', `VobizClient: ${message}`);
    };
    this.authId = nonEmpty(options.authId, 'authId', failOption);
    const authToken = nonEmpty(options.authToken, 'authToken', failOption);
    this.baseUrl = absoluteUrl(options.baseUrl ?? DEFAULT_BASE_URL, 'baseUrl', failOption).replace(
      /\/+$/,
      '',
    );
    const timeoutMs = integer(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs', failOption, { min: 1 });
    const retry = {
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
    this.#transport = new VobizTransport({
      baseUrl: this.baseUrl,
      authId: this.authId,
      authToken,
      userAgent: `handoff/${HANDOFF_VERSION}`,
      timeoutMs,
      retry,
      dispatcher: options.dispatcher,
    });
  }

  /** Redirects a live call to new VobizXML: `POST /Account/{id}/Call/{uuid}/`, 202 on success. */
  async transferCall(callUuid: string, options: TransferCallOptions): Promise<TransferCallResult> {
    const body = transferBody(options);
    const path = this.#callPath(callUuid);
    const send = async (retry: Retry) => {
      const response = await this.#transport.send('POST', path, { body, retry, what: 'transfer call' });
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
      await this.#transport.send('DELETE', this.#callPath(callUuid), {
        retry: 'idempotent',
        what: 'hang up call',
      });
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
      response = await this.#transport.send('GET', `${this.#callPath(callUuid)}?status=live`, {
        retry: 'idempotent',
        what: 'get live call',
      });
    } catch (error) {
      if (error instanceof VobizError && error.status === 404) return undefined;
      throw error;
    }
    const raw = parseJsonObject(response.text);
    return liveCallReply(raw, callUuid);
  }

  /**
   * `POST /Account/{id}/Call/`. Never retried on 5xx or timeout: the call may already be ringing,
   * so such errors carry `outcomeUnknown: true` and the caller decides.
   */
  async makeCall(options: MakeCallOptions): Promise<MakeCallResult> {
    const body = makeCallBody(options);
    const response = await this.#transport.send('POST', `${this.#accountPath()}Call/`, {
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
    const body = speakBody(options);
    return this.#action('POST', `${this.#callPath(callUuid)}Speak/`, body, 'speak');
  }

  /** `DELETE …/Call/{uuid}/Speak/`. */
  stopSpeak(callUuid: string): Promise<StopResult> {
    return this.#stop(`${this.#callPath(callUuid)}Speak/`, 'stop speak');
  }

  /** `POST …/Call/{uuid}/Play/`; several URLs are sent comma-separated, as Plivo's API takes them. */
  async play(callUuid: string, options: PlayOptions): Promise<CallActionResult> {
    const body = playBody(options);
    return this.#action('POST', `${this.#callPath(callUuid)}Play/`, body, 'play');
  }

  /** `DELETE …/Call/{uuid}/Play/`. */
  stopPlay(callUuid: string): Promise<StopResult> {
    return this.#stop(`${this.#callPath(callUuid)}Play/`, 'stop play');
  }

  /** `POST …/Call/{uuid}/DTMF/` with `{digits, leg}`. */
  async sendDigits(callUuid: string, options: SendDigitsOptions): Promise<CallActionResult> {
    const body = sendDigitsBody(options);
    return this.#action('POST', `${this.#callPath(callUuid)}DTMF/`, body, 'send digits');
  }

  /**
   * `POST …/Call/{uuid}/Stream/`. Every format field is sent explicitly because the documented
   * defaults disagree between doc versions.
   */
  async startStream(callUuid: string, options: StartStreamOptions): Promise<StartStreamResult> {
    const body = startStreamBody(options);
    const response = await this.#transport.send('POST', `${this.#callPath(callUuid)}Stream/`, {
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
    const response = await this.#transport.send(method, path, { body, retry: 'non-idempotent', what });
    const parsed = actionSchema.parse(parseJsonObject(response.text));
    return withApiId({ message: parsed.message ?? '' }, parsed.api_id);
  }

  async #stop(path: string, what: string): Promise<StopResult> {
    try {
      await this.#transport.send('DELETE', path, { retry: 'idempotent', what });
      return { alreadyStopped: false };
    } catch (error) {
      if (error instanceof VobizError && error.status === 404) return { alreadyStopped: true };
      throw error;
    }
  }
}
