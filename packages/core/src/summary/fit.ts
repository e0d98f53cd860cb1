/** Words as a listener hears them: a number like "15,000" takes about two words to say. */
export function spokenWordCount(text: string): number {
  let count = 0;
  for (const word of text.split(/\s+/u)) {
    if (word === '') continue;
    const digits = word.replace(/\D/g, '').length;
    count += digits > 2 ? Math.ceil(digits / 3) + 1 : 1;
  }
  return count;
}

export function wordCount(text: string): number {
  return text.split(/\s+/u).filter((w) => w !== '').length;
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
  const order = sentences.map((s, i) => ({ ...s, i })).sort((a, b) => a.priority - b.priority || a.i - b.i);
  const chosen = new Map<number, string>();
  let used = 0;
  for (const sentence of order) {
    const fitting = [sentence.text, ...(sentence.shorter ?? [])].find((t) => used + count(t) <= maxWords);
    if (fitting !== undefined) {
      chosen.set(sentence.i, fitting);
      used += count(fitting);
    } else if (chosen.size === 0) {
      // Even the most important sentence is too long in every form: say as much of the shortest as fits.
      const shortest = sentence.shorter?.at(-1) ?? sentence.text;
      return limitWords(shortest, maxWords, count);
    }
  }
  return sentences
    .map((_, i) => chosen.get(i))
    .filter((t) => t !== undefined)
    .join(' ');
}
