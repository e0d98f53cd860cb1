import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isHandoffError } from './errors.js';
import { buildTool, parseTransferArgs } from './tool.js';

const fields = z.object({ loanAmount: z.number(), symptom: z.string() });
const tool = buildTool(['loans', 'triage'], fields, { loans: 'Relationship manager' });

describe('transfer_to_human tool', () => {
  it('exposes JSON Schema with departments as an enum of configured keys only', () => {
    const params = tool.parameters as {
      type: string;
      required: string[];
      properties: Record<
        string,
        { enum?: string[]; properties?: Record<string, unknown>; required?: string[] }
      >;
    };
    expect(tool.name).toBe('transfer_to_human');
    expect(params.type).toBe('object');
    expect(params.required).toEqual(['reason']);
    expect(params.properties.department?.enum).toEqual(['loans', 'triage']);
    expect(Object.keys(params.properties.fields?.properties ?? {})).toEqual(['loanAmount', 'symptom']);
    // Deployment fields are all optional to the model.
    expect(params.properties.fields?.required ?? []).toEqual([]);
    expect(tool.description).toContain('loans (Relationship manager)');
  });

  it('rejects an unknown department (or a phone number in its place) with a typed error', () => {
    for (const department of ['billing', '+919800000001']) {
      try {
        parseTransferArgs(tool.schema, ['loans', 'triage'], { reason: 'x', department });
        expect.unreachable();
      } catch (error) {
        expect(isHandoffError(error, 'unknown_department')).toBe(true);
        expect((error as Error).message).toContain('loans, triage');
      }
    }
  });

  it('rejects bad types, missing reason and oversize text with typed errors', () => {
    expect(() => parseTransferArgs(tool.schema, ['loans'], { reason: '' })).toThrow(
      expect.objectContaining({ code: 'invalid_arguments' }),
    );
    expect(() =>
      parseTransferArgs(tool.schema, ['loans'], { reason: 'x', fields: { loanAmount: 'lots' } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_arguments' }));
    expect(() => parseTransferArgs(tool.schema, ['loans'], { reason: 'x'.repeat(501) })).toThrow(
      expect.objectContaining({ code: 'text_too_long' }),
    );
    expect(() => parseTransferArgs(tool.schema, ['loans'], null)).toThrow(
      expect.objectContaining({ code: 'invalid_arguments' }),
    );
  });

  it('accepts partial fields and trims the reason', () => {
    const args = parseTransferArgs(tool.schema, ['loans'], {
      reason: '  wants a loan ',
      department: 'loans',
      fields: { loanAmount: 500000 },
    });
    expect(args).toEqual({ reason: 'wants a loan', department: 'loans', fields: { loanAmount: 500000 } });
  });
});
