import type { AttachedCall, CallPort, Handoff } from '@handoff/core';
import type { MediaCall } from '@handoff/gateway';
import { vobizStreamLine } from '@handoff/vobiz';
import type { WebSocket } from 'ws';
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
  onError?: (error: unknown) => void;
}

/**
 * Stands in for an AI voice agent on the `<Stream>`, as a platform on the core's contract: it
 * joins the call with `attachCall`, plays the scenario's script in as turns, speaks each line as
 * audio on the socket (done when Vobiz confirms it played: `checkpoint` → `playedStream`), and
 * passes the scripted LLM's `transfer_to_human` to the core. The core decides the rest: a rule's
 * handoff, the farewell, when the carrier moves the call.
 */
export function scriptedAgent(options: ScriptedAgentOptions) {
  return (socket: WebSocket, call: MediaCall): void => {
    const scenario = scenarioFor(call.to);
    let started = false;
    const stream = vobizStreamLine(socket, {
      // A restarted stream only changes the id the line addresses: the script runs once.
      onStart: () => {
        if (started) return;
        started = true;
        run().catch((error: unknown) => options.onError?.(error));
      },
      onError: (error) => options.onError?.(error),
    });

    // Done when Vobiz confirms it played, or at once when it cannot (a transfer closed the stream).
    const speak = async (text: string): Promise<void> => {
      const words = text.split(/\s+/).length;
      const audio = Buffer.alloc(Math.round((words * options.msPerWord * BYTES_PER_SECOND) / 1000), SILENCE);
      stream.line.play(audio.toString('base64'));
      await stream.line.played('line');
    };

    let attached: AttachedCall | undefined;
    const port: CallPort = {
      say: async (line) => {
        // What the agent says is part of the conversation the human receives, as on any platform.
        attached?.addTurn({ role: 'agent', text: line.text });
        await speak(line.text);
      },
      // The script is fixed: there is no model to instruct.
      instruct: () => {},
    };

    const run = async () => {
      if (!scenario) return;
      const joined = options.handoff.attachCall({
        callId: call.callId,
        platform: call.platform,
        port,
        from: call.from,
        to: call.to,
      });
      attached = joined;
      if (call.handoffId) {
        // Back from a handoff that did not connect: the gateway's XML already told the caller.
        await joined.resumed({ reason: call.resumeReason, sayToCaller: call.sayToCaller });
        return;
      }
      for (const line of scenario.lines) {
        if (socket.readyState !== socket.OPEN) return;
        // A caller's turn lands when they stop speaking; an agent's as it starts to speak.
        if (line.role === 'caller') await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
        joined.addTurn({ role: line.role, text: line.text, confidence: 0.92 });
        // A rule started a handoff: the core is saying the farewell and moving the call.
        if (joined.transferring) return;
        if (line.role === 'agent') await speak(line.text);
      }
      if (scenario.toolCall) await joined.toolCall(scenario.toolCall);
    };
  };
}
