/**
 * Whether a UTF-16 code is whitespace as the regular expression `\s` means it (WhiteSpace and
 * LineTerminator): the counts below walk the text instead of splitting it, one array and a string
 * per word fewer, and must split where `/\s+/u` does.
 */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Words as a listener hears them: a number like "15,000" takes about two words to say. */
export function spokenWordCount(text: string): number {
  let count = 0;
  let inWord = false;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x20;
    if (isSpace(code)) {
      if (inWord) count += digits > 2 ? Math.ceil(digits / 3) + 1 : 1;
      inWord = false;
      digits = 0;
    } else {
      inWord = true;
      if (code >= 0x30 && code <= 0x39) digits++;
    }
  }
  return count;
}

export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) inWord = false;
    else if (!inWord) {
      inWord = true;
      count++;
    }
  }
  return count;
}

/**
 * Cuts text to at most `maxWords`: at the last sentence end that fits, else at a word boundary
 * (ending with a full stop, since this text is often spoken).
 */
export function limitWords(
  text: string,
  maxWords: number,
  count: (text: string) => number = wordCount,
): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (count(clean) <= maxWords) return clean;
  const words = clean.split(' ');
  let kept = '';
  let lastSentence = '';
  for (const word of words) {
    const next = kept === '' ? word : `${kept} ${word}`;
    if (count(next) > maxWords) break;
    kept = next;
    if (/[.!?।]$/u.test(word)) lastSentence = kept;
  }
  if (lastSentence !== '') return lastSentence;
  const trimmed = kept.replace(/[\s,;:\-–—]+$/u, '');
  return trimmed === '' ? '' : /[.!?।]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

export interface RankedSentence {
  text: string;
  /** Lower is more important; kept first when the budget is tight. */
  priority: number;
  /** Shorter ways to say the same thing, longest first, tried when `text` does not fit. */
  shorter?: readonly string[];
}

/**
 * Picks whole sentences by priority until the word budget is spent, then emits them in their
 * original order, so the most important fact survives and the text still reads naturally.
 */
export function fitSentences(
  sentences: readonly RankedSentence[],
  maxWords: number,
  count: (text: string) => number = wordCount,
): string {
  // Indices by priority, stable (insertion: a handful of sentences), and the chosen forms by index:
  // no copies of the sentences, no candidate arrays.
  const order: number[] = [];
  for (let i = 0; i < sentences.length; i++) {
    let at = order.length;
    while (at > 0 && sentences[order[at - 1]!]!.priority > sentences[i]!.priority) at--;
    order.splice(at, 0, i);
  }
  const chosen: (string | undefined)[] = new Array(sentences.length);
  let size = 0;
  let used = 0;
  for (const i of order) {
    const sentence = sentences[i]!;
    let fitting: string | undefined;
    let words = count(sentence.text);
    if (used + words <= maxWords) fitting = sentence.text;
    else if (sentence.shorter) {
      for (const shorter of sentence.shorter) {
        words = count(shorter);
        if (used + words <= maxWords) {
          fitting = shorter;
          break;
        }
      }
    }
    if (fitting !== undefined) {
      chosen[i] = fitting;
      size++;
      used += words;
    } else if (size === 0) {
      // Even the most important sentence is too long in every form: say as much of the shortest as fits.
      const shortest = sentence.shorter?.at(-1) ?? sentence.text;
      return limitWords(shortest, maxWords, count);
    }
  }
  let text = '';
  let first = true;
  for (const fitting of chosen) {
    if (fitting === undefined) continue;
    text = first ? fitting : `${text} ${fitting}`;
    first = false;
  }
  return text;
}
