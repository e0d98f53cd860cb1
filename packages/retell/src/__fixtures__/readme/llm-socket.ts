import type { Handoff } from '@handoff/core';
import { retellLlmSocket } from '@handoff/retell';
import type { WebSocket } from 'ws';

declare const handoff: Handoff; // from createHandoff(…)
declare const ws: WebSocket; // Retell connected to wss://you.example.com/llm-websocket/:call_id

const llm = retellLlmSocket(handoff, {
  send: (frame) => ws.send(frame),
  onInstruction: (instruction) => console.log('system message for the LLM:', instruction.text),
});
ws.on('message', (data) => llm.handle(String(data)));
ws.on('close', () => llm.end());
// inside your LLM's tool loop:
const reply = await llm.transferToHuman({ reason: 'caller asked for a person', department: 'support' });
console.log(reply.message); // the tool result for your LLM
