import type { CallRunner } from './call-runner.js';
import type { CallbackPurpose } from './callbacks.js';
import { sleep } from './clock.js';
import type { XmlPurpose } from './events.js';
import { invalidXml, unreachableUrl } from './hangup-causes.js';
import type { HangupInfo } from './types.js';
import type { XmlElement } from './xml-parse.js';

/** What a verb tells the interpreter to do next. */
export type Flow =
  | { kind: 'next' }
  | { kind: 'replace'; elements: XmlElement[] }
  | { kind: 'hangup'; info: HangupInfo };

export const NEXT: Flow = { kind: 'next' };

/** The running program a verb executes in. */
export interface Exec {
  runner: CallRunner;
  /** Aborts on hang-up or transfer: every wait in a verb uses it. */
  signal: AbortSignal;
  /** Aborts on transfer only; XML streams close on it. */
  program: AbortSignal;
}

/**
 * Fetches XML that replaces the rest of the document (Redirect, or an action with redirect=true).
 * Unreachable and invalid documents end the call with their purpose's code (7012/8012...).
 * An empty 200 from an action URL means "carry on": apps commonly answer actions with no body.
 */
export async function followXml(
  exec: Exec,
  purpose: XmlPurpose & CallbackPurpose,
  url: string,
  method: string,
  params: Record<string, string>,
  onEmpty: 'next' | 'invalid',
): Promise<Flow> {
  const fetched = await exec.runner.fetchXml(purpose, url, method, params, exec.signal);
  if (fetched.kind === 'ok') return { kind: 'replace', elements: fetched.elements };
  if (fetched.kind === 'unreachable') return { kind: 'hangup', info: unreachableUrl(purpose) };
  if (fetched.kind === 'empty' && onEmpty === 'next') return NEXT;
  if (fetched.kind === 'empty')
    exec.runner.rec.push('xml_invalid', { purpose, url, reason: 'empty document' });
  await sleep(exec.runner.ctx.scaled(1), exec.signal);
  return { kind: 'hangup', info: invalidXml(purpose) };
}

/** Settles with `promise`, or rejects with the abort reason as soon as `signal` aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
