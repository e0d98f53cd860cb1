import { webhook } from '@handoff/core';
import Retell from 'retell-sdk';
import type { RetellEvent } from './events.js';
import type { RetellCall } from './payloads.js';
import type { RetellClientLike } from './port.js';
import type { ReplayGuard } from './replay.js';

/** Retell's timeout for a webhook (docs: features/webhook-overview): answer before it retries. */
const DEFAULT_WEBHOOK_BUDGET_MS = 8_000;
/** Under `retellTool`'s default `timeout_ms`, so the LLM hears the core's words, not a timeout. */
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;
const DEFAULT_TOOL_BUDGET_MS = 25_000;
/** A long call's transcript with word timings, twice over (plain and with tool calls). */
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface RetellHandlerOptions {
  /**
   * The Retell API key with the webhook badge: it verifies `x-retell-signature` and authorises
   * update-live-call. Defaults to `RETELL_API_KEY`.
   */
  apiKey?: string;
  /** Largest body accepted, in bytes (default 4 MiB: a long call's transcript is big). */
  maxBodyBytes?: number;
  /** How long a webhook waits for the core before answering (default 8000 ms; Retell gives 10 s). */
  webhookBudgetMs?: number;
  /**
   * How long a `transfer_to_human` request waits for the core before answering with what the core
   * decided so far (default 25 000 ms, under `retellTool`'s `timeout_ms`).
   */
  toolBudgetMs?: number;
  /** The Retell client for update-live-call (a proxy, a test double). Default: one for `apiKey`. */
  client?: RetellClientLike;
  /**
   * The Vobiz call UUID of a call whose SIP headers and dynamic variables lack it, before the
   * default: the gateway's record of the SIP call it dialled to Retell (the core's inbound-call
   * index, matched on `from_number`, `to_number` and `start_timestamp`).
   */
  resolveCallId?: (call: RetellCall) => string | undefined | Promise<string | undefined>;
  /** Every verified request, once handled: `call_analysis` on `call_analyzed`, `transfer_*`, … */
  onEvent?: (event: RetellEvent) => void | Promise<void>;
  /**
   * Signatures already accepted. Default: the handoff's store, so a replay to any instance
   * sharing it is refused.
   */
  replayGuard?: ReplayGuard;
}

const KNOWN: Array<keyof RetellHandlerOptions> = [
  'apiKey',
  'maxBodyBytes',
  'webhookBudgetMs',
  'toolBudgetMs',
  'client',
  'resolveCallId',
  'onEvent',
  'replayGuard',
];

export interface Settings {
  apiKey: string;
  maxBodyBytes: number;
  webhookBudgetMs: number;
  toolBudgetMs: number;
  client: RetellClientLike;
  resolveCallId: RetellHandlerOptions['resolveCallId'];
  onEvent: RetellHandlerOptions['onEvent'];
  replayGuard: ReplayGuard | undefined;
}

/** Strict on the user's options: a typo or a wrong type fails at start-up, naming the option. */
export function settingsFrom(options: RetellHandlerOptions | undefined): Settings {
  const read = webhook.options('retellHandler', options, KNOWN);
  const given = read.given;
  const apiKey = read.secret(
    'apiKey',
    'retellHandler needs `apiKey` (or RETELL_API_KEY): the key Retell signs with',
    process.env.RETELL_API_KEY,
  );
  const client = given.client;
  if (client !== undefined && typeof client?.call?.updateLive !== 'function') {
    throw new TypeError('retellHandler: `client` needs call.updateLive()');
  }
  const guard = given.replayGuard;
  if (guard !== undefined && (typeof guard?.claim !== 'function' || typeof guard?.release !== 'function')) {
    throw new TypeError('retellHandler: `replayGuard` needs claim() and release()');
  }
  read.functions('resolveCallId', 'onEvent');
  return {
    apiKey,
    maxBodyBytes: read.integer('maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
    webhookBudgetMs: read.integer('webhookBudgetMs', DEFAULT_WEBHOOK_BUDGET_MS),
    toolBudgetMs: read.integer('toolBudgetMs', DEFAULT_TOOL_BUDGET_MS),
    // No retries: a repeated update-live-call with `trigger_response` would speak twice.
    client: client ?? new Retell({ apiKey, maxRetries: 0, timeout: 5_000 }),
    resolveCallId: given.resolveCallId,
    onEvent: given.onEvent,
    replayGuard: guard,
  };
}
