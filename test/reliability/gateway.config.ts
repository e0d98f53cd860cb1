/**
 * The gateway each child process of the process-level fault suite runs
 * (`handoff gateway --config test/reliability/gateway.config.ts`): the Vobiz carrier against the
 * fault proxy, the Redis store from REDIS_URL (the suite's own redis-server), and the balancer's
 * address as the public URL, so either instance serves any callback. Settings come from the
 * environment the suite sets; nothing here is for production.
 */
import { defineConfig } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`gateway.config.ts needs ${name}`);
  return value;
};

export default defineConfig({
  handoff: {
    transfer: vobizCarrier({
      authId: env('RELIABILITY_VOBIZ_AUTH_ID'),
      authToken: env('RELIABILITY_VOBIZ_AUTH_TOKEN'),
      baseUrl: env('RELIABILITY_VOBIZ_BASE_URL'),
      // A black-holed Transfer request must end in seconds, not Vobiz's default.
      timeoutMs: 2_000,
    }),
    gatewayUrl: env('RELIABILITY_PUBLIC_URL'),
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
    // A dead instance's claim is taken over after this long without renewal.
    claimLeaseMs: 3_000,
    // A takeover and an unknown outcome wait this long for evidence that Vobiz acted: longer than
    // Vobiz takes to re-deliver a callback a frozen instance held (timeout 4 s, retry 0.5 s).
    unknownOutcomeGraceMs: 5_000,
  },
  gateway: {
    publicUrl: env('RELIABILITY_PUBLIC_URL'),
    vobiz: { authToken: env('RELIABILITY_VOBIZ_AUTH_TOKEN'), callerId: '+918000000000' },
    answer: { kind: 'sip', uri: 'sip:agent@ai.example.com' },
    apiKeys: [env('RELIABILITY_API_KEY')],
  },
});
