import { describe, expect, it } from 'vitest';
import { handoffContextSchema } from '../context-schema.js';
import type { HandoffRecord } from '../record.js';
import { storeKey } from '../store/keys.js';
import { MemoryStore } from '../store/memory-store.js';
import type { ConsultRecord, HandoffContext } from '../types.js';
import { CONSULT_LIMITS, consultTurn, recordConsult } from './consult.js';

// The packet's `consults` (issue 17): what a consult adds to a handoff, bounded, typed, and
// described by the published schema, which still takes a packet without it.

function context(): HandoffContext {
  return {
    schema: 'handoff.context.v1',
    handoffId: 'ho1',
    call: { callId: 'c1', platform: 'vobiz', startedAt: 0 },
    trigger: { kind: 'tool', reason: 'asked', urgency: 'normal' },
    summary: { oneLine: '', spoken: '', full: '', source: 'extractive', updatedAt: 0 },
    extracted: { sentimentTrajectory: [], customer: {}, fields: {} },
    transcript: [],
    attempts: [],
    status: 'ringing',
    dialAttempts: [],
    timings: {},
  };
}

async function stored(store: MemoryStore): Promise<HandoffRecord> {
  const record = {
    id: 'ho1',
    token: 'tok',
    callId: 'c1',
    status: 'ringing',
    context: context(),
    ladder: { attempt: 1 },
    createdAt: 1,
    updatedAt: 1,
  } as unknown as HandoffRecord;
  await store.put(storeKey('handoff', 'ho1'), record);
  return record;
}

const consult = (attempt: number, extra: Partial<ConsultRecord> = {}): ConsultRecord => ({
  attempt,
  phone: 0,
  startedAt: 10,
  endedAt: 20,
  turns: [{ role: 'human', text: `attempt ${attempt}`, at: 15 }],
  ...extra,
});

describe('consult turns and records', () => {
  it('keeps a turn trimmed and bounded, with its time or now; drops an empty one or a wrong role', () => {
    expect(consultTurn({ role: 'human', text: '  connect me  ', at: 5 })).toEqual({
      role: 'human',
      text: 'connect me',
      at: 5,
    });
    expect(consultTurn({ role: 'ai', text: 'x'.repeat(5000) }, 7)).toEqual({
      role: 'ai',
      text: 'x'.repeat(CONSULT_LIMITS.turnChars),
      at: 7,
    });
    expect(consultTurn({ role: 'human', text: '   ' })).toBeUndefined();
    expect(consultTurn({ role: 'caller' as 'human', text: 'hello' })).toBeUndefined();
  });

  it('appends each consult to the packet, oldest first, the newest kept, turns bounded', async () => {
    const store = new MemoryStore();
    await stored(store);
    const many = Array.from({ length: CONSULT_LIMITS.turns + 5 }, (_, i) => ({
      role: 'ai' as const,
      text: `t${i}`,
      at: i,
    }));
    expect(await recordConsult(store, 'ho1', consult(1, { turns: many }))).toBe(true);
    for (let n = 2; n <= CONSULT_LIMITS.consults + 3; n++) await recordConsult(store, 'ho1', consult(n));
    const record = (await store.get<HandoffRecord>(storeKey('handoff', 'ho1')))!.value;
    const consults = record.context.consults!;
    expect(consults).toHaveLength(CONSULT_LIMITS.consults);
    expect(consults.map((c) => c.attempt)).toEqual(
      Array.from({ length: CONSULT_LIMITS.consults }, (_, i) => i + 4),
    );
    expect(record.updatedAt).toBeGreaterThan(1);
    expect(await recordConsult(store, 'nope', consult(1))).toBe(false);
  });

  it('is in the published schema, which still takes a packet without it', async () => {
    const store = new MemoryStore();
    const before = await stored(store);
    expect(handoffContextSchema.parse(before.context)).not.toHaveProperty('consults');
    const decided = consult(1, {
      destination: 'loans',
      language: 'hi',
      decision: { accepted: false, reason: 'busy', via: 'key', at: 18 },
    });
    await recordConsult(store, 'ho1', decided);
    const after = (await store.get<HandoffRecord>(storeKey('handoff', 'ho1')))!.value;
    expect(handoffContextSchema.parse(after.context).consults).toEqual([decided]);
    const bad = {
      ...after.context,
      consults: [{ ...decided, turns: [{ role: 'caller', text: 'x', at: 1 }] }],
    };
    expect(() => handoffContextSchema.parse(bad)).toThrow();
  });
});
