import type { TurnInput } from '@handoff/core';
import { isObject } from './http.js';

/**
 * Spoken turns from Ultravox messages (`ultravox.v1.Message`: `role` `MESSAGE_ROLE_USER` /
 * `MESSAGE_ROLE_AGENT` / tool roles, `text`), oldest first; tool calls and results are skipped.
 * An utterance's position among the spoken ones is its identity, so a later tool call's history
 * repeats none of the turns the core already has.
 */
export function turnsFromMessages(
  messages: readonly unknown[],
  ultravoxCallId: string | undefined,
): TurnInput[] {
  const turns: TurnInput[] = [];
  let position = 0;
  for (const message of messages) {
    if (!isObject(message) || typeof message.role !== 'string' || typeof message.text !== 'string') continue;
    const role = roleOf(message.role);
    const text = message.text.trim();
    if (!role || text === '') continue;
    turns.push({ role, text, sourceId: `ultravox:${ultravoxCallId ?? '-'}:${position++}` });
  }
  return turns;
}

function roleOf(role: string): TurnInput['role'] | undefined {
  const name = role.toUpperCase().replace(/^MESSAGE_ROLE_/u, '');
  if (name === 'USER') return 'caller';
  if (name === 'AGENT' || name === 'ASSISTANT') return 'agent';
  return undefined;
}

/**
 * The `KNOWN_PARAM_CONVERSATION_HISTORY` automatic parameter: a list of messages, or the same as
 * a JSON string or under `results` (the List Call Messages page). Throws on anything else.
 */
export function turnsFromHistory(value: unknown, ultravoxCallId: string | undefined): TurnInput[] {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return [];
    parsed = JSON.parse(value);
  }
  if (isObject(parsed) && Array.isArray(parsed.results)) parsed = parsed.results;
  if (!Array.isArray(parsed)) throw new TypeError('conversation_history holds no list of messages');
  return turnsFromMessages(parsed, ultravoxCallId);
}
