import { createHandoff, handBackToAi } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.js';

describe('hand back through the gateway', () => {
  it('answers the handoff URL the carrier sends the caller to with a stream back to the AI, carrying the hand-back', async () => {
    const carrier = new FakeTransferProvider();
    const handoff = createHandoff({
      transfer: carrier,
      gatewayUrl: 'https://gw.example.com',
      destinations: { refunds: { number: '+919800000003', label: 'Refunds desk' } },
      capabilities: { backToAi: true },
    });
    const gateway = createGateway({
      handoff,
      publicUrl: 'https://gw.example.com',
      vobiz: { authToken: 'vobiz-auth-token-0123456789', signatures: 'optional' },
      answer: { kind: 'stream' },
    });
    try {
      const callId = '5c0ffee0-0000-4000-8000-000000000001';
      const session = handoff.startSession({ callId, platform: 'vobiz', from: '+919811100002' });
      session.addTurn({ role: 'caller', text: 'I want a refund for the double charge' });
      const { handoffId } = await session.transfer({ reason: 'Refund', department: 'refunds' });
      await handoff.advance(handoffId, { type: 'bridged' });
      await handBackToAi(handoff, handoffId, {
        note: 'Identity verified, proceed with the refund',
        by: { name: 'Asha', role: 'agent' },
      });
      const moved = carrier.requests.at(-1)!;
      expect(carrier.requests).toHaveLength(2);
      const res = await gateway.fetch(
        new Request(`https://gw.example.com/vobiz/handoff/${handoffId}?t=${moved.token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ CallUUID: callId, CallStatus: 'in-progress' }).toString(),
        }),
      );
      expect(res.status).toBe(200);
      const xml = await res.text();
      const stream = /<Stream[^>]*>([^<]+)<\/Stream>/.exec(xml)?.[1] ?? '';
      expect(stream).toMatch(/^wss:\/\/gw\.example\.com\/media\/[A-Za-z0-9_-]+$/);
      expect(xml).not.toContain('<Dial');
      const resumed = await gateway.resolveMediaToken(stream.split('/').pop()!);
      expect(resumed).toMatchObject({ callId, handoffId, resumeReason: 'handed_back' });
    } finally {
      await gateway.close();
      await handoff.close();
    }
  });
});
