import type { Handoff, TurnInput } from '@handoff/core';
import type { Gateway, MediaCall } from '@handoff/gateway';
import type { SandboxCall, VobizSandbox } from '@handoff/vobiz-sandbox';
import type { WebSocket } from 'ws';

/** One line of a scenario, as the platform would deliver it. */
export interface ScenarioTurn {
  role: 'caller' | 'agent';
  text: string;
  /** ASR confidence; only platforms that report one (`capabilities.confidence`) pass it on. */
  confidence?: number;
}

/** What the scenario's LLM does: after `afterTurn` turns (0-based count), it calls transfer_to_human. */
export interface ScenarioToolCall {
  afterTurn: number;
  args: Record<string, unknown>;
}

/** The live call a driver joins: a real Vobiz (sandbox) call the gateway answered with `<Stream>`. */
export interface LiveCall {
  /** The Vobiz call UUID, as Vobiz sends it (with dashes). */
  callId: string;
  from: string;
  to: string;
  sandboxCall: SandboxCall;
  /**
   * The gateway's `<Stream>` socket for this call, for drivers whose platform speaks Vobiz's
   * stream (OpenAI Realtime, the demo agent). Others leave it idle.
   */
  media: { socket: WebSocket; call: MediaCall };
}

export interface DriverContext {
  handoff: Handoff;
  gateway: Gateway;
  /** The gateway's base URL on loopback, and a `/v1` API key. */
  gatewayUrl: string;
  apiKey: string;
  sandbox: VobizSandbox;
  call: LiveCall;
}

/** What a driver replays: platform-neutral turns, the LLM's one tool call, and whether the AI dies. */
export interface DriverScript {
  turns: readonly ScenarioTurn[];
  toolCall?: ScenarioToolCall;
  /** After this many turns, the AI side dies (model socket closed, fatal error). */
  aiDiesAfterTurn?: number;
}

export interface DriverResult {
  /**
   * When the caller finished hearing the farewell, by the platform's own account (`Date.now()`),
   * for platforms whose playout the sandbox cannot see (no `<Stream>`); `undefined` when none
   * was played or when the sandbox's `stream_played` checkpoint is the evidence.
   */
  farewellDoneAt?: number;
  /** The farewell's text as the platform received it, if any. */
  farewell?: string;
}

/**
 * A platform in the contract suite: replays a script through the platform's real entry point, in
 * its real payload shapes (an SDK object, a signed webhook, a WebSocket protocol), against the
 * live call. It must not call the core's session API directly except where that IS the platform's
 * entry point.
 */
export interface PlatformDriver {
  /** As in the packet's `call.platform`. */
  readonly platform: string;
  readonly capabilities: {
    /** Passes ASR confidence through (the low-confidence scenario needs it). */
    confidence: boolean;
    /** Can report its AI side dying. */
    aiDeath: boolean;
    /**
     * Delivers turns while the call runs, so rules fire mid-call (default `true`). `false` for
     * platforms whose transcript arrives only with a tool call or after the call: scenarios that
     * rely on a rule firing on a turn are skipped for them.
     */
    midCallTurns?: boolean;
  };
  /** Called once before the scenarios. */
  setup?(): Promise<void>;
  /**
   * Handlers the gateway mounts for this platform's webhooks (`createGateway({ platforms })`),
   * built for the run's core; the driver then posts to `${ctx.gatewayUrl}${path}`.
   */
  platforms?(handoff: Handoff): Array<{ path: string; handler: (request: Request) => Promise<Response> }>;
  /** Replays `script` on `ctx.call`; resolves when the platform's part is over (handed off or done). */
  run(ctx: DriverContext, script: DriverScript): Promise<DriverResult>;
  teardown?(): Promise<void>;
}

/** A turn as the core takes it, for drivers whose entry point is the core's own turn shape. */
export function coreTurn(turn: ScenarioTurn, withConfidence: boolean): TurnInput {
  return {
    role: turn.role,
    text: turn.text,
    ...(withConfidence && turn.confidence !== undefined ? { confidence: turn.confidence } : {}),
  };
}
