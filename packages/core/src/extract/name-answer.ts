import { extractName } from './name.js';
import { nameFromWords } from './name-intros.js';

/**
 * A name given as the answer to the agent's question ("May I have your name?" — "Neha Agarwal. And
 * the late fee…", "Yes, Prakash Jain.", "venkatesh, v e n k a t e s h, surname is iyengar"). The
 * answer carries no "my name is", so it can only be read as a name when the agent has just asked
 * for the caller's own: `asksCallerName` reads the agent's turn, `nameAnswer` the caller's next one.
 * Neither reads more than the one turn, so the cost per turn stays flat.
 */

/** Words the question cannot do without; a flag-free scan spares most agent turns the pattern. */
const QUESTION_CUE = /name|naam|नाम|who|kaun|कौन/i;
/**
 * The caller's own name asked for: "your name", "who am I speaking with", "aapka naam", "आपका नाम",
 * "aap kaun bol rahe hain". "The patient's name" or "your father's name" asks for someone else's.
 */
const ASKS_NAME =
  /\byour\s+(?:good\s+|full\s+|first\s+|complete\s+)?name\b|\bwho\s+(?:am\s+i|i\s+am)\s+(?:speaking|talking)\s+(?:with|to)\b|\bwho\s+is\s+(?:this|calling|on\s+the\s+line)\b|\baap\s*ka\s+(?:shubh\s+|poora\s+|pura\s+)?naa?m\b|\baap\s+kaun\b|आपका\s+(?:शुभ\s+|पूरा\s+)?नाम|आप\s+कौन|अपना\s+(?:पूरा\s+)?नाम|(?:^|[.!?।]\s+)(?:apna\s+|apni\s+)?(?:poora\s+|pura\s+)?naa?m\s*(?:\?|bata(?:iye|yiye|ye|o|\s+dijiye)\b|boliye\b)|(?:^|[.!?।]\s+)नाम\s*(?:\?|बताइए|बताइये|बताएं|बोलिए)/iu;

/** The agent's turn asks the caller for their own name. */
export function asksCallerName(agentText: string): boolean {
  return QUESTION_CUE.test(agentText) && ASKS_NAME.test(agentText);
}

/** Words that open an answer before the name: "yes, …", "haan ji, …", "it's …", "sure, …". */
const OPENER = String.raw`(?:(?:yes|yeah|yep|haan|han|ji|haanji|sure|okay|ok|sir|madam|ma'?am|its|it'?s|it\s+is|this\s+is|हाँ|हां|जी)[\s,.!।]+)*`;
/**
 * The name is the first clause of the answer: one to three words, then punctuation or the end, or
 * the next thing asked for ("deepak verma account number is …", "ramesh iyer adyar second main road"
 * answering "your name and address?").
 */
const ANSWER = new RegExp(
  String.raw`^${OPENER}(?<name>[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+){0,2}?)\s*(?:$|[,.;!?।]|(?=\s+(?:account|acc|a\/c|mobile|phone|number|address|and|aur)\b))`,
  'iu',
);
/** "…, surname is iyengar", "last name Rao": the family name said after the first. */
const SURNAME = /\b(?:surname|last\s+name|family\s+name)\s+(?:is\s+|hai\s+)?(?<last>[\p{L}\p{M}]{2,})/iu;

/**
 * The caller's name from a turn that answers `asksCallerName`: the opening clause when every word
 * of it could be a name (not "Yes, sure." or "Credit card."), completed by a surname said after it.
 */
export function nameAnswer(callerText: string): string | undefined {
  const text = callerText.trim().replace(/[\u2019]/g, "'");
  const name = nameFromWords(ANSWER.exec(text)?.groups?.['name']);
  if (!name) return undefined;
  if (/\s/u.test(name)) return name;
  const last = nameFromWords(SURNAME.exec(text)?.groups?.['last']);
  return last ? `${name} ${last}` : name;
}

/** "you are speaking with Asha", "BazaarNow, namaste, main Ritu.": agents write names capitalised. */
const AGENT_SELF =
  /\bspeaking\s+(?:with|to)\s+(?<name>\p{Lu}\p{Ll}+)|(?:^|[,.!]\s+)main\s+(?<main>\p{Lu}\p{Ll}+)\s*(?:[,.!]|$)/u;

/**
 * The name the agent gave for themselves ("this is Rohit", "main Kavya bol rahi hoon", "you are
 * speaking with Asha"), read from the agent's own turns until found.
 */
export function agentName(agentText: string): string | undefined {
  const said = extractName(agentText)?.name;
  if (said) return said;
  const groups = AGENT_SELF.exec(agentText)?.groups;
  return groups?.['name'] ?? groups?.['main'];
}

/**
 * Callers greet the agent by name before giving their own: "yeah rohit, manoj kulkarni here" reads
 * "Rohit Manoj Kulkarni" to a pattern that takes up to three words. The agent's name in front of a
 * longer name is the greeting; the name is the rest. A name that is only the agent's is nobody's.
 */
export function withoutAgentName(name: string, agent: string | undefined): string | undefined {
  if (agent === undefined) return name;
  const first = agent.split(/\s+/u)[0]!.toLowerCase();
  const words = name.split(/\s+/u);
  if (words[0]!.toLowerCase() !== first) return name;
  return words.length > 1 ? words.slice(1).join(' ') : undefined;
}
