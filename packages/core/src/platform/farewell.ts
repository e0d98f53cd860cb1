import type { CallPort, SpokenLine } from './port.js';

/** 150 words a minute, plus a breath: how long a line takes when the platform cannot say. */
const MS_PER_WORD = 400;
const LEAD_MS = 300;

export function estimateSpeechMs(text: string): number {
  const words = text.trim() === '' ? 0 : text.trim().split(/\s+/u).length;
  return LEAD_MS + words * MS_PER_WORD;
}

export type SayOutcome = 'played' | 'estimated' | 'timeout' | 'failed';

/**
 * Voices `line` through the port and resolves when it has played, never later than `timeoutMs`:
 * a port that throws or never settles must not keep the caller from the human.
 */
export async function sayBounded(
  port: CallPort,
  line: SpokenLine,
  timeoutMs: number,
  onError: (error: unknown) => void,
): Promise<SayOutcome> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const said = await Promise.race([
      Promise.resolve()
        .then(() => port.say(line))
        .then((playout) => playout ?? 'played'),
      timeout,
    ]);
    const playout = typeof said === 'object' ? said.playout : said;
    if (playout !== 'unknown') return playout;
    const spoken = typeof said === 'object' ? said.spoken : line.text;
    const left = Math.min(estimateSpeechMs(spoken), timeoutMs) - (Date.now() - started);
    if (left > 0) await Promise.race([new Promise((resolve) => setTimeout(resolve, left)), timeout]);
    return 'estimated';
  } catch (error) {
    onError(error);
    return 'failed';
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Runs `fn`, reporting a throw or rejection, and never waits past `timeoutMs`. */
export async function bounded(
  fn: () => void | Promise<void>,
  timeoutMs: number,
  onError: (error: unknown) => void,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(fn),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
  } catch (error) {
    onError(error);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
