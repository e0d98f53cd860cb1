import type { TurnInput } from '@handoff/core';

const ROLES: Readonly<Record<string, TurnInput['role']>> = {
  assistant: 'agent',
  agent: 'agent',
  bot: 'agent',
  user: 'caller',
  customer: 'caller',
  human: 'caller',
};
const LINE = /^\s*(assistant|agent|bot|user|customer|human)\s*:\s?(.*)$/iu;

/**
 * The spoken turns of a Bolna execution's `transcript`, a single string of `role: text` lines
 * (`assistant: …` / `user: …`). A line without a role continues the turn before it. A turn's
 * position is its identity, so a transcript delivered again adds nothing the core already has.
 */
export function turnsFromTranscript(transcript: string, executionId: string): TurnInput[] {
  const turns: Array<{ role: TurnInput['role']; text: string }> = [];
  for (const line of transcript.split(/\r?\n/u)) {
    const match = LINE.exec(line);
    const role = match ? ROLES[match[1]!.toLowerCase()] : undefined;
    if (match && role) turns.push({ role, text: match[2] ?? '' });
    else if (turns.length > 0 && line.trim() !== '') turns[turns.length - 1]!.text += `\n${line}`;
  }
  return turns
    .map((t) => ({ ...t, text: t.text.trim() }))
    .filter((t) => t.text !== '')
    .map((t, i) => ({ ...t, sourceId: `bolna:${executionId}:${i}` }));
}
