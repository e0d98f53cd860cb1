/** Deeper than any entry the core writes: past it, the value is handed to `structuredClone`. */
const MAX_DEPTH = 64;

class TooDeep extends Error {}

/**
 * A deep copy of plain data (objects, arrays, primitives), what `structuredClone` gives for it in
 * a fifth of the time: the memory store copies every session entry it appends and reads, a few per
 * turn. Anything else (a `Date`, a `Map`, a class instance) is copied by `structuredClone`, which
 * also settles what this does not try to: cycles and very deep values.
 */
export function copyValue<T>(value: T): T {
  try {
    return copy(value, 0);
  } catch (error) {
    if (error instanceof TooDeep) return structuredClone(value);
    throw error;
  }
}

/**
 * `value` (frozen, a plain object) is what a copy of it would be, and stays so: every own key is
 * an enumerable string key holding a primitive or a plain object frozen the same way.
 */
function frozenData(value: object, depth: number): boolean {
  if (depth > MAX_DEPTH || Object.getOwnPropertySymbols(value).length > 0) return false;
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const key in descriptors) {
    const { value: item, enumerable, get, set } = descriptors[key]!;
    if (!enumerable || get !== undefined || set !== undefined) return false;
    if (typeof item === 'function' || typeof item === 'symbol') return false;
    if (typeof item !== 'object' || item === null) continue;
    if (Array.isArray(item) || !Object.isFrozen(item)) return false;
    const proto: unknown = Object.getPrototypeOf(item);
    if ((proto !== Object.prototype && proto !== null) || !frozenData(item, depth + 1)) return false;
  }
  return true;
}

function copy<T>(value: T, depth: number): T {
  if (typeof value !== 'object' || value === null) {
    // As `structuredClone` does: a function or a symbol is not data.
    if (typeof value === 'function' || typeof value === 'symbol') return structuredClone(value);
    return value;
  }
  if (depth > MAX_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return structuredClone(value);
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      // A hole stays a hole, as `structuredClone` keeps it.
      if (i in value) out[i] = copy(value[i], depth + 1);
    }
    return out as T;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  // Nobody can change a frozen object of plain data, so it is its own copy: a session's start is
  // kept once, by the session and the memory store's log alike, not once by each.
  if (Object.isFrozen(value) && frozenData(value, depth)) return value;
  return copyOwn(value, depth) as T;
}

/**
 * A plain object with a deep copy of each own enumerable string-keyed field of `value`, whatever
 * its prototype: the memory store reads a log of one entry back out of the object that holds it.
 */
export function copyFields(value: object): Record<string, unknown> {
  try {
    return copyOwn(value, 0);
  } catch (error) {
    if (error instanceof TooDeep) return structuredClone({ ...value });
    throw error;
  }
}

function copyOwn(value: object, depth: number): Record<string, unknown> {
  // A spread, not `{}` filled key by key: the copy gets exactly the original's slots, where `{}`
  // has four and moves a fifth key and on to a second allocation (~40 bytes kept per log entry).
  // An own "__proto__" key stays a key (the spread defines it, as parsed JSON has it).
  const out = { ...value } as Record<string | symbol, unknown>;
  // `for…in` over the own keys, not `Object.keys`: the same keys in the same order, read from
  // V8's enumeration cache without a new array per object (a handoff record is a few dozen).
  for (const key in out) {
    if (!Object.hasOwn(out, key)) continue;
    const item = out[key];
    if (typeof item === 'object' ? item !== null : typeof item === 'function' || typeof item === 'symbol')
      out[key] = copy(item, depth + 1);
  }
  // As `structuredClone` does, symbol keys are not data (the spread copied them).
  for (const symbol of Object.getOwnPropertySymbols(out)) delete out[symbol];
  return out;
}
