import { describe, expect, it } from 'vitest';
import { createHandoff } from '../handoff/handoff.js';
import type { HandoffOptions } from '../handoff-types.js';
import { FakeCallPort, FakeTransferProvider } from '../testing/index.js';
import { explicitRequest, keywords } from '../triggers/index.js';
import type { ToolReply } from './port.js';

// Monday 2026-11-23 10:00 in Kolkata.
const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);
const SUNDAY_23_IST = Date.UTC(2026, 10, 22, 17, 30);

function setup(overrides: Partial<HandoffOptions> = {}, port = new FakeCallPort()) {
  const provider = new FakeTransferProvider();
  const errors: Array<{ error: unknown; where: string }> = [];
  const handoff = createHandoff({
    transfer: provider,
    gatewayUrl: 'https://gw.example.com',
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager' },
      support: { number: '+919800000002', label: 'Senior care' },
    },
    triggers: [explicitRequest(), keywords({ words: ['thinking of leaving'], action: 'suggest' })],
    now: () => MONDAY_10_IST,
    onError: (error, where) => errors.push({ error, where }),
    ...overrides,
  });
  const call = handoff.attachCall({ callId: 'call-1', platform: 'test', port });
  return { handoff, provider, port, call, errors };
}

describe('attachCall: the core acts on a platform call', () => {
  it('answers a tool call, plays the farewell protected from barge-in, then transfers once', async () => {
    const { call, port, provider } = setup({}, new FakeCallPort({ say: { ms: 30 } }));
    call.addTurn({ role: 'caller', text: 'I want to ask about a home loan' });
    const decided: ToolReply[] = [];
    const outcome = await call.toolCall(
      { reason: 'loan question', department: 'loans' },
      { onDecided: (reply) => void decided.push(reply) },
    );
    expect(outcome.reply).toMatchObject({ status: 'transferring', ok: true, team: 'Relationship manager' });
    expect(outcome.reply.message).not.toMatch(/\n/);
    expect(decided).toHaveLength(1);
    const [farewell] = port.lines;
    expect(farewell).toMatchObject({ purpose: 'farewell', interruptible: false, language: 'en' });
    expect(farewell?.text).toContain('Relationship manager');
    expect(farewell?.asInstruction).toContain(farewell?.text);
    expect(provider.requests).toHaveLength(1);
    const sayEvent = port.events.find((e) => e.kind === 'say');
    expect(sayEvent?.kind === 'say' && sayEvent.doneAt).toBeLessThanOrEqual(provider.requestTimes[0]!);
    expect(call.transferring).toBe(true);
  });

  it('runs a transfer firing itself: farewell, then the carrier, with the rule as the trigger', async () => {
    const { call, port, provider } = setup();
    const firing = call.addTurn({ role: 'caller', text: 'please connect me to a human agent' });
    expect(firing).toMatchObject({ action: 'transfer' });
    await provider.waitForRequests(1);
    expect(port.lines.map((l) => l.purpose)).toEqual(['farewell']);
    expect(provider.requests[0]?.context.trigger).toMatchObject({ kind: 'rule' });
    // Further firings while the call moves change nothing.
    call.addTurn({ role: 'caller', text: 'human please, a real person' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(provider.requests).toHaveLength(1);
  });

  it('turns a suggest firing into an instruction for the next reply, and transfers nothing', async () => {
    const { call, port, provider } = setup();
    call.addTurn({ role: 'caller', text: 'honestly I am thinking of leaving your bank' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(port.instructions).toHaveLength(1);
    expect(port.instructions[0]).toMatchObject({ purpose: 'suggest', respond: false });
    expect(port.instructions[0]?.text).toContain('transfer_to_human');
    expect(provider.requests).toHaveLength(0);
  });

  it('speaks Hindi to a Hindi caller and tells the LLM in Hindi', async () => {
    const { call, port } = setup({ language: 'hi' });
    const outcome = await call.toolCall({ reason: 'loan', department: 'loans' });
    expect(port.lines[0]?.language).toBe('hi');
    expect(port.lines[0]?.text).toMatch(/जोड़/);
    expect(outcome.reply.message).toMatch(/जोड़ा जा रहा/);
  });

  it('transfers anyway when the port throws, and reports it', async () => {
    const { call, provider, errors } = setup({}, new FakeCallPort({ say: 'throw' }));
    const outcome = await call.toolCall({ reason: 'x', department: 'loans' });
    expect(outcome.reply.ok).toBe(true);
    expect(provider.requests).toHaveLength(1);
    expect(errors.map((e) => e.where)).toContain('port-say');
  });

  it('bounds a say that never resolves by sayTimeoutMs', async () => {
    const { call, provider } = setup(
      { sayTimeoutMs: 50 },
      new FakeCallPort({ say: 'hang', instruct: 'hang' }),
    );
    const outcome = await call.toolCall({ reason: 'x', department: 'loans' });
    expect(outcome.reply.ok).toBe(true);
    expect(provider.requests).toHaveLength(1);
  });

  it('waits for an estimate of the line when the platform cannot tell it played', async () => {
    const { call, port, provider } = setup(
      { messages: { en: { transferring: 'One moment, please.' } } },
      new FakeCallPort({ say: 'unknown' }),
    );
    await call.toolCall({ reason: 'x', department: 'loans' });
    const said = port.events.find((e) => e.kind === 'say');
    const words = port.lines[0]!.text.split(/\s+/).length;
    // 400 ms a word: the carrier is asked only after the line could have been said.
    expect(provider.requestTimes[0]! - said!.at).toBeGreaterThanOrEqual(words * 400 - 50);
  });

  it('answers an invalid tool call without persisting or transferring', async () => {
    const { call, port, provider, handoff } = setup();
    const outcome = await call.toolCall({ reason: 'x', department: '+919999999999' });
    expect(outcome.reply).toMatchObject({ status: 'invalid_arguments', ok: false });
    expect(outcome.reply.message).toContain('transfer_to_human');
    expect(port.lines).toHaveLength(0);
    expect(provider.requests).toHaveLength(0);
    expect(await handoff.list()).toHaveLength(0);
    expect(call.transferring).toBe(false);
  });

  it('takes the arguments as the JSON text the LLM wrote, parsed once', async () => {
    const { call, port, provider } = setup();
    const outcome = await call.toolCall('{"reason":"loan question","department":"loans"}');
    expect(outcome.reply).toMatchObject({ status: 'transferring', ok: true, team: 'Relationship manager' });
    expect(port.lines.map((l) => l.purpose)).toEqual(['farewell']);
    expect(provider.requests).toHaveLength(1);
  });

  it.each([
    ['text that is not JSON', '{"reason": "loan", department', /not JSON/],
    ['JSON that is not an object', '["loans"]', /\(root\)/],
    ['JSON text of JSON text', JSON.stringify('{"reason":"x","department":"loans"}'), /\(root\)/],
  ])('answers %s as invalid arguments, without persisting or transferring', async (_, args, why) => {
    const { call, port, provider, handoff, errors } = setup();
    const outcome = await call.toolCall(args);
    expect(outcome.reply).toMatchObject({ status: 'invalid_arguments', ok: false });
    expect(outcome.reply.message).toMatch(why);
    expect(outcome.reply.message).toContain('transfer_to_human');
    expect(outcome.error).toMatchObject({ code: 'invalid_arguments' });
    expect(port.lines).toHaveLength(0);
    expect(provider.requests).toHaveLength(0);
    expect(await handoff.list()).toHaveLength(0);
    expect(call.transferring).toBe(false);
    // The LLM's mistake is answered to it, not reported as the deployment's error.
    expect(errors).toEqual([]);
  });

  it('joins a handoff under way when the LLM calls twice, with one farewell and one transfer', async () => {
    const { call, port, provider } = setup({}, new FakeCallPort({ say: { ms: 20 } }));
    const [a, b] = await Promise.all([
      call.toolCall({ reason: 'x', department: 'loans' }),
      call.toolCall({ reason: 'x', department: 'loans' }),
    ]);
    expect([a.reply.status, b.reply.status].sort()).toEqual(['already_transferring', 'transferring']);
    expect(port.lines).toHaveLength(1);
    expect(provider.requests).toHaveLength(1);
  });

  it('after hours: the tool answer says what to relay; a rule firing speaks it and informs the LLM', async () => {
    const closed = {
      destinations: {
        loans: {
          number: '+919800000001',
          label: 'Relationship manager',
          hours: { days: { 1: ['09:00-18:00'] } },
          timeZone: 'Asia/Kolkata',
        },
      },
      now: () => SUNDAY_23_IST,
      afterHours: 'back_to_ai' as const,
    };
    const tool = setup(closed);
    const outcome = await tool.call.toolCall({ reason: 'x', department: 'loans' });
    expect(outcome.reply).toMatchObject({ status: 'not_transferred', ok: false });
    expect(outcome.reply.message).toMatch(/closed/);
    expect(tool.port.lines).toHaveLength(0);
    expect(tool.call.transferring).toBe(false);

    const rule = setup(closed);
    rule.call.addTurn({ role: 'caller', text: 'connect me to a human agent' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rule.port.lines.map((l) => l.purpose)).toEqual(['fallback']);
    expect(rule.port.instructions.map((i) => i.purpose)).toEqual(['handoff_failed']);
    expect(rule.provider.requests).toHaveLength(0);
  });

  it('tells the caller and the model when the carrier fails after the farewell was announced', async () => {
    const { call, port, provider } = setup({ fallback: ['back_to_ai'], capabilities: { backToAi: true } });
    provider.configure({ fail: new Error('503 from carrier') });
    const decided: ToolReply[] = [];
    const outcome = await call.toolCall(
      { reason: 'x', department: 'support' },
      { onDecided: (reply) => void decided.push(reply) },
    );
    expect(decided[0]?.ok).toBe(true);
    expect(outcome.reply.ok).toBe(false);
    expect(port.lines.map((l) => l.purpose)).toEqual(['farewell', 'fallback']);
    expect(port.instructions.map((i) => i.purpose)).toEqual(['handoff_failed']);
    expect(call.transferring).toBe(false);
  });

  it('hands the caller to a human when the AI dies, once, without a farewell', async () => {
    const { call, port, provider } = setup();
    const result = await call.aiUnavailable('model socket closed');
    expect(result?.status).toBe('transferring');
    expect(await call.aiUnavailable('again')).toBeUndefined();
    expect(port.lines).toHaveLength(0);
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]?.context.trigger.reason).toBe('ai_unavailable');
  });

  it('leaves the caller alone when the deployment turns the AI fallback off', async () => {
    const { call, provider } = setup({ aiUnavailable: false });
    expect(await call.aiUnavailable('gone')).toBeUndefined();
    expect(provider.requests).toHaveLength(0);
  });

  it('refuses a tool call on an ended call with a typed answer', async () => {
    const { call, handoff, provider } = setup();
    call.end();
    const outcome = await call.toolCall({ reason: 'x' });
    expect(outcome.reply.status).toBe('error');
    expect(outcome.reply.message).toMatch(/no longer active/);
    expect(provider.requests).toHaveLength(0);
    expect(handoff.call('call-1')).toBeUndefined();
  });

  it('tells the LLM when the caller is back after a handoff that did not connect', async () => {
    const { call, port } = setup();
    await call.resumed({ reason: 'no_answer', sayToCaller: 'Our team did not pick up.' });
    expect(port.instructions[0]).toMatchObject({ purpose: 'resumed' });
    expect(port.instructions[0]?.text).toContain('Our team did not pick up.');
  });

  it('rejects a port without say/instruct, and a rejoin swaps the port on the same call', () => {
    const { handoff, call } = setup();
    expect(() =>
      handoff.attachCall({ callId: 'bad', platform: 'x', port: {} as unknown as FakeCallPort }),
    ).toThrow(expect.objectContaining({ code: 'invalid_arguments' }));
    expect(() => handoff.attachCall({ callId: '', platform: 'x' })).toThrow(
      expect.objectContaining({ code: 'invalid_arguments' }),
    );
    const again = handoff.attachCall({ callId: 'call-1', platform: 'test', port: new FakeCallPort() });
    expect(again).toBe(call);
    expect(handoff.call('call-1')).toBe(call);
  });
});

describe('a port whose platform voiced other words', () => {
  it('waits for an estimate of what was actually spoken', async () => {
    const port = new FakeCallPort({
      say: { saidInstead: 'One two three four five six seven eight nine ten.' },
    });
    const { call, provider } = setup({ messages: { en: { transferring: 'Bye.' } } }, port);
    await call.toolCall({ reason: 'x', department: 'loans' });
    const said = port.events.find((e) => e.kind === 'say');
    // Ten words at 400 ms: the one-word line alone would have let the call move after ~700 ms.
    expect(provider.requestTimes[0]! - said!.at).toBeGreaterThanOrEqual(10 * 400 - 50);
  });
});
