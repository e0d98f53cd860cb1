import type { Handoff } from '@handoff/core';
import type { NonceCache, VobizClient } from '@handoff/vobiz';
import type { DeskUser } from './desk/auth.js';
import type { PlatformMount } from './platform-mounts.js';
import type { TracingOptions } from './tracing.js';

/** How an inbound call reaches the AI agent. */
export type AnswerRoute =
  /** A WebSocket agent: Vobiz `<Stream>` to `<publicUrl>/media/<token>` (or your own `url`). */
  | {
      kind: 'stream';
      url?: string;
      contentType?: 'audio/x-mulaw;rate=8000' | 'audio/x-l16;rate=8000' | 'audio/x-l16;rate=16000';
      platform?: string;
    }
  /** A SIP agent (LiveKit, Retell, VAPI): `<Dial sipHeaders="handoffCall=…"><User>uri</User></Dial>`. */
  | { kind: 'sip'; uri: string; platform?: string; callerId?: string };

/** `handoff.disposed`: a human recorded the outcome at the desk; the payload carries `disposition`. */
export type WebhookEventType =
  | 'handoff.created'
  | 'handoff.updated'
  | 'handoff.completed'
  | 'handoff.failed'
  | 'handoff.disposed';

export interface WebhookTarget {
  url: string;
  /** HMAC-SHA256 key for the `X-Handoff-Signature` header. */
  secret: string;
  /** Event types to send; default all. */
  events?: WebhookEventType[];
}

export interface GatewayOptions {
  handoff: Handoff;
  /**
   * Public base URL Vobiz reaches this gateway at (used in XML and to verify signatures), path
   * prefix included (`https://example.com/handoff`). Defaults to the address `listen()` binds.
   */
  publicUrl?: string;
  vobiz: {
    authToken: string;
    parentAuthToken?: string;
    /** `require` fails closed on a missing signature (default); `optional` accepts unsigned callbacks. */
    signatures?: 'require' | 'optional';
    /** Caller ID on `<Dial>` when the destination has none: a DID the account owns. */
    callerId?: string;
    /**
     * Needed for `POST /v1/handoffs` with `callbackNumber` and for `transferStrategy: 'conference'`,
     * which place calls.
     */
    authId?: string;
    baseUrl?: string;
    /** A client of your own instead of `authId`/`authToken`/`baseUrl` (tests, proxies). */
    client?: Pick<VobizClient, 'makeCall'> & Partial<Pick<VobizClient, 'transferCall' | 'hangupCall'>>;
  };
  answer: AnswerRoute;
  /**
   * Webhook platforms' handlers (`retellHandler(handoff, …)`, `vapiHandler(…)`), each at its
   * path. A config file may name a package instead: see `PlatformPackageMount`.
   */
  platforms?: PlatformMount[];
  /** Keys accepted by the `/v1` API (`Authorization: Bearer <key>`). Without any, `/v1` answers 401. */
  apiKeys?: string[];
  /** Token for the agent desk (`/desk`): a supervisor seat named `desk`. */
  deskToken?: string;
  /**
   * People at the desk, each with a token, a name, a role (`agent`: their `teams`' handoffs;
   * `supervisor`: everything, plus live AI calls, hints and take-overs) and, for agents, teams.
   */
  deskUsers?: DeskUser[];
  webhooks?: WebhookTarget[];
  /** Webhook delivery attempts before dead-lettering (default 5). */
  webhookAttempts?: number;
  /** Wait before the first webhook retry; doubles per attempt, capped at 30 s (default 1000 ms). */
  webhookBackoffMs?: number;
  /** Per-attempt webhook timeout (default 5000 ms). */
  webhookTimeoutMs?: number;
  /**
   * How a live call reaches the human. `dial` (default): after the farewell the Transfer API moves
   * the caller into a `<Dial>`, and the human hears the brief as its `confirmSound`. `conference`:
   * the human's phone rings (make-call, with answering-machine detection) as soon as the packet is
   * persisted, under the farewell; the human hears the brief on their own leg, then walks into a
   * `<Conference>` the caller was moved to after the farewell, with hold music. Needs
   * `vobiz.callerId` and `vobiz.authId` (or a `vobiz.client` with makeCall, transferCall, hangupCall).
   */
  transferStrategy?: 'dial' | 'conference';
  conference?: {
    /**
     * Longest the caller waits in the room with nobody talking to them, then the next rung
     * (default ringTimeoutSec + 30, + 120 with a stream consult).
     */
    maxWaitSec?: number;
    /** Answering-machine detection on the human's call (default true): a machine is never briefed. */
    machineDetection?: boolean;
    /** Vobiz's analysis window, 2000–10000 ms (default: Vobiz's, 5000). */
    machineDetectionTimeMs?: number;
    /**
     * `keys`: after the brief the human presses 1 to take the call, 2 (busy) or 3 (wrong team) to
     * decline, and the reason goes into the packet and the ladder. `stream`: the agent registered
     * with `gateway.onConsult` talks with the human over a `<Stream>` and reports accept or decline
     * (the brief as today while none is registered). Default `none`: brief, then the room.
     */
    consult?: 'none' | 'keys' | 'stream';
    /**
     * The language of every line the human hears on their own leg (the keys prompt, "the caller
     * has left", "a colleague has taken this call", the thanks after a decline) and of the consult
     * agent (`ConsultSession.language`): `en`, `hi`, `hi-Latn` (Hinglish), or any tag whose lines
     * fall back as the caller's do. Default: the caller's detected language (a caller is routed
     * to people who speak it), else the handoff's `language`, else English. Set it when your
     * team hears one language whatever the caller speaks.
     */
    humanLanguage?: string;
  };
  /** Optional spoken line before the `<Dial>` (the AI usually said it already). */
  announce?: string;
  /** Hold audio URL for `<Dial dialMusic>`. */
  dialMusic?: string;
  /** Ring time when the destination sets no `ringTimeoutSec` (default 30 s). */
  ringTimeoutSec?: number;
  /** Longest voicemail the `voicemail` rung records (default 120 s). */
  voicemailMaxLengthSec?: number;
  /** Voice and language of every `<Speak>` the gateway emits. */
  speak?: { voice?: string; language?: string };
  /** Largest request body accepted, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** Comment line sent on idle SSE streams so proxies keep them open (default 15 000 ms). */
  sseHeartbeatMs?: number;
  /** How long a media-socket token stays valid (default 4 h, the longest call worth streaming). */
  mediaTokenTtlMs?: number;
  /** Nonces of verified Vobiz callbacks; share one between gateways in one process. */
  nonceCache?: NonceCache;
  /**
   * How long a Vobiz callback's nonce is refused again, in the store (default 4 h 15 min: the
   * longest default Vobiz call and its retries). Vobiz signs no timestamp; see README "Security".
   */
  replayWindowMs?: number;
  /**
   * Where logs go; secrets and raw callback headers are never passed to it. Default: pino JSON
   * lines on stdout at `LOG_LEVEL` (default `info`), credentials redacted (see `createLogger`).
   * Transfers that fail in the background are logged here with their typed cause when the handoff
   * has no `onError`.
   */
  logger?: Pick<Console, 'info' | 'warn' | 'error'>;
  /** Prometheus metrics at `/metrics`, behind the `apiKeys` (default true). */
  metrics?: boolean;
  /**
   * OpenTelemetry spans per handoff phase, sent over OTLP/HTTP when an endpoint is set here or in
   * `OTEL_EXPORTER_OTLP_ENDPOINT`; with neither (or `false`), nothing is loaded or sent.
   */
  tracing?: TracingOptions | false;
}
