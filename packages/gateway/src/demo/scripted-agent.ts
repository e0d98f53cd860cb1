import type { Firing, Handoff, HandoffResult, Session } from '@handoff/core';
import { checkpoint, parseStreamMessage, playAudio } from '@handoff/core/vobiz';
import type { WebSocket } from 'ws';
import type { MediaCall } from '../media-tokens.js';
import { scenarioFor } from './scenarios.js';

/** μ-law silence: the demo has no TTS, so the agent "speaks" silence of the line's length. */
const SILENCE = 0xff;
const BYTES_PER_SECOND = 8000;

export interface ScriptedAgentOptions {
  handoff: Handoff;
  /** Pause between lines, in ms; the demo reads the script at a human pace, tests faster. */
  pauseMs: number;
  /** How long a spoken line lasts per word, in ms (150 wpm ≈ 400 ms). */
  msPerWord: number;
  onTransfer?: (callId: string, result: HandoffResult) => void;
  onError?: (error: unknown) => void;
}

/**
 * Stands in for an AI voice agent on the `<Stream>`: plays the scenario's script into the core
 * session as turns, speaks each agent line as audio on the socket, and when the scripted LLM
 * calls `transfer_to_human` (or a rule fires) it says the farewell, waits for Vobiz to confirm it
 * played (`checkpoint` → `playedStream`), and only then lets the core move the call.
 */
export function scriptedAgent(options: ScriptedAgentOptions) {
  return (socket: WebSocket, call: MediaCall): void => {
    const scenario = scenarioFor(call.to);
    let streamId: string | undefined;
    const played = new Map<string, () => void>();
    let checkpoints = 0;

    const speak = (text: string): Promise<void> => {
      if (!streamId || socket.readyState !== socket.OPEN) return Promise.resolve();
      const words = text.split(/\s+/).length;
      const audio = Buffer.alloc(Math.round((words * options.msPerWord * BYTES_PER_SECOND) / 1000), SILENCE);
      const name = `line-${++checkpoints}`;
      const done = new Promise<void>((resolve) => played.set(name, resolve));
      socket.send(playAudio(streamId, audio));
      socket.send(checkpoint(streamId, name));
      return done;
    };

    const handOff = async (session: Session, firing: Firing | undefined) => {
      const args = firing
        ? {
            reason: firing.reason ?? firing.kind,
            ...(firing.department ? { department: firing.department } : {}),
            ...(firing.urgency ? { urgency: firing.urgency } : {}),
          }
        : scenario?.toolCall;
      if (!args) return;
      const result = await session.transfer(args, {
        trigger: firing ? { kind: 'rule', firing, at: firing.at } : { kind: 'tool' },
        // The farewell is never cut off: the carrier is asked to move the call once it has played.
        beforeTransfer: async (r) => {
          session.addTurn({ role: 'agent', text: r.sayToCaller });
          await speak(r.sayToCaller);
        },
        beforeTransferTimeoutMs: 10_000,
      });
      options.onTransfer?.(call.callId, result);
    };

    const run = async () => {
      const session = options.handoff.session(call.callId);
      if (!session || !scenario) return;
      if (call.handoffId) {
        // Back from a handoff that did not connect: say what the gateway's ladder decided.
        if (call.sayToCaller) await speak(call.sayToCaller);
        return;
      }
      session.autoTransfer = false;
      for (const line of scenario.lines) {
        if (socket.readyState !== socket.OPEN) return;
        // A caller's turn lands when they stop speaking; an agent's as it starts to speak.
        if (line.role === 'caller') await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
        const firing = session.addTurn({ role: line.role, text: line.text, confidence: 0.92 });
        if (firing?.action === 'transfer') return handOff(session, firing);
        if (line.role === 'agent') await speak(line.text);
      }
      await handOff(session, undefined);
    };

    socket.on('message', (data) => {
      try {
        const message = parseStreamMessage(data as Buffer);
        if (message.event === 'start') {
          if (streamId) return;
          streamId = message.streamId;
          run().catch((error: unknown) => options.onError?.(error));
        } else if (message.event === 'playedStream') {
          played.get(message.name)?.();
          played.delete(message.name);
        }
      } catch (error) {
        options.onError?.(error);
      }
    });
    socket.on('close', () => {
      // A transfer closes the stream: release any line still waiting for playback.
      for (const resolve of played.values()) resolve();
      played.clear();
    });
  };
}
