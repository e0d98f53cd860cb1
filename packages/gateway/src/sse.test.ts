import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, type Stack, startStack, waitForStatus } from './__fixtures__/harness.js';
import { offline } from './__fixtures__/offline.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function readUntil(
  body: ReadableStream<Uint8Array>,
  done: (text: string) => boolean,
  timeoutMs = 5000,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = setTimeout(() => void reader.cancel(), timeoutMs);
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  clearTimeout(deadline);
  await reader.cancel();
  return text;
}

function events(text: string): Array<{ event: string; data: { status: string; handoffId: string } }> {
  return text
    .split('\n\n')
    .filter((block) => block.includes('\nevent: '))
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)![1]!;
      const data = JSON.parse(/^data: (.+)$/m.exec(block)![1]!);
      return { event, data };
    });
}

describe('GET /v1/handoffs/events', () => {
  it('streams a live handoff from created to connected', async () => {
    stack = await startStack();
    const response = await fetch(`${stack.url}/v1/handoffs/events`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');

    const call = stack.call();
    await call.waitFor('stream_connected');
    const session = stack.handoff.session(call.uuid)!;
    session.addTurn({ role: 'caller', text: 'I need help with my loan' });
    const { handoffId } = await session.transfer({ reason: 'loan question', department: 'loans' });
    await waitForStatus(stack.handoff, handoffId, 'connected');

    const text = await readUntil(response.body!, (t) => t.includes('"status":"connected"'));
    const seen = events(text).filter((e) => e.data.handoffId === handoffId);
    expect(seen[0]).toMatchObject({ event: 'handoff.created', data: { status: 'persisted' } });
    const statuses = seen.map((e) => e.data.status);
    expect(statuses).toContain('ringing');
    expect(statuses.at(-1)).toBe('connected');
    expect(text).not.toContain('"token"');
  });

  it('requires an API key and sends heartbeats on an idle stream', async () => {
    const o = offline({ gateway: { sseHeartbeatMs: 20 } });
    expect((await o.api('/v1/handoffs/events', { key: null })).status).toBe(401);
    const response = await o.api('/v1/handoffs/events');
    const text = await readUntil(response.body!, (t) => (t.match(/: ping/g) ?? []).length >= 2);
    expect(text).toMatch(/^retry: 3000\n/);
  });
});
