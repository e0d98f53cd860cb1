import { attachHandoff } from '@handoff/pipecat';
import { ScriptedBot, ScriptedTransport } from '@handoff/pipecat/testing';
import { PipecatClient, RTVIEvent } from '@pipecat-ai/client-js';

/** What the page's server hands over: a client token, never the API key. */
interface Session {
  gatewayUrl: string;
  token: string;
  callId: string;
  callbackNumber: string;
}

const status = document.querySelector<HTMLElement>('#status')!;
const conversation = document.querySelector<HTMLOListElement>('#conversation')!;
const notice = document.querySelector<HTMLElement>('#handoff')!;

function show(role: 'caller' | 'agent', text: string): void {
  // A bot speaks a reply sentence by sentence: one reply is one line on the page, as in the packet.
  const last = conversation.lastElementChild as HTMLLIElement | null;
  if (role === 'agent' && last?.dataset.role === 'agent') {
    last.textContent = `${last.textContent} ${text}`;
    return;
  }
  const item = document.createElement('li');
  item.dataset.role = role;
  item.textContent = `${role === 'caller' ? 'You' : 'Assistant'}: ${text}`;
  conversation.append(item);
}

const response = await fetch('/session', { method: 'POST' });
const session = (await response.json()) as Session;

// A real page passes its transport (DailyTransport, SmallWebRTCTransport, WebSocketTransport).
// This example has no bot server, so a scripted Pipecat bot stands in, speaking RTVI as one does.
const transport = new ScriptedTransport();
const client = new PipecatClient({ transport, enableMic: false });
const handoff = attachHandoff(client, {
  gatewayUrl: session.gatewayUrl,
  token: session.token,
  callId: session.callId,
  callbackNumber: session.callbackNumber,
  onError: (error, where) => {
    status.dataset.error = where;
    status.textContent = `Something went wrong (${where}): ${error instanceof Error ? error.message : error}`;
  },
});

client.on(RTVIEvent.UserTranscript, (data) => {
  if (data.final) show('caller', data.text);
});
client.on(RTVIEvent.BotOutput, (data) => {
  if (data.spoken_status === 'completed') show('agent', data.text);
});
client.on(RTVIEvent.LLMFunctionCallStopped, () => {
  notice.textContent = `A specialist will call you on ${session.callbackNumber}.`;
});

await client.connect();
status.textContent = 'Connected';
status.dataset.state = 'connected';

// For the browser test (and your console): drive the scripted bot.
Object.assign(window, { demo: { bot: new ScriptedBot(transport), handoff, transport } });
