import { HandoffError, type StoreChange, type StoredRecord } from '@handoff/core';

/** As written by the put script: version, updatedAt, write id, value. */
interface Envelope {
  v: number;
  u: number;
  w: string;
  d: unknown;
}

/**
 * Values cross Redis as JSON, the nearest thing to the memory store's structuredClone: the stored
 * copy is isolated from the caller's object. Unlike structuredClone, Dates come back as strings,
 * Maps and Sets as `{}` and `undefined` properties vanish.
 */
export function encodeValue(key: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new HandoffError('invalid_arguments', `Value for "${key}" cannot be stored as JSON`, {
      cause: error,
    });
  }
  if (json === undefined) {
    throw new HandoffError(
      'invalid_arguments',
      `Value for "${key}" cannot be stored as JSON (got ${typeof value})`,
    );
  }
  return json;
}

export function decodeRecord<T>(key: string, raw: string): StoredRecord<T> {
  let envelope: Envelope | undefined;
  try {
    envelope = JSON.parse(raw) as Envelope;
  } catch {
    // Reported below: something other than this store wrote the key.
  }
  if (typeof envelope?.v !== 'number') {
    throw new HandoffError('store_unavailable', `The value at "${key}" was not written by this store`);
  }
  return { key, value: envelope.d as T, version: envelope.v, updatedAt: envelope.u };
}

/**
 * The record a put wrote. Its value is decoded only when read: most writers never look at it
 * (a handoff's packet is several kB, decoded on the path to the Transfer request for nothing).
 */
export function writtenRecord<T>(
  key: string,
  json: string,
  version: number,
  updatedAt: number,
): StoredRecord<T> {
  let value: T | undefined;
  let decoded = false;
  return {
    key,
    get value(): T {
      if (!decoded) {
        value = JSON.parse(json) as T;
        decoded = true;
      }
      return value as T;
    },
    set value(next: T) {
      value = next;
      decoded = true;
    },
    version,
    updatedAt,
  };
}

/** Parses a message from the change channel; anything else on the channel is ignored. */
export function decodeChange(message: string): StoreChange | undefined {
  try {
    const change = JSON.parse(message) as Partial<StoreChange>;
    if (typeof change.key !== 'string' || typeof change.version !== 'number') return undefined;
    return { key: change.key, value: change.value, version: change.version };
  } catch {
    return undefined;
  }
}

/** SCAN MATCH treats `* ? [ ] \` as glob syntax; a prefix must match only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

// ---- session logs (lists of JSON entries) ----

/** A list command on a key that holds a record is a caller's mistake, not Redis being down. */
export function wrongType(key: string): (error: unknown) => never {
  return (error) => {
    // From a script, Redis 7 passes the error on as it is; Redis 6 wraps it in "ERR Error running script".
    if (error instanceof Error && /\bWRONGTYPE\b/.test(error.message)) {
      throw new HandoffError('invalid_arguments', `"${key}" holds a record, not a log`);
    }
    throw error;
  };
}

export function listLength(key: string, value: unknown): number {
  if (typeof value !== 'number')
    throw new HandoffError('store_unavailable', `append to "${key}" got no length back`);
  return value;
}

export function decodeEntry<T>(key: string, raw: string): T {
  try {
    return JSON.parse(raw) as T;
  } catch (error) {
    throw new HandoffError(
      'store_unavailable',
      `An entry of the log at "${key}" was not written by this store`,
      {
        cause: error,
      },
    );
  }
}
