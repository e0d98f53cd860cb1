import type { AttachedCall, TurnInput } from '@handoff/core';
import type { CallObject, TranscriptItem } from './payloads.js';

const ROLES: Readonly<Record<string, TurnInput['role']>> = { user: 'caller', agent: 'agent' };

/**
 * The spoken turns of a Retell call, oldest first. `transcript_object` holds only utterances;
 * `transcript_with_tool_calls` (all that a `transcript_updated` may carry) mixes in tool and node
 * items, which are left out so the two number their utterances alike. `transfer_target` (the far
 * side of Retell's own warm transfer) is not part of the conversation with the AI.
 *
 * Word times are seconds of call audio, so they are anchored on `start_timestamp` (ms epoch).
 * The utterance's position is its identity: Retell resends the whole transcript every time, and
 * an utterance that grew since the last delivery replaces its earlier text instead of repeating.
 */
export function turnsFromCall(call: CallObject): TurnInput[] {
  const items: readonly TranscriptItem[] = call.transcript_object ?? call.transcript_with_tool_calls ?? [];
  const anchor =
    typeof call.start_timestamp === 'number' && call.start_timestamp > 0 ? call.start_timestamp : 0;
  const turns: TurnInput[] = [];
  let index = 0;
  for (const item of items) {
    const role = ROLES[item.role];
    if (!role) continue;
    const position = index++;
    const text = item.content?.trim();
    if (!text) continue;
    const turn: TurnInput = { role, text, sourceId: `retell:${call.call_id}:${position}` };
    if (anchor) {
      const times = (item.words ?? []).flatMap((w) => [w.start, w.end]).filter(isSecond);
      if (times.length > 0) {
        turn.at = anchor + Math.round(Math.min(...times) * 1000);
        turn.endAt = anchor + Math.round(Math.max(...times) * 1000);
      }
    }
    turns.push(turn);
  }
  return turns;
}

function isSecond(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Feeds the call's turns to the core. Turns it already has are recognised by their source id
 * and dropped there; a bad one is reported and skipped so the rest still land.
 */
export function mergeTranscript(
  attached: AttachedCall,
  call: CallObject,
  report: (error: unknown, where: string) => void,
): void {
  for (const turn of turnsFromCall(call)) {
    try {
      attached.addTurn(turn);
    } catch (error) {
      report(error, 'retell-add-turn');
    }
  }
}
