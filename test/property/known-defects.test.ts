/**
 * Defects the properties found in code this suite does not own, each pinned by the smallest input
 * that showed it, now that it is fixed. A new one starts here as `it.fails` until its fix lands.
 */
import { bolnaHandler } from '@handoff/bolna';
import { createHandoff, MemoryStore } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { rig } from '../reliability/harness.js';

describe('defects the properties found, each pinned since it was fixed', () => {
  // packages/gateway/src/api-routes.ts started the named call's session before validating, so a
  // refused request left a session log in the store (4 h ttl) and a session in memory for
  // whatever call id it named. The turns routes now check every turn with the core's validator,
  // and POST /v1/handoffs the arguments with the core's parser, before anything is attached.
  it('a refused /v1 turns request leaves no session behind, in the store or in memory', async () => {
    const store = new MemoryStore();
    const r = rig({ store });
    const before = store.size;
    const response = await r.api('/v1/calls/refused-1/turns', {
      raw: JSON.stringify({ turns: [{ role: 'caller', text: [1] }] }),
    });
    expect(response.status).toBe(422);
    const after = { keys: store.size, session: r.handoff.session('refused-1') };
    await r.close();
    expect(after.keys).toBe(before);
    expect(after.session).toBeUndefined();
  });

  it('a refused POST /v1/handoffs leaves no session behind, in the store or in memory', async () => {
    const store = new MemoryStore();
    const r = rig({ store });
    const before = store.size;
    const response = await r.api('/v1/handoffs', {
      raw: JSON.stringify({ callId: 'refused-2', reason: 'help', urgency: 5 }),
    });
    expect(response.status).toBe(422);
    const after = { keys: store.size, session: r.handoff.session('refused-2') };
    await r.close();
    expect(after.keys).toBe(before);
    expect(after.session).toBeUndefined();
  });

  // The same in the callback branch of POST /v1/handoffs, worse: the session is started under a
  // fresh `cb-…` id before the core validates the arguments, so every refused request (a valid
  // callbackNumber, bad arguments) leaves one more session log, whatever call ids the client uses.
  it('a refused callback handoff request leaves no session log behind', async () => {
    const store = new MemoryStore();
    const r = rig({
      store,
      gateway: {
        vobiz: {
          authToken: 'vobiz-auth-token-for-reliability',
          callerId: '+918000000000',
          client: {
            makeCall: async () => ({ message: 'fired', requestUuid: 'r1', requestUuids: ['r1'] }),
          },
        },
      },
    });
    const before = store.size;
    for (let i = 0; i < 3; i++) {
      const response = await r.api('/v1/handoffs', {
        raw: JSON.stringify({ callbackNumber: '+919811111111', reason: 'help', urgency: 5 }),
      });
      expect(response.status).toBe(422);
    }
    const after = store.size;
    await r.close();
    expect(after).toBe(before);
  });

  // Was: packages/bolna/src/payloads.ts `unmarked` recursed once per nesting level, so a signed
  // body nested 5,000 deep overflowed the stack (500). The core's webhook.parseObject now refuses
  // bodies nested deeper than MAX_JSON_DEPTH for every platform that reads through it.
  it('bolna answers a 5,000-deep JSON object with a typed 4xx, not 500', async () => {
    const secret = 'property-shared-secret-0123456789';
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      gatewayUrl: 'https://gw.example.com',
      destinations: { support: { number: '+919800000002', label: 'Senior care' } },
    });
    const handler = bolnaHandler(handoff as Parameters<typeof bolnaHandler>[0], { secret, speechStartMs: 0 });
    const response = await handler(
      new Request('https://gw.example.com/bolna', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
      }),
    );
    await handoff.close();
    expect(response.status).toBeLessThan(500);
  });
});
