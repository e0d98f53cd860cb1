import { afterEach, describe, expect, it } from 'vitest';
import { z as z4 } from 'zod';
// zod 4 still ships the zod 3 classic API here: the schemas an app on zod 3 passes as `fields`.
import { z as z3 } from 'zod/v3';
import { createHandoff, type Handoff, isHandoffError } from './index.js';
import { noopTransferProvider } from './testing/index.js';

const DESTINATIONS = { support: { number: '+919800000002', label: 'Senior care' } };

const majors = [
  {
    major: 'zod 4',
    fields: z4.object({
      loanAmount: z4.number().min(1).describe('Loan asked for, in rupees'),
      plan: z4.enum(['basic', 'gold']),
      note: z4.string().optional(),
    }),
  },
  {
    major: 'zod 3 (classic objects)',
    fields: z3.object({
      loanAmount: z3.number().min(1).describe('Loan asked for, in rupees'),
      plan: z3.enum(['basic', 'gold']),
      note: z3.string().optional(),
    }),
  },
] as const;

describe.each(majors)('fields as a $major schema', ({ fields }) => {
  const cores: Handoff[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  function core(): Handoff {
    const handoff = createHandoff({ transfer: noopTransferProvider(), destinations: DESTINATIONS, fields });
    cores.push(handoff);
    return handoff;
  }

  it("puts the fields in the tool's JSON Schema, every one optional", () => {
    const parameters = core().tool.parameters as {
      properties: { fields: { properties: Record<string, Record<string, unknown>>; required?: string[] } };
    };
    const props = parameters.properties.fields.properties;
    expect(props.loanAmount).toMatchObject({ type: 'number', description: 'Loan asked for, in rupees' });
    expect(props.plan).toMatchObject({ enum: ['basic', 'gold'] });
    expect(props.note).toMatchObject({ type: 'string' });
    expect(parameters.properties.fields.required ?? []).toEqual([]);
  });

  it("validates the tool's fields with the schema's own checks", () => {
    const schema = core().tool.schema;
    const ok = schema.safeParse({ reason: 'loan', fields: { loanAmount: 500_000, plan: 'gold' } });
    expect(ok.success && ok.data.fields).toEqual({ loanAmount: 500_000, plan: 'gold' });
    const bad = schema.safeParse({ reason: 'loan', fields: { loanAmount: 0 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toContain('fields.loanAmount');
  });

  it('merges valid facts into the session and refuses invalid ones with a typed error', () => {
    const session = core().startSession({ callId: 'call-1', platform: 'test' });
    session.update({ fields: { plan: 'basic' } });
    expect(session.extracted.fields).toEqual({ plan: 'basic' });
    let error: unknown;
    try {
      session.update({ fields: { plan: 'platinum' } });
    } catch (e) {
      error = e;
    }
    expect(isHandoffError(error) && error.code).toBe('invalid_arguments');
    expect((error as Error).message).toMatch(/fields\.plan/);
    expect(session.extracted.fields).toEqual({ plan: 'basic' });
  });
});

describe('fields that are not a zod object', () => {
  it('are refused when the core is created', () => {
    expect(() =>
      createHandoff({
        transfer: noopTransferProvider(),
        destinations: DESTINATIONS,
        fields: { loanAmount: 'number' } as never,
      }),
    ).toThrow(/`fields` must be a zod object schema/);
  });
});
