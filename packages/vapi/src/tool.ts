import { type FieldsSchema, type Handoff, messagesFor } from '@handoff/core';
import type { Vapi } from '@vapi-ai/server-sdk';

/** A VAPI function tool: an item of `assistant.model.tools`, or the body of `client.tools.create`. */
export type VapiFunctionTool = Vapi.CreateFunctionToolDto & { type: 'function' };

export interface VapiToolOptions {
  /** Where VAPI posts the tool call: the URL `vapiHandler` serves (`https://…/vapi`). */
  url: string;
  /** A VAPI credential (Bearer or HMAC) for the tool's requests; `vapiHandler` checks the same. */
  credentialId?: string;
  /** The legacy inline secret, sent as `X-Vapi-Secret` (what `vapiHandler({ secret })` checks). */
  secret?: string;
  /** How long VAPI waits for the answer. VAPI's default is 20 s; keep it above the handler's `replyTimeoutMs`. */
  timeoutSeconds?: number;
  /**
   * Who voices the farewell on a tool call:
   * - `'live-control'` (default): nothing while the tool runs; once the core has decided (team
   *   chosen, hours checked, in the caller's language) its line is spoken through the call's
   *   live control. A refused transfer gets no farewell.
   * - `'request-start'`: VAPI speaks a blocking `request-start` message per team (the core's
   *   farewell for that team, in the deployment's language) before it calls the server, so the
   *   line has finished when the transfer starts. It is spoken before the core decides, so a
   *   transfer the core then refuses (after hours, unknown team) follows a farewell; a call
   *   without a team gets the core's line through live control. For assistants without live control.
   */
  farewell?: 'live-control' | 'request-start';
}

/**
 * `transfer_to_human` as a VAPI function tool: the core's description and JSON-Schema parameters
 * (the team is an enum of configured keys, never a number), synchronous, posting to `url`.
 */
export function vapiTool<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: VapiToolOptions,
): VapiFunctionTool {
  if (!options?.url) throw new TypeError('vapiTool needs `url`: where VAPI posts the tool call');
  const schema = handoff.tool.parameters as {
    properties?: Record<string, Vapi.JsonSchema>;
    required?: string[];
  };
  const server: Vapi.Server = { url: options.url };
  if (options.credentialId) server.credentialId = options.credentialId;
  if (options.secret) server.headers = { 'X-Vapi-Secret': options.secret };
  if (options.timeoutSeconds !== undefined) server.timeoutSeconds = options.timeoutSeconds;
  const tool: VapiFunctionTool = {
    type: 'function',
    async: false,
    function: {
      name: handoff.tool.name,
      description: handoff.tool.description,
      parameters: {
        type: 'object',
        properties: schema.properties ?? {},
        ...(schema.required ? { required: schema.required } : {}),
      },
    },
    server,
    messages: options.farewell === 'request-start' ? requestStartMessages(handoff) : [],
  };
  return tool;
}

/** One blocking `request-start` per team, with the core's farewell for it. */
function requestStartMessages<F extends FieldsSchema>(handoff: Handoff<F>): VapiFunctionTool['messages'] {
  const messages = messagesFor(handoff.options.language, handoff.options.messages);
  return Object.entries(handoff.options.destinations).map(([key, destination]) => ({
    type: 'request-start' as const,
    blocking: true,
    content: messages.transferring.replaceAll('{label}', destination.label),
    conditions: [{ param: 'department', operator: 'eq' as const, value: key }],
  }));
}
