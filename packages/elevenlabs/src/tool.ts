import type { FieldsSchema, Handoff } from '@handoff/core';
import { SECRET_HEADER } from './handler.js';

/**
 * The schema dialect of `api_schema.request_body_schema` (`ObjectJsonSchemaPropertyInput`,
 * `LiteralJsonSchemaProperty`, `ArrayJsonSchemaPropertyInput` in `@elevenlabs/elevenlabs-js`):
 * each literal has exactly one source — a `description` (the LLM fills it) or a `dynamic_variable`.
 */
export type ElevenLabsSchemaProperty =
  | {
      type: 'string' | 'number' | 'integer' | 'boolean';
      description?: string;
      enum?: string[];
      dynamic_variable?: string;
    }
  | {
      type: 'object';
      description?: string;
      properties: Record<string, ElevenLabsSchemaProperty>;
      required?: string[];
    }
  | { type: 'array'; description?: string; items: ElevenLabsSchemaProperty };

/**
 * A server tool (`type: 'webhook'`) on the wire, snake_case: an item of
 * `conversation_config.agent.prompt.tools`, or the `tool_config` of `POST /v1/convai/tools`.
 */
export interface ElevenLabsWebhookTool {
  type: 'webhook';
  name: string;
  description: string;
  response_timeout_secs: number;
  disable_interruptions: boolean;
  pre_tool_speech: 'auto' | 'force' | 'off';
  execution_mode: 'immediate' | 'post_tool_speech' | 'async';
  api_schema: {
    url: string;
    method: 'POST';
    content_type: 'application/json';
    request_headers: Record<string, string | { secret_id: string }>;
    request_body_schema: {
      type: 'object';
      properties: Record<string, ElevenLabsSchemaProperty>;
      required: string[];
    };
  };
}

export interface ElevenLabsToolOptions {
  /** Where `elevenLabsHandler` is served (`https://handoff.example.com/elevenlabs`). */
  url: string;
  /**
   * The secret `elevenLabsHandler` checks, sent in `secretHeader`: a literal, or
   * `{ secret_id }` of a workspace secret holding it (it then never appears in the agent).
   */
  secret: string | { secret_id: string };
  /** Header carrying the secret (default `X-Handoff-Secret`). */
  secretHeader?: string;
  /**
   * The dynamic variable ElevenLabs makes of Vobiz's `X-VH-handoffCall` SIP header. Default
   * `sip_vh_handoffcall`; check a conversation's `metadata.phone_call.sip_header_dynamic_variables`.
   */
  callVariable?: string;
  /** How long ElevenLabs waits for the answer, 5–120 s (default 20). */
  responseTimeoutSecs?: number;
}

export const DEFAULT_CALL_VARIABLE = 'sip_vh_handoffcall';

interface JsonSchemaNode {
  type?: unknown;
  description?: unknown;
  enum?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  required?: unknown;
  items?: JsonSchemaNode;
}

/**
 * The core's JSON Schema in ElevenLabs' dialect: length limits dropped (the core validates them),
 * and every literal given a description, which is what marks it as the LLM's to fill. A field
 * without one (a deployment's `fields` schema) is described by its own name.
 */
function toElevenLabs(node: JsonSchemaNode, name: string): ElevenLabsSchemaProperty {
  const description = typeof node.description === 'string' ? node.description : name;
  if (node.type === 'object') {
    const properties = Object.fromEntries(
      Object.entries(node.properties ?? {}).map(([key, child]) => [key, toElevenLabs(child, key)]),
    );
    const required = Array.isArray(node.required) ? node.required.filter((r) => typeof r === 'string') : [];
    return { type: 'object', description, properties, ...(required.length > 0 ? { required } : {}) };
  }
  if (node.type === 'array') {
    return { type: 'array', description, items: toElevenLabs(node.items ?? { type: 'string' }, name) };
  }
  const type =
    node.type === 'number' || node.type === 'integer' || node.type === 'boolean' ? node.type : 'string';
  const values = Array.isArray(node.enum) ? node.enum.filter((v): v is string => typeof v === 'string') : [];
  return { type, description, ...(values.length > 0 ? { enum: values } : {}) };
}

/**
 * `transfer_to_human` as an ElevenLabs server tool. The LLM fills the core's parameters (the team
 * is an enum of configured keys, never a number); ElevenLabs fills the rest from dynamic
 * variables: the conversation so far, its id, the caller, and the Vobiz call from the SIP header.
 * There is no farewell here: a server tool cannot speak a fixed line, so the core's farewell comes
 * back in the answer for the agent to say.
 */
export function elevenLabsTool<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: ElevenLabsToolOptions,
): ElevenLabsWebhookTool {
  if (!options || typeof options !== 'object') throw new TypeError('elevenLabsTool needs options with `url`');
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError('elevenLabsTool: `url` must be an absolute URL');
  }
  const secret = options.secret;
  if (!(typeof secret === 'string' ? secret.trim() : secret?.secret_id)) {
    throw new TypeError('elevenLabsTool needs `secret`: the value elevenLabsHandler checks');
  }
  const timeout = options.responseTimeoutSecs ?? 20;
  if (!Number.isInteger(timeout) || timeout < 5 || timeout > 120) {
    throw new TypeError('elevenLabsTool: `responseTimeoutSecs` must be an integer from 5 to 120');
  }
  const core = toElevenLabs(handoff.tool.parameters as JsonSchemaNode, handoff.tool.name);
  if (core.type !== 'object') throw new TypeError('elevenLabsTool: the core tool has no object parameters');
  const variable = (name: string): ElevenLabsSchemaProperty => ({ type: 'string', dynamic_variable: name });
  return {
    type: 'webhook',
    name: handoff.tool.name,
    description: handoff.tool.description,
    response_timeout_secs: timeout,
    // While the tool runs the caller cannot cut the agent off; the farewell follows right after.
    disable_interruptions: true,
    // No filler of the LLM's own before the core has decided what the caller hears.
    pre_tool_speech: 'off',
    execution_mode: 'immediate',
    api_schema: {
      url: url.toString(),
      method: 'POST',
      content_type: 'application/json',
      request_headers: { [options.secretHeader ?? SECRET_HEADER]: secret },
      request_body_schema: {
        type: 'object',
        properties: {
          ...core.properties,
          conversation_history: variable('system__conversation_history'),
          conversation_id: variable('system__conversation_id'),
          caller_id: variable('system__caller_id'),
          handoff_call: variable(options.callVariable ?? DEFAULT_CALL_VARIABLE),
        },
        required: core.required ?? [],
      },
    },
  };
}
