import { createHandoff, disposeHandoff, type Firing, type Handoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { analyticsFor, parseRange } from './analytics.js';

const T0 = Date.UTC(2026, 0, 10, 10, 0, 0);
const DAY = 24 * 60 * 60_000;
const lead = { name: 'Meera', role: 'supervisor' as const };

/** Six handoffs with known timings and outcomes, on a clock the test moves. */
async function seeded() {
  let clock = T0;
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager' },
      triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
    },
    now: () => clock,
  });
  let n = 0;
  const start = async (
    at: number,
    from: string,
    department: string,
    trigger: 'tool' | 'rule' | 'api',
  ): Promise<string> => {
    clock = at;
    const session = handoff.startSession({ callId: `an-${++n}`, platform: 'x', from });
    session.addTurn({ role: 'caller', text: 'I need a person please' });
    const firing: Firing = {
      ruleId: 'repeated_failure',
      kind: 'repeated_failure',
      action: 'transfer',
      turnIndex: 0,
      evidence: 'tried twice',
      at,
    };
    const result = await session.transfer(
      { reason: 'help', department },
      { trigger: trigger === 'rule' ? { kind: 'rule', firing } : { kind: trigger } },
    );
    return result.handoffId;
  };
  const answer = async (id: string, afterMs: number) => {
    clock += afterMs;
    await handoff.advance(id, { type: 'bridged' });
    await handoff.advance(id, { type: 'ended' });
  };
  const outside = await start(T0 - DAY, '+919811100006', 'loans', 'tool');
  await answer(outside, 1_000);
  const a = await start(T0, '+919811100001', 'loans', 'tool');
  await answer(a, 5_000);
  await disposeHandoff(handoff, a, { outcome: 'resolved', by: lead });
  const b = await start(T0 + 60_000, '+919811100002', 'loans', 'rule');
  await answer(b, 20_000);
  await disposeHandoff(handoff, b, { outcome: 'needs_follow_up', by: lead });
  const c = await start(T0 + 120_000, '+919811100003', 'triage', 'api');
  await handoff.advance(c, { type: 'ringing' });
  clock += 15_000;
  await handoff.advance(c, { type: 'caller_hung_up' });
  // The caller of `a` is back the next day: `a` was not resolved at first contact.
  const d = await start(T0 + DAY, '+919811100001', 'triage', 'tool');
  await answer(d, 40_000);
  await disposeHandoff(handoff, d, { outcome: 'wrong_team', by: lead });
  const e = await start(T0 + DAY + 60_000, '+919811100004', 'loans', 'tool');
  await answer(e, 10_000);
  await disposeHandoff(handoff, e, { outcome: 'resolved', by: lead });
  clock = T0 + 2 * DAY;
  return handoff as Handoff;
}

describe('analytics', () => {
  it('computes the figures a team lead asks for over a seeded set of handoffs', async () => {
    const handoff = await seeded();
    const report = await analyticsFor(handoff, { from: T0 - 1_000, to: T0 + 3 * DAY });
    expect(report.handoffs).toBe(5);
    // No instance logged AI calls here: the calls are those the handoffs came from.
    expect(report.calls).toEqual({ total: 5, handedOff: 5, neverHandedOff: 0, handoffRate: 1 });
    expect(report.truncated).toBe(false);
    expect(report.byTrigger).toEqual({
      tool: { count: 3, rate: 0.6 },
      rule: { count: 1, rate: 0.2 },
      api: { count: 1, rate: 0.2 },
    });
    expect(report.byRule).toEqual({ repeated_failure: { count: 1, rate: 0.2 } });
    expect(report.timeToAnswerMs).toEqual({ count: 4, p50: 10_000, p90: 40_000 });
    expect(report.abandonedWhileRinging).toEqual({ count: 1, dialled: 5, rate: 0.2 });
    expect(report.byDestination).toEqual({
      loans: {
        handoffs: 3,
        outcomes: { completed: 3 },
        dispositions: { resolved: 2, needs_follow_up: 1 },
      },
      triage: {
        handoffs: 2,
        outcomes: { caller_hung_up: 1, completed: 1 },
        dispositions: { wrong_team: 1 },
      },
    });
    expect(report.firstContactResolution).toEqual({ resolved: 1, disposed: 4, rate: 0.25 });

    const firstDay = await analyticsFor(handoff, { from: T0 - 1_000, to: T0 + DAY - 1 });
    expect(firstDay.handoffs).toBe(3);
    // `a`'s caller came back the next day, outside this range: still not first-contact resolution.
    expect(firstDay.firstContactResolution).toEqual({ resolved: 0, disposed: 2, rate: 0 });
    await handoff.close();
  });

  it('divides the handoff rate by every AI call, the ones that never handed off too', async () => {
    let clock = T0;
    const carrier = new FakeTransferProvider();
    const handoff = createHandoff({
      transfer: carrier,
      destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
      liveCalls: true,
      sayTimeoutMs: 10,
      now: () => clock,
    });
    const port = { say: async () => 'played' as const, instruct: () => undefined };
    // Six AI calls in range, two of them handed off (one by the AI's tool, one by a supervisor),
    // and one the day before, outside it.
    const calls = [
      { id: 'ai-before', at: T0 - DAY },
      ...[0, 1, 2, 3, 4, 5].map((i) => ({ id: `ai-${i}`, at: T0 + i * 60_000 })),
    ];
    for (const { id, at } of calls) {
      clock = at;
      const call = handoff.attachCall({
        callId: id,
        platform: 'x',
        from: `+91981110${id.length}${at % 97}`,
        port,
      });
      call.addTurn({ role: 'caller', text: 'Hello, I have a question about my account' });
    }
    // Every call's first snapshot (and with it the log entry) is written before any hand-off.
    for (let i = 0; i < 200; i++) {
      const report = await analyticsFor(handoff, { from: T0 - 2 * DAY, to: T0 + DAY });
      if (report.calls.total === calls.length) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    clock = T0 + 10 * 60_000;
    await handoff.call('ai-1')!.toolCall({ reason: 'wants a loan', department: 'loans' });
    await handoff.call('ai-4')!.takeOver({ reason: 'supervisor', department: 'loans' });
    expect(carrier.requests).toHaveLength(2);

    const report = await analyticsFor(handoff, { from: T0 - 1_000, to: T0 + DAY });
    expect(report.handoffs).toBe(2);
    expect(report.calls).toEqual({ total: 6, handedOff: 2, neverHandedOff: 4, handoffRate: 0.3333 });
    expect(report.byTrigger).toEqual({
      tool: { count: 1, rate: 0.1667 },
      supervisor: { count: 1, rate: 0.1667 },
    });
    const wider = await analyticsFor(handoff, { from: T0 - 2 * DAY, to: T0 + DAY });
    expect(wider.calls).toEqual({ total: 7, handedOff: 2, neverHandedOff: 5, handoffRate: 0.2857 });
    await handoff.close();
  });

  it('reads ranges as ms or ISO dates, the last 7 days by default, and refuses nonsense', () => {
    const now = T0;
    expect(parseRange(new URLSearchParams(''), now)).toEqual({ from: now - 7 * DAY, to: now });
    expect(parseRange(new URLSearchParams('from=2026-01-01T00:00:00Z&to=1767830400000'), now)).toEqual({
      from: Date.UTC(2026, 0, 1),
      to: 1767830400000,
    });
    expect(() => parseRange(new URLSearchParams('from=yesterday'), now)).toThrow(/`from`/);
    expect(() => parseRange(new URLSearchParams(`from=${now}&to=${now - 1}`), now)).toThrow(/after/);
  });
});
