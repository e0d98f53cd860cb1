import { z } from 'zod/v4';
import { HandoffError } from './errors.js';
import { type FieldsSchema, toolFieldsSchema } from './fields-schema.js';

export const TOOL_NAME = 'transfer_to_human';

/** Text limits: long enough for a real summary, short enough that no argument can bloat the packet. */
export const LIMITS = { reason: 500, summary: 2_000, short: 200 } as const;

const urgency = z.enum(['low', 'normal', 'high', 'immediate']);
const sentiment = z.enum(['positive', 'neutral', 'negative', 'very_negative']);

/**
 * Builds the `transfer_to_human` argument schema for one deployment. `department` is an enum of
 * the configured destination keys, so the model can only ever name a key — never a number.
 */
export function transferArgsSchema(departments: readonly string[], fields?: FieldsSchema) {
  const [first, ...rest] = departments;
  const department = first === undefined ? z.never() : z.enum([first, ...rest] as [string, ...string[]]);
  return z.object({
    reason: z
      .string()
      .trim()
      .min(1)
      .max(LIMITS.reason)
      .describe('Why the caller needs a human, in a few words, e.g. "refund above limit".'),
    department: department
      .optional()
      .describe('Which team to transfer to. Omit to let routing rules decide.'),
    summary: z
      .string()
      .max(LIMITS.summary)
      .optional()
      .describe('What the caller needs and what was already tried, for the human who picks up.'),
    urgency: urgency.optional().describe('How urgent the caller’s need is.'),
    fields: toolFieldsSchema(fields).optional().describe('Structured facts gathered during the call.'),
    customer: z
      .object({
        name: z.string().max(LIMITS.short).optional(),
        accountNumber: z.string().max(64).optional(),
      })
      .optional()
      .describe('Who the caller is, as far as they said.'),
    intent: z.string().max(LIMITS.short).optional().describe('The caller’s goal, e.g. "refund".'),
    sentiment: sentiment.optional().describe('How the caller feels right now.'),
  });
}

export type TransferArgs = {
  reason: string;
  department?: string;
  summary?: string;
  urgency?: z.infer<typeof urgency>;
  fields?: Record<string, unknown>;
  customer?: { name?: string; accountNumber?: string };
  intent?: string;
  sentiment?: z.infer<typeof sentiment>;
};

export interface ToolDefinition {
  name: typeof TOOL_NAME;
  description: string;
  /** JSON Schema (draft 2020-12) of the arguments, for platforms that take JSON Schema. */
  parameters: Record<string, unknown>;
  /** The same schema as zod, for platforms that take zod (LiveKit `llm.tool`). */
  schema: ReturnType<typeof transferArgsSchema>;
}

export function buildTool(
  departments: readonly string[],
  fields?: FieldsSchema,
  labels?: Record<string, string>,
): ToolDefinition {
  const schema = transferArgsSchema(departments, fields);
  const teams = departments.map((key) => (labels?.[key] ? `${key} (${labels[key]})` : key)).join(', ');
  return {
    name: TOOL_NAME,
    description:
      'Transfer the caller to a human expert, carrying the conversation across so they never repeat themselves. ' +
      'Use it when the caller asks for a person, when you cannot help, or when policy requires a human. ' +
      `Teams: ${teams}. Never invent phone numbers: choose a team.`,
    parameters: z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>,
    schema,
  };
}

/** Validates tool arguments, turning zod's issues into one typed error the plugin can relay. */
export function parseTransferArgs(
  schema: ReturnType<typeof transferArgsSchema>,
  departments: readonly string[],
  input: unknown,
): TransferArgs {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as TransferArgs;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const departmentIssue = parsed.error.issues.find((issue) => issue.path[0] === 'department');
  if (departmentIssue) {
    const given = (input as { department?: unknown } | null)?.department;
    throw new HandoffError(
      'unknown_department',
      `Unknown department ${JSON.stringify(given)}; configured: ${departments.join(', ') || '(none)'}`,
      { issues },
    );
  }
  const tooLong = parsed.error.issues.find((issue) => issue.code === 'too_big');
  if (tooLong) {
    throw new HandoffError('text_too_long', `"${tooLong.path.join('.')}" is too long: ${tooLong.message}`, {
      issues,
    });
  }
  throw new HandoffError(
    'invalid_arguments',
    `Invalid ${TOOL_NAME} arguments: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    { issues },
  );
}
