import { webhook } from '@handoff/core';
import type { Vapi } from '@vapi-ai/server-sdk';
import { checkAuthModes, type VapiAuth } from './auth.js';
import type { VapiControlOptions } from './control.js';
import type { VapiCallReport } from './payload.js';

/**
 * VAPI's call as a server message carries it: `Vapi.Call`'s fields, any of which a message may
 * leave out (a `speech-update` carries `id` and `orgId` only), and always its `id`.
 */
export type VapiMessageCall = Partial<Vapi.Call> & Pick<Vapi.Call, 'id'>;

export interface VapiHandlerOptions {
  /**
   * The value VAPI sends as `X-Vapi-Secret`: the legacy inline `secret`, or a Bearer Token
   * credential with header `X-Vapi-Secret` and the Bearer prefix off.
   */
  secret?: string;
  /** Other ways VAPI is configured to authenticate (Bearer, HMAC). A request passes if any passes. */
  auth?: VapiAuth | VapiAuth[];
  /** Your VAPI public key, when `monitorPlan.controlAuthenticationEnabled` is on. */
  controlToken?: string;
  /** Longest wait for the call's control URL to answer. Default 5 s. */
  controlTimeoutMs?: number;
  /** Largest body accepted; larger is 413 and never read. Default 2 MiB. */
  maxBodyBytes?: number;
  /**
   * Longest a request waits for the core before it is answered (a tool call gets the core's
   * decision even if the carrier is still busy). Keep it under the tool's `server.timeoutSeconds`
   * (VAPI's default 20 s). Default 15 s.
   */
  replyTimeoutMs?: number;
  /**
   * The Vobiz call UUID of a VAPI call whose SIP headers and variables do not carry one, before
   * the default: the gateway's record of the SIP call it dialled to VAPI (the core's inbound-call
   * index, matched on the caller's number, the number rung and `createdAt`). Without either, VAPI's
   * own call id is the core's call id: a VAPI-native number, moved by the live-control carrier.
   */
  resolveCallId?: (call: VapiMessageCall) => string | undefined | Promise<string | undefined>;
  /** The end-of-call report with VAPI's `analysis`, and the handoff it belongs to, once the call is over. */
  onReport?: (report: VapiCallReport) => void | Promise<void>;
  /** For tests. */
  fetch?: typeof fetch;
}

const KNOWN: Array<keyof VapiHandlerOptions> = [
  'secret',
  'auth',
  'controlToken',
  'controlTimeoutMs',
  'maxBodyBytes',
  'replyTimeoutMs',
  'resolveCallId',
  'onReport',
  'fetch',
];

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const REPLY_TIMEOUT_MS = 15_000;

export interface Settings {
  modes: VapiAuth[];
  maxBodyBytes: number;
  replyTimeoutMs: number;
  control: VapiControlOptions;
  resolveCallId: VapiHandlerOptions['resolveCallId'];
  onReport: VapiHandlerOptions['onReport'];
}

/** Strict on the user's options: a typo or a wrong type fails at start-up, naming the option. */
export function settingsFrom(options: VapiHandlerOptions | undefined): Settings {
  const read = webhook.options('vapiHandler', options, KNOWN, {
    required: 'vapiHandler needs `secret` or `auth`: VAPI server messages must be authenticated',
  });
  const given = read.given;
  const modes: VapiAuth[] = [
    ...(given.secret ? [{ type: 'secret' as const, secret: given.secret }] : []),
    ...(given.auth ? [given.auth].flat() : []),
  ];
  checkAuthModes(modes);
  read.functions('resolveCallId', 'onReport', 'fetch');
  const controlTimeoutMs = read.integer('controlTimeoutMs', 0);
  return {
    modes,
    maxBodyBytes: read.integer('maxBodyBytes', MAX_BODY_BYTES),
    replyTimeoutMs: read.integer('replyTimeoutMs', REPLY_TIMEOUT_MS),
    control: {
      ...(given.controlToken ? { controlToken: given.controlToken } : {}),
      ...(controlTimeoutMs ? { timeoutMs: controlTimeoutMs } : {}),
      ...(given.fetch ? { fetch: given.fetch } : {}),
    },
    resolveCallId: given.resolveCallId,
    onReport: given.onReport,
  };
}
