import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyFields, copyValue } from './copy.js';

/** Every object and array inside `value`. */
function containers(value: unknown, out: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return out;
  out.push(value);
  for (const item of Object.values(value)) containers(item, out);
  return out;
}

describe('copyValue (the memory store copy)', () => {
  it('gives what structuredClone gives for plain data, sharing no object with the original', () => {
    const data = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(undefined),
        fc.constant(null),
        fc.boolean(),
        fc.double(),
        fc.string(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.sparseArray(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(data, (value) => {
        const copied = copyValue(value);
        expect(copied).toStrictEqual(structuredClone(value));
        const originals = new Set(containers(value));
        for (const inner of containers(copied)) expect(originals.has(inner)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps an own "__proto__" key a key, as parsed JSON has it', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copied = copyValue(parsed);
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.keys(copied)).toEqual(['__proto__', 'a']);
    expect((copied as { polluted?: boolean }).polluted).toBeUndefined();
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('leaves symbol keys behind and shares no object, as structuredClone does, past four keys too', () => {
    const tag = Symbol('tag');
    const value = { a: 1, b: { c: [2] }, d: 3, e: 4, f: 5, [tag]: 'x' };
    const copied = copyValue(value);
    expect(copied).toStrictEqual(structuredClone(value));
    expect(Object.getOwnPropertySymbols(copied)).toEqual([]);
    expect(copied.b).not.toBe(value.b);
    expect(copied.b.c).not.toBe(value.b.c);
    const child = Object.create({ inherited: 1 }) as Record<string, unknown>;
    child.own = 2;
    expect(copyValue({ child }).child).toEqual(structuredClone({ child }).child);
  });

  it('hands what is not plain data to structuredClone: dates, maps, cycles, functions', () => {
    const at = new Date(1_700_000_000_000);
    const copied = copyValue({ at, tags: new Map([['a', 1]]) });
    expect(copied.at).toEqual(at);
    expect(copied.at).not.toBe(at);
    expect(copied.tags.get('a')).toBe(1);

    const cycle: Record<string, unknown> = { n: 1 };
    cycle.self = cycle;
    const copiedCycle = copyValue(cycle);
    expect(copiedCycle.self).toBe(copiedCycle);
    expect(copiedCycle).not.toBe(cycle);

    expect(() => copyValue({ fn: () => 1 })).toThrow();
  });

  it('hands back a frozen object of plain data as it is, and copies any other frozen object', () => {
    const shared = Object.freeze({ callId: 'c1', platform: 'test', nested: Object.freeze({ n: 1 }) });
    expect(copyValue(shared)).toBe(shared);
    const holder = { start: shared, n: 2 };
    expect(copyValue(holder).start).toBe(shared);
    // Anything inside that could still change, or is not plain data, is copied as before.
    const open = Object.freeze({ inner: { n: 1 } });
    const copied = copyValue(open);
    expect(copied).not.toBe(open);
    expect(copied).toEqual(open);
    expect(Object.isFrozen(copied)).toBe(false);
    const list = Object.freeze({ items: Object.freeze([1, 2]) });
    expect(copyValue(list)).not.toBe(list);
    const withGetter = Object.freeze({
      get n() {
        return 3;
      },
    });
    const read = copyValue(withGetter);
    expect(read).not.toBe(withGetter);
    expect(Object.getOwnPropertyDescriptor(read, 'n')).toMatchObject({ value: 3 });
    const withSymbol = Object.freeze({ a: 1, [Symbol('s')]: 2 });
    expect(Object.getOwnPropertySymbols(copyValue(withSymbol))).toEqual([]);
  });
});

describe('copyFields', () => {
  it("copies an object's own enumerable fields into a plain object, whatever its prototype", () => {
    class Holder {
      readonly #hidden = 1;
      get hidden(): number {
        return this.#hidden;
      }
    }
    const holder = Object.assign(new Holder(), { b: { c: [1] }, a: 2 });
    const copied = copyFields(holder);
    expect(copied).toStrictEqual({ b: { c: [1] }, a: 2 });
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(copied.b).not.toBe(holder.b);
  });
});
