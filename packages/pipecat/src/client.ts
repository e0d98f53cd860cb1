import { PipecatClient, type PipecatClientOptions } from '@pipecat-ai/client-js';

/**
 * `new PipecatClient(options)` that also works in Node. The constructor describes its host from
 * `window.navigator` (client-js 1.13 `learnAboutClient`), which throws a ReferenceError where
 * there is no `window`. A stand-in exists only for the constructor: a lasting global `window`
 * would make other libraries in the process believe they run in a browser.
 */
export function createPipecatClient(options: PipecatClientOptions): PipecatClient {
  const host = globalThis as { window?: unknown };
  if (host.window !== undefined) return new PipecatClient(options);
  Object.defineProperty(globalThis, 'window', { value: {}, configurable: true, writable: true });
  try {
    return new PipecatClient(options);
  } finally {
    delete host.window;
  }
}

/** A constructed client, as opposed to the options for one (duck-typed: two copies of client-js may coexist). */
export function isPipecatClient(value: PipecatClient | PipecatClientOptions): value is PipecatClient {
  return typeof (value as Partial<PipecatClient>).registerFunctionCallHandler === 'function';
}
