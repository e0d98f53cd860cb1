import { z } from 'zod/v4';

/**
 * Body fields `ultravoxTool` sets without the model: the static `handoff_call` and the automatic
 * `call_id` and `conversation_history`. The rest of the body is the model's arguments, one body
 * parameter each (`dynamicParameters` with `PARAMETER_LOCATION_BODY`).
 */
export const ENVELOPE_KEYS = ['handoff_call', 'call_id', 'conversation_history'] as const;

export const toolBody = z.looseObject({
  handoff_call: z.string().max(256).nullish(),
  call_id: z.string().max(256).nullish(),
  conversation_history: z
    .union([z.string().max(2_000_000), z.array(z.unknown()), z.record(z.string(), z.unknown())])
    .nullish(),
});

/**
 * An account webhook: `{ event, call }`, `call` as Get Call returns it (`Call` in Ultravox's
 * OpenAPI: `callId`, `endReason`, `metadata`, `requestContext`, …).
 */
export const webhookBody = z.looseObject({
  event: z.string().min(1).max(64),
  call: z.looseObject({
    callId: z.string().min(1).max(256),
    endReason: z.string().max(64).nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    requestContext: z.unknown().optional(),
  }),
});

export type UltravoxWebhook = z.infer<typeof webhookBody>;
