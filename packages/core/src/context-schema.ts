import { z } from 'zod/v4';
import { HANDOFF_STATUSES } from './state/machine.js';

const role = z.enum(['caller', 'agent', 'tool', 'system']);
const status = z.enum(HANDOFF_STATUSES);

/**
 * `handoff.context.v1` as a zod schema: the JSON rendering is validated against it, and
 * `z.toJSONSchema(handoffContextSchema)` is what CRM integrators get.
 */
export const handoffContextSchema = z.object({
  schema: z.literal('handoff.context.v1'),
  handoffId: z.string(),
  call: z.object({
    callId: z.string(),
    platformCallId: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    platform: z.string(),
    startedAt: z.number(),
  }),
  trigger: z.object({
    kind: z.enum(['tool', 'rule', 'api', 'supervisor']),
    rule: z.string().optional(),
    reason: z.string(),
    evidence: z.string().optional(),
    turnIndex: z.number().optional(),
    urgency: z.enum(['low', 'normal', 'high', 'immediate']),
  }),
  summary: z.object({
    oneLine: z.string(),
    spoken: z.string(),
    full: z.string(),
    source: z.enum(['extractive', 'llm', 'agent']),
    // Added within v1 (optional): the LLM that wrote an `llm` summary.
    model: z.string().optional(),
    updatedAt: z.number(),
  }),
  extracted: z.object({
    intent: z.string().optional(),
    issueType: z.string().optional(),
    sentiment: z.enum(['positive', 'neutral', 'negative', 'very_negative']).optional(),
    sentimentScore: z.number().optional(),
    sentimentTrajectory: z.array(z.object({ turnIndex: z.number(), at: z.number(), score: z.number() })),
    customer: z.object({
      name: z.string().optional(),
      accountNumber: z.string().optional(),
      verified: z.boolean().optional(),
    }),
    language: z.string().optional(),
    amounts: z.array(z.number()).optional(),
    fields: z.record(z.string(), z.unknown()),
  }),
  transcript: z.array(
    z.object({
      role,
      text: z.string(),
      at: z.number(),
      endAt: z.number().optional(),
      confidence: z.number().optional(),
    }),
  ),
  attempts: z.array(z.string()),
  destination: z.object({ key: z.string(), label: z.string() }).optional(),
  status,
  outcome: z.object({ status, detail: z.string().optional(), at: z.number() }).optional(),
  dialAttempts: z.array(
    z.object({
      n: z.number(),
      destination: z.string(),
      startedAt: z.number(),
      ringingAt: z.number().optional(),
      answeredAt: z.number().optional(),
      endedAt: z.number().optional(),
      outcome: status.optional(),
      detail: z.string().optional(),
    }),
  ),
  timings: z.object({
    triggeredAt: z.number().optional(),
    persistedAt: z.number().optional(),
    transferRequestedAt: z.number().optional(),
    ringingAt: z.number().optional(),
    answeredAt: z.number().optional(),
    bridgedAt: z.number().optional(),
    endedAt: z.number().optional(),
  }),
  roundTrip: z
    .object({
      handedBackAt: z.number(),
      by: z.object({ name: z.string(), role: z.enum(['agent', 'supervisor']) }),
      destination: z.string().optional(),
      note: z.string().optional(),
      humanMs: z.number().optional(),
    })
    .optional(),
  // Added within v1 (optional): the consults of a conference warm transfer.
  consults: z
    .array(
      z.object({
        attempt: z.number(),
        phone: z.number(),
        destination: z.string().optional(),
        language: z.string().optional(),
        startedAt: z.number(),
        endedAt: z.number(),
        turns: z.array(z.object({ role: z.enum(['human', 'ai']), text: z.string(), at: z.number() })),
        decision: z
          .object({
            accepted: z.boolean(),
            reason: z.string().optional(),
            via: z.enum(['agent', 'key']),
            at: z.number(),
          })
          .optional(),
      }),
    )
    .optional(),
});

/** The packet as JSON text, checked against the schema so a consumer never gets a malformed one. */
export function renderJson(context: unknown): string {
  return JSON.stringify(handoffContextSchema.parse(context));
}
