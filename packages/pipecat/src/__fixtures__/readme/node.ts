import { attachHandoff } from '@handoff/pipecat';
import type { Transport } from '@pipecat-ai/client-js';

declare const transport: Transport;
declare const token: string;
declare const callId: string;

// Client options instead of a client: built here, so Node's missing `window` is handled.
const handoff = attachHandoff(
  { transport, enableMic: false },
  { gatewayUrl: 'https://handoff.example.com', token, callId },
);
await handoff.client.connect();
