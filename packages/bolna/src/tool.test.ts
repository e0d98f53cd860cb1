import { createHandoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { bolnaTool } from './tool.js';

const handoff = createHandoff({
  transfer: new FakeTransferProvider(),
  destinations: {
    loans: { number: '+919800000001', label: 'Relationship manager' },
    support: { number: '+919800000002', label: 'Senior care' },
  },
});

describe('bolnaTool', () => {
  it('is a custom function: the core’s parameters, typed $var markers, the farewell as pre-call message', () => {
    const tools = bolnaTool(handoff, {
      url: 'https://handoff.example.com/bolna',
      secret: 's3cret',
      department: 'support',
    });
    const [fn] = tools.tools;
    expect(fn).toMatchObject({
      name: 'transfer_to_human',
      key: 'custom_task',
      description: handoff.tool.description,
    });
    expect(fn?.parameters.required).toEqual(['reason']);
    expect(Object.keys(fn?.parameters.properties ?? {})).toContain('execution_id');
    const params = tools.tools_params.transfer_to_human!;
    expect(params).toMatchObject({
      method: 'POST',
      url: 'https://handoff.example.com/bolna',
      api_token: 'Bearer s3cret',
      pre_call_message: 'Let me connect you with our Senior care now. Please stay on the line.',
    });
    expect(params.param.department).toEqual({ $var: 'department' });
    expect(params.param.fields).toEqual({ $var: 'fields' });
    expect(params.param.call_sid).toEqual({ $var: 'call_sid' });
    expect(params.param.textual_response).toEqual({ $var: 'textual_response' });
  });

  it('gives the farewell per language from the core’s messages', () => {
    const { tools_params } = bolnaTool(handoff, {
      url: 'https://h.example/bolna',
      secret: 's',
      department: 'loans',
      languages: ['en', 'hi'],
    });
    const message = tools_params.transfer_to_human!.pre_call_message as Record<string, string>;
    expect(message.en).toContain('Relationship manager');
    expect(message.hi).toContain('Relationship manager');
    expect(message.hi).not.toBe(message.en);
  });

  it('needs a team or a farewell when the core’s farewell names one; refuses bad options', () => {
    expect(() => bolnaTool(handoff, { url: 'https://h.example', secret: 's' })).toThrow(/department/);
    expect(
      bolnaTool(handoff, { url: 'https://h.example', secret: 's', farewell: 'One moment.' }).tools_params
        .transfer_to_human?.pre_call_message,
    ).toBe('One moment.');
    expect(() => bolnaTool(handoff, { url: 'https://h.example', secret: 's', department: 'x' })).toThrow(
      /unknown/,
    );
    expect(() => bolnaTool(handoff, { url: 'bolna', secret: 's', farewell: 'x' })).toThrow(/url/);
    expect(() => bolnaTool(handoff, { url: 'https://h.example', secret: '', farewell: 'x' })).toThrow(
      /secret/,
    );
  });
});
