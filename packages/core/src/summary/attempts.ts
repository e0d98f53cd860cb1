import { clauseTokens, tokenize, truncateText } from '../extract/text.js';
import type { Role } from '../types.js';

/** Past actions an agent reports ("I've reset your password", "maine request raise kar di hai"). */
// biome-ignore format: a word table reads better packed than one word per line
const ACTION_VERBS = new Set([
  'tried', 'checked', 'reset', 'sent', 'resent', 'raised', 'escalated', 'initiated', 'processed', 'verified',
  'updated', 'blocked', 'unblocked', 'created', 'logged', 'filed', 'submitted', 'issued', 'cancelled',
  'canceled', 'refunded', 'reviewed', 'restarted', 'scheduled', 'booked', 'applied', 'reversed', 'credited',
  'confirmed', 'looked', 'registered', 'placed', 'requested', 'generated', 'shared', 'forwarded', 'noted',
  'kiya', 'kar', 'bhej', 'diya', 'di', 'किया', 'कर', 'भेज', 'दिया', 'दी',
]);
const SUBJECTS = new Set(['i', 'ive', 'we', 'weve', 'id', 'maine', 'humne', 'hamne', 'मैंने', 'हमने']);
/** "I have a question", "I have to ask" are not things the AI did: `/^(?:i have|ive|we have) (?:a|an|to|no|not)(?: |$)/` over the words. */
const NOT_ATTEMPT_OBJECTS = new Set(['a', 'an', 'to', 'no', 'not']);

function notAnAttempt(tokens: readonly string[]): boolean {
  const first = tokens[0];
  if (first === 'ive') return NOT_ATTEMPT_OBJECTS.has(tokens[1] ?? '');
  return (
    (first === 'i' || first === 'we') && tokens[1] === 'have' && NOT_ATTEMPT_OBJECTS.has(tokens[2] ?? '')
  );
}

const MAX_ATTEMPT = 160;

/**
 * Help sent on its way is done as far as the human is concerned, said with or without "I": "An
 * ambulance is on the way", "I am sending an ambulance now", "Ambulance bhej rahe hain", "a
 * technician will visit tomorrow". The human must not send a second one.
 */
const DISPATCHED = new Set([
  'ambulance',
  'ambulances',
  'technician',
  'engineer',
  'एम्बुलेंस',
  'एंबुलेंस',
  'टेक्नीशियन',
]);
// biome-ignore format: a word table reads better packed than one word per line
const DISPATCH_WORDS = new Set([
  'sending', 'send', 'sent', 'dispatched', 'dispatching', 'way', 'coming', 'arranged', 'arranging', 'booked',
  'visit', 'bhej', 'bhejte', 'bheja', 'bheji', 'pahunch', 'भेज', 'भेजी', 'भेजा', 'पहुंच', 'रवाना',
]);

/** Sentences of one agent or tool turn that report something the AI already did. */
export function attemptsInTurn(role: Role, text: string): string[] {
  if (role === 'tool') return text.trim() === '' ? [] : [truncateText(`tool: ${text}`, MAX_ATTEMPT)];
  if (role !== 'agent') return [];
  // Most agent turns report nothing: a report needs a subject and an action word somewhere.
  const words = tokenize(text);
  const dispatch = saysAny(words, DISPATCHED, 0, words.length);
  if (
    !dispatch &&
    (!saysAny(words, SUBJECTS, 0, words.length) || !saysAny(words, ACTION_VERBS, 0, words.length))
  )
    return [];
  const out: string[] = [];
  for (const sentence of text.split(/(?<=[.!।])\s+|\n+/u)) {
    const trimmed = sentence.trim();
    if (trimmed === '' || trimmed.endsWith('?')) continue;
    // The clause tokens without their breaks are the words: `tokenize`, which the summary reads
    // again for the attempt it keeps.
    const tokens = tokenize(trimmed);
    if (notAnAttempt(tokens)) continue;
    if (
      dispatch &&
      saysAny(tokens, DISPATCHED, 0, tokens.length) &&
      saysAny(tokens, DISPATCH_WORDS, 0, tokens.length)
    ) {
      out.push(truncateText(trimmed, MAX_ATTEMPT));
      continue;
    }
    let subject = 0;
    while (subject < tokens.length && !SUBJECTS.has(tokens[subject]!)) subject++;
    if (subject === tokens.length || subject > 3) continue;
    if (saysAny(tokens, ACTION_VERBS, subject + 1, Math.min(subject + 6, tokens.length))) {
      out.push(truncateText(trimmed, MAX_ATTEMPT));
    }
  }
  return out;
}

/**
 * Whether `tokens[from..to)` holds a word of `words`: a loop rather than `some` with a closure,
 * three or more of which every agent turn made.
 */
function saysAny(tokens: readonly string[], words: ReadonlySet<string>, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (words.has(tokens[i]!)) return true;
  return false;
}

/**
 * What the AI already tried, from agent sentences ("I've checked the order status") and tool
 * turns, oldest first, without repeats, at most `max` (the most recent).
 */
export function attemptsFrom(
  turns: ReadonlyArray<{ role: Role; text: string; final?: boolean }>,
  max = 10,
): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const turn of turns) {
    if (turn.final === false) continue;
    for (const attempt of attemptsInTurn(turn.role, turn.text)) {
      const key = clauseTokens(attempt).join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(attempt);
    }
  }
  return out.slice(-max);
}
