import { z } from 'zod';

/**
 * The platform's webhook payloads. Tolerant where platforms drift (unknown fields pass, optional
 * ones may be null), strict where a mistake would act on the wrong call. Write these from the
 * platform's own docs or SDK types, and keep a recorded payload per event in `__fixtures__`.
 */
const callId = z.string().min(1).max(128);

export const templateEvent = z.discriminatedUnion('event', [
  z.looseObject({
    event: z.literal('turn'),
    call_id: callId,
    role: z.enum(['user', 'assistant']),
    text: z.string().max(20_000),
    confidence: z.number().min(0).max(1).nullish(),
  }),
  z.looseObject({
    event: z.literal('tool_call'),
    call_id: callId,
    tool_call_id: z.string().min(1).max(256),
    name: z.string(),
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]),
  }),
  z.looseObject({ event: z.literal('ai_error'), call_id: callId, message: z.string().nullish() }),
  z.looseObject({ event: z.literal('call_ended'), call_id: callId }),
]);

export type TemplateEvent = z.infer<typeof templateEvent>;
