import { z } from 'zod/v4';

/**
 * zod is a peer dependency, `^3.25.0 || ^4.0.0`. The core itself is written against the v4 API,
 * which zod 3.25+ ships at `zod/v4` and zod 4 at both `zod` and `zod/v4`. A deployment's `fields`
 * schema is the user's, though: on zod 4 a v4 object, on zod 3 (`import { z } from 'zod'`) a
 * classic v3 object. This file is the one place that tells them apart.
 */

interface Zod3Issue {
  path: PropertyKey[];
  message: string;
}

type Zod3SafeParse = { success: true; data: unknown } | { success: false; error: { issues: Zod3Issue[] } };

/** A zod 3 (classic) object schema, described by the parts the core uses. */
export interface Zod3Object {
  readonly _def: object;
  readonly _output: unknown;
  shape: Record<string, unknown>;
  partial(): { safeParse(value: unknown): Zod3SafeParse };
}

/** What `fields` accepts: a zod 4 object (`zod` 4, or `zod/v4` on 3.25+) or a zod 3 object. */
export type FieldsSchema = z.ZodObject | Zod3Object;

export function isZod4Schema(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

function isZod3Object(schema: unknown): schema is Zod3Object {
  return (
    typeof schema === 'object' &&
    schema !== null &&
    !('_zod' in schema) &&
    '_def' in schema &&
    typeof (schema as { partial?: unknown }).partial === 'function'
  );
}

/** True when `schema` is an object schema of either major, so `createHandoff` can say otherwise. */
export function isFieldsSchema(schema: unknown): schema is FieldsSchema {
  return isZod4Schema(schema) ? schema instanceof z.ZodObject || 'shape' in schema : isZod3Object(schema);
}

export type FieldsCheck =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; issues: Array<{ path: string; message: string }> };

/** Validates custom fields against the deployment's schema, every field optional. */
export function checkFields(schema: FieldsSchema, value: unknown): FieldsCheck {
  // `partial().safeParse` is the same call in both majors; the result has the same shape too.
  const parsed = (schema.partial() as { safeParse(value: unknown): Zod3SafeParse }).safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data as Record<string, unknown> };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

interface Zod3Def {
  typeName?: string;
  description?: string;
  innerType?: unknown;
  type?: unknown;
  values?: unknown;
  value?: unknown;
  shape?: () => Record<string, unknown>;
}

/**
 * The v4 equivalent of a zod 3 schema, for the tool's JSON Schema (what the LLM sees): strings,
 * numbers, booleans, enums, literals, arrays, objects, optional/nullable/default, descriptions.
 * Anything else becomes `unknown`. Validation never relies on it: the user's schema decides.
 */
function fromZod3(schema: unknown): z.ZodType {
  const def = ((schema as { _def?: Zod3Def })._def ?? {}) as Zod3Def;
  let out: z.ZodType;
  switch (def.typeName) {
    case 'ZodString':
      out = z.string();
      break;
    case 'ZodNumber':
      out = z.number();
      break;
    case 'ZodBoolean':
      out = z.boolean();
      break;
    case 'ZodEnum':
      out =
        Array.isArray(def.values) && def.values.length > 0
          ? z.enum(def.values as [string, ...string[]])
          : z.string();
      break;
    case 'ZodLiteral':
      out = z.literal(def.value as string | number | boolean);
      break;
    case 'ZodArray':
      out = z.array(fromZod3(def.type));
      break;
    case 'ZodObject':
      out = z.object(
        Object.fromEntries(Object.entries(def.shape?.() ?? {}).map(([key, value]) => [key, fromZod3(value)])),
      );
      break;
    case 'ZodOptional':
    case 'ZodDefault':
      out = fromZod3(def.innerType).optional();
      break;
    case 'ZodNullable':
      out = fromZod3(def.innerType).nullable();
      break;
    default:
      out = z.unknown();
  }
  return def.description ? out.describe(def.description) : out;
}

/**
 * The `fields` part of the tool's arguments as a v4 schema, every field optional. A zod 3 schema
 * is mirrored for the JSON Schema and validated by itself, so its own checks (min, regex, refine)
 * still hold.
 */
export function toolFieldsSchema(schema: FieldsSchema | undefined): z.ZodType {
  if (!schema) return z.object({});
  if (isZod4Schema(schema)) return (schema as z.ZodObject).partial();
  const mirror = (fromZod3(schema) as z.ZodObject).partial();
  return mirror.superRefine((value, ctx) => {
    const check = checkFields(schema, value);
    if (check.ok) return;
    for (const issue of check.issues) {
      ctx.addIssue({ code: 'custom', path: issue.path ? issue.path.split('.') : [], message: issue.message });
    }
  });
}
