import type { Clock } from './types.js';

export const systemClock: Clock = { now: () => Date.now() };

/** Thrown out of waits when the call's current XML is interrupted (hang-up, transfer). */
export class Interrupted extends Error {
  constructor(readonly why: string) {
    super(`interrupted: ${why}`);
    this.name = 'Interrupted';
  }
}

export function interruptReason(signal: AbortSignal): Interrupted {
  const reason: unknown = signal.reason;
  return reason instanceof Interrupted ? reason : new Interrupted(String(reason ?? 'aborted'));
}

export function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw interruptReason(signal);
}

/** Resolves after `ms` real milliseconds; rejects with Interrupted as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(interruptReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(interruptReason(signal!));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits until `signal` aborts; used by verbs that block until the call moves on (bridges, conferences). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(interruptReason(signal));
    else signal.addEventListener('abort', () => reject(interruptReason(signal)), { once: true });
  });
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `SessionStart` format: UTC with microseconds, e.g. `2026-07-21 08:08:38.662991`. */
export function formatSessionStart(ms: number): string {
  const d = new Date(ms);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${base}.${pad(d.getUTCMilliseconds() * 1000, 6)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** AnswerTime/StartTime/EndTime/Timestamp format: `YYYY-MM-DD HH:MM:SS` in the console's time zone. */
export function formatConsoleTime(ms: number, timeZone: string): string {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
