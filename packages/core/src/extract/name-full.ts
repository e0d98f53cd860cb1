import { isEverydayWord } from './name-intros.js';

/**
 * Callers often give the first name and then the full one: "mera naam pooja hai pooja rawat",
 * "main suresh bol raha hoon suresh nagpure", "My name's Thomas, Thomas Mathew", "main arif bol
 * raha hoon, mohammad arif". When a one-word name is said again within the next few words beside
 * a word that is not everyday, the pair is the full name. Runs only on a turn that already named
 * someone in one word, and reads words after that name only.
 */

const WORD = /[\p{L}\p{M}]+/gu;
/** How far after the first mention the repeat may start: "…hai, ji, pooja rawat". */
const WINDOW = 5;
/** English word shapes that are not surnames ("rahul calling", "priya speaking"). */
const NOT_SURNAME = /(?:ing|ed|ly)$/;

export function fullerName(text: string, name: string): string {
  if (/\s/u.test(name)) return name;
  const wanted = name.toLowerCase();
  WORD.lastIndex = 0;
  const words: string[] = [];
  let seen = false;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    if (!seen) {
      seen = m[0].toLowerCase() === wanted;
      continue;
    }
    words.push(m[0]);
    if (words.length > WINDOW + 1) break;
  }
  for (let i = 0; i < words.length && i < WINDOW; i++) {
    if (words[i]!.toLowerCase() !== wanted) continue;
    const after = words[i + 1];
    if (after !== undefined && isSurname(after)) return `${name} ${titleCase(after)}`;
    const before = words[i - 1];
    if (before !== undefined && isSurname(before)) return `${titleCase(before)} ${name}`;
    return name;
  }
  return name;
}

function isSurname(word: string): boolean {
  const lower = word.toLowerCase();
  return lower.length >= 2 && !isEverydayWord(lower) && !NOT_SURNAME.test(lower) && !/^[A-Z]{2,}$/.test(word);
}

function titleCase(word: string): string {
  return /^[a-z]/.test(word) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}
