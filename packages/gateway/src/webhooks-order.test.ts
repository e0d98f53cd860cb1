import { createHandoff, MemoryStore } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { DESTINATIONS } from './__fixtures__/harness.js';
import { WebhookDispatcher } from './webhooks.js';

describe('CRM webhooks across instances (issue 10, item 6)', () => {
  it('arrive in order per handoff per URL when two instances share the deliveries and the CRM was down', async () => {
    const store = new MemoryStore();
    const received: Array<{ handoffId: string; status: string }> = [];
    const failures = new Map<string, number>();
    // The CRM is down for a while: the first events of a handoff need more attempts than later ones.
    const crm: typeof fetch = async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as { handoffId: string; status: string };
      const delivery = new Headers(init?.headers).get('x-handoff-delivery') ?? '';
      const seen = (failures.get(delivery) ?? 0) + 1;
      failures.set(delivery, seen);
      if (body.status === 'transferring' && seen < 4) return new Response(null, { status: 503 });
      received.push(body);
      return new Response(null, { status: 204 });
    };
    const instances = [0, 1].map(() => {
      const handoff = createHandoff({
        transfer: new FakeTransferProvider(),
        gatewayUrl: 'https://gw.example.com',
        destinations: DESTINATIONS,
        store,
      });
      const dispatcher = new WebhookDispatcher({
        handoff,
        targets: [{ url: 'https://crm.example/hook', secret: 'whsec_0123456789' }],
        backoffMs: 1,
        attempts: 8,
        fetch: crm,
      });
      dispatcher.start();
      return { handoff, dispatcher };
    });
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const result = await a.handoff
      .startSession({ callId: 'order-1', platform: 'x' })
      .transfer({ reason: 'x' });
    await b.handoff.advance(result.handoffId, { type: 'ringing', attempt: 1 });
    await a.handoff.advance(result.handoffId, { type: 'bridged', attempt: 1 });
    await b.handoff.advance(result.handoffId, { type: 'ended' });
    await Promise.all(instances.map((i) => i.dispatcher.idle()));
    const statuses = received.map((r) => r.status);
    // Each event exactly once, in the order the record moved.
    expect(statuses).toEqual(['persisted', 'transferring', 'ringing', 'connected', 'completed']);
    for (const i of instances) i.dispatcher.close();
  });
});
