import { createHandoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { ultravoxTool } from './tool.js';

const handoff = createHandoff({
  transfer: new FakeTransferProvider(),
  destinations: {
    loans: { number: '+919800000001', label: 'Relationship manager' },
    support: { number: '+919800000002', label: 'Senior care' },
  },
});

describe('ultravoxTool', () => {
  it('is an inline HTTP tool: the model fills the core’s parameters, Ultravox the rest', () => {
    const { temporaryTool: tool } = ultravoxTool(handoff, {
      url: 'https://handoff.example.com/ultravox',
      secret: 's3cret',
    });
    expect(tool).toMatchObject({
      modelToolName: 'transfer_to_human',
      description: handoff.tool.description,
      http: { baseUrlPattern: 'https://handoff.example.com/ultravox', httpMethod: 'POST' },
      timeout: '20s',
      defaultReaction: 'AGENT_REACTION_SPEAKS',
    });
    const department = tool.dynamicParameters.find((p) => p.name === 'department');
    expect(department).toMatchObject({ location: 'PARAMETER_LOCATION_BODY', required: false });
    expect(department?.schema.enum).toEqual(['loans', 'support']);
    expect(tool.dynamicParameters.find((p) => p.name === 'reason')?.required).toBe(true);
    expect(tool.staticParameters).toEqual([
      { name: 'handoff_call', location: 'PARAMETER_LOCATION_BODY', value: '{{vh_handoffcall}}' },
      { name: 'X-Handoff-Secret', location: 'PARAMETER_LOCATION_HEADER', value: 's3cret' },
    ]);
    expect(tool.automaticParameters.map((p) => p.knownValue)).toEqual([
      'KNOWN_PARAM_CALL_ID',
      'KNOWN_PARAM_CONVERSATION_HISTORY',
    ]);
    // None of the values Ultravox fills is shown to the model.
    const modelSees = tool.dynamicParameters.map((p) => p.name);
    expect(modelSees).not.toContain('handoff_call');
    expect(modelSees).not.toContain('conversation_history');
  });

  it('takes another SIP context key, header and timeout, and refuses bad options', () => {
    const { temporaryTool: tool } = ultravoxTool(handoff, {
      url: 'https://h.example/uv',
      secret: 's',
      secretHeader: 'X-Tool-Key',
      callVariable: 'handoff_call_uuid',
      timeoutSecs: 30,
    });
    expect(tool.staticParameters[0]?.value).toBe('{{handoff_call_uuid}}');
    expect(tool.staticParameters[1]?.name).toBe('X-Tool-Key');
    expect(tool.timeout).toBe('30s');
    expect(() => ultravoxTool(handoff, { url: 'uv', secret: 's' })).toThrow(/url/);
    expect(() => ultravoxTool(handoff, { url: 'https://h.example', secret: ' ' })).toThrow(/secret/);
    expect(() =>
      ultravoxTool(handoff, { url: 'https://h.example', secret: 's', callVariable: '}}x' }),
    ).toThrow(/callVariable/);
  });
});
