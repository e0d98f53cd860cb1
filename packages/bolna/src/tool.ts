import { type FieldsSchema, type Handoff, messagesFor } from '@handoff/core';

/** A function for the LLM, as `api_tools.tools` lists it (Bolna's OpenAPI `Tools`). */
export interface BolnaFunction {
  name: string;
  key: 'custom_task';
  description: string;
  parameters: { type: 'object'; properties: Record<string, unknown>; required: string[] };
}

/** How Bolna calls the API for a function: `api_tools.tools_params[name]`. */
export interface BolnaFunctionParams {
  method: 'POST';
  url: string;
  /** Sent verbatim as `Authorization`. */
  api_token: string;
  /** The body: `{"$var": name}` markers Bolna replaces with typed values, absent ones left as markers. */
  param: Record<string, { $var: string }>;
  /** Spoken while the function runs: one line, or one per language code. */
  pre_call_message: string | Record<string, string>;
}

/** `tools_config.api_tools` of an agent task: ready for `POST /v2/agent` or `PUT /v2/agent/{id}`. */
export interface BolnaApiTools {
  tools: BolnaFunction[];
  tools_params: Record<string, BolnaFunctionParams>;
}

export interface BolnaToolOptions {
  /** Where `bolnaHandler` is served (`https://handoff.example.com/bolna`). */
  url: string;
  /** The secret `bolnaHandler` checks; Bolna sends it as `Authorization: Bearer <secret>`. */
  secret: string;
  /** The line Bolna speaks while the handoff runs. Default: the core's farewell for `department`. */
  farewell?: string | Record<string, string>;
  /** Whose label fills the default farewell when the deployment has several destinations. */
  department?: string;
  /**
   * Languages (Bolna's codes, `en`, `hi`, …) to give the default farewell in, from the core's
   * messages: Bolna picks the caller's. Default: the deployment's language.
   */
  languages?: readonly string[];
}

function defaultFarewell<F extends FieldsSchema>(handoff: Handoff<F>, options: BolnaToolOptions) {
  const destinations = handoff.options.destinations;
  const keys = Object.keys(destinations);
  if (options.department !== undefined && !(options.department in destinations)) {
    throw new TypeError(
      `bolnaTool: unknown department ${JSON.stringify(options.department)}; configured: ${keys.join(', ')}`,
    );
  }
  const key = options.department ?? (keys.length === 1 ? keys[0] : undefined);
  const label = key === undefined ? undefined : destinations[key]?.label;
  const languages = options.languages?.length ? options.languages : [handoff.options.language ?? 'en'];
  const lines = languages.map((language) => {
    const template = messagesFor(language, handoff.options.messages).transferring;
    if (label === undefined && template.includes('{label}')) {
      throw new TypeError(
        'bolnaTool: Bolna speaks one fixed line while the handoff runs, and the core’s farewell names a ' +
          'team; with several destinations pass `department` (whose label it names) or `farewell`',
      );
    }
    return [language, template.replaceAll('{label}', label ?? '')] as const;
  });
  return lines.length === 1 ? lines[0]![1] : Object.fromEntries(lines);
}

/**
 * `transfer_to_human` as a Bolna custom function. The LLM fills the core's parameters (the team is
 * an enum of configured keys, never a number) and `execution_id`, which Bolna's prompt states and
 * its runtime corrects; Bolna fills `call_sid` where it substitutes it. Bolna speaks the core's
 * farewell as the `pre_call_message` and calls the API once it has played.
 */
export function bolnaTool<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: BolnaToolOptions,
): BolnaApiTools {
  if (!options || typeof options !== 'object') throw new TypeError('bolnaTool needs options with `url`');
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError('bolnaTool: `url` must be an absolute URL');
  }
  if (typeof options.secret !== 'string' || options.secret.trim() === '') {
    throw new TypeError('bolnaTool needs `secret`: the value bolnaHandler checks');
  }
  const farewell = options.farewell ?? defaultFarewell(handoff, options);
  const { properties = {}, required = [] } = handoff.tool.parameters as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const name = handoff.tool.name;
  const marker = (key: string) => ({ $var: key });
  return {
    tools: [
      {
        name,
        key: 'custom_task',
        description: handoff.tool.description,
        parameters: {
          type: 'object',
          properties: { ...properties, execution_id: { type: 'string' } },
          required,
        },
      },
    ],
    tools_params: {
      [name]: {
        method: 'POST',
        url: url.toString(),
        api_token: `Bearer ${options.secret}`,
        param: {
          ...Object.fromEntries(Object.keys(properties).map((key) => [key, marker(key)])),
          execution_id: marker('execution_id'),
          call_sid: marker('call_sid'),
          textual_response: marker('textual_response'),
        },
        pre_call_message: farewell,
      },
    },
  };
}
