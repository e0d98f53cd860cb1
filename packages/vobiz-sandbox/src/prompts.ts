import type { CallRecord } from './call.js';
import { sleep } from './clock.js';
import type { SandboxContext } from './context.js';
import { numAttr, type XmlElement } from './xml-parse.js';

/** Typical TTS pace; Speak lasts words / 150 per minute. */
const WORDS_PER_MINUTE = 150;

export function speakSeconds(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(0.5, (words * 60) / WORDS_PER_MINUTE);
}

/** `loop="0"` repeats forever (until the call moves on). */
export function loopCount(el: XmlElement): number {
  const n = Math.floor(numAttr(el, 'loop', 1));
  return n <= 0 ? Number.POSITIVE_INFINITY : n;
}

export interface PromptHeard {
  verb: 'Speak' | 'Play' | 'Wait';
  text?: string;
  url?: string;
  durationMs: number;
  loop: number;
}

/**
 * Plays one Speak/Play/Wait to whoever is listening, reporting it through `heard` before it starts
 * (so logs show what is being said while it is being said), then waiting its simulated length.
 */
export async function runPrompt(
  ctx: SandboxContext,
  el: XmlElement,
  signal: AbortSignal,
  heard: (p: PromptHeard) => void,
): Promise<void> {
  if (el.name === 'Wait') {
    const seconds = numAttr(el, 'length', 1);
    const durationMs = ctx.scaled(seconds);
    heard({ verb: 'Wait', durationMs, loop: 1 });
    await sleep(durationMs, signal);
    return;
  }
  const loops = loopCount(el);
  const seconds = el.name === 'Speak' ? speakSeconds(el.text) : ctx.playSeconds;
  const durationMs = ctx.scaled(seconds);
  const loop = Number.isFinite(loops) ? loops : 0;
  if (el.name === 'Speak') heard({ verb: 'Speak', text: el.text, durationMs, loop });
  else heard({ verb: 'Play', url: el.text, durationMs, loop });
  for (let i = 0; i < loops; i++) await sleep(durationMs, signal);
}

/** Logs what the caller hears from a Speak/Play/Wait. */
export function logPrompt(rec: CallRecord, el: XmlElement, heard: PromptHeard): void {
  if (heard.verb === 'Speak') {
    rec.push('speak', {
      text: heard.text ?? '',
      voice: el.attrs.voice ?? 'WOMAN',
      language: el.attrs.language ?? 'en-US',
      loop: heard.loop,
      durationMs: heard.durationMs,
    });
  } else if (heard.verb === 'Play') {
    rec.push('play', { url: heard.url ?? '', loop: heard.loop, durationMs: heard.durationMs });
  } else {
    rec.push('wait', { seconds: numAttr(el, 'length', 1), durationMs: heard.durationMs });
  }
}
