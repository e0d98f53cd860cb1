import { createHandoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import type { Vapi } from '@vapi-ai/server-sdk';
import { describe, expect, it } from 'vitest';
import { vapiTool } from './tool.js';

const handoff = createHandoff({
  transfer: new FakeTransferProvider(),
  destinations: {
    loans: { number: '+919800000001', label: 'Relationship manager' },
    support: { number: '+919800000002', label: 'Senior care' },
  },
});

describe('vapiTool', () => {
  it("is a synchronous function tool with the core's name, description and parameters, posting to url", () => {
    const tool = vapiTool(handoff, { url: 'https://handoff.example.com/vapi' });
    // Fits both places VAPI takes a tool.
    const inline: Vapi.OpenAiModelToolsItem = tool;
    expect(inline.type).toBe('function');
    expect(tool).toMatchObject({
      type: 'function',
      async: false,
      server: { url: 'https://handoff.example.com/vapi' },
      function: { name: 'transfer_to_human', description: handoff.tool.description },
      messages: [],
    });
    const parameters = tool.function!.parameters!;
    expect(parameters.type).toBe('object');
    expect(parameters.required).toEqual(['reason']);
    // The LLM picks a configured team; it can never give a number.
    expect(parameters.properties.department).toMatchObject({ enum: ['loans', 'support'] });
    expect(JSON.stringify(tool)).not.toContain('+9198');
  });

  it('carries the secret or credential VAPI authenticates with', () => {
    expect(vapiTool(handoff, { url: 'https://h/vapi', secret: 's3cret-value-123' }).server).toEqual({
      url: 'https://h/vapi',
      headers: { 'X-Vapi-Secret': 's3cret-value-123' },
    });
    expect(
      vapiTool(handoff, { url: 'https://h/vapi', credentialId: 'cred_1', timeoutSeconds: 18 }).server,
    ).toEqual({
      url: 'https://h/vapi',
      credentialId: 'cred_1',
      timeoutSeconds: 18,
    });
  });

  it("farewell: 'request-start' — one blocking message per team, with the core's line for it", () => {
    const tool = vapiTool(handoff, { url: 'https://h/vapi', farewell: 'request-start' });
    expect(tool.messages).toEqual([
      {
        type: 'request-start',
        blocking: true,
        content: 'Let me connect you with our Relationship manager now. Please stay on the line.',
        conditions: [{ param: 'department', operator: 'eq', value: 'loans' }],
      },
      {
        type: 'request-start',
        blocking: true,
        content: 'Let me connect you with our Senior care now. Please stay on the line.',
        conditions: [{ param: 'department', operator: 'eq', value: 'support' }],
      },
    ]);
    const hindi = createHandoff({
      transfer: new FakeTransferProvider(),
      language: 'hi',
      destinations: { loans: { number: '+919800000001', label: 'लोन' } },
    });
    expect(vapiTool(hindi, { url: 'https://h/vapi', farewell: 'request-start' }).messages?.[0]).toMatchObject(
      {
        content: expect.stringContaining('लोन'),
      },
    );
  });

  it('needs a url', () => {
    expect(() => vapiTool(handoff, { url: '' })).toThrow(/url/);
  });
});
