import { type AttachedCall, estimateSpeechMs, type TurnInput } from '@handoff/core';
import type { CallState } from './calls.js';
import {
  callStartedAt,
  finalUserTranscript,
  historyTurns,
  isTranscript,
  messageHistory,
  type ServerMessage,
} from './payload.js';

const comparable = (text: string) =>
  text
    .toLocaleLowerCase()
    .replace(/[\p{P}\s]+/gu, ' ')
    .trim();

function addTurn(call: AttachedCall, turn: TurnInput, report: (error: unknown, where: string) => void) {
  try {
    call.addTurn(turn);
  } catch (error) {
    report(error, 'vapi-turn');
  }
}

/** Whether `text` is what live transcripts already fed (one utterance, or several in a row). */
function consumeLive(state: CallState, text: string): boolean {
  const key = comparable(text);
  for (let n = 1; n <= state.live.length; n++) {
    if (state.live.slice(0, n).join(' ') === key) {
      state.live.splice(0, n);
      return true;
    }
  }
  const single = state.live.indexOf(key);
  if (single >= 0) state.live.splice(single, 1);
  return single >= 0;
}

/**
 * A message's turns into the core: the committed history first (deduplicated by message), then a
 * live caller transcript, which the history repeats later and is then not fed twice.
 */
export function ingest(
  state: CallState,
  call: AttachedCall,
  message: ServerMessage,
  report: (error: unknown, where: string) => void,
): void {
  for (const { turn, sourceId } of historyTurns(messageHistory(message.raw), callStartedAt(message.call))) {
    if (state.seen.has(sourceId)) continue;
    state.seen.add(sourceId);
    if (turn.role === 'caller' && consumeLive(state, turn.text)) continue;
    addTurn(call, turn, report);
  }
  if (!isTranscript(message.type)) return;
  const live = finalUserTranscript(message.raw);
  if (!live) return;
  const key = comparable(live.text);
  // The committed message may have come first (another request, same process).
  const recent = call.turns.slice(-4).some((t) => t.role === 'caller' && comparable(t.text) === key);
  if (recent) return;
  const heardAt = live.at ?? Date.now();
  // The transcript is stamped when it was final, i.e. at the end of the utterance.
  const last = call.turns.at(-1)?.at ?? 0;
  const at = Math.max(heardAt - estimateSpeechMs(live.text), last + 1);
  state.live.push(key);
  addTurn(
    call,
    { role: 'caller', text: live.text, at, final: true, sourceId: `vapi:live:${heardAt}` },
    report,
  );
}
