import { createHandoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.js';

describe('createGateway({ deskUsers })', () => {
  it('signs each person in with their own token, role and teams', async () => {
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: {
        loans: { number: '+919800000001', label: 'Relationship manager' },
        triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
      },
    });
    const gateway = createGateway({
      handoff,
      vobiz: { authToken: 'vobiz-auth-token-0123456789' },
      answer: { kind: 'stream' },
      deskUsers: [{ token: 'ravi-desk-token-0123456789', name: 'Ravi', role: 'agent', teams: ['triage'] }],
    });
    try {
      const config = async (token: string) =>
        gateway.fetch(
          new Request('http://gw.test/desk/api/config', { headers: { authorization: `Bearer ${token}` } }),
        );
      const ravi = await config('ravi-desk-token-0123456789');
      expect(ravi.status).toBe(200);
      expect(await ravi.json()).toMatchObject({ me: { name: 'Ravi', role: 'agent', teams: ['triage'] } });
      expect((await config('someone-else-0123456789')).status).toBe(401);
    } finally {
      await gateway.close();
      await handoff.close();
    }
  });
});
