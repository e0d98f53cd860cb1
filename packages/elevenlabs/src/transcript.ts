import type { TurnInput } from '@handoff/core';
import { isObject } from './http.js';

const ROLES: Readonly<Record<string, TurnInput['role']>> = { user: 'caller', agent: 'agent' };
/** Where a history object may keep its entries (the exact wrapper is not documented). */
const LIST_KEYS = ['entries', 'transcript', 'messages', 'history'] as const;

interface Entry {
  role: string;
  text: string;
  seconds?: number;
}

function entryOf(value: unknown): Entry | undefined {
  if (!isObject(value) || typeof value.role !== 'string') return undefined;
  const text = [value.message, value.content, value.text].find((t): t is string => typeof t === 'string');
  const seconds = value.time_in_call_secs;
  return {
    role: value.role.toLowerCase(),
    text: text?.trim() ?? '',
    ...(typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? { seconds } : {}),
  };
}

/**
 * Spoken turns from ElevenLabs transcript entries (`{ role: 'user' | 'agent', message,
 * time_in_call_secs }`), oldest first. Tool-call entries (an agent entry with no message) are
 * skipped. An utterance's position among the spoken ones is its identity, so the history a tool
 * call carries and the post-call transcript name the same utterance alike and the core keeps one.
 */
export function turnsFromEntries(
  entries: readonly unknown[],
  conversationId: string | undefined,
  startUnixSecs?: number,
): TurnInput[] {
  const turns: TurnInput[] = [];
  let position = 0;
  for (const raw of entries) {
    const entry = entryOf(raw);
    const role = entry ? ROLES[entry.role] : undefined;
    if (!entry || !role || entry.text === '') continue;
    const turn: TurnInput = {
      role,
      text: entry.text,
      sourceId: `elevenlabs:${conversationId ?? '-'}:${position++}`,
    };
    if (startUnixSecs !== undefined && entry.seconds !== undefined) {
      turn.at = Math.round((startUnixSecs + entry.seconds) * 1000);
    }
    turns.push(turn);
  }
  return turns;
}

/**
 * The `system__conversation_history` dynamic variable as the tool's body carries it: a JSON string
 * (ElevenLabs serializes it) holding the entries, bare or under `entries`. Throws on anything else.
 */
export function turnsFromHistory(value: unknown, conversationId: string | undefined): TurnInput[] {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return [];
    parsed = JSON.parse(value);
  }
  if (Array.isArray(parsed)) return turnsFromEntries(parsed, conversationId);
  if (isObject(parsed)) {
    for (const key of LIST_KEYS) {
      const list = parsed[key];
      if (Array.isArray(list)) return turnsFromEntries(list, conversationId);
    }
  }
  throw new TypeError('conversation_history holds no list of entries');
}
