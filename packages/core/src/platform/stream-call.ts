import type { AttachCallInit, CallPort } from './port.js';

/**
 * What a platform on the gateway's `<Stream>` learns about its call (the gateway's `MediaCall`
 * fits, so does a bare `{ callId }`).
 */
export interface StreamCall {
  /** The Vobiz `CallUUID`. */
  callId: string;
  platform?: string;
  from?: string;
  to?: string;
  /** Set when the caller is back from a handoff that did not connect, with why and what they heard. */
  handoffId?: string;
  resumeReason?: string;
  sayToCaller?: string;
}

/**
 * The `attachCall` init for a streamed call: `platform` when the call names none, and `resumed`
 * when it is back from a handoff, so the core tells the LLM what the caller was just told.
 */
export function streamCallInit(
  call: StreamCall,
  join: { platform: string; port?: CallPort },
): AttachCallInit {
  const { callId, from, to, platform = join.platform, handoffId, resumeReason, sayToCaller } = call;
  const resumed = handoffId ? { reason: resumeReason, sayToCaller } : undefined;
  return { callId, platform, from, to, port: join.port, resumed };
}
