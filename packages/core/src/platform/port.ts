import type { HandoffResult } from '../handoff-types.js';
import type { Firing, Turn, TurnInput } from '../types.js';

/** What a `say` learned about playout: `'played'` when the platform confirmed it, `'unknown'` when it cannot tell. */
export type Playout = 'played' | 'unknown';

/**
 * A `say` whose platform voiced other words than the line (a tool's fixed "say while running"
 * message): the core estimates the wait from `spoken`.
 */
export interface SaidInstead {
  playout: Playout;
  spoken: string;
}

/** A line for the caller's ear. The core chose and localized it; the port only voices it. */
export interface SpokenLine {
  text: string;
  /** `farewell` before the call moves; `fallback` when a handoff did not go ahead. */
  purpose: 'farewell' | 'fallback';
  /** `false` for the farewell: protect it from barge-in where the platform can. */
  interruptible: boolean;
  /** BCP 47 tag of `text` (`en`, `hi`, `hi-Latn`). */
  language: string;
  /**
   * The same line as an instruction, for speech-to-speech models with no TTS of their own
   * ("Say exactly this…", localized): send it as the reply's instructions.
   */
  asInstruction: string;
}

/** A line for the LLM, for its next reply. */
export interface Instruction {
  text: string;
  /**
   * `hint`: a supervisor watching the call at the desk suggested something; `consult`: a consult's
   * model is cued to speak first.
   */
  purpose: 'suggest' | 'handoff_failed' | 'resumed' | 'hint' | 'consult';
  /** `true`: ask for a reply now. `false`: the model takes it into account on its next turn. */
  respond: boolean;
}

/**
 * What a platform can do for the core, and nothing more. A plugin implements it over its own
 * SDK; the core decides when each is used. Both may throw or never settle: the core bounds every
 * call and carries on (a lost playout event must not strand the caller).
 */
export interface CallPort {
  /**
   * Voice `line` to the caller. Resolve once it has finished playing (`'played'`, or nothing),
   * or at once with `'unknown'` when the platform cannot tell: the core then waits for an
   * estimate of how long the line takes to say.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a port written as `async say() {}` returns Promise<void>
  say(line: SpokenLine): Promise<Playout | SaidInstead | undefined | void>;
  /**
   * Give the LLM an instruction (a system message on most platforms). The core may call it while
   * a `say` is in progress (never the farewell's): a port serializes what its platform cannot
   * overlap.
   */
  instruct(instruction: Instruction): void | Promise<void>;
}

/** What a platform tells the core when it joins a call. */
export interface AttachCallInit {
  /** The Vobiz call UUID (with or without dashes). */
  callId: string;
  /** `livekit`, `openai-realtime`, `retell`, … as it appears in the packet. */
  platform: string;
  /** Omit when nothing can be said to the caller from this process: firings then act without a farewell. */
  port?: CallPort;
  from?: string;
  to?: string;
  /** The platform's own id for the call (Retell `call_id`, LiveKit room, …). */
  platformCallId?: string;
  /**
   * Set when the caller is back from a handoff that did not connect (the gateway's media call has
   * `handoffId`): why, and what they were just told. The core tells the LLM, as `resumed()` does.
   */
  resumed?: { reason?: string; sayToCaller?: string };
}

/** What the LLM's `transfer_to_human` call gets back, single-line and localized. */
export interface ToolReply {
  /** `transferring`, `already_transferring`, `not_transferred`, `invalid_arguments`, `error`. */
  status: 'transferring' | 'already_transferring' | 'not_transferred' | 'invalid_arguments' | 'error';
  /** Whether the call is on its way to a human. */
  ok: boolean;
  /** For the LLM: what happened and what to do now. */
  message: string;
  handoffId?: string;
  team?: string;
  /** What the caller was told (the farewell), so the model does not repeat it. */
  said?: string;
}

export interface TransferOutcome {
  reply: ToolReply;
  /** The core's result; absent when the request was refused before anything was persisted. */
  result?: HandoffResult;
  error?: unknown;
}

export interface ToolCallOptions {
  /**
   * Who asked: the LLM's tool call (default) or an API client acting for the platform (a CRM, an
   * operator). Recorded as the packet's `trigger.kind`.
   */
  kind?: 'tool' | 'api';
  /**
   * Called once the core has decided (context persisted, destination chosen), before the
   * farewell: platforms that must answer the tool call before the model can speak again
   * (OpenAI Realtime) send `reply` here.
   */
  onDecided?: (reply: ToolReply) => void;
  /**
   * Settles once the words the LLM spoke along with the tool call have played, on platforms that
   * record them only then (LiveKit): the core waits for it, at most `sayTimeoutMs` (a rejection
   * counts as played), so the packet ends with them.
   */
  playing?: PromiseLike<unknown>;
}

/** The core's side of a call a platform has joined. Every method is safe after the call ended. */
export interface AttachedCall {
  readonly callId: string;
  readonly platform: string;
  /** `true` from the moment a handoff is decided until it has failed back to the AI. */
  readonly transferring: boolean;
  readonly ended: boolean;
  readonly turns: readonly Turn[];
  /**
   * A final turn from the platform. The core runs the rules and acts on a firing itself. A turn
   * with no words (silence, an empty transcript) is ignored.
   */
  addTurn(turn: TurnInput): Firing | undefined;
  /** Facts the platform or LLM gathered (fields validated against the deployment's schema). */
  update(facts: Parameters<import('../session.js').Session['update']>[0]): Firing | undefined;
  /**
   * The LLM called `transfer_to_human` with `args`: an object, or the JSON text the LLM wrote (the
   * core parses it; text that is not JSON is answered `invalid_arguments`, like any bad argument).
   */
  toolCall(args: unknown, options?: ToolCallOptions): Promise<TransferOutcome>;
  /** The AI side died (model socket closed, fatal error): the core hands the caller to a human. */
  aiUnavailable(detail: string): Promise<HandoffResult | undefined>;
  /** The caller is back from a handoff that did not connect: the core tells the LLM. */
  resumed(info: { reason?: string; sayToCaller?: string }): Promise<void>;
  /** A supervisor's hint for the AI's next reply (`prompts.supervisorHint`). */
  hint(text: string): Promise<void>;
  /** A supervisor takes the call: a handoff with trigger kind `supervisor`, farewell and ladder as usual. */
  takeOver(args: Record<string, unknown>): Promise<TransferOutcome>;
  /**
   * Resolves when nothing the core started for this call (a rule's handoff, an instruction) is
   * still running: webhook platforms answer their request once the core is done with it.
   */
  settled(): Promise<void>;
  /**
   * The platform's side of the call went away without the call ending (a stream closed on a
   * transfer): drop `port` if it is still the call's, so nothing is voiced into a dead socket.
   */
  detach(port: CallPort): void;
  /** The platform is done with the call (hang-up, session close). */
  end(): void;
}
