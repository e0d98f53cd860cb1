import { describe, expect, it } from 'vitest';
import { createHandoff } from '../handoff/handoff.js';
import type { HandoffOptions } from '../handoff-types.js';
import { FakeCallPort, FakeTransferProvider } from '../testing/index.js';
import type { ToolReply } from './port.js';
import { answerOnce } from './tool-answer.js';

function setup(overrides: Partial<HandoffOptions> = {}, provider = new FakeTransferProvider()) {
  const handoff = createHandoff({
    transfer: provider,
    destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
    ...overrides,
  });
  const port = new FakeCallPort();
  const call = handoff.attachCall({ callId: 'call-1', platform: 'test', port });
  return { handoff, provider, port, call };
}

describe('toolCall({ playing }): the words said with the tool call are in the packet', () => {
  it('waits for them before it decides, so a turn recorded at playout is the packet’s last', async () => {
    const { call, provider } = setup();
    call.addTurn({ role: 'caller', text: 'I need help with my home loan' });
    let played!: () => void;
    const playing = new Promise<void>((resolve) => {
      played = resolve;
    });
    const outcome = call.toolCall({ reason: 'loan', department: 'loans' }, { playing });
    // The platform records the agent's line only once it has played (LiveKit does).
    setTimeout(() => {
      call.addTurn({ role: 'agent', text: 'Let me get you a specialist.' });
      played();
    }, 20);
    expect((await outcome).reply.ok).toBe(true);
    const texts = provider.requests[0]?.context.transcript.map((t) => t.text);
    expect(texts?.at(-1)).toBe('Let me get you a specialist.');
  });

  it('a rejected playout (nothing was spoken) counts as played', async () => {
    const { call, provider } = setup();
    const outcome = await call.toolCall(
      { reason: 'loan', department: 'loans' },
      { playing: Promise.reject(new Error('no speech')) },
    );
    expect(outcome.reply.ok).toBe(true);
    expect(provider.requests).toHaveLength(1);
  });

  it('a playout that never ends holds the handoff no longer than sayTimeoutMs', async () => {
    const { call, provider } = setup({ sayTimeoutMs: 50 });
    const outcome = await call.toolCall(
      { reason: 'loan', department: 'loans' },
      { playing: new Promise(() => {}) },
    );
    expect(outcome.reply.ok).toBe(true);
    expect(provider.requests).toHaveLength(1);
  });

  it('on an ended call the playout is not waited for, and its rejection is not left unhandled', async () => {
    const { call, provider } = setup();
    call.end();
    const outcome = await call.toolCall({ reason: 'x' }, { playing: Promise.reject(new Error('no speech')) });
    expect(outcome.reply.status).toBe('error');
    expect(provider.requests).toHaveLength(0);
  });
});

describe('addTurn: a turn with no words', () => {
  it('is ignored, and fires nothing', () => {
    const { call } = setup();
    expect(call.addTurn({ role: 'agent', text: '   ' })).toBeUndefined();
    call.addTurn({ role: 'caller', text: '' });
    call.addTurn({ role: 'caller', text: 'hello' });
    expect(call.turns.map((t) => t.text)).toEqual(['hello']);
  });
});

describe('answerOnce: a platform that answers the tool call exactly once', () => {
  it('answers at the decision when the call moves, before the farewell, and never again', async () => {
    const { call, port, provider } = setup();
    const answers: Array<{ reply: ToolReply; farewellsBefore: number }> = [];
    const reply = await answerOnce(call, '{"reason":"loan","department":"loans"}', (answer) =>
      answers.push({ reply: answer, farewellsBefore: port.lines.length }),
    );
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ reply: { status: 'transferring', ok: true }, farewellsBefore: 0 });
    expect(reply).toBe(answers[0]?.reply);
    expect(port.lines.map((l) => l.purpose)).toEqual(['farewell']);
    expect(provider.requests).toHaveLength(1);
  });

  it('answers with the final reply when the core refuses, for the model to relay', async () => {
    const { call, provider } = setup();
    const answers: ToolReply[] = [];
    const reply = await answerOnce(call, 'not json', (answer) => answers.push(answer));
    expect(answers).toEqual([reply]);
    expect(reply).toMatchObject({ status: 'invalid_arguments', ok: false });
    expect(provider.requests).toHaveLength(0);
  });

  it('a handoff that fails after the decision is not answered twice: the core instructs instead', async () => {
    const failing = new FakeTransferProvider({ fail: new Error('503 from the carrier') });
    const { call, port } = setup({}, failing);
    const answers: ToolReply[] = [];
    const reply = await answerOnce(call, { reason: 'loan', department: 'loans' }, (a) => answers.push(a));
    expect(answers).toHaveLength(1);
    expect(answers[0]?.ok).toBe(true);
    expect(reply).toBe(answers[0]);
    expect(failing.requests).toHaveLength(1);
    // The model was told the call moves; what went wrong reaches it as an instruction.
    expect(port.instructions.map((i) => i.purpose)).toContain('handoff_failed');
  });
});
