import { describe, expect, it } from 'vitest';
import { createHandoff } from '../handoff/handoff.js';
import { FakeCallPort, FakeTransferProvider } from '../testing/index.js';
import { streamCallInit } from './stream-call.js';

function handoff() {
  return createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
  });
}

describe('streamCallInit: a gateway media call as an attachCall init', () => {
  it('keeps the call’s own platform, or takes the default, and no resume on a first stream', () => {
    const port = new FakeCallPort();
    expect(streamCallInit({ callId: 'c1', from: '+911', to: '+912' }, { platform: 'vobiz', port })).toEqual({
      callId: 'c1',
      platform: 'vobiz',
      from: '+911',
      to: '+912',
      port,
      resumed: undefined,
    });
    const media = { callId: 'c1', platform: 'openai-realtime', token: 'secret-token', createdAt: 1 };
    const init = streamCallInit(media, { platform: 'vobiz' });
    expect(init.platform).toBe('openai-realtime');
    // The media token is the socket's credential: it never reaches the session.
    expect(JSON.stringify(init)).not.toContain('secret-token');
  });

  it('a stream back from a handoff carries why and what the caller heard', () => {
    const call = { callId: 'c1', handoffId: 'ho_1', resumeReason: 'busy', sayToCaller: 'They are busy.' };
    expect(streamCallInit(call, { platform: 'vobiz' }).resumed).toEqual({
      reason: 'busy',
      sayToCaller: 'They are busy.',
    });
  });
});

describe('attachCall with `resumed`: the core tells the LLM, not the plugin', () => {
  it('on a call this instance has not seen: the new port gets the resumed instruction', async () => {
    const h = handoff();
    const port = new FakeCallPort();
    const call = h.attachCall({
      callId: 'c1',
      platform: 'test',
      port,
      resumed: { reason: 'busy', sayToCaller: 'Our team is busy.' },
    });
    await call.settled();
    expect(port.instructions).toHaveLength(1);
    expect(port.instructions[0]).toMatchObject({ purpose: 'resumed', respond: false });
    expect(port.instructions[0]?.text).toContain('did not connect (busy)');
    expect(port.instructions[0]?.text).toContain('Our team is busy.');
    await h.close();
  });

  it('on a stream that rejoins its call: the old port hears nothing, the new one is told', async () => {
    const h = handoff();
    const first = new FakeCallPort();
    const call = h.attachCall({ callId: 'c2', platform: 'test', port: first });
    call.detach(first);
    const second = new FakeCallPort();
    const again = h.attachCall({
      callId: 'c2',
      platform: 'test',
      port: second,
      resumed: { reason: 'no_answer' },
    });
    expect(again).toBe(call);
    await call.settled();
    expect(first.instructions).toHaveLength(0);
    expect(second.instructions.map((i) => i.purpose)).toEqual(['resumed']);
    expect(second.instructions[0]?.text).toContain('did not connect (no_answer)');
    await h.close();
  });

  it('without `resumed` nothing is said on attach', async () => {
    const h = handoff();
    const port = new FakeCallPort();
    const call = h.attachCall({ callId: 'c3', platform: 'test', port });
    await call.settled();
    expect(port.events).toHaveLength(0);
    await h.close();
  });
});
