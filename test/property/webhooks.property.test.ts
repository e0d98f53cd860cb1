/**
 * Every webhook platform's handler, called as `(Request) => Promise<Response>`: correctly signed
 * requests with any body, and any body with a forged or missing signature. The answer is a normal
 * one or a typed 4xx, never a 5xx or a throw; a refused request moves no call and writes nothing;
 * replaying the same inputs grows nothing; no call is transferred twice.
 *
 * Pipecat has no webhook: its bot reaches the gateway's `/v1` API (see api.property.test.ts) and
 * its RTVI readers are covered in parsers.property.test.ts.
 */
import { createHmac } from 'node:crypto';
import { bolnaHandler } from '@handoff/bolna';
import {
  createHandoff,
  type FetchHandler,
  type Handoff,
  type HandoffOptions,
  MemoryStore,
} from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { elevenLabsHandler } from '@handoff/elevenlabs';
import { templateHandler } from '@handoff/platform-template';
import { retellHandler } from '@handoff/retell';
import { ultravoxHandler } from '@handoff/ultravox';
import { vapiHandler } from '@handoff/vapi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyText } from './arbitraries.js';
import { assertEntryPoint } from './http.js';

const SECRET = 'property-shared-secret-0123456789';
const RETELL_KEY = 'key_property_0123456789abcdef';
const CALL = '2ded13fe4f9b49589bfb093ea2f29f91';
const DESTINATIONS: HandoffOptions['destinations'] = {
  loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
  support: { numbers: ['+919800000002'], label: 'Senior care' },
};

function core(): { handoff: Handoff; carrier: FakeTransferProvider; store: MemoryStore } {
  const carrier = new FakeTransferProvider();
  const store = new MemoryStore();
  const handoff = createHandoff({
    transfer: carrier,
    gatewayUrl: 'https://gw.example.com',
    destinations: DESTINATIONS,
    store,
    now: () => Date.UTC(2026, 10, 23, 4, 30),
    // A farewell the platform cannot confirm is waited out for its estimated length: not the point here.
    sayTimeoutMs: 1,
  });
  return { handoff, carrier, store };
}

function post(handler: FetchHandler, path: string, text: string, headers: Record<string, string>) {
  return handler(
    new Request(`https://gw.example.com${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: text,
    }),
  );
}

interface Platform {
  name: string;
  make(handoff: Handoff): FetchHandler;
  base: Record<string, unknown>;
  /** The headers a genuine request for `text` carries. */
  sign(text: string): Record<string, string>;
  /** The header names that carry the signature, for forging. */
  signatureHeaders: string[];
}

const toolArgs = { reason: 'double charge', department: 'support' };
const hmacHex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');
const platforms: Platform[] = [
  {
    name: 'retell',
    make: (handoff) => retellHandler(handoff as Parameters<typeof retellHandler>[0], { apiKey: RETELL_KEY }),
    base: {
      call: { call_id: 'call_r1', from_number: '+919811111111' },
      name: 'transfer_to_human',
      args: toolArgs,
    },
    sign: (text) => {
      const at = Date.now();
      return { 'x-retell-signature': `v=${at},d=${hmacHex(RETELL_KEY, text + String(at))}` };
    },
    signatureHeaders: ['x-retell-signature'],
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
    sign: () => ({ 'x-vapi-secret': SECRET }),
    signatureHeaders: ['x-vapi-secret'],
  },
  {
    name: 'elevenlabs',
    make: (handoff) =>
      elevenLabsHandler(handoff as Parameters<typeof elevenLabsHandler>[0], {
        secret: SECRET,
        speechStartMs: 0,
      }),
    base: { ...toolArgs, conversation_id: 'conv_1', conversation_history: '[]', handoff_call: CALL },
    sign: () => ({ 'x-handoff-secret': SECRET }),
    signatureHeaders: ['x-handoff-secret'],
  },
  {
    name: 'ultravox',
    make: (handoff) =>
      ultravoxHandler(handoff as Parameters<typeof ultravoxHandler>[0], { secret: SECRET, speechStartMs: 0 }),
    base: { ...toolArgs, call_id: 'uv-1', conversation_history: [], handoff_call: CALL },
    sign: () => ({ 'x-handoff-secret': SECRET }),
    signatureHeaders: ['x-handoff-secret'],
  },
  {
    name: 'bolna',
    make: (handoff) =>
      bolnaHandler(handoff as Parameters<typeof bolnaHandler>[0], { secret: SECRET, speechStartMs: 0 }),
    base: { ...toolArgs, execution_id: 'ex-1', call_sid: CALL, tool_call_id: 't1' },
    sign: () => ({ authorization: `Bearer ${SECRET}` }),
    signatureHeaders: ['authorization'],
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
    sign: (text) => ({ 'x-template-signature': `sha256=${hmacHex(SECRET, text)}` }),
    signatureHeaders: ['x-template-signature'],
  },
];

/** Signature header values an attacker would try: none, empty, wrong, truncated, other schemes. */
const forged = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    '',
    ' ',
    'Bearer',
    `Bearer ${SECRET.slice(0, -1)}`,
    SECRET.toUpperCase(),
    'v=0,d=00',
    'sha256=',
  ),
  fc.string({ maxLength: 80 }).map((s) => s.replace(/[\r\n\0]/g, '')),
  fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256=${hex}`),
);

describe('webhook platform handlers, for any body', () => {
  for (const platform of platforms) {
    it(`${platform.name}: signed, any body: a normal answer or a typed 4xx; refused changes nothing`, async () => {
      const { handoff, carrier, store } = core();
      const handler = platform.make(handoff);
      const path = `/${platform.name}`;
      await assertEntryPoint({
        name: `${platform.name} webhook: any signed body`,
        inputs: bodyText(platform.base),
        send: (text) => post(handler, path, text, platform.sign(text)),
        carrier,
        store,
      });
      // Even accepted calls never transfer one call twice.
      const perCall = new Map<string, number>();
      for (const r of carrier.requests) perCall.set(r.callId, (perCall.get(r.callId) ?? 0) + 1);
      for (const [callId, n] of perCall) expect(n, callId).toBe(1);
      await handoff.close();
    });

    it(`${platform.name}: forged or missing signature: refused, nothing changes`, async () => {
      const { handoff, carrier, store } = core();
      const handler = platform.make(handoff);
      const inputs = fc.tuple(bodyText(platform.base), forged).filter(([text, value]) => {
        // A forged value that happens to be the genuine one is not a forgery.
        const genuine = platform.sign(text);
        return platform.signatureHeaders.every((h) => genuine[h] !== value);
      });
      await assertEntryPoint({
        name: `${platform.name} webhook: forged signature`,
        inputs,
        send: ([text, value]) =>
          post(
            handler,
            `/${platform.name}`,
            text,
            value === undefined
              ? {}
              : Object.fromEntries(platform.signatureHeaders.map((h) => [h, value] as const)),
          ),
        carrier,
        store,
        factor: 0.5,
      });
      expect(carrier.requests).toHaveLength(0);
      await handoff.close();
    });
  }
});
