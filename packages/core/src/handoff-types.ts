import type { FieldsSchema } from './fields-schema.js';
import type { CallerMessages } from './messages.js';
import type { PiiPolicy } from './pii/index.js';
import type { AgentPrompts } from './platform/prompts.js';
import type { PublicHandoffRecord } from './record.js';
import type { AfterHours, RoutingRule } from './routing/resolve.js';
import type { LadderCapabilities, LadderRung, LadderStep } from './state/ladder.js';
import type { HandoffStore } from './store/store.js';
import type { Summarizer } from './summary/index.js';
import type { TransferProvider } from './transfer.js';
import type { Destination, Extracted, FailureOutcome, HandoffStatus, TriggerRule, Turn } from './types.js';

export interface HandoffOptions<Fields extends FieldsSchema = FieldsSchema> {
  /**
   * The carrier that moves a call: `vobizCarrier()` from `@handoff/vobiz` (Vobiz's Transfer API),
   * another carrier (`vapiControlTransfer`, a SIP REFER), or a fake in tests. The core holds only
   * this contract, no carrier code.
   */
  transfer: TransferProvider;
  /** Public base URL of the gateway, where the carrier sends the caller for the handoff XML. */
  gatewayUrl?: string;
  /** Destination keys the LLM may name, each with where it rings. The LLM never sees a number. */
  destinations: Record<string, Destination & { fallback?: string | string[] }>;
  /**
   * The deployment's own facts, as a zod object: zod 4, or zod 3.25+ (`import { z } from 'zod'` on
   * zod 3 works too). Every field is optional to the LLM.
   */
  fields?: Fields;
  triggers?: TriggerRule[];
  routing?: RoutingRule[];
  store?: HandoffStore;
  /** PII masking for whisper, SIP headers and markdown. `false` turns it off. */
  pii?: PiiPolicy | false;
  /** Default language of what the caller hears (`en`, `hi`, `hi-Latn`); detected per call otherwise. */
  language?: string;
  /** What happens when every candidate destination is closed. Default `next_open`, then the ladder. */
  afterHours?: AfterHours;
  /** The fallback ladder, in order. */
  fallback?: LadderRung[];
  /** What the place running the call can do; rungs it cannot are skipped. */
  capabilities?: Partial<LadderCapabilities>;
  messages?: Partial<Record<string, Partial<CallerMessages>>>;
  /** What the core tells the LLM (tool results, suggestions), per language, over the defaults. */
  prompts?: Partial<Record<string, Partial<AgentPrompts>>>;
  /**
   * Longest wait for a platform to play a line (the farewell) or take an instruction before the
   * core moves on, so a lost playout event never strands the caller. Default 10 s.
   */
  sayTimeoutMs?: number;
  /**
   * Where an attached call goes when its AI side dies (model socket closed, fatal error): tool
   * arguments for the handoff, or `false` to leave the caller where they are. Default
   * `{ reason: 'ai_unavailable' }`.
   */
  aiUnavailable?: { reason: string; department?: string; urgency?: string } | false;
  /** What a `suggest` firing does: shape the model's next reply (default) or ask for one now. */
  suggest?: 'next_reply' | 'reply_now';
  /**
   * How long a call's session log (`session:<callId>` in the store, read by every instance)
   * outlives its last turn. Default 4 h.
   */
  sessionTtlMs?: number;
  /**
   * How long a finished handoff's record, and its call's claim (`call:<callId>`), stay in the
   * store after it turns terminal. Default 30 days; `Infinity` keeps them forever. Live
   * handoffs never expire.
   */
  retentionMs?: number;
  /**
   * Let supervisors watch this deployment's AI calls live (the desk's live calls): each turn
   * writes a small snapshot of the call to the store. Off by default, so the turn path pays nothing.
   */
  liveCalls?: boolean;
  /** An LLM summary that runs off the critical path and updates the packet when ready. */
  summarizer?: Summarizer;
  /** Extra intent keywords for the built-in extractor: `{ refund: ['money back', 'paisa wapas'] }`. */
  intents?: Record<string, string[]>;
  /** Deployment-specific extraction from each caller turn into `fields`. */
  extract?: (turn: Turn, extracted: Extracted) => Record<string, unknown> | undefined;
  /** Called with errors from work the core does in the background (auto-transfer, summarizer). */
  onError?: (error: unknown, where: string) => void;
  /**
   * How long an instance's claim on a call outlives its last renewal. The instance working a
   * handoff renews it while it plays the farewell and waits on the Transfer API; if it dies there,
   * the next request for the call (on any instance) carries the same handoff on after this long.
   * Default 15 s.
   */
  claimLeaseMs?: number;
  /**
   * After a transfer request with an unknown outcome (a 5xx, a timeout), how long to wait for
   * evidence that the call moved (the handoff XML served, a callback) before counting the attempt
   * as failed. Default 3 s: Vobiz fetches the handoff XML as soon as it acts.
   */
  unknownOutcomeGraceMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface HandoffResult {
  handoffId: string;
  status: HandoffStatus;
  /** What the AI should say before the call moves (or instead, when it does not). */
  sayToCaller: string;
  destination?: { key: string; label: string };
  /** Set when this request joined a handoff already under way for the call. */
  duplicate?: boolean;
  /** Why the handoff did not go ahead, e.g. `after_hours`. */
  reason?: string;
  /** The ladder's decision when the handoff did not go ahead. */
  fallback?: LadderStep;
}

/** `handoff.disposed`: a human recorded the outcome at the desk (`record.disposition`). */
export type HandoffEventType =
  | 'handoff.created'
  | 'handoff.updated'
  | 'handoff.completed'
  | 'handoff.failed'
  | 'handoff.disposed';

export interface HandoffEvent {
  type: HandoffEventType;
  handoffId: string;
  status: HandoffStatus;
  version: number;
  record: PublicHandoffRecord;
  at: number;
}

/** Something that happened to a handoff's call, reported by the gateway or a plugin. */
export type CallEvent =
  | { type: 'ringing'; attempt?: number; detail?: string }
  | { type: 'answered'; attempt?: number; detail?: string }
  | { type: 'bridged'; attempt?: number; detail?: string }
  | {
      type: 'failed';
      outcome: Exclude<FailureOutcome, 'caller_hung_up' | 'rejected'>;
      attempt?: number;
      detail?: string;
    }
  | { type: 'caller_hung_up'; detail?: string }
  | { type: 'ended'; detail?: string };

export interface AdvanceResult {
  record: PublicHandoffRecord;
  /** What to do next after a failed attempt: the ladder's rung (repeated for a retried callback). */
  step?: LadderStep;
  /** `false` when the event was a repeat and changed nothing. */
  changed: boolean;
}
