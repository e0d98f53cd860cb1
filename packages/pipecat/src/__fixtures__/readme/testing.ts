import { attachHandoff } from '@handoff/pipecat';
import { ScriptedBot, ScriptedTransport } from '@handoff/pipecat/testing';

declare const gatewayUrl: string;
declare const token: string;
declare const callId: string;

const transport = new ScriptedTransport();
const handoff = attachHandoff({ transport, enableMic: false }, { gatewayUrl, token, callId });
await handoff.client.connect();

const bot = new ScriptedBot(transport);
bot.botSays('Welcome to Sahayak Bank. How can I help you today?');
bot.userSays('I want a home loan for a flat in Pune.');
await handoff.flush(); // both turns are in the gateway's session now
const sent = await bot.callsFunction('transfer_to_human', { reason: 'home loan', department: 'loans' });
console.log(sent.data); // { function_name, tool_call_id, arguments, result: { status, ok, message, … } }
