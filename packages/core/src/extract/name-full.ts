import { isEverydayWord, titleCase } from './name-intros.js';

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
    if (words.length > WINDOW + 1 && words.length > spelledRun(words) + 3) break;
  }
  const spelled = afterSpelling(words);
  if (spelled !== undefined) return `${name} ${titleCase(spelled)}`;
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

/**
 * "Thejaswini, T H E J A S W I N I, surname Gowda", "Lalitha, L A L I T H A, Subramanian": the name
 * spelled letter by letter, then the surname (after "surname" / "last name" if said).
 */
function afterSpelling(words: string[]): string | undefined {
  const run = spelledRun(words);
  if (run < 3) return undefined;
  let i = run;
  const cue = words[i]?.toLowerCase();
  if (cue === 'surname') i++;
  else if (cue === 'last' && words[i + 1]?.toLowerCase() === 'name') i += 2;
  if (words[i]?.toLowerCase() === 'is') i++;
  const last = words[i];
  return last !== undefined && isSurname(last) ? last : undefined;
}

/** How many single letters open `words`. */
function spelledRun(words: string[]): number {
  let n = 0;
  while (n < words.length && words[n]!.length === 1) n++;
  return n;
}

function isSurname(word: string): boolean {
  const lower = word.toLowerCase();
  return lower.length >= 2 && !isEverydayWord(lower) && !NOT_SURNAME.test(lower) && !/^[A-Z]{2,}$/.test(word);
}
