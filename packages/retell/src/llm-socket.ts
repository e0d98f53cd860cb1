import {
  type AttachedCall,
  type CallPort,
  claimInboundCall,
  type FieldsSchema,
  type Handoff,
  type Instruction,
  type Playout,
  type SpokenLine,
  type ToolReply,
  webhook,
} from '@handoff/core';
import { findCallUuid, usableCallId } from './call-id.js';
import { PLATFORM } from './context.js';
import { type CallObject, callObject, transcriptItem } from './payloads.js';
import { mergeTranscript } from './transcript.js';

/**
 * Retell's custom-LLM WebSocket, as docs.retellai.com/api-references/llm-websocket describes it
 * (the SDK has no types for it; RetellAI/retell-custom-llm-node-demo `src/types.ts` has a subset).
 * Retell → you: `call_details`, `update_only`, `response_required`, `reminder_required`,
 * `ping_pong`. You → Retell: `response`, `agent_interrupt`, `config`, `ping_pong`, ….
 */
export interface RetellLlmRequest {
  interaction_type: 'call_details' | 'update_only' | 'response_required' | 'reminder_required' | 'ping_pong';
  response_id?: number;
  transcript?: Array<{ role: string; content?: string; words?: Array<{ start?: number; end?: number }> }>;
  call?: Record<string, unknown>;
  timestamp?: number;
}

/** The frame that makes the agent speak now, outside the request/response turn. */
export interface RetellAgentInterrupt {
  response_type: 'agent_interrupt';
  interrupt_id: number;
  content: string;
  content_complete: boolean;
  no_interruption_allowed?: boolean;
}

export interface RetellLlmSocketOptions {
  /** Sends a frame to Retell on this call's socket (`(frame) => ws.send(frame)`). */
  send: (frame: string) => void;
  /**
   * The Vobiz call UUID, when you know it. Otherwise it is read from the `call_details` event's
   * `custom_sip_headers` (turn on `call_details` in your `config` response).
   */
  callId?: string;
  /** Retell's `call_id` (the socket path's last segment), until `call_details` brings it. */
  retellCallId?: string;
  /**
   * Your LLM's next-turn context from the core (a rule suggests a human, a handoff did not go
   * ahead). You are the LLM here: add `instruction.text` as a system message, and answer at once
   * when `instruction.respond` is set.
   */
  onInstruction?: (instruction: Instruction) => void;
}

export interface RetellLlmSocket {
  /** Feed every frame Retell sends on the socket (text or parsed); malformed frames are ignored. */
  handle(frame: string | RetellLlmRequest): void;
  /** Your LLM called `transfer_to_human`: give it `reply.message` as the tool result. */
  transferToHuman(args: unknown): Promise<ToolReply>;
  /** The core's side of the call, once the Vobiz call UUID is known. */
  readonly call: AttachedCall | undefined;
  /** The socket closed. */
  end(): void;
}

/**
 * `transfer_to_human` for teams that are Retell's LLM over its custom-LLM WebSocket: the socket's
 * transcript goes to the core as turns, the core's farewell goes back as an `agent_interrupt`
 * Retell speaks verbatim, and the core moves the call over Vobiz (not `transfer_number`, which
 * is cold, and lost when the caller barges in).
 */
export function retellLlmSocket<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: RetellLlmSocketOptions,
): RetellLlmSocket {
  if (typeof options?.send !== 'function') throw new TypeError('retellLlmSocket needs `send`');
  const report = (e: unknown, where: string) => handoff.reportError(e, where);
  let interruptId = 0;
  let attached: AttachedCall | undefined;
  let details: CallObject | undefined;
  let latest: CallObject['transcript_object'];
  let retellCallId = options.retellCallId;

  const send = (frame: RetellAgentInterrupt) => options.send(JSON.stringify(frame));

  // Retell speaks an `agent_interrupt` as given and reports no playout: the core estimates it.
  const port: CallPort = {
    async say(line: SpokenLine): Promise<Playout> {
      interruptId += 1;
      send({
        response_type: 'agent_interrupt',
        interrupt_id: interruptId,
        content: line.text,
        content_complete: true,
        no_interruption_allowed: !line.interruptible,
      });
      return 'unknown';
    },
    instruct(instruction: Instruction): void {
      options.onInstruction?.(instruction);
    },
  };

  const merge = () => {
    if (!attached || !latest) return;
    const call: CallObject = {
      ...(details ?? {}),
      call_id: retellCallId ?? details?.call_id ?? 'socket',
      transcript_object: latest,
    };
    mergeTranscript(attached, call, report);
  };

  let lookup: Promise<void> | undefined;

  const attach = () => {
    if (attached) return;
    const callUuid = usableCallId(options.callId) ?? (details ? findCallUuid(details) : undefined);
    if (callUuid) attachTo(callUuid);
    else if (details && !lookup) lookup = lookUp(details);
  };

  /** No UUID on the call: the gateway's record of the SIP call it dialled to Retell. */
  const lookUp = async (seen: CallObject) => {
    try {
      const found = await claimInboundCall(handoff.store, {
        platform: PLATFORM,
        platformCallId: seen.call_id,
        from: seen.from_number,
        to: seen.to_number,
        arrivedAt: seen.start_timestamp,
      });
      if (found && !attached) {
        attachTo(found);
        merge();
      }
    } catch (e) {
      report(e, 'retell-inbound-call');
    }
  };

  const attachTo = (callUuid: string) => {
    attached = handoff.attachCall({
      callId: callUuid,
      platform: PLATFORM,
      port,
      ...(details?.from_number ? { from: details.from_number } : {}),
      ...(details?.to_number ? { to: details.to_number } : {}),
      ...(retellCallId ? { platformCallId: retellCallId } : {}),
    });
  };
  attach();

  return {
    handle(frame) {
      let request: unknown = frame;
      if (typeof frame === 'string') {
        try {
          request = JSON.parse(frame);
        } catch {
          return;
        }
      }
      if (typeof request !== 'object' || request === null) return;
      const { interaction_type: type, call, transcript } = request as Partial<RetellLlmRequest>;
      if (type === 'call_details') {
        const parsed = callObject.safeParse(call);
        if (!parsed.success) return;
        details = parsed.data;
        retellCallId ??= details.call_id;
        attach();
        merge();
        return;
      }
      if (type === 'update_only' || type === 'response_required' || type === 'reminder_required') {
        const items = Array.isArray(transcript) ? transcript : [];
        latest = items.flatMap((item) => {
          const parsed = transcriptItem.safeParse(item);
          return parsed.success ? [parsed.data] : [];
        });
        merge();
      }
    },
    async transferToHuman(args) {
      if (!attached) await lookup;
      if (!attached) {
        report(
          new Error('retellLlmSocket: no Vobiz call UUID yet (pass callId, or enable call_details)'),
          'retell-llm-socket',
        );
        return webhook.refusal(handoff.options);
      }
      return (await attached.toolCall(args)).reply;
    },
    get call() {
      return attached;
    },
    end() {
      attached?.end();
    },
  };
}
