/**
 * Every HTTP entry point from outside, with authenticated but malformed bodies: the `/v1` API
 * and each webhook platform's handler. A refused request answers a typed 4xx (`error` or
 * `error.code` in a JSON body), never a 5xx; it moves no call and leaves nothing in the store
 * (memory stays bounded however many arrive); no prototype is polluted.
 */
import { createHmac } from 'node:crypto';
import { bolnaHandler } from '@handoff/bolna';
import { createHandoff, type FetchHandler, type Handoff, MemoryStore } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { elevenLabsHandler } from '@handoff/elevenlabs';
import { templateHandler } from '@handoff/platform-template';
import { retellHandler } from '@handoff/retell';
import { ultravoxHandler } from '@handoff/ultravox';
import { vapiHandler } from '@handoff/vapi';
import { describe, expect, it } from 'vitest';
import { type Case, fixedCases, polluted, seededCases } from './fuzz.js';
import { DESTINATIONS, rig } from './harness.js';

const SEED = 0xa77ac;
const SECRET = 'reliability-shared-secret-0123456789';
const RETELL_KEY = 'key_reliability_0123456789abcdef';
const CALL = '2ded13fe4f9b49589bfb093ea2f29f91';

async function typedError(response: Response, name: string): Promise<void> {
  expect(response.status, name).toBeGreaterThanOrEqual(400);
  expect(response.status, name).toBeLessThan(500);
  const body = (await response.json()) as { error?: string | { code?: string } };
  const code = typeof body.error === 'string' ? body.error : body.error?.code;
  expect(typeof code, `${name}: ${JSON.stringify(body)}`).toBe('string');
}

interface Tally {
  refused: number;
  accepted: number;
  transfers: number;
}

/** Sends every case; a refused one must be typed and change nothing. */
async function attack(
  send: (c: Case) => Promise<Response>,
  cases: Case[],
  carrier: FakeTransferProvider,
  store: MemoryStore,
): Promise<Tally> {
  const tally: Tally = { refused: 0, accepted: 0, transfers: 0 };
  for (const c of cases) {
    const before = { requests: carrier.requests.length, keys: store.size };
    const response = await send(c);
    expect(response.status, c.name).toBeLessThan(500);
    if (response.status >= 400) {
      tally.refused++;
      await typedError(response, c.name);
      expect(carrier.requests.length, c.name).toBe(before.requests);
      expect(store.size, c.name).toBe(before.keys);
    } else {
      tally.accepted++;
      await response.arrayBuffer();
    }
    tally.transfers += carrier.requests.length - before.requests;
  }
  expect(polluted()).toBe(false);
  return tally;
}

function core(): { handoff: Handoff; carrier: FakeTransferProvider; store: MemoryStore } {
  const carrier = new FakeTransferProvider();
  const store = new MemoryStore();
  const handoff = createHandoff({
    transfer: carrier,
    gatewayUrl: 'https://gw.example.com',
    destinations: DESTINATIONS,
    store,
    // A farewell the platform cannot confirm is waited out for its estimated length: not the point here.
    sayTimeoutMs: 1,
  });
  return { handoff, carrier, store };
}

function post(handler: FetchHandler, url: string, text: string, headers: Record<string, string>) {
  return handler(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: text,
    }),
  );
}

describe('/v1 API bodies', () => {
  const routes: Array<[string, Record<string, unknown>]> = [
    ['/v1/handoffs', { callId: 'c-api', reason: 'help', department: 'support', urgency: 'high' }],
    ['/v1/calls/c-api/turns', { turns: [{ role: 'caller', text: 'hello' }], platform: 'x' }],
    ['/v1/tool', { callId: 'c-api', arguments: { reason: 'x' } }],
    ['/v1/callbacks', { handoffId: 'ho1', number: '+919811111111' }],
    ['/v1/client-tokens', { callId: 'c-api', ttlSeconds: 60 }],
  ];
  for (const [path, base] of routes) {
    const cases = [...fixedCases(base), ...seededCases(base, SEED, 60)];
    it(`${path}: typed 4xx or a normal answer, ${cases.length} cases`, async () => {
      const store = new MemoryStore();
      const r = rig({ store, gateway: { maxBodyBytes: 64 * 1024 } });
      const tally = await attack((c) => r.api(path, { raw: c.text }), cases, r.carrier, store);
      expect(tally.refused).toBeGreaterThan(0);
      await r.close();
    });
  }
});

interface Platform {
  name: string;
  make(handoff: Handoff): FetchHandler;
  base: Record<string, unknown>;
  send(handler: FetchHandler, text: string): Promise<Response>;
}

const toolArgs = { reason: 'double charge', department: 'support' };
const platforms: Platform[] = [
  {
    name: 'retell',
    make: (handoff) => retellHandler(handoff as Parameters<typeof retellHandler>[0], { apiKey: RETELL_KEY }),
    base: {
      call: { call_id: 'call_r1', from_number: '+919811111111' },
      name: 'transfer_to_human',
      args: toolArgs,
    },
    send: (handler, text) => {
      const at = Date.now();
      const digest = createHmac('sha256', RETELL_KEY)
        .update(text + String(at))
        .digest('hex');
      return post(handler, 'https://gw.example.com/retell', text, {
        'x-retell-signature': `v=${at},d=${digest}`,
      });
    },
  },
  {
    name: 'vapi',
    make: (handoff) => vapiHandler(handoff as Parameters<typeof vapiHandler>[0], { secret: SECRET }),
    base: {
      message: {
        type: 'tool-calls',
        toolCallList: [
          { id: 't1', type: 'function', function: { name: 'transfer_to_human', arguments: toolArgs } },
        ],
        call: { id: 'vapi-1' },
      },
    },
    send: (handler, text) => post(handler, 'https://gw.example.com/vapi', text, { 'x-vapi-secret': SECRET }),
  },
  {
    name: 'elevenlabs',
    make: (handoff) =>
      elevenLabsHandler(handoff as Parameters<typeof elevenLabsHandler>[0], {
        secret: SECRET,
        speechStartMs: 0,
      }),
    base: { ...toolArgs, conversation_id: 'conv_1', conversation_history: '[]', handoff_call: CALL },
    send: (handler, text) =>
      post(handler, 'https://gw.example.com/elevenlabs', text, { 'x-handoff-secret': SECRET }),
  },
  {
    name: 'ultravox',
    make: (handoff) =>
      ultravoxHandler(handoff as Parameters<typeof ultravoxHandler>[0], { secret: SECRET, speechStartMs: 0 }),
    base: { ...toolArgs, call_id: 'uv-1', conversation_history: [], handoff_call: CALL },
    send: (handler, text) =>
      post(handler, 'https://gw.example.com/ultravox', text, { 'x-handoff-secret': SECRET }),
  },
  {
    name: 'bolna',
    make: (handoff) =>
      bolnaHandler(handoff as Parameters<typeof bolnaHandler>[0], { secret: SECRET, speechStartMs: 0 }),
    base: { ...toolArgs, execution_id: 'ex-1', call_sid: CALL, tool_call_id: 't1' },
    send: (handler, text) =>
      post(handler, 'https://gw.example.com/bolna', text, { authorization: `Bearer ${SECRET}` }),
  },
  {
    name: 'template',
    make: (handoff) => templateHandler(handoff, { secret: SECRET }),
    base: {
      event: 'tool_call',
      call_id: CALL,
      tool_call_id: 't1',
      name: 'transfer_to_human',
      arguments: toolArgs,
    },
    send: (handler, text) =>
      post(handler, 'https://gw.example.com/template', text, {
        'x-template-signature': `sha256=${createHmac('sha256', SECRET).update(text).digest('hex')}`,
      }),
  },
];

describe('webhook platform handlers', () => {
  for (const platform of platforms) {
    const cases = [...fixedCases(platform.base), ...seededCases(platform.base, SEED + 1, 60)];
    it(`${platform.name}: typed 4xx or a normal answer, ${cases.length} cases`, async () => {
      const { handoff, carrier, store } = core();
      const handler = platform.make(handoff);
      const tally = await attack((c) => platform.send(handler, c.text), cases, carrier, store);
      if (process.env.RELIABILITY_TALLY) console.log(platform.name, JSON.stringify(tally));
      expect(tally.refused).toBeGreaterThan(0);
      // Even accepted calls never transfer one call twice.
      const perCall = new Map<string, number>();
      for (const r of carrier.requests) perCall.set(r.callId, (perCall.get(r.callId) ?? 0) + 1);
      for (const [callId, n] of perCall) expect(n, callId).toBe(1);
      await handoff.close();
    });
  }
});
