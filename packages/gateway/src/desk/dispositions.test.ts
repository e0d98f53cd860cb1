import { createHandoff, type Handoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../webhook-signature.js';
import { WebhookDispatcher } from '../webhooks.js';
import { deskRoutes } from './index.js';

const SUPERVISOR = 'supervisor-token-0123456789';
const TRIAGE_AGENT = 'triage-agent-token-0123456789';
const LOANS_AGENT = 'loans-agent-token-0123456789';

function setup() {
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager' },
      triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
    },
  });
  const app = new Hono();
  app.route(
    '/desk',
    deskRoutes({
      handoff,
      deskUsers: [
        { token: SUPERVISOR, name: 'Meera', role: 'supervisor' },
        { token: TRIAGE_AGENT, name: 'Ravi', role: 'agent', teams: ['triage'] },
        { token: LOANS_AGENT, name: 'Asha', role: 'agent', teams: ['loans'] },
      ],
    }),
  );
  return { handoff, app };
}

let calls = 0;
async function transfer(handoff: Handoff, department: string) {
  const session = handoff.startSession({
    callId: `disp-${++calls}`,
    platform: 'vobiz',
    from: '+919811111111',
  });
  session.addTurn({ role: 'caller', text: 'I need help with my loan please' });
  return session.transfer({ reason: 'Caller asked for a human', department });
}

const as = (token: string, body?: unknown): RequestInit => ({
  method: body === undefined ? 'GET' : 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

describe('desk dispositions', () => {
  it('records the outcome as the signed-in person, on the record and its audit trail', async () => {
    const { handoff, app } = setup();
    const { handoffId } = await transfer(handoff, 'loans');
    await handoff.advance(handoffId, { type: 'bridged' });
    const res = await app.request(
      `/desk/api/handoffs/${handoffId}/disposition`,
      as(LOANS_AGENT, { outcome: 'wrong_team', note: 'Needs the cards team' }),
    );
    expect(res.status).toBe(200);
    const record = await handoff.get(handoffId);
    expect(record?.disposition).toMatchObject({
      outcome: 'wrong_team',
      note: 'Needs the cards team',
      by: { name: 'Asha', role: 'agent' },
    });
    expect(record?.audit?.map((a) => [a.action, a.by.name])).toEqual([['disposed', 'Asha']]);
  });

  it('refuses a bad outcome, a non-JSON body, no token, and another team’s handoff', async () => {
    const { handoff, app } = setup();
    const { handoffId } = await transfer(handoff, 'loans');
    const path = `/desk/api/handoffs/${handoffId}/disposition`;
    expect((await app.request(path, as(LOANS_AGENT, { outcome: 'done' }))).status).toBe(422);
    expect((await app.request(path, as(LOANS_AGENT, { outcome: 'resolved', note: 7 }))).status).toBe(422);
    const form = await app.request(path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${LOANS_AGENT}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'outcome=resolved',
    });
    expect(form.status).toBe(415);
    expect((await app.request(path, { method: 'POST', body: '{}' })).status).toBe(401);
    const other = await app.request(path, as(TRIAGE_AGENT, { outcome: 'resolved' }));
    expect(other.status).toBe(404);
    expect((await handoff.get(handoffId))?.disposition).toBeUndefined();
  });

  it('shows an agent only their teams’ handoffs and destinations; a supervisor sees all', async () => {
    const { handoff, app } = setup();
    const loans = await transfer(handoff, 'loans');
    const triage = await transfer(handoff, 'triage');
    const ids = async (token: string) => {
      const body = (await (await app.request('/desk/api/handoffs', as(token))).json()) as {
        handoffs: Array<{ id: string }>;
      };
      return body.handoffs.map((h) => h.id).sort();
    };
    expect(await ids(TRIAGE_AGENT)).toEqual([triage.handoffId]);
    expect(await ids(SUPERVISOR)).toEqual([loans.handoffId, triage.handoffId].sort());
    expect((await app.request(`/desk/api/handoffs/${loans.handoffId}`, as(TRIAGE_AGENT))).status).toBe(404);
    const config = (await (await app.request('/desk/api/config', as(TRIAGE_AGENT))).json()) as {
      me: unknown;
      destinations: unknown;
    };
    expect(config.me).toEqual({ name: 'Ravi', role: 'agent', teams: ['triage'] });
    expect(config.destinations).toEqual([{ key: 'triage', label: 'Triage nurse' }]);
  });

  it('sends handoff.disposed to CRM webhooks with the disposition, signed', async () => {
    const { handoff, app } = setup();
    const posted: Array<{ type: string | null; body: string; verified: boolean }> = [];
    const dispatcher = new WebhookDispatcher({
      handoff,
      targets: [{ url: 'https://crm.example.com/hooks', secret: 'whsec_desk_0123456789' }],
      backoffMs: 0,
      fetch: async (_url, init) => {
        const headers = new Headers(init?.headers);
        const body = String(init?.body);
        posted.push({
          type: headers.get('x-handoff-event'),
          body,
          verified: verifyWebhookSignature({
            secret: 'whsec_desk_0123456789',
            body,
            signature: headers.get('x-handoff-signature') ?? '',
            timestamp: headers.get('x-handoff-timestamp') ?? '',
          }),
        });
        return new Response(null, { status: 204 });
      },
    });
    dispatcher.start();
    try {
      const { handoffId } = await transfer(handoff, 'loans');
      await app.request(
        `/desk/api/handoffs/${handoffId}/disposition`,
        as(SUPERVISOR, { outcome: 'resolved', note: 'Rate explained' }),
      );
      await dispatcher.idle();
      const disposed = posted.filter((p) => p.type === 'handoff.disposed');
      expect(disposed).toHaveLength(1);
      expect(disposed[0]?.verified).toBe(true);
      expect(JSON.parse(disposed[0]?.body ?? '{}')).toMatchObject({
        type: 'handoff.disposed',
        handoffId,
        disposition: {
          outcome: 'resolved',
          note: 'Rate explained',
          by: { name: 'Meera', role: 'supervisor' },
        },
      });
    } finally {
      dispatcher.close();
    }
  });
});
