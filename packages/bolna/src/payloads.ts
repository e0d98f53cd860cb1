import { z } from 'zod/v4';
import { isObject } from './http.js';

/**
 * Body fields `bolnaTool`'s `param` template fills from Bolna rather than from the LLM's
 * arguments: the execution and the call, and the text the LLM said itself with the tool call
 * (when it did, Bolna skips the tool's `pre_call_message`).
 */
export const ENVELOPE_KEYS = ['execution_id', 'call_sid', 'textual_response'] as const;

/**
 * Bolna substitutes `{"$var": "name"}` markers with the value it has for `name` and leaves the
 * marker in place when it has none (bolna-ai/bolna `substitute_var_markers`): an absent argument.
 */
export function withoutMarkers(body: Record<string, unknown>): Record<string, unknown> {
  const unmarked = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(unmarked);
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$var') return undefined;
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, unmarked(v)] as const)
        .filter(([, v]) => v !== undefined),
    );
  };
  return unmarked(body) as Record<string, unknown>;
}

export const toolBody = z.looseObject({
  execution_id: z.string().max(256).nullish(),
  call_sid: z.string().max(256).nullish(),
  textual_response: z.string().max(20_000).nullish(),
});

/**
 * An execution as Bolna pushes it to the agent's `webhook_url` on every status change (the same
 * object as Get Execution: `AgentExecution` in Bolna's OpenAPI, bolna-ai/skills references/openapi.yml).
 */
export const executionBody = z.looseObject({
  id: z.string().min(1).max(256),
  agent_id: z.string().max(256).nullish(),
  status: z.string().min(1).max(64),
  transcript: z.string().max(2_000_000).nullish(),
  error_message: z.string().nullish(),
  telephony_data: z
    .looseObject({
      provider_call_id: z.string().max(256).nullish(),
      from_number: z.string().max(64).nullish(),
      to_number: z.string().max(64).nullish(),
      provider: z.string().max(64).nullish(),
    })
    .nullish(),
  context_details: z.record(z.string(), z.unknown()).nullish(),
});

export type BolnaExecution = z.infer<typeof executionBody>;

/** Statuses after which Bolna's side of the call is over (list-phone-call-status). */
export const TERMINAL: ReadonlySet<string> = new Set([
  'call-disconnected',
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
  'stopped',
  'error',
  'balance-low',
]);
