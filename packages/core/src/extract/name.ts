import { fullerName } from './name-full.js';
import { isEverydayWord, selfIntroduction, titleCase } from './name-intros.js';
import { lastFew } from './text.js';

/** Words that end a name the caller said ("my name is Priya Sharma and my account…"). */
// biome-ignore format: a word table reads better packed than one word per line
const NAME_STOPWORDS = new Set([
  'and', 'i', 'im', 'my', 'from', 'calling', 'here', 'speaking', 'sir', 'madam', 'maam', 'ji', 'hai', 'he',
  'h', 'hain', 'hoon', 'hu', 'the', 'is', 'am', 'um', 'uh', 'aur', 'main', 'mera', 'meri', 'account',
  'please', 'so', 'but', 'actually', 'okay', 'ok', 'with', 'phone', 'number', 'na', 'by', 'here', 'speaking',
  'calling', 'the', 'from', 'sir', 'maam', 'madam', 'ji',
  'और', 'है', 'हूं', 'हूँ', 'मैं', 'मेरा', 'जी',
]);

/** Capitalised words that follow "I am" / "this is" without being names. */
// biome-ignore format: a word table reads better packed than one word per line
const NOT_NAMES = new Set([
  'very', 'not', 'so', 'just', 'really', 'from', 'sorry', 'also', 'here', 'still', 'the', 'a', 'an', 'your',
  'my', 'it', 'about', 'in', 'on', 'at', 'ok', 'okay', 'fine', 'good', 'happy', 'angry', 'frustrated',
  'upset', 'calling', 'trying', 'going', 'facing', 'having', 'looking', 'indian', 'hindi', 'english',
  'unable', 'sure', 'done', 'ready', 'totally', 'extremely', 'quite', 'again', 'what', 'why', 'how',
  'ridiculous', 'urgent', 'important', 'regarding', 'hello', 'hi', 'yes', 'no',
]);

const TITLE = String.raw`(?:(?:Mr|Mrs|Ms|Dr|Shri|Smt)\.?\s+)?`;
const CAPITALISED_NAME = String.raw`${TITLE}\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2}`;

/** Explicit introductions: the caller is stating a name, so case does not matter. */
const EXPLICIT: readonly RegExp[] = [
  /\bmy\s+name(?:\s+is|'s|s)\s+(?<name>[^\d,.;!?]{2,60})/iu,
  /(?:registered|is)\s+(?:under|in\s+the\s+name\s+of)\s+(?<name>[^\d,.;!?]{2,60})/iu,
  // "…, name is Meera Pillai", answering "may I have your name?".
  /(?:^|[,.;]\s*|\band\s+|\bthe\s+)name\s+is\s+(?<name>[^\d,.;!?]{2,60})/iu,
  /\b(?:mera|meraa)\s+(?:naam|nam|name)\s+(?<name>[^\d,.;!?]{2,60})/iu,
  /मेरा\s+नाम\s+(?<name>[^\d,.;!?।]{2,60})/u,
  // "…block kar do please. naam hai Kavita Iyer": "naam hai" opening a clause is the caller's own.
  /(?:^|[,.;!?।]\s*|\bji\s+)(?:naam|nam|name)\s+(?:hai|he|h)\s+(?<name>[^\d,.;!?]{2,60})/iu,
  /(?:^|[,.;!?।]\s*|जी\s+)नाम\s+है\s+(?<name>[^\d,.;!?।]{2,60})/u,
  // "her name is aarohi, mine is neha sinha": "mine" answers "name" earlier in the sentence.
  /\bname\b[^.!?]*?\bmine(?:\s+is|'s)\s+(?<name>[^\d,.;!?]{2,60})/iu,
];

/** Weaker introductions ("this is Rahul", "I am Anil Kumar"): only a capitalised name counts. */
const WEAK: readonly RegExp[] = [
  new RegExp(String.raw`(?:^|[\s,.!?])(?:[Tt]his\s+is|I\s+am|I'm|Im)\s+(?<name>${CAPITALISED_NAME})`, 'u'),
];

/**
 * ASR writes "this is rohit bansal" in lower case, so case cannot tell a name from "this is really
 * bad". At the start of the utterance, two words that are not everyday words count as a name.
 */
// "this is professor anand kulkarni": a title said before the name is not part of it.
const LOWERCASE_INTRO =
  /^(?:(?:hi|hello|hey|yes|yeah|haan|ji|namaste|good\s+(?:morning|afternoon|evening)|u+m+|u+h+|h+m+|er+|oh|so|well|ok|okay)[\s,.!]+)*(?:this\s+is|it'?s|i\s+am|i'?m)\s+(?:(?:professor|prof|doctor)\.?\s+)?(?<first>\p{Ll}{2,})\s+(?<last>\p{Ll}{2,})(?=$|[\s,.;!?])/u;
// biome-ignore format: a word table reads better packed than one word per line
const EVERYDAY = new Set([
  'a', 'an', 'the', 'my', 'your', 'our', 'his', 'her', 'their', 'this', 'that', 'it', 'is', 'was', 'be',
  'not', 'no', 'so', 'very', 'really', 'just', 'also', 'still', 'too', 'quite', 'about', 'regarding',
  'for', 'from', 'with', 'in', 'on', 'at', 'to', 'of', 'and', 'or', 'but', 'how', 'what', 'why', 'when',
  'where', 'who', 'which', 'again', 'now', 'here', 'there', 'going', 'calling', 'call', 'done', 'fine',
  'okay', 'ok', 'sure', 'sorry', 'ready', 'unable', 'able', 'worst', 'best', 'bad', 'good', 'great',
  'terrible', 'ridiculous', 'pathetic', 'useless', 'unacceptable', 'urgent', 'important', 'serious',
  'insane', 'crazy', 'enough', 'third', 'second', 'first', 'last', 'same', 'wrong', 'right', 'exactly',
  'totally', 'completely', 'absolutely', 'simply', 'only', 'one', 'two', 'all', 'any', 'some', 'every',
  'hindi', 'english', 'new', 'old', 'customer', 'account', 'sir', 'madam', 'maam', 'please', 'thanks',
  'happy', 'angry', 'upset', 'frustrated', 'scared', 'worried', 'tired', 'sick', 'fed', 'confused',
  'having', 'facing', 'trying', 'looking', 'waiting', 'getting', 'going', 'costing', 'nothing', 'something',
  'mera', 'meri', 'main', 'hum', 'aap', 'bahut', 'bilkul', 'ekdum', 'kya', 'nahi',
]);

function lowercaseName(text: string): string | undefined {
  const m = LOWERCASE_INTRO.exec(
    text
      .trim()
      .toLowerCase()
      .replace(/[\u2019']/g, "'"),
  );
  const first = m?.groups?.['first'];
  const last = m?.groups?.['last'];
  if (!first || !last) return undefined;
  for (const word of [first, last]) {
    if (EVERYDAY.has(word) || NOT_NAMES.has(word) || NAME_STOPWORDS.has(word) || isEverydayWord(word)) {
      return undefined;
    }
    if (/(?:ing|ed|ly)$/.test(word)) return undefined;
  }
  return `${titleCase(first)} ${titleCase(last)}`;
}

export interface NameMatch {
  name: string;
  /** Stated outright ("my name is …") rather than inferred ("this is …"). */
  explicit: boolean;
}

/** A customer name introduced in one caller utterance. */
export function extractName(text: string): NameMatch | undefined {
  const found = nameIn(text);
  return found && { ...found };
}

/** `extractName` for the core's own callers, which ask it of the same turn several times. */
export const nameIn: (text: string) => Readonly<NameMatch> | undefined = lastFew(extractNameOnce);

function extractNameOnce(text: string): NameMatch | undefined {
  const found = firstName(text);
  return found && { ...found, name: fullerName(text, found.name) };
}

/**
 * A word every explicit pattern needs ("name", "naam", "नाम", "under"): most turns have none, and
 * this one scan without the Unicode and case-folding flags spares eight patterns that have both.
 */
const EXPLICIT_CUE = /na{1,2}m|नाम|under/i;

function firstName(text: string): NameMatch | undefined {
  if (EXPLICIT_CUE.test(text)) return explicitName(text) ?? impliedName(text);
  return impliedName(text);
}

function explicitName(text: string): NameMatch | undefined {
  for (const pattern of EXPLICIT) {
    const raw = pattern.exec(text)?.groups?.['name'];
    const name = raw && cleanName(raw);
    if (name) return { name, explicit: true };
  }
  return undefined;
}

function impliedName(text: string): NameMatch | undefined {
  for (const pattern of WEAK) {
    const raw = pattern.exec(text)?.groups?.['name'];
    const name = raw && cleanName(raw);
    if (name && !NOT_NAMES.has(firstWord(name).toLowerCase())) return { name, explicit: false };
  }
  const lower = lowercaseName(text) ?? selfIntroduction(text);
  return lower ? { name: lower, explicit: false } : undefined;
}

function cleanName(raw: string): string | undefined {
  const words: string[] = [];
  for (const word of raw.trim().split(/\s+/u)) {
    const bare = word.replace(/[^\p{L}\p{M}.'-]/gu, '');
    if (bare === '' || NAME_STOPWORDS.has(bare.toLowerCase().replace(/['.]/g, ''))) break;
    words.push(bare);
    if (words.length === 3) break;
  }
  if (words.length === 0 || NOT_NAMES.has(words[0]!.toLowerCase())) return undefined;
  return words.map(titleCase).join(' ');
}

/** ASR often lowercases names; "priya sharma" reads better as "Priya Sharma". */

function firstWord(name: string): string {
  return name.replace(/^(?:Mr|Mrs|Ms|Dr|Shri|Smt)\.?\s+/u, '').split(/\s+/u)[0] ?? '';
}
