import { explicitRequest, keywords, sentimentBelow, when } from '@handoff/core';
import { defineConfig } from '@handoff/gateway';
import { createRealtimeBridge } from '@handoff/openai-realtime';
import { vobizCarrier } from '@handoff/vobiz';
import { z } from 'zod';

const env = (name: string, fallback?: string) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`Set ${name} (see examples/gateway-config/README.md)`);
  return value;
};

// The public URL Vobiz reaches this gateway at (an https tunnel in development).
const publicUrl = env('HANDOFF_PUBLIC_URL', 'http://127.0.0.1:8080');

export default defineConfig({
  handoff: {
    transfer: vobizCarrier({
      authId: env('VOBIZ_AUTH_ID'),
      authToken: env('VOBIZ_AUTH_TOKEN'),
      ...(process.env.VOBIZ_BASE_URL ? { baseUrl: process.env.VOBIZ_BASE_URL } : {}),
    }),
    gatewayUrl: publicUrl,
    destinations: {
      loans: {
        number: '+919800000001',
        label: 'Relationship manager',
        timeZone: 'Asia/Kolkata',
        hours: { open: '09:30', close: '18:00' },
        fallback: 'support',
      },
      support: { numbers: ['+919800000002', '+919800000003'], label: 'Senior care' },
    },
    fields: z.object({ loanAmount: z.number(), refundAmount: z.number() }),
    triggers: [
      explicitRequest(),
      sentimentBelow(-0.6),
      keywords(['chargeback', 'fraud']),
      when(({ extracted }) => ((extracted.fields.refundAmount as number | undefined) ?? 0) > 10_000, {
        department: 'support',
        reason: 'refund above ₹10,000',
      }),
    ],
    afterHours: 'next_open',
    capabilities: { backToAi: true },
  },
  gateway: {
    publicUrl,
    vobiz: {
      authToken: env('VOBIZ_AUTH_TOKEN'),
      signatures: process.env.VOBIZ_SIGNATURES === 'optional' ? 'optional' : 'require',
      callerId: env('VOBIZ_CALLER_ID', '+918000000000'),
    },
    answer: { kind: 'stream' },
    deskToken: env('HANDOFF_DESK_TOKEN'),
    apiKeys: process.env.HANDOFF_API_KEY ? [process.env.HANDOFF_API_KEY] : [],
  },
  port: Number(process.env.PORT ?? 8080),
  // The AI on the media socket: with OPENAI_API_KEY, an OpenAI Realtime agent answers each call.
  // Without it the answer's <Stream> finds nothing at /media/ (the gateway logs that) and the call ends.
  setup(gateway, handoff) {
    const apiKey = process.env.OPENAI_API_KEY;
    if (!apiKey) return;
    const bridge = createRealtimeBridge({
      handoff,
      openai: {
        apiKey,
        instructions:
          'You are the phone assistant of a bank. Help with loans and refunds; offer a person when the caller asks.',
      },
    });
    gateway.onMedia(bridge.handle);
    return () => bridge.close();
  },
});
