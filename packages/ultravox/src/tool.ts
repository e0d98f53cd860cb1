import type { FieldsSchema, Handoff } from '@handoff/core';
import { SECRET_HEADER } from './handler.js';

type Location = 'PARAMETER_LOCATION_BODY' | 'PARAMETER_LOCATION_HEADER' | 'PARAMETER_LOCATION_QUERY';

/** `ultravox.v1.BaseToolDefinition` (Ultravox OpenAPI), as far as an HTTP tool uses it. */
export interface UltravoxToolDefinition {
  modelToolName: string;
  description: string;
  dynamicParameters: Array<{
    name: string;
    location: Location;
    schema: Record<string, unknown>;
    required: boolean;
  }>;
  staticParameters: Array<{ name: string; location: Location; value: string }>;
  automaticParameters: Array<{
    name: string;
    location: Location;
    knownValue: 'KNOWN_PARAM_CALL_ID' | 'KNOWN_PARAM_CONVERSATION_HISTORY';
  }>;
  http: { baseUrlPattern: string; httpMethod: 'POST' };
  /** Protobuf duration, `"20s"`. */
  timeout: string;
  defaultReaction: 'AGENT_REACTION_SPEAKS';
}

/** An item of a call's or an agent's `callTemplate.selectedTools`: the tool inline. */
export interface UltravoxSelectedTool {
  temporaryTool: UltravoxToolDefinition;
}

export interface UltravoxToolOptions {
  /** Where `ultravoxHandler` is served (`https://handoff.example.com/ultravox`). */
  url: string;
  /** The secret `ultravoxHandler` checks, sent as a static header the model never sees. */
  secret: string;
  /** Header carrying it (default `X-Handoff-Secret`). */
  secretHeader?: string;
  /**
   * The template-context key Ultravox makes of Vobiz's `X-VH-handoffCall` SIP header
   * (`X-Customer-Name` → `customer_name`). Default `vh_handoffcall`.
   */
  callVariable?: string;
  /** How long Ultravox waits for the answer, in seconds (default 20). */
  timeoutSecs?: number;
}

export const DEFAULT_CALL_VARIABLE = 'vh_handoffcall';

/**
 * `transfer_to_human` as an Ultravox HTTP tool, inline (`temporaryTool`). The model fills the
 * core's parameters (the team is an enum of configured keys, never a number); Ultravox adds the
 * call id and the conversation so far (automatic parameters), the Vobiz call from the SIP header's
 * template context and the secret (static parameters). There is no farewell here: a tool cannot
 * speak a fixed line, so the core's farewell comes back in the answer for the agent to say.
 */
export function ultravoxTool<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: UltravoxToolOptions,
): UltravoxSelectedTool {
  if (!options || typeof options !== 'object') throw new TypeError('ultravoxTool needs options with `url`');
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError('ultravoxTool: `url` must be an absolute URL');
  }
  if (typeof options.secret !== 'string' || options.secret.trim() === '') {
    throw new TypeError('ultravoxTool needs `secret`: the value ultravoxHandler checks');
  }
  const timeout = options.timeoutSecs ?? 20;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 120) {
    throw new TypeError('ultravoxTool: `timeoutSecs` must be an integer from 1 to 120');
  }
  const variable = options.callVariable ?? DEFAULT_CALL_VARIABLE;
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/u.test(variable)) {
    throw new TypeError('ultravoxTool: `callVariable` must be a template-context key');
  }
  const { properties = {}, required = [] } = handoff.tool.parameters as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return {
    temporaryTool: {
      modelToolName: handoff.tool.name,
      description: handoff.tool.description,
      dynamicParameters: Object.entries(properties).map(([name, schema]) => ({
        name,
        location: 'PARAMETER_LOCATION_BODY',
        schema,
        required: required.includes(name),
      })),
      staticParameters: [
        { name: 'handoff_call', location: 'PARAMETER_LOCATION_BODY', value: `{{${variable}}}` },
        {
          name: options.secretHeader ?? SECRET_HEADER,
          location: 'PARAMETER_LOCATION_HEADER',
          value: options.secret,
        },
      ],
      automaticParameters: [
        { name: 'call_id', location: 'PARAMETER_LOCATION_BODY', knownValue: 'KNOWN_PARAM_CALL_ID' },
        {
          name: 'conversation_history',
          location: 'PARAMETER_LOCATION_BODY',
          knownValue: 'KNOWN_PARAM_CONVERSATION_HISTORY',
        },
      ],
      http: { baseUrlPattern: url.toString(), httpMethod: 'POST' },
      timeout: `${timeout}s`,
      defaultReaction: 'AGENT_REACTION_SPEAKS',
    },
  };
}
