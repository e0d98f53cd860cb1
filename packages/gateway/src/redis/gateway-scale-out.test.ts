import { createHandoff, type Handoff, type HandoffStatus } from '@handoff/core';
import { type RedisStore, redisStore } from '@handoff/redis';
import {
  assertRedisUp,
  dropPrefix,
  skipRedis,
  TEST_REDIS_URL,
  uniquePrefix,
  waitFor,
} from '@handoff/redis/testing';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type VobizSandbox } from '@handoff/vobiz-sandbox';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../gateway.js';

/**
 * DESIGN §5 end to end: two gateway instances on one Redis, with the Vobiz sandbox. The call is
 * answered by A and the handoff starts there, but every Vobiz request about the handoff (the XML
 * fetch, dial events, the dial result) lands on B.
 */

const API_KEY = 'scale-out-test-key-0123456789';
const CALLER = '+919811111111';
const DID = '+918000000000';
const HUMAN = '+919800000001';
const ALL_STATES: HandoffStatus[] = ['persisted', 'transferring', 'ringing', 'connected', 'completed'];

interface SeenEvent {
  type: string;
  handoffId: string;
  status: HandoffStatus;
  version: number;
}

interface Instance {
  url: string;
  store: RedisStore;
  handoff: Handoff;
  gateway: Gateway;
  /** The process dies: its server, its core and its Redis connections go. */
  kill(): Promise<void>;
}

/**
 * One gateway process. `vobizTalksTo` is where the core sends Vobiz for the handoff XML; without
 * it, the gateway's own address (taken when it listens, on a port of its choosing).
 */
async function instance(sandbox: VobizSandbox, keyPrefix: string, vobizTalksTo?: string): Promise<Instance> {
  const store = redisStore({ url: TEST_REDIS_URL, keyPrefix });
  const handoff = createHandoff({
    store,
    transfer: vobizCarrier({
      authId: sandbox.authId,
      authToken: sandbox.authToken,
      baseUrl: sandbox.baseUrl,
    }),
    ...(vobizTalksTo ? { gatewayUrl: vobizTalksTo } : {}),
    destinations: { loans: { number: HUMAN, label: 'Relationship manager' } },
  });
  const gateway = createGateway({
    handoff,
    vobiz: { authToken: sandbox.authToken, callerId: DID },
    answer: { kind: 'stream' },
    apiKeys: [API_KEY],
  });
  const { url } = await gateway.listen(0);
  // The AI's end of the media stream: accepted and left open.
  gateway.onMedia(() => {});
  await store.ready();
  let dead = false;
  return {
    url,
    store,
    handoff,
    gateway,
    async kill() {
      if (dead) return;
      dead = true;
      await gateway.close();
      await handoff.close();
      await store.close();
    },
  };
}

/** Follows `/v1/handoffs/events` on one instance, as a desk or CRM would. */
async function follow(url: string) {
  const abort = new AbortController();
  const events: SeenEvent[] = [];
  const response = await fetch(`${url}/v1/handoffs/events`, {
    headers: { authorization: `Bearer ${API_KEY}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let connected = false;
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        if (block.includes(': connected')) connected = true;
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (data) events.push(JSON.parse(data) as SeenEvent);
      }
    }
  })().catch(() => {
    // The stream ends when its instance dies or the test stops following.
  });
  // The hub subscribes before it writes `: connected`: from here no event can be missed.
  await waitFor(() => connected, 3_000, `the event stream on ${url}`);
  return {
    events,
    of: (handoffId: string) => events.filter((e) => e.handoffId === handoffId),
    async stop() {
      abort.abort();
      await pump;
    },
  };
}

/** Statuses without consecutive repeats (an `answered` update keeps the status at ringing). */
function states(events: SeenEvent[]): HandoffStatus[] {
  return events.map((e) => e.status).filter((status, i, all) => i === 0 || all[i - 1] !== status);
}

describe.skipIf(skipRedis)('scale-out: two gateways on one Redis with the Vobiz sandbox', () => {
  beforeAll(assertRedisUp);

  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(human: { ringMs: number; talkMs: number }) {
    const sandbox = await createVobizSandbox({ timeScale: 0.01 });
    cleanups.push(() => sandbox.close());
    sandbox.setEndpoint(HUMAN, { kind: 'answer', afterMs: human.ringMs, hangupAfterMs: human.talkMs });
    const keyPrefix = uniquePrefix('gateway');
    cleanups.push(() => dropPrefix(keyPrefix));
    const b = await instance(sandbox, keyPrefix);
    cleanups.push(() => b.kill());
    // A hands Vobiz B's address: everything Vobiz does for the handoff lands on the other instance.
    const a = await instance(sandbox, keyPrefix, b.url);
    cleanups.push(() => a.kill());
    const followers: Array<Awaited<ReturnType<typeof follow>>> = [];
    cleanups.push(async () => {
      for (const f of followers) await f.stop();
    });
    const followOn = async (inst: Instance) => {
      const f = await follow(inst.url);
      followers.push(f);
      return f;
    };

    /** A caller rings the DID, A answers, the AI talks, and A's core starts the handoff. */
    const handoffFromA = async () => {
      const call = sandbox.placeInboundCall({
        from: CALLER,
        to: DID,
        answerUrl: `${a.url}/vobiz/answer`,
        hangupUrl: `${a.url}/vobiz/hangup`,
      });
      await call.waitFor('stream_connected');
      const session = a.handoff.session(call.uuid)!;
      expect(session, 'A answered the call and opened its session').toBeDefined();
      session.addTurn({ role: 'agent', text: 'Hello, how can I help you today?' });
      session.addTurn({ role: 'caller', text: 'My name is Priya Sharma and I need a home loan of 50 lakh' });
      const result = await session.transfer({ reason: 'qualified for a home loan', department: 'loans' });
      expect(result.status).toBe('transferring');
      return { call, handoffId: result.handoffId };
    };
    return { sandbox, a, b, followOn, handoffFromA };
  }

  it("A's event stream sees every state of a handoff that Vobiz drives through B", async () => {
    const { a, b, followOn, handoffFromA } = await setup({ ringMs: 50, talkMs: 100 });
    const onA = await followOn(a);
    const { call, handoffId } = await handoffFromA();

    await waitFor(() => onA.of(handoffId).some((e) => e.status === 'completed'), 8_000, 'completed on A');
    const seen = onA.of(handoffId);
    expect(states(seen)).toEqual(ALL_STATES);
    // Every committed write reached A, none twice, in order.
    expect(seen.map((e) => e.version)).toEqual(seen.map((_, i) => i + 1));

    // Vobiz fetched the handoff XML from B and reported the dial to B; A only answered the call.
    const fetches = call.events('xml_fetched');
    expect(fetches.find((f) => f.purpose === 'answer')?.url.startsWith(a.url)).toBe(true);
    const transfer = fetches.filter((f) => f.purpose === 'transfer');
    expect(transfer.length).toBeGreaterThan(0);
    expect(transfer.every((f) => f.url.startsWith(`${b.url}/vobiz/handoff/`))).toBe(true);
    const dialCallbacks = call.events('callback').filter((c) => /\/vobiz\/(dial|whisper)/.test(c.url));
    expect(dialCallbacks.length).toBeGreaterThan(0);
    expect(dialCallbacks.every((c) => c.url.startsWith(b.url))).toBe(true);

    const record = await a.handoff.get(handoffId);
    expect(record?.status).toBe('completed');
    expect(record?.context.timings.bridgedAt).toBeDefined();
  });

  it('A dies mid-handoff, after ringing: B finishes it and nothing is lost', async () => {
    // The human picks up after 200 ms, inside the sandbox's scaled 300 ms ring timeout.
    const { a, b, followOn, handoffFromA } = await setup({ ringMs: 200, talkMs: 100 });
    const onA = await followOn(a);
    const onB = await followOn(b);
    const { handoffId } = await handoffFromA();

    await waitFor(() => onA.of(handoffId).some((e) => e.status === 'ringing'), 5_000, 'ringing on A');
    await a.kill();
    expect(states(onB.of(handoffId)), 'A died before the human answered').toEqual([
      'persisted',
      'transferring',
      'ringing',
    ]);

    await waitFor(() => onB.of(handoffId).some((e) => e.status === 'completed'), 8_000, 'completed on B');
    const seen = onB.of(handoffId);
    expect(states(seen)).toEqual(ALL_STATES);
    expect(seen.map((e) => e.version)).toEqual(seen.map((_, i) => i + 1));
    expect(states(onA.of(handoffId))).toEqual(['persisted', 'transferring', 'ringing']);

    // The full packet is there for B, though A built it.
    const record = await b.handoff.get(handoffId);
    expect(record?.status).toBe('completed');
    expect(record?.context.transcript.map((t) => [t.role, t.text])).toEqual([
      ['agent', 'Hello, how can I help you today?'],
      ['caller', 'My name is Priya Sharma and I need a home loan of 50 lakh'],
    ]);
    expect(record?.context.extracted.customer).toMatchObject({ name: 'Priya Sharma' });
    expect(record?.context.trigger).toMatchObject({ reason: 'qualified for a home loan' });
    expect(record?.context.destination).toEqual({ key: 'loans', label: 'Relationship manager' });
    expect(record?.context.dialAttempts).toHaveLength(1);
    expect(record?.context.dialAttempts[0]).toMatchObject({ destination: 'loans', outcome: 'completed' });
    const timings = record?.context.timings;
    for (const phase of [
      'persistedAt',
      'transferRequestedAt',
      'ringingAt',
      'answeredAt',
      'bridgedAt',
      'endedAt',
    ] as const) {
      expect(timings?.[phase], phase).toBeDefined();
    }
  });
});
