import { copyFields } from './copy.js';

/** Beyond this, an integer may be no small integer (31-bit ones are, on every V8 build). */
const SMALL = 2 ** 30;

/**
 * A log of one entry that is a plain object, most session logs (the start of a call that has not
 * spoken): the entry's own fields, copied, on one object that also holds the log's expiry, rather
 * than a copy of the entry and a `Log` beside it (~40 bytes a call). The expiry is private, so the
 * object's own enumerable fields are exactly the entry's. Grows into a `Log` at the next append.
 */
export class OneEntryLog {
  /** The entry's fields, set on the log itself (see `of`). */
  [field: string]: unknown;
  readonly #expiresAt: number | undefined;

  constructor(expiresAt: number | undefined) {
    this.#expiresAt = expiresAt;
  }

  static expiresAt(log: OneEntryLog): number | undefined {
    return log.#expiresAt;
  }

  /**
   * `entry` (the store's own copy) as a log of one, or undefined when it is not a plain object
   * that can be held so: an own "__proto__" key would set the prototype rather than be a field.
   * Its first number field, when a time of day in ms near `epoch` (a session entry's `now`), is
   * kept less `epoch`, a small integer rather than a 16-byte heap number; the log is then a
   * `ShiftedLog`, which says so without a field.
   */
  static of(entry: unknown, expiresAt: number | undefined, epoch: number): OneEntryLog | undefined {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    if (Object.getPrototypeOf(entry) !== Object.prototype || Object.isFrozen(entry)) return undefined;
    if (Object.hasOwn(entry, '__proto__')) return undefined;
    const fields = entry as Record<string, unknown>;
    const first = firstNumberKey(fields);
    const time = first === undefined ? undefined : (fields[first] as number);
    const shift =
      time !== undefined &&
      Number.isInteger(time) &&
      Math.abs(time) >= SMALL &&
      Math.abs(time - epoch) < SMALL &&
      Number.isInteger(epoch);
    const log = shift ? new ShiftedLog(expiresAt) : new OneEntryLog(expiresAt);
    for (const key in fields) {
      if (!Object.hasOwn(fields, key)) continue;
      log[key] = shift && key === first ? Math.floor((time as number) - epoch) : fields[key];
    }
    return log;
  }

  /** The entry held, a plain object, deep-copied or not (its fields are the store's own copies). */
  static entry(log: OneEntryLog, epoch: number, copy: boolean): Record<string, unknown> {
    const out = copy ? copyFields(log) : { ...log };
    if (log instanceof ShiftedLog) {
      const first = firstNumberKey(out)!;
      out[first] = (out[first] as number) + epoch;
    }
    return out;
  }
}

/** A `OneEntryLog` whose first number field is kept less the store's epoch. */
class ShiftedLog extends OneEntryLog {}

function firstNumberKey(fields: Record<string, unknown>): string | undefined {
  for (const key in fields) if (Object.hasOwn(fields, key) && typeof fields[key] === 'number') return key;
  return undefined;
}
