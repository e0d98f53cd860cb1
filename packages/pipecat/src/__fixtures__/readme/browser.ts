import { attachHandoff } from '@handoff/pipecat';
import { PipecatClient, type Transport } from '@pipecat-ai/client-js';

declare const transport: Transport; // DailyTransport, SmallWebRTCTransport, WebSocketTransport…

// Your server holds the API key and asks the gateway for a token for this one call.
const response = await fetch('/api/handoff-token', { method: 'POST' });
const { token, callId } = (await response.json()) as { token: string; callId: string };

const client = new PipecatClient({ transport });
const handoff = attachHandoff(client, { gatewayUrl: 'https://handoff.example.com', token, callId });
await client.connect();
// … later, if you tear the client down yourself:
handoff.detach();
