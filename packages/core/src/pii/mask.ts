import { detectors, type PiiSpan } from './detectors.js';
import { type PiiPolicy, resolvePiiPolicy } from './policy.js';

/**
 * Replaces card numbers, Aadhaar numbers, PANs, one-time codes, emails and phone numbers with
 * short placeholders that keep the useful part ("[card ending 4242]"). `false` returns the text as is.
 */
export function maskPii(text: string, policy?: PiiPolicy | false): string {
  const resolved = resolvePiiPolicy(policy);
  if (!resolved || text === '' || !/[\d@]/.test(text)) return text;

  const claimed: PiiSpan[] = [];
  for (const { kind, find } of detectors) {
    if (!resolved[kind]) continue;
    for (const candidate of find(text)) {
      if (!claimed.some((s) => candidate.start < s.end && s.start < candidate.end)) claimed.push(candidate);
    }
  }
  if (claimed.length === 0) return text;

  claimed.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of claimed) {
    out += text.slice(at, s.start) + s.replacement;
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * `maskPii` applied to every string inside plain objects and arrays (keys are kept). Returns a new
 * value; the input is not modified. Class instances other than arrays and plain objects pass through.
 */
export function maskPiiDeep<T>(value: T, policy?: PiiPolicy | false): T {
  if (policy === false) return value;
  return walk(value, policy, new WeakMap()) as T;
}

function walk(value: unknown, policy: PiiPolicy | undefined, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return maskPii(value, policy);
  if (value === null || typeof value !== 'object') return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(walk(item, policy, seen));
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [key, item] of Object.entries(value)) out[key] = walk(item, policy, seen);
  return out;
}
