import { type AttachedCall, claimInboundCall, type FieldsSchema, type Handoff } from '@handoff/core';
import { callParties, sipCallSeen, vobizCallIdOf } from './call-id.js';
import { rememberControlUrl, VapiCallPort } from './control.js';
import type { Settings, VapiMessageCall } from './options.js';
import type { ServerMessage } from './payload.js';

export const PLATFORM = 'vapi';
const MAX_CALLS = 10_000;

/** One VAPI call as this process knows it. */
export interface CallState {
  callId: string;
  vapiCallId: string;
  port: VapiCallPort;
  /** Messages of the history already fed to the core from this process. */
  seen: Set<string>;
  /** Final caller transcripts fed ahead of the history, waiting for their committed message. */
  live: string[];
  ended: boolean;
}

export type CallMessage = ServerMessage & { vapiCallId: string };

/** A bounded map, oldest entry first out: per-call state must not grow with the process's age. */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
  return value;
}

/**
 * The calls this process has seen, by VAPI call id, and the core's call id for each: the Vobiz
 * call UUID the SIP leg carries, else the user's `resolveCallId`, else the gateway's record of the
 * SIP call it dialled, else VAPI's own id (a VAPI-native number).
 */
export class VapiCalls {
  readonly #states = new Map<string, Promise<CallState>>();
  readonly #handoff: Handoff<FieldsSchema>;
  readonly #settings: Settings;

  constructor(handoff: Handoff<FieldsSchema>, settings: Settings) {
    this.#handoff = handoff;
    this.#settings = settings;
  }

  stateOf(message: CallMessage): Promise<CallState> {
    const { vapiCallId } = message;
    const state = this.#states.get(vapiCallId) ?? this.#start(message);
    remember(this.#states, vapiCallId, state, MAX_CALLS);
    // A failed lookup must not stick to the call for good.
    state.catch(() => this.#states.delete(vapiCallId));
    return state.then((s) => {
      if (message.controlUrl) {
        s.port.controlUrl = message.controlUrl;
        rememberControlUrl([s.vapiCallId, s.callId], message.controlUrl);
      }
      return s;
    });
  }

  attach(state: CallState, message: ServerMessage): AttachedCall {
    return this.#handoff.attachCall({
      callId: state.callId,
      platform: PLATFORM,
      port: state.port,
      platformCallId: state.vapiCallId,
      ...callParties(message.raw, message.call),
    });
  }

  async #start(message: CallMessage): Promise<CallState> {
    const call = message.call ?? {};
    const seen: VapiMessageCall = { ...call, id: message.vapiCallId };
    const callId =
      vobizCallIdOf(call) ??
      (await this.#settings.resolveCallId?.(seen)) ??
      (await this.#dialled(message)) ??
      message.vapiCallId;
    return {
      callId,
      vapiCallId: message.vapiCallId,
      port: new VapiCallPort(this.#settings.control),
      seen: new Set(),
      live: [],
      ended: false,
    };
  }

  async #dialled(message: CallMessage): Promise<string | undefined> {
    try {
      return await claimInboundCall(this.#handoff.store, {
        platform: PLATFORM,
        platformCallId: message.vapiCallId,
        ...sipCallSeen(message.raw, message.call),
      });
    } catch (error) {
      this.#handoff.reportError(error, 'vapi-inbound-call');
      return undefined;
    }
  }
}
