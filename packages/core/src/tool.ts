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
  const plain = plainArgs(schema, input);
  if (plain !== undefined) return plain;
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

/** The department keys each schema accepts, read once from the schema itself. */
const departmentsOf = new WeakMap<ReturnType<typeof transferArgsSchema>, ReadonlySet<string>>();

function schemaDepartments(schema: ReturnType<typeof transferArgsSchema>): ReadonlySet<string> {
  let keys = departmentsOf.get(schema);
  if (keys === undefined) {
    const inner = schema.shape.department.unwrap();
    keys = new Set(inner instanceof z.ZodEnum ? (inner.options as string[]) : []);
    departmentsOf.set(schema, keys);
  }
  return keys;
}

const URGENCIES: ReadonlySet<string> = new Set(urgency.options);
const SENTIMENTS: ReadonlySet<string> = new Set(sentiment.options);

function shortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

/**
 * The arguments as the schema would give them back, checked by hand, for the plain ones a
 * model sends (text and enum fields only, every one valid): zod's parse of them costs a transfer
 * tens of microseconds and a couple of KiB before anything else happens. Anything else (structured
 * fields, customer, unknown keys, any invalid value) is undefined here and goes to the schema,
 * which gives the same answer or the error.
 */
function plainArgs(schema: ReturnType<typeof transferArgsSchema>, input: unknown): TransferArgs | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const raw = input as Record<string, unknown>;
  let keys = 0;
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) return undefined;
    keys++;
  }
  if (typeof raw.reason !== 'string') return undefined;
  const reason = raw.reason.trim();
  if (reason.length < 1 || reason.length > LIMITS.reason) return undefined;
  // Built in the schema's key order, as its parse builds its output.
  const args: TransferArgs = { reason };
  let known = 1;
  const { department, summary, urgency: level, intent, sentiment: mood } = raw;
  if (department !== undefined) {
    if (typeof department !== 'string' || !schemaDepartments(schema).has(department)) return undefined;
    args.department = department;
    known++;
  }
  if (summary !== undefined) {
    if (!shortString(summary, LIMITS.summary)) return undefined;
    args.summary = summary;
    known++;
  }
  if (level !== undefined) {
    if (typeof level !== 'string' || !URGENCIES.has(level)) return undefined;
    args.urgency = level as TransferArgs['urgency'];
    known++;
  }
  if (intent !== undefined) {
    if (!shortString(intent, LIMITS.short)) return undefined;
    args.intent = intent;
    known++;
  }
  if (mood !== undefined) {
    if (typeof mood !== 'string' || !SENTIMENTS.has(mood)) return undefined;
    args.sentiment = mood as TransferArgs['sentiment'];
    known++;
  }
  // Every key is one of those, with a value: no fields, customer, extra or undefined-valued keys.
  return keys === known ? args : undefined;
}
