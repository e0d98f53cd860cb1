import type { SandboxCall } from './call.js';
import type { CallEvent } from './events.js';

/** Which webhook signature headers the sandbox attaches to every callback it sends. */
export type SignatureMode = 'v3' | 'v2' | 'both' | 'none';

export type HttpMethod = 'GET' | 'POST';

/**
 * How a simulated phone (a `<Number>`/`<User>` target, or the `to` of an outbound API call)
 * behaves when the sandbox rings it. Times here are real milliseconds and are NOT scaled by
 * `timeScale`: they describe the test's world, not Vobiz's.
 */
export type EndpointBehaviour =
  /** Picks up after `afterMs`; hangs up `hangupAfterMs` after being connected, if given. */
  | { kind: 'answer'; afterMs?: number; hangupAfterMs?: number }
  /** An answering machine: picks up like a human (Vobiz cannot tell without AMD). */
  | { kind: 'voicemail'; afterMs?: number; hangupAfterMs?: number }
  /** An IVR or queue menu picks up: a machine to Vobiz's machine detection, like voicemail. */
  | { kind: 'ivr'; afterMs?: number; hangupAfterMs?: number }
  /** SIP 486 after `afterMs`. */
  | { kind: 'busy'; afterMs?: number }
  /** The person declines the call (SIP 603) after `afterMs`. */
  | { kind: 'reject'; afterMs?: number }
  /** Rings until the ring timeout. */
  | { kind: 'no_answer' }
  /** The network cannot reach the destination (out of service) after `afterMs`. */
  | { kind: 'fail'; afterMs?: number };

/** Source of wall-clock timestamps in logs and webhooks (SessionStart, AnswerTime, media timestamps). */
export interface Clock {
  now(): number;
}

export type StartShape = 'nested' | 'flat';

export interface VobizSandboxOptions {
  /** 0 (default) picks an ephemeral port. */
  port?: number;
  host?: string;
  authId?: string;
  /** Random when omitted. */
  authToken?: string;
  /** Key for the MA-V2/MA-V3 headers; defaults to `authToken` (observed on main accounts). */
  parentAuthToken?: string;
  signatures?: SignatureMode;
  /** Make-call requests allowed per second; unlimited when omitted. */
  cps?: number;
  /** Live calls (inbound and outbound) allowed at once; unlimited when omitted. */
  maxConcurrent?: number;
  endpoints?: Record<string, EndpointBehaviour>;
  /** Behaviour of any target not listed in `endpoints`. Default: answers after 100 ms. */
  defaultEndpoint?: EndpointBehaviour;
  /** Per-attempt timeout of every webhook/XML fetch. Default 5000 ms. */
  callbackTimeoutMs?: number;
  /** Delays before each retry of a failed callback; its length is the retry count. Default [1,2,4] s × timeScale. */
  callbackRetryDelaysMs?: readonly number[];
  /**
   * Multiplier applied to every duration Vobiz derives from XML or its own defaults (Speak/Play/Wait
   * lengths, Dial ring timeout and timeLimit, Record/Gather timers, retry backoff, the ~1 s drop after
   * invalid XML). Default 0.01 so tests run fast; use 1 for a real-time demo.
   */
  timeScale?: number;
  /**
   * Multiplier for how long audio sent with `playAudio` takes to "play" before its checkpoint fires.
   * Default 1: the media clock is real time (caller media frames go out every real 20 ms).
   */
  playbackTimeScale?: number;
  /** Simulated length of a `<Play>` file in Vobiz seconds (the sandbox does not download audio). Default 3. */
  playSeconds?: number;
  /** Shape of the WebSocket `start` message: the current nested one, or the legacy flat one. */
  startShape?: StartShape;
  /** Byte order of L16 media payloads sent to the app (Vobiz's sources disagree). Default 'little'. */
  l16ByteOrder?: 'little' | 'big';
  /**
   * `Event` value on the Dial `action` request. Vobiz's pages disagree (`DialAction` on the dial
   * status page, `Redirect` on the transferred-calls page). Default 'DialAction'.
   */
  dialActionEvent?: 'DialAction' | 'Redirect';
  /**
   * Numbers the account owns. When set, a `<Dial>` whose effective caller ID is not one of them fails
   * every B-leg with 3030 "Unknown Caller ID", as Vobiz warns. Unchecked when omitted.
   */
  ownedNumbers?: readonly string[];
  /** IANA zone for AnswerTime/StartTime/EndTime ("console local time"). Default 'Asia/Kolkata'. */
  consoleTimeZone?: string;
  /**
   * `stayAlone` of a `<Conference>` that does not set it. Vobiz's own warm-transfer reference
   * observed `false` (a lone member is put straight back out); Plivo documents `true`. Default false.
   */
  conferenceStayAloneDefault?: boolean;
  /**
   * `GET /Conference/{name}/` on a live room: the documented details, or the `200 {"error":"failed"}`
   * Vobiz's warm-transfer reference observed. Default 'documented'.
   */
  conferenceDetails?: 'documented' | 'failed';
  /**
   * Who gets the asynchronous `machine_detection_url` callback: only calls a machine answered (the
   * docs' "invoked when a machine is detected"), or every answered call with `Machine=true|false`.
   * Default 'machine'.
   */
  machineDetectionReports?: 'machine' | 'every';
  /** Numeric account id carried in the stream `start.accountId`. Derived from authId when omitted. */
  accountId?: string;
  clock?: Clock;
  /**
   * How many ended calls stay for inspection (`call()`, `calls()`, the REST call and CDR lookups),
   * the oldest forgotten first. Default: every call, as a test inspects any call it made. Set it
   * for a long-running sandbox (a demo, a load test): each ended call keeps its whole event log.
   */
  keepEndedCalls?: number;
  /** Observes every event of every call, e.g. to print a live trace. */
  onEvent?: (call: SandboxCall, event: CallEvent) => void;
}

export interface InboundCallOptions {
  from: string;
  to: string;
  answerUrl: string;
  answerMethod?: HttpMethod;
  hangupUrl?: string;
  hangupMethod?: HttpMethod;
  fallbackUrl?: string;
  fallbackMethod?: HttpMethod;
  callerName?: string;
  /** μ-law 8 kHz audio the caller "says", streamed to the first stream of the call; silence after it. */
  audio?: Buffer;
  /** Custom SIP headers on the inbound INVITE; delivered to webhooks as `X-VH-<name>`. */
  sipHeaders?: Record<string, string>;
}

export type CallDirection = 'inbound' | 'outbound';

export type CallStatus =
  | 'queued'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'failed'
  | 'no-answer'
  | 'cancel';

export type HangupSource =
  | 'Caller'
  | 'Callee'
  | 'Vobiz'
  | 'Carrier'
  | 'API Request'
  | 'Answer XML'
  | 'Error'
  | 'Unknown';

/** The four hangup fields Vobiz reports together (HangupCause, HangupCauseCode, HangupCauseName, HangupSource). */
export interface HangupInfo {
  cause: string;
  code: number;
  name: string;
  source: HangupSource;
}

/**
 * Who hangs up in a test. `caller` is the person on the A-leg (the caller of an inbound call, the
 * called person of an outbound one); `callee` is the human reached through `<Dial>`.
 */
export type Party = 'caller' | 'callee';
