import type { RetellCall } from './payloads.js';

/** A verified request, after the core has had it. */
export interface RetellEvent {
  /** The webhook's `event` (`call_analyzed`, `transfer_bridged`, …), or `function_call`. */
  event: string;
  /** Retell's `call_id`, when the request carried the call. */
  retellCallId?: string;
  /** The Vobiz call UUID the call carries. */
  callId?: string;
  /** The handoff made for the call, for `call_ended`, `call_analyzed` and `transfer_*`. */
  handoffId?: string;
  /** Retell's call object as received: `call_analysis` on `call_analyzed`, for instance. */
  call?: RetellCall;
}

/** `disconnection_reason`s that mean the AI side failed, not that someone hung up. */
export const AI_FAILURES: ReadonlySet<string> = new Set([
  'error_llm_websocket_open',
  'error_llm_websocket_lost_connection',
  'error_llm_websocket_runtime',
  'error_llm_websocket_corrupt_payload',
  'error_asr',
  'error_retell',
  'error_unknown',
]);

/** Events that only report on a call: looked up, passed to `onEvent`, never acted on. */
export const REPORTS: ReadonlySet<string> = new Set([
  'call_analyzed',
  'transfer_started',
  'transfer_bridged',
  'transfer_cancelled',
  'transfer_ended',
]);
