import { createHandoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_CALL_VARIABLE, type ElevenLabsSchemaProperty, elevenLabsTool } from './tool.js';

const handoff = createHandoff({
  transfer: new FakeTransferProvider(),
  destinations: {
    loans: { number: '+919800000001', label: 'Relationship manager' },
    support: { number: '+919800000002', label: 'Senior care' },
  },
  fields: z.object({ loanAmount: z.number() }),
});

function literals(schema: ElevenLabsSchemaProperty, path = ''): Array<[string, ElevenLabsSchemaProperty]> {
  if (schema.type === 'object') {
    return Object.entries(schema.properties).flatMap(([k, v]) => literals(v, path ? `${path}.${k}` : k));
  }
  return [[path, schema]];
}

describe('elevenLabsTool', () => {
  it('is a server tool whose LLM fields are the core’s and whose other fields come from dynamic variables', () => {
    const tool = elevenLabsTool(handoff, { url: 'https://handoff.example.com/elevenlabs', secret: 's3cret' });
    expect(tool).toMatchObject({
      type: 'webhook',
      name: 'transfer_to_human',
      description: handoff.tool.description,
      pre_tool_speech: 'off',
      execution_mode: 'immediate',
      api_schema: { url: 'https://handoff.example.com/elevenlabs', method: 'POST' },
    });
    const body = tool.api_schema.request_body_schema;
    expect(body.required).toEqual(['reason']);
    expect(body.properties.department).toEqual({
      type: 'string',
      description: expect.any(String),
      enum: ['loans', 'support'],
    });
    expect(body.properties.conversation_history).toEqual({
      type: 'string',
      dynamic_variable: 'system__conversation_history',
    });
    expect(body.properties.handoff_call).toEqual({ type: 'string', dynamic_variable: DEFAULT_CALL_VARIABLE });
    // Exactly one value source per literal, as ElevenLabs requires: a description or a variable.
    for (const [path, literal] of literals({ type: 'object', properties: body.properties })) {
      const sources = ['description', 'dynamic_variable'].filter((k) => k in literal);
      expect(sources, path).toHaveLength(1);
      expect(literal, path).not.toHaveProperty('maxLength');
    }
    expect(tool.api_schema.request_headers).toEqual({ 'X-Handoff-Secret': 's3cret' });
  });

  it('takes a workspace secret by id, another header and another SIP variable', () => {
    const tool = elevenLabsTool(handoff, {
      url: 'https://h.example/el',
      secret: { secret_id: 'sec_123' },
      secretHeader: 'X-Tool-Key',
      callVariable: 'handoff_call_uuid',
      responseTimeoutSecs: 30,
    });
    expect(tool.api_schema.request_headers).toEqual({ 'X-Tool-Key': { secret_id: 'sec_123' } });
    expect(tool.api_schema.request_body_schema.properties.handoff_call).toMatchObject({
      dynamic_variable: 'handoff_call_uuid',
    });
    expect(tool.response_timeout_secs).toBe(30);
  });

  it('refuses a relative url, a missing secret and an out-of-range timeout', () => {
    expect(() => elevenLabsTool(handoff, { url: '/elevenlabs', secret: 's' })).toThrow(/url/);
    expect(() => elevenLabsTool(handoff, { url: 'https://h.example', secret: '' })).toThrow(/secret/);
    expect(() =>
      elevenLabsTool(handoff, { url: 'https://h.example', secret: 's', responseTimeoutSecs: 300 }),
    ).toThrow(/responseTimeoutSecs/);
  });
});
