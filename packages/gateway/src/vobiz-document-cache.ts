/** Which document of a handoff: the transfer `<Dial>` or the human's brief. */
export type DocumentKind = 'handoff' | 'whisper';

interface Entry {
  version: number;
  attempt: number;
  body: string;
}

export const DEFAULT_DOCUMENT_CACHE_SIZE = 10_000;

/**
 * The XML documents a handoff's callbacks answer, rendered once per record version and attempt:
 * Vobiz fetches the same document again on every retry, and rendering it (context → SIP headers,
 * the brief) costs more than serving it. The version is the store's, read on every request, so a
 * change made by any instance sharing the store is a miss here, never a stale document.
 *
 * One entry per handoff and kind: a newer version replaces the older one at once, a settled
 * handoff's are forgotten (`forget`: no document of a finished handoff is served from here), and
 * the oldest handoff is forgotten first when the cache is full.
 */
export class DocumentCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;

  constructor(max = DEFAULT_DOCUMENT_CACHE_SIZE) {
    this.#max = Math.max(1, max);
  }

  get(kind: DocumentKind, handoffId: string, version: number, attempt: number): string | undefined {
    const entry = this.#entries.get(key(kind, handoffId));
    return entry && entry.version === version && entry.attempt === attempt ? entry.body : undefined;
  }

  set(kind: DocumentKind, handoffId: string, version: number, attempt: number, body: string): void {
    const k = key(kind, handoffId);
    const current = this.#entries.get(k);
    // A slow request that read an older version must not replace a newer document.
    if (current && current.version > version) return;
    this.#entries.delete(k);
    this.#entries.set(k, { version, attempt, body });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Drops both of a handoff's documents. */
  forget(handoffId: string): void {
    this.#entries.delete(key('handoff', handoffId));
    this.#entries.delete(key('whisper', handoffId));
  }

  get size(): number {
    return this.#entries.size;
  }
}

function key(kind: DocumentKind, handoffId: string): string {
  return `${kind}\u0000${handoffId}`;
}
