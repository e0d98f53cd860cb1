/**
 * fast-check arbitraries for hostile input, shared by every property over a parser or an entry
 * point. Each property runs with a fixed seed, so a failure is reproduced by running the suite
 * again (fast-check prints the seed, path and shrunk counterexample). `PROPERTY_RUNS` scales the
 * number of runs: small in `npm test`, larger under `npm run reliability`.
 */
import fc from 'fast-check';

export const SEED = Number(process.env.PROPERTY_SEED ?? 0x5eed);
/** Runs per property: small by default so the suite takes seconds. */
export const RUNS = Math.max(1, Number(process.env.PROPERTY_RUNS ?? 30));

/** Fixed seed and run count; `factor` scales a cheap property's runs. */
export function params(factor = 1): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(RUNS * factor)), endOnFailure: true };
}

/** Keys that would pollute prototypes if a parser merged input into a plain object. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** A value parsed from text, so `__proto__` is an own key as a hostile JSON body carries it. */
const pollutingObject = (): unknown =>
  JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}');

/** Values of every wrong kind: types, sizes, encodings, control characters, injection. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, 0, -1, 1e308, true, '', ' ', [], {}, [null]) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      '\u0000',
      '\u202e\ud800',
      '%0a%0dinjected: yes',
      '\r\nX-Injected: yes',
      'NaN',
      '+919800000001',
      '112',
      'sip:attacker@example.com',
      '<Dial><Number>112</Number></Dial>',
      { $gt: '' },
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 70_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant(null).map(pollutingObject) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean()) },
);

/** Attacks that are the same every run: the cases a random search would rarely build. */
export const FIXED_TEXTS: ReadonlyArray<readonly [string, string]> = [
  ['empty body', ''],
  ['not JSON', 'hello=world'],
  ['JSON null', 'null'],
  ['JSON array', '[1,2,3]'],
  ['JSON string', '"x"'],
  ['deep array nesting', `${'['.repeat(5_000)}${']'.repeat(5_000)}`],
  ['deep object nesting', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
  ['256 KiB string', JSON.stringify({ reason: 'A'.repeat(256 * 1024) })],
  ['prototype pollution', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'],
  ['invalid UTF-8 escape', '{"reason":"\\ud800"}'],
  ['BOM', '\ufeff{}'],
];

const fieldName = (base: Record<string, unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...Object.keys(base), ...POLLUTING_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );

/**
 * A valid body with one to four edits: a field replaced by a hostile value, dropped, or a new
 * one added; keys are set as own properties, as `JSON.parse` would make them.
 */
export function mutated(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .array(fc.tuple(fieldName(base), fc.option(hostileValue, { freq: 5 })), { minLength: 1, maxLength: 4 })
    .map((edits) => {
      const body: Record<string, unknown> = structuredClone(base);
      for (const [key, value] of edits) {
        if (value === null) delete body[key];
        else
          Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return body;
    });
}

/**
 * Text a client could send in place of `base`: the fixed attacks, mutations of the valid body
 * (some cut short), any JSON, any string.
 */
export function bodyText(base: Record<string, unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...FIXED_TEXTS.map(([, text]) => text)) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(mutated(base), fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 6 }))
        .map(([body, cut]) => {
          const text = JSON.stringify(body);
          return cut === null ? text : text.slice(0, Math.floor(cut * text.length));
        }),
    },
    { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/** A form body in place of `base`: its fields mutated, values stringified, or raw text. */
export function formText(base: Record<string, string>): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: mutated(base).map((body) => {
        const form = new URLSearchParams();
        for (const [key, value] of Object.entries(body))
          form.append(key, typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
        return form.toString();
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...FIXED_TEXTS.map(([, text]) => text)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    {
      weight: 1,
      // Repeated and percent-broken fields, as a hand-made form would carry them.
      arbitrary: fc
        .array(fc.constantFrom('CallUUID=', 'CallUUID=a&CallUUID=b', '%', '%zz', '&&&', '=x', 'From=%2B'), {
          maxLength: 6,
        })
        .map((parts) => parts.join('&')),
    },
  );
}

/** True if anything reached a shared prototype. */
export function polluted(): boolean {
  const probe: Record<string, unknown> = {};
  return 'polluted' in probe || 'polluted' in Object.prototype || 'polluted' in Array.prototype;
}

/** Heap after a full collection when the process was started with `--expose-gc`, else undefined. */
export function heapAfterGc(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
