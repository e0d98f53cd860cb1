import { type FieldsSchema, type Handoff, messagesFor } from '@handoff/core';
import type Retell from 'retell-sdk';
import { CALL_HEADER } from './context.js';
import { DEFAULT_TOOL_TIMEOUT_MS } from './options.js';

/** A `general_tools` entry of type `custom`, as `client.llm.create/update` take it. */
export type RetellCustomTool = Retell.LlmCreateParams.CustomTool & Retell.LlmUpdateParams.CustomTool;

export interface RetellToolOptions {
  /** The https URL `retellHandler` is served at (`https://handoff.example.com/retell`). */
  url: string;
  /**
   * The line Retell speaks, verbatim, while the handoff runs. Default: the core's farewell
   * (`messages.transferring`) for `department`'s label, or the only destination's.
   */
  farewell?: string;
  /** Whose label fills the default farewell when the deployment has several destinations. */
  department?: string;
  /** Language of the default farewell (default: the deployment's `language`). */
  language?: string;
  /** Retell's per-attempt timeout, 1000–600000 ms (default 30 000). */
  timeoutMs?: number;
  /**
   * Send the arguments at the body's root (`args_at_root`). The call then rides in an
   * `X-Handoff-Call` header filled from the `X-VH-handoffCall` SIP header's dynamic variable.
   */
  argsAtRoot?: boolean;
  /** Extra headers for Retell to send (static, or `{{dynamic_variables}}`). */
  headers?: Record<string, string>;
}

const OPTION_KEYS: ReadonlySet<string> = new Set<keyof RetellToolOptions>([
  'url',
  'farewell',
  'department',
  'language',
  'timeoutMs',
  'argsAtRoot',
  'headers',
]);

/** The dynamic variable Retell makes of Vobiz's `X-VH-handoffCall` header (its `X-` stripped). */
const CALL_VARIABLE = '{{VH-handoffCall}}';

function defaultFarewell<F extends FieldsSchema>(handoff: Handoff<F>, options: RetellToolOptions): string {
  const destinations = handoff.options.destinations;
  const keys = Object.keys(destinations);
  const key = options.department ?? (keys.length === 1 ? keys[0] : undefined);
  if (options.department !== undefined && !(options.department in destinations)) {
    throw new TypeError(
      `retellTool: unknown department ${JSON.stringify(options.department)}; configured: ${keys.join(', ')}`,
    );
  }
  const template = messagesFor(
    options.language ?? handoff.options.language,
    handoff.options.messages,
  ).transferring;
  const label = key === undefined ? undefined : destinations[key]?.label;
  if (label === undefined && template.includes('{label}')) {
    throw new TypeError(
      'retellTool: Retell speaks one fixed line while the handoff runs, and the core’s farewell names ' +
        'a team; with several destinations pass `department` (whose label it names) or `farewell`',
    );
  }
  return template.replaceAll('{label}', label ?? '');
}

/**
 * The `transfer_to_human` custom function for a Retell LLM's `general_tools`. Its parameters
 * are the core's own (`department` an enum of configured keys: the LLM never sees a number), and
 * Retell speaks the core's farewell verbatim while the handoff runs, which the core waits out
 * before the call moves.
 */
export function retellTool<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: RetellToolOptions,
): RetellCustomTool {
  if (!options || typeof options !== 'object') throw new TypeError('retellTool needs options with `url`');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`retellTool: unknown option \`${key}\``);
  }
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError('retellTool: `url` must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('retellTool: `url` must be http(s)');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1_000 || timeoutMs > 600_000) {
    throw new TypeError('retellTool: `timeoutMs` must be an integer from 1000 to 600000');
  }
  const farewell = (options.farewell ?? defaultFarewell(handoff, options)).trim();
  if (farewell === '') throw new TypeError('retellTool: `farewell` must not be empty');
  const { $schema: _schema, ...schema } = handoff.tool.parameters as { $schema?: unknown } & Record<
    string,
    unknown
  >;
  const headers = {
    ...(options.argsAtRoot ? { [CALL_HEADER]: CALL_VARIABLE } : {}),
    ...options.headers,
  };
  return {
    type: 'custom',
    name: handoff.tool.name,
    description: handoff.tool.description,
    url: url.toString(),
    method: 'POST',
    parameters: { ...schema, type: 'object', properties: schema.properties ?? {} },
    speak_during_execution: true,
    execution_message_type: 'static_text',
    execution_message_description: farewell,
    // The model relays the core's answer when the handoff did not go ahead (closed, refused).
    speak_after_execution: true,
    timeout_ms: timeoutMs,
    // The handler is idempotent, but a retry would only repeat what the first attempt decided.
    max_retry: 0,
    ...(options.argsAtRoot ? { args_at_root: true } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}
