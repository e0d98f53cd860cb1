import { tokenize } from './text.js';

export type CallerLanguage = 'hi' | 'hi-Latn' | 'en';

export interface LanguageGuess {
  language: CallerLanguage;
  /** Clear enough to switch away from a language already detected earlier in the call. */
  clear: boolean;
  /** Hinglish marker words in the utterance (0 for Devanagari and English). */
  strength: number;
}

/**
 * Romanised Hindi words that almost never occur in English. Deliberately leaves out words that are
 * also English ("to", "me", "main", "the", "hi") so an English caller never reads as Hinglish.
 */
// biome-ignore format: a word table reads better packed than one word per line
export const hinglishMarkers: readonly string[] = [
  'hai', 'hain', 'tha', 'thi', 'nahi', 'nahin', 'nhi', 'mat', 'mujhe', 'mujhko', 'mera', 'meri', 'mere',
  'hum', 'humko', 'humein', 'hamara', 'aap', 'aapka', 'aapke', 'aapki', 'apna', 'apne', 'tum', 'kya',
  'kyun', 'kyon', 'kaise', 'kab', 'kahan', 'kitna', 'kitne', 'kaun', 'karna', 'karni', 'karne', 'karo',
  'kar', 'kiya', 'kijiye', 'karwao', 'karao', 'karwa', 'baat', 'raha', 'rahi', 'rahe', 'gaya', 'gayi',
  'gaye', 'hua', 'hui', 'diya', 'liya', 'haan', 'ji', 'accha', 'achha', 'theek', 'thik', 'bhai', 'yaar',
  'abhi', 'aaj', 'kuch', 'bahut', 'bohot', 'wala', 'wale', 'wali', 'chahiye', 'chahta', 'chahti',
  'paisa', 'paise', 'naam', 'khata', 'batao', 'bataiye', 'lekin', 'aur', 'bhi', 'koi', 'kisi', 'wapas',
  'se', 'ko', 'ka', 'ki', 'ke', 'hoon', 'hu', 'ho', 'gya', 'ne', 'jaldi', 'dijiye', 'karwa', 'karwana',
  'karwaiye', 'bata', 'bataye', 'dekho', 'dekhiye', 'matlab', 'haa', 'nahin', 'kab', 'kal', 'parso', 'tak',
  'mein', 'liye', 'wahi', 'yahi', 'jab', 'phir', 'toh', 'sirf', 'bilkul', 'zyada', 'kam', 'lagbhag',
  'karta', 'karti', 'karte', 'hoga', 'hogi', 'aaya', 'aayi', 'aaye', 'mila', 'mili', 'chal', 'raha', 'bhej',
  'bhejo', 'lena', 'dena', 'abhi', 'waala', 'wala', 'kijiye', 'karunga', 'karungi', 'jaunga',
];

// biome-ignore format: a word table reads better packed than one word per line
const ENGLISH_FUNCTION_WORDS = new Set([
  'i', 'the', 'my', 'is', 'to', 'and', 'a', 'an', 'want', 'need', 'you', 'your', 'it', 'this', 'that', 'of',
  'for', 'with', 'can', 'please', 'have', 'was', 'am', 'are', 'me', 'do', 'what', 'why', 'not', 'in', 'on',
]);

const markerSet = new Set(hinglishMarkers);

/**
 * The caller's language after one more utterance. A Hinglish caller drops whole English sentences
 * in all the time, but an English speaker does not say "mujhe refund chahiye": so moving to
 * Hinglish needs an ordinary Hinglish utterance, moving back to English a clearly English one,
 * and Devanagari is unambiguous either way.
 */
export function nextLanguage(
  current: string | undefined,
  guess: LanguageGuess | undefined,
): string | undefined {
  if (!guess || guess.language === current) return current;
  if (current === undefined || guess.clear) return guess.language;
  if (current === 'en' && guess.language === 'hi-Latn' && guess.strength >= 2) return guess.language;
  return current;
}

/** Guesses the caller's language from one utterance, or `undefined` when there is nothing to go on. */
export function detectLanguage(text: string): LanguageGuess | undefined {
  // Counted in one pass: `match` with a global regex would build an array of every letter.
  let devanagari = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x0900 && c <= 0x097f) devanagari++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  if (devanagari === 0 && latin === 0) return undefined;
  if (devanagari >= latin) return { language: 'hi', clear: devanagari >= 6, strength: 0 };

  // One pass over the (shared) tokens, no arrays: the words of plain Latin letters, and which are which.
  let count = 0;
  let markers = 0;
  let english = 0;
  for (const token of tokenize(text)) {
    if (!isLowerLatin(token)) continue;
    count++;
    // The two sets share no word (a marker is never an English function word).
    if (markerSet.has(token)) markers++;
    else if (ENGLISH_FUNCTION_WORDS.has(token)) english++;
  }
  if (count === 0) return undefined;

  if (markers >= 2 && markers / count >= 0.2) {
    return { language: 'hi-Latn', clear: markers >= 3 && markers / count >= 0.25, strength: markers };
  }
  // A one- or two-word reply like "haan ji" is Hinglish, but too short to switch on.
  if (markers >= 1 && count <= 3 && english === 0) {
    return { language: 'hi-Latn', clear: false, strength: markers };
  }
  return { language: 'en', clear: markers === 0 && count >= 5 && english >= 2, strength: 0 };
}

/** `/^[a-z]+$/` without the regex: tokens are folded, so this is the whole test. */
function isLowerLatin(token: string): boolean {
  if (token.length === 0) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}
