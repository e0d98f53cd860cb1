import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isHandoffError } from '../errors.js';
import type { HandoffEvent, HandoffOptions } from '../handoff-types.js';
import { MemoryStore } from '../store/memory-store.js';
import { FakeTransferProvider } from '../testing/index.js';
import { explicitRequest, when } from '../triggers/index.js';
import { createHandoff } from './handoff.js';

// Monday 2026-11-23 10:00 in Kolkata.
const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);

function setup(overrides: Partial<HandoffOptions> = {}) {
  const provider = new FakeTransferProvider();
  let now = MONDAY_10_IST;
  const errors: unknown[] = [];
  const handoff = createHandoff({
    transfer: provider,
    gatewayUrl: 'https://gw.example.com',
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
      triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
      support: { numbers: ['+919800000002', '+919800000003'], label: 'Senior care' },
    },
    fields: z.object({ loanAmount: z.number(), refundAmount: z.number() }),
    now: () => now,
    onError: (e) => errors.push(e),
    ...overrides,
  });
  const events: HandoffEvent[] = [];
  handoff.on('*', (e) => events.push(e));
  return { handoff, provider, events, errors, tick: (ms: number) => (now += ms) };
}

describe('createHandoff', () => {
  it('refuses config it cannot run with, naming what is missing', () => {
    expect(() => createHandoff({ transfer: new FakeTransferProvider(), destinations: {} })).toThrow(
      expect.objectContaining({ code: 'invalid_options' }),
    );
    expect(() =>
      createHandoff({ transfer: new FakeTransferProvider(), destinations: { a: { label: 'A' } } }),
    ).toThrow(/needs a number, numbers or sip/);
    expect(() => createHandoff({ destinations: { a: { number: '+91', label: 'A' } } } as never)).toThrow(
      /needs `transfer`.*vobizCarrier\(\)` from @handoff\/vobiz/,
    );
    expect(() =>
      createHandoff({ transfer: {} as never, destinations: { a: { number: '+91', label: 'A' } } }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_options',
        issues: [expect.objectContaining({ path: 'transfer' })],
      }),
    );
  });

  it('finds a session again by call id, and a restarted stream joins the same session', () => {
    const { handoff } = setup();
    const s = handoff.startSession({ callId: 'c1', platform: 'vobiz', from: '+911' });
    expect(handoff.session('c1')).toBe(s);
    expect(handoff.startSession({ callId: 'c1', platform: 'vobiz' })).toBe(s);
    expect(() => handoff.startSession({ callId: '', platform: 'x' })).toThrow(
      expect.objectContaining({ code: 'invalid_arguments' }),
    );
  });
});

describe('session.transfer', () => {
  it('persists the context before asking the carrier, then reports transferring', async () => {
    const { handoff, provider } = setup();
    const session = handoff.startSession({ callId: 'call-1', platform: 'livekit', from: '+919811111111' });
    session.addTurn({ role: 'agent', text: 'Hello, how can I help you today?' });
    session.addTurn({ role: 'caller', text: 'My name is Priya Sharma and I need a home loan of 50 lakh' });
    let storedAtProviderTime: unknown;
    provider.configure({});
    const original = provider.transfer.bind(provider);
    provider.transfer = async (req) => {
      storedAtProviderTime = (await handoff.store.get(`handoff:${req.handoffId}`))?.value;
      return original(req);
    };
    const result = await session.transfer({
      reason: 'qualified for a home loan',
      department: 'loans',
      fields: { loanAmount: 5_000_000 },
      customer: { accountNumber: '55512345' },
    });
    expect(result.status).toBe('transferring');
    expect(result.destination).toEqual({ key: 'loans', label: 'Relationship manager' });
    expect(result.sayToCaller).toContain('Relationship manager');
    // The whole packet is in the store, marked transferring, before the carrier hears of it.
    expect(storedAtProviderTime).toMatchObject({
      status: 'transferring',
      id: result.handoffId,
      context: {
        transcript: [{ role: 'agent' }, { role: 'caller' }],
        timings: { persistedAt: expect.any(Number) },
      },
    });
    expect(provider.requests).toHaveLength(1);
    const request = provider.requests[0]!;
    expect(request.destination.numbers).toEqual(['+919800000001']);
    expect(request.gatewayUrl).toBe('https://gw.example.com');
    expect(request.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(request.context.extracted.fields).toEqual({ loanAmount: 5_000_000 });
    expect(request.context.extracted.customer).toMatchObject({
      name: 'Priya Sharma',
      accountNumber: '55512345',
    });
    expect(request.context.transcript.map((t) => t.role)).toEqual(['agent', 'caller']);
    const record = await handoff.get(result.handoffId);
    expect(record?.status).toBe('transferring');
    expect(record && 'token' in record).toBe(false);
    expect(record?.context.timings.persistedAt).toBeDefined();
    expect(record?.context.timings.transferRequestedAt).toBeDefined();
    expect(result.handoffId).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('is idempotent under concurrent requests: one handoff, one transfer', async () => {
    const { handoff, provider } = setup();
    provider.configure({ delayMs: 20 });
    const session = handoff.startSession({ callId: 'call-2', platform: 'vapi' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => session.transfer({ reason: 'caller asked', department: 'support' })),
    );
    expect(new Set(results.map((r) => r.handoffId)).size).toBe(1);
    expect(results.filter((r) => r.duplicate)).toHaveLength(4);
    // A later request while the first is still live joins it too.
    const again = await session.transfer({ reason: 'again' });
    expect(again).toMatchObject({ handoffId: results[0]!.handoffId, duplicate: true });
    expect(provider.requests).toHaveLength(1);
  });

  it('rejects bad arguments with typed errors and persists nothing', async () => {
    const { handoff, provider } = setup();
    const session = handoff.startSession({ callId: 'call-3', platform: 'retell' });
    await expect(session.transfer({ reason: 'x', department: '+919999999999' })).rejects.toSatisfy((e) =>
      isHandoffError(e, 'unknown_department'),
    );
    await expect(session.transfer({ reason: 'x', fields: { loanAmount: 'a lot' } })).rejects.toSatisfy((e) =>
      isHandoffError(e, 'invalid_arguments'),
    );
    await expect(session.transfer({ reason: 'y'.repeat(10_000) })).rejects.toSatisfy((e) =>
      isHandoffError(e, 'text_too_long'),
    );
    expect(provider.requests).toHaveLength(0);
    expect(await handoff.list()).toHaveLength(0);
  });

  it('waits for the farewell before the carrier moves the call, with a timeout fallback', async () => {
    const { handoff, provider } = setup();
    const order: string[] = [];
    const session = handoff.startSession({ callId: 'call-4', platform: 'openai-realtime' });
    const original = provider.transfer.bind(provider);
    provider.transfer = (req) => {
      order.push('transfer');
      return original(req);
    };
    await session.transfer(
      { reason: 'caller asked' },
      {
        beforeTransfer: async (r) => {
          order.push(`say:${r.sayToCaller.slice(0, 8)}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
          order.push('played');
        },
      },
    );
    expect(order).toEqual(['say:Let me c', 'played', 'transfer']);

    const s2 = handoff.startSession({ callId: 'call-5', platform: 'openai-realtime' });
    // A farewell that never reports playout must not strand the caller: the timeout moves the call.
    const r2 = await s2.transfer(
      { reason: 'x' },
      { beforeTransfer: () => new Promise(() => {}), beforeTransferTimeoutMs: 30 },
    );
    expect(r2.status).toBe('transferring');
  });

  it('turns a carrier failure into the failed outcome and the next rung', async () => {
    const { handoff, provider, errors } = setup({
      fallback: ['back_to_ai', 'hangup'],
      capabilities: { backToAi: true },
    });
    provider.configure({ fail: new Error('Vobiz said 404: call not in progress') });
    const session = handoff.startSession({ callId: 'call-6', platform: 'vobiz' });
    const result = await session.transfer({ reason: 'x', department: 'triage' });
    expect(result.status).toBe('failed');
    expect(result.fallback).toMatchObject({ kind: 'back_to_ai', reason: 'failed' });
    expect(result.sayToCaller).toMatch(/keep helping/);
    expect(errors).toHaveLength(1);
    // The failed handoff no longer blocks a new attempt for the same call.
    provider.configure({});
    const retry = await session.transfer({ reason: 'try again', department: 'triage' });
    expect(retry.handoffId).not.toBe(result.handoffId);
    expect(retry.status).toBe('transferring');
  });
});

describe('handoff lifecycle', () => {
  async function transferred(overrides: Partial<HandoffOptions> = {}) {
    const ctx = setup(overrides);
    const session = ctx.handoff.startSession({ callId: 'call-x', platform: 'vobiz' });
    session.addTurn({ role: 'caller', text: 'I need help with my loan' });
    const result = await session.transfer({ reason: 'loan', department: 'loans' });
    return { ...ctx, session, id: result.handoffId };
  }

  it('goes ringing → connected → completed with per-phase timings and events', async () => {
    const { handoff, id, tick, events } = await transferred();
    tick(100);
    expect((await handoff.advance(id, { type: 'ringing', attempt: 1 })).record.status).toBe('ringing');
    tick(2_000);
    await handoff.advance(id, { type: 'answered', attempt: 1 });
    tick(3_000);
    expect((await handoff.advance(id, { type: 'bridged', attempt: 1 })).record.status).toBe('connected');
    tick(60_000);
    const done = await handoff.advance(id, { type: 'ended' });
    expect(done.record.status).toBe('completed');
    const t = done.record.context.timings;
    expect(t.ringingAt! - t.transferRequestedAt!).toBe(100);
    expect(t.answeredAt! - t.ringingAt!).toBe(2_000);
    expect(t.bridgedAt! - t.answeredAt!).toBe(3_000);
    expect(t.endedAt! - t.bridgedAt!).toBe(60_000);
    expect(events.map((e) => `${e.type}:${e.status}`)).toEqual([
      'handoff.created:persisted',
      'handoff.updated:transferring',
      'handoff.updated:ringing',
      'handoff.updated:ringing',
      'handoff.updated:connected',
      'handoff.completed:completed',
    ]);
  });

  it('ignores repeated callbacks (carrier retries) without changing state', async () => {
    const { handoff, id } = await transferred();
    await handoff.advance(id, { type: 'ringing', attempt: 1 });
    const first = await handoff.advance(id, { type: 'failed', outcome: 'no_answer', attempt: 1 });
    const again = await handoff.advance(id, { type: 'failed', outcome: 'no_answer', attempt: 1 });
    expect(first.changed).toBe(true);
    expect(again.changed).toBe(false);
    expect(again.step).toEqual(first.step);
  });

  it('walks the ladder: next destination, then back to the AI with the reason', async () => {
    const { handoff, id } = await transferred({ capabilities: { backToAi: true } });
    const first = await handoff.advance(id, { type: 'failed', outcome: 'no_answer', attempt: 1 });
    expect(first.step).toEqual({ kind: 'next_destination', destination: 'support', attempt: 2 });
    expect(first.record.status).toBe('transferring');
    expect((await handoff.currentDestination(id))?.numbers).toEqual(['+919800000002', '+919800000003']);
    const second = await handoff.advance(id, { type: 'failed', outcome: 'busy', attempt: 2 });
    expect(second.step).toMatchObject({ kind: 'back_to_ai', reason: 'busy' });
    expect(second.record.status).toBe('busy');
    expect(second.record.context.dialAttempts.map((a) => [a.destination, a.outcome])).toEqual([
      ['loans', 'no_answer'],
      ['support', 'busy'],
    ]);
  });

  it.each(['no_answer', 'busy', 'failed', 'declined'] as const)(
    'records %s as a typed outcome',
    async (outcome) => {
      const { handoff, id } = await transferred({ fallback: ['hangup'] });
      const r = await handoff.advance(id, { type: 'failed', outcome, attempt: 1 });
      expect(r.record.status).toBe(outcome);
      expect(r.step).toMatchObject({ kind: 'hangup' });
      expect(r.record.context.outcome?.status).toBe(outcome);
    },
  );

  it('cancels with caller_hung_up when the caller leaves while ringing, and runs no ladder', async () => {
    const { handoff, id } = await transferred();
    await handoff.advance(id, { type: 'ringing' });
    const r = await handoff.advance(id, { type: 'caller_hung_up' });
    expect(r.record.status).toBe('caller_hung_up');
    expect(r.step).toBeUndefined();
    await expect(handoff.advance(id, { type: 'bridged' })).resolves.toMatchObject({ changed: false });
  });

  it('verifies the URL token in constant time and rejects wrong ones', async () => {
    const { handoff, id, provider } = await transferred();
    const token = provider.requests[0]!.token;
    expect(await handoff.verifyToken(id, token)).toBe(true);
    // Change the last character to one it is not (a fixed 'x' would match 1 token in 64).
    const wrong = `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
    expect(await handoff.verifyToken(id, wrong)).toBe(false);
    expect(await handoff.verifyToken(id, null)).toBe(false);
    expect(await handoff.verifyToken('nope', token)).toBe(false);
  });

  it('throws a typed error for an unknown handoff', async () => {
    const { handoff } = setup();
    await expect(handoff.advance('missing', { type: 'ringing' })).rejects.toSatisfy((e) =>
      isHandoffError(e, 'handoff_not_found'),
    );
  });
});

describe('routing and hours', () => {
  it('routes by rule and skips a closed destination for an open one', async () => {
    const { handoff, provider } = setup({
      destinations: {
        day: {
          number: '+911',
          label: 'Day desk',
          timeZone: 'Asia/Kolkata',
          hours: { open: '11:00', close: '18:00' },
        },
        night: { number: '+912', label: 'Night desk', timeZone: 'Asia/Kolkata' },
        hindi: { number: '+913', label: 'Hindi desk' },
      },
      routing: [
        { when: { language: 'hi' }, to: 'hindi' },
        { when: { urgency: 'immediate' }, to: ['day', 'night'] },
      ],
    });
    const s = handoff.startSession({ callId: 'r1', platform: 'x' });
    const r = await s.transfer({ reason: 'chest pain', urgency: 'immediate' });
    expect(r.destination?.key).toBe('night');
    const s2 = handoff.startSession({ callId: 'r2', platform: 'x' });
    s2.addTurn({ role: 'caller', text: 'मुझे अपने खाते के बारे में बात करनी है' });
    const r2 = await s2.transfer({ reason: 'account' });
    expect(r2.destination?.key).toBe('hindi');
    expect(r2.sayToCaller).toMatch(/जोड़/);
    expect(provider.requests.map((q) => q.destination.key)).toEqual(['night', 'hindi']);
  });

  it('applies the after-hours behaviour when everything is closed', async () => {
    const { handoff, provider } = setup({
      destinations: {
        loans: {
          number: '+911',
          label: 'Loans',
          timeZone: 'Asia/Kolkata',
          hours: { open: '14:00', close: '18:00' },
        },
      },
      afterHours: 'callback',
    });
    const s = handoff.startSession({ callId: 'h1', platform: 'x' });
    const r = await s.transfer({ reason: 'loan', department: 'loans' });
    expect(r).toMatchObject({ status: 'rejected', reason: 'after_hours', fallback: { kind: 'callback' } });
    expect(r.sayToCaller).toMatch(/not available.*call you back/);
    expect(provider.requests).toHaveLength(0);
    expect((await handoff.get(r.handoffId))?.status).toBe('rejected');
  });
});

describe('rules that transfer', () => {
  it('starts the handoff from the core when a transfer rule fires', async () => {
    const { handoff, provider } = setup({
      triggers: [
        explicitRequest(),
        when(({ extracted }) => ((extracted.fields.refundAmount as number | undefined) ?? 0) > 10_000, {
          id: 'refund-over-10k',
          department: 'support',
          reason: 'refund above 10,000',
        }),
      ],
      extract: (_turn, extracted) =>
        extracted.amounts?.length ? { refundAmount: Math.max(...extracted.amounts) } : undefined,
    });
    const s = handoff.attachCall({ callId: 'auto-1', platform: 'x' });
    expect(s.addTurn({ role: 'caller', text: 'My order was cancelled' })).toBeUndefined();
    const firing = s.addTurn({ role: 'caller', text: 'I want a refund of ₹15,000 please' });
    expect(firing).toMatchObject({ ruleId: 'refund-over-10k', action: 'transfer' });
    await provider.waitForRequests(1);
    expect(provider.requests[0]?.destination.key).toBe('support');
    expect(provider.requests[0]?.context.trigger).toMatchObject({ kind: 'rule', rule: 'refund-over-10k' });
    expect(provider.requests[0]?.context.extracted.fields).toMatchObject({ refundAmount: 15_000 });
  });

  it('only records firings on a session no platform attached to', async () => {
    const { handoff, provider } = setup({ triggers: [explicitRequest()] });
    const s = handoff.startSession({ callId: 'auto-2', platform: 'x' });
    expect(s.addTurn({ role: 'caller', text: 'agent se baat karao' })).toMatchObject({ action: 'transfer' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(provider.requests).toHaveLength(0);
  });
});

describe('stores', () => {
  it('shares handoffs between two cores on one store, events included', async () => {
    const store = new MemoryStore();
    const a = setup({ store });
    const b = setup({ store });
    const s = a.handoff.startSession({ callId: 'shared', platform: 'x' });
    const r = await s.transfer({ reason: 'x' });
    await b.handoff.advance(r.handoffId, { type: 'ringing', attempt: 1 });
    expect((await a.handoff.get(r.handoffId))?.status).toBe('ringing');
    expect(a.events.map((e) => e.status)).toContain('ringing');
  });
});

describe('carrier failures', () => {
  it('moves on to the next destination when the carrier refuses one, and transfers once there', async () => {
    const { handoff, provider } = setup();
    provider.configure({
      fail: (req) => (req.destination.key === 'loans' ? new Error('503 from carrier') : undefined),
    });
    const session = handoff.startSession({ callId: 'cf-1', platform: 'vobiz' });
    const result = await session.transfer({ reason: 'loan', department: 'loans' });
    expect(provider.requests.map((r) => r.destination.key)).toEqual(['loans', 'support']);
    expect(result).toMatchObject({
      status: 'transferring',
      destination: { key: 'support', label: 'Senior care' },
    });
    const record = await handoff.get(result.handoffId);
    expect(record?.context.dialAttempts.map((a) => [a.destination, a.outcome])).toEqual([
      ['loans', 'failed'],
      ['support', undefined],
    ]);
  });
});

describe('claims', () => {
  it('frees the call when the handoff fails before it is persisted, so the next request is not held up', async () => {
    const store = new MemoryStore();
    const { handoff } = setup({ store });
    const session = handoff.startSession({ callId: 'claim-1', platform: 'x' });
    const put = store.put.bind(store);
    let failNext = true;
    store.put = (async (key: string, value: unknown, options?: Parameters<MemoryStore['put']>[2]) => {
      if (failNext && key.startsWith('handoff:')) {
        failNext = false;
        throw new Error('disk full');
      }
      return put(key, value, options);
    }) as MemoryStore['put'];
    await expect(session.transfer({ reason: 'x' })).rejects.toThrow('disk full');
    expect(await store.get('call:claim-1')).toBeUndefined();
    const retry = await session.transfer({ reason: 'x' });
    expect(retry.status).toBe('transferring');
  });
});

describe('seams for a gateway', () => {
  it('routes the transfers a predicate picks to another carrier, until undone', async () => {
    const { handoff, provider } = setup();
    const other = new FakeTransferProvider();
    const undo = handoff.routeCarrier((request) => request.callId.startsWith('cb-'), other);
    await handoff.startSession({ callId: 'cb-1', platform: 'api' }).transfer({ reason: 'x' });
    await handoff.startSession({ callId: 'live-1', platform: 'vobiz' }).transfer({ reason: 'x' });
    expect(other.requests.map((r) => r.callId)).toEqual(['cb-1']);
    expect(provider.requests.map((r) => r.callId)).toEqual(['live-1']);
    undo();
    await handoff.startSession({ callId: 'cb-2', platform: 'api' }).transfer({ reason: 'x' });
    expect(provider.requests.map((r) => r.callId)).toEqual(['live-1', 'cb-2']);
  });

  it('uses a gateway URL provided after start-up, unless the option set one', async () => {
    const { handoff, provider } = setup({ gatewayUrl: undefined });
    expect(handoff.gatewayUrl).toBeUndefined();
    const undo = handoff.provideGatewayUrl(() => 'http://127.0.0.1:4321');
    await handoff.startSession({ callId: 'gw-1', platform: 'vobiz' }).transfer({ reason: 'x' });
    expect(provider.requests[0]?.gatewayUrl).toBe('http://127.0.0.1:4321');
    undo();
    expect(handoff.gatewayUrl).toBeUndefined();

    const configured = setup();
    configured.handoff.provideGatewayUrl(() => 'http://127.0.0.1:4321');
    expect(configured.handoff.gatewayUrl).toBe('https://gw.example.com');
  });
});

describe('fixed', () => {
  it("tells the caller in the call's language when the carrier fails after they hung up", async () => {
    let handoff: ReturnType<typeof createHandoff> | undefined;
    const { handoff: h } = setup({
      language: 'hi',
      transfer: {
        name: 'gone',
        async transfer(request) {
          await handoff!.advance(request.handoffId, { type: 'caller_hung_up' });
          throw new Error('call not in progress');
        },
      },
    });
    handoff = h;
    const result = await h.startSession({ callId: 'hi-1', platform: 'vobiz' }).transfer({ reason: 'x' });
    expect(result.status).toBe('caller_hung_up');
    expect(result.sayToCaller).toBe('माफ़ कीजिए, अभी मैं आपको ट्रांसफ़र नहीं कर सकती।');
  });

  it('ending an old session twice leaves the new session for the same call alone', () => {
    const { handoff } = setup();
    const first = handoff.startSession({ callId: 'again', platform: 'vobiz' });
    first.end();
    const second = handoff.startSession({ callId: 'again', platform: 'vobiz' });
    expect(second).not.toBe(first);
    first.end();
    expect(handoff.session('again')).toBe(second);
  });
});
