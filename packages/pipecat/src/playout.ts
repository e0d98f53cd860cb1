/**
 * When a line the core asked for has been heard, from what RTVI reports of the bot's speech.
 * The plugin cannot voice a line itself: it asks the bot's LLM to (a function-call result, or
 * `send-text`), so "played" means the bot has started speaking after the request, said
 * something like the line, and stopped. A span that reports no text counts (a bot with
 * `bot_output_enabled=False`); a span whose text does not match (the rest of an earlier reply)
 * does not.
 */
export class SpeechWatch {
  #sawSpeech = false;
  readonly #waiters = new Set<Waiter>();

  /** Resolves `true` once `text` has been spoken, `false` after `timeoutMs` or on `close`. */
  expect(text: string, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        target: normalise(text),
        inSpan: false,
        heard: [],
        done: (played) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(played);
        },
      };
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      this.#waiters.add(waiter);
    });
  }

  started(): void {
    this.#sawSpeech = true;
    for (const waiter of this.#waiters) {
      waiter.inSpan = true;
      waiter.heard = [];
    }
  }

  /** A segment of bot output whose text is final. */
  output(text: string): void {
    for (const waiter of [...this.#waiters]) {
      if (this.#sawSpeech) {
        if (waiter.inSpan) waiter.heard.push(text);
      } else if (matches(normalise(text), waiter.target)) {
        // A bot that never reports speaking (text only): its output is all there is.
        waiter.done(true);
      }
    }
  }

  stopped(): void {
    for (const waiter of [...this.#waiters]) {
      if (!waiter.inSpan) continue;
      const heard = normalise(waiter.heard.join(' '));
      if (heard === '' || matches(heard, waiter.target)) waiter.done(true);
      else waiter.inSpan = false;
    }
  }

  close(): void {
    for (const waiter of [...this.#waiters]) waiter.done(false);
  }
}

interface Waiter {
  target: string;
  inSpan: boolean;
  heard: string[];
  done: (played: boolean) => void;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The LLM may wrap the line ("Sure. <line>") or drop its last word; either way it said it. */
function matches(heard: string, target: string): boolean {
  if (target === '') return true;
  if (heard.includes(target)) return true;
  const words = target.split(' ');
  const known = new Set(heard.split(' '));
  const found = words.filter((w) => known.has(w)).length;
  return found / words.length >= 0.8;
}
