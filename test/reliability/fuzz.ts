/**
 * Seeded, table-driven malformed inputs (fast-check is not a dependency): every case is named
 * with its seed and index, so a failure is reproduced by running the same seed again.
 */
import { prng } from './harness.js';

export interface Case {
  name: string;
  /** The raw body sent; a JSON value's text unless the case is about broken text. */
  text: string;
}

/** Keys that would pollute prototypes if a parser merged input into a plain object. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const HUGE = 'A'.repeat(256 * 1024);

const WRONG_TYPES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  '',
  ' ',
  [],
  {},
  [null],
  { $gt: '' },
  '\u0000',
  '\u202e\ud800',
  '%0a%0dinjected: yes',
  'NaN',
];

/** Fixed attacks on a JSON body built from `base`: the same every run. */
export function fixedCases(base: Record<string, unknown>): Case[] {
  const text = JSON.stringify(base);
  const cases: Case[] = [
    { name: 'empty body', text: '' },
    { name: 'not JSON', text: 'hello=world' },
    { name: 'JSON null', text: 'null' },
    { name: 'JSON array', text: '[1,2,3]' },
    { name: 'JSON string', text: '"x"' },
    { name: 'truncated at half', text: text.slice(0, Math.floor(text.length / 2)) },
    { name: 'truncated by one', text: text.slice(0, -1) },
    { name: 'huge string value', text: JSON.stringify({ ...base, reason: HUGE, text: HUGE }) },
    { name: 'deep nesting', text: `${'['.repeat(5_000)}${']'.repeat(5_000)}` },
    {
      name: 'prototype pollution keys',
      text: `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${text.slice(1)}`,
    },
  ];
  for (const key of Object.keys(base)) {
    cases.push({ name: `${key} missing`, text: JSON.stringify(omit(base, key)) });
    cases.push({ name: `${key} an array`, text: JSON.stringify({ ...base, [key]: [base[key]] }) });
  }
  return cases;
}

/** `count` random mutations of `base`, reproducible from `seed`. */
export function seededCases(base: Record<string, unknown>, seed: number, count: number): Case[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const keys = Object.keys(base);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const body: Record<string, unknown> = structuredClone(base);
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e++) {
      const key = keys.length > 0 && random() < 0.8 ? pick(keys) : pick(POLLUTING_KEYS);
      const roll = random();
      if (roll < 0.45) body[key] = pick(WRONG_TYPES);
      else if (roll < 0.6) delete body[key];
      else if (roll < 0.75) body[key] = 'x'.repeat(1 + Math.floor(random() * 70_000));
      // Parsed from text, so `__proto__` is an own key as a hostile JSON body would carry it.
      else if (roll < 0.9)
        body[key] = JSON.parse(
          '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
        );
      else body[key] = structuredClone(body);
    }
    let text = JSON.stringify(body);
    if (random() < 0.15) text = text.slice(0, Math.floor(random() * text.length));
    cases.push({ name: `seed ${seed} #${i}`, text });
  }
  return cases;
}

export function omit(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = body;
  return rest;
}

/** True if anything reached a shared prototype. */
export function polluted(): boolean {
  const probe: Record<string, unknown> = {};
  return 'polluted' in probe || 'polluted' in Object.prototype || 'polluted' in Array.prototype;
}
