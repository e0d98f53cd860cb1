/**
 * A LiveKit Agents phone agent for Vobiz callers. The model calls `transfer_to_human` (or a rule
 * fires on "agent se baat karao"); the core has the agent say the farewell, waits for it to play,
 * and the call moves to a human with the transcript, summary and facts carried across. If the
 * model dies mid-call, the caller goes to a human too.
 *
 *   LIVEKIT_URL=wss://… LIVEKIT_API_KEY=… LIVEKIT_API_SECRET=… \
 *   VOBIZ_AUTH_ID=MA_… VOBIZ_AUTH_TOKEN=… HANDOFF_GATEWAY_URL=https://your-gateway.example.com \
 *   npm run dev
 *
 * `HANDOFF_TRANSFER=sip` uses LiveKit's SIP REFER instead of the Vobiz Transfer API (README.md).
 */
import { fileURLToPath } from 'node:url';
import { createHandoff, explicitRequest, keywords, sentimentBelow } from '@handoff/core';
import { attachHandoff, livekitSipTransferProvider, transferToHuman } from '@handoff/livekit';
import { createStoreFromEnv } from '@handoff/redis';
import { vobizCarrier } from '@handoff/vobiz';
import { cli, defineAgent, type JobContext, ServerOptions, voice } from '@livekit/agents';
import { SipClient } from 'livekit-server-sdk';
import { z } from 'zod';

const useSipRefer = process.env.HANDOFF_TRANSFER === 'sip';

const sipTransfer = useSipRefer
  ? livekitSipTransferProvider({
      sipClient: new SipClient(
        process.env.LIVEKIT_URL ?? '',
        process.env.LIVEKIT_API_KEY ?? '',
        process.env.LIVEKIT_API_SECRET ?? '',
      ),
      playDialtone: true,
    })
  : undefined;

const handoff = createHandoff({
  // Default path: the Vobiz Transfer API moves the caller's A-leg to the gateway's handoff XML.
  // vobizCarrier() reads VOBIZ_AUTH_ID / VOBIZ_AUTH_TOKEN from the environment.
  transfer: sipTransfer ?? vobizCarrier(),
  ...(process.env.HANDOFF_GATEWAY_URL ? { gatewayUrl: process.env.HANDOFF_GATEWAY_URL } : {}),
  // Share the gateway's store (REDIS_URL) so the handoff the agent persists is the one the gateway serves.
  store: createStoreFromEnv(),
  destinations: {
    billing: {
      number: process.env.BILLING_NUMBER ?? '+919800000001',
      label: 'Billing team',
      fallback: 'support',
    },
    support: { number: process.env.SUPPORT_NUMBER ?? '+919800000002', label: 'Customer support' },
  },
  fields: z.object({ orderId: z.string(), refundAmount: z.number() }),
  triggers: [
    explicitRequest(),
    keywords({ words: ['lawyer', 'consumer court'], action: 'suggest' }),
    sentimentBelow(-0.6, { action: 'suggest' }),
  ],
  onError: (error, where) => console.error(`[handoff] ${where}:`, error),
});

export default defineAgent({
  entry: async (ctx: JobContext) => {
    await ctx.connect();
    // The Vobiz caller, arriving over LiveKit SIP with X-VH-handoffCall mapped to an attribute.
    const participant = await ctx.waitForParticipant();

    const session = new voice.AgentSession({
      // LiveKit Inference model strings: billed to the LiveKit project, no extra API keys.
      stt: 'deepgram/nova-3:multi',
      llm: 'openai/gpt-4.1-mini',
      tts: 'cartesia/sonic-2',
    });
    attachHandoff(session, handoff, {
      participant,
      ...(sipTransfer ? { sipTransfer: { provider: sipTransfer, roomName: ctx.room.name ?? '' } } : {}),
    });

    const agent = new voice.Agent({
      instructions:
        'You are the phone assistant of an online store, speaking Hindi or English as the caller does. ' +
        'Help with orders and refunds. When the caller asks for a person, or you cannot help, call ' +
        'transfer_to_human with a short reason and summary. Never read out phone numbers.',
      tools: { transfer_to_human: transferToHuman(handoff) },
    });
    await session.start({ agent, room: ctx.room });
    session.generateReply({ instructions: 'Greet the caller and ask how you can help.' });
  },
});

// With LIVEKIT_AGENT_NAME set, the SIP dispatch rule must name this agent (explicit dispatch; README.md).
const agentName = process.env.LIVEKIT_AGENT_NAME;
cli.runApp(new ServerOptions({ agent: fileURLToPath(import.meta.url), ...(agentName ? { agentName } : {}) }));
