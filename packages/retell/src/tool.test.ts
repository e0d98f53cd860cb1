import { createHandoff, messagesFor } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import type Retell from 'retell-sdk';
import { describe, expect, it } from 'vitest';
import { retellTool } from './tool.js';

const make = (destinations: Record<string, { number: string; label: string }>, language?: string) =>
  createHandoff({
    transfer: new FakeTransferProvider(),
    destinations,
    ...(language ? { language } : {}),
  });

const ONE = { support: { number: '+919800000002', label: 'Senior care' } };
const TWO = { ...ONE, loans: { number: '+919800000001', label: 'Relationship manager' } };

describe('retellTool', () => {
  it('is a Retell custom tool with the core’s parameters and farewell, spoken verbatim during execution', () => {
    const handoff = make(TWO);
    const tool = retellTool(handoff, { url: 'https://handoff.example.com/retell', department: 'loans' });
    // The exact type client.llm.update({ general_tools }) takes.
    const generalTools: NonNullable<Retell.LlmUpdateParams['general_tools']> = [tool];
    expect(generalTools).toHaveLength(1);
    expect(tool).toMatchObject({
      type: 'custom',
      name: 'transfer_to_human',
      url: 'https://handoff.example.com/retell',
      method: 'POST',
      description: handoff.tool.description,
      speak_during_execution: true,
      execution_message_type: 'static_text',
      execution_message_description: messagesFor('en').transferring.replace(
        '{label}',
        'Relationship manager',
      ),
      speak_after_execution: true,
      max_retry: 0,
      timeout_ms: 30_000,
    });
    const parameters = tool.parameters as { type: string; properties: Record<string, { enum?: string[] }> };
    expect(parameters.type).toBe('object');
    expect(parameters.properties.department?.enum?.sort()).toEqual(['loans', 'support']);
    expect(parameters).not.toHaveProperty('$schema');
    expect(JSON.stringify(tool)).not.toMatch(/\+9198/);
  });

  it('one destination names itself; several need `department` or `farewell`', () => {
    expect(
      retellTool(make(ONE), { url: 'https://h.example/retell' }).execution_message_description,
    ).toContain('Senior care');
    expect(() => retellTool(make(TWO), { url: 'https://h.example/retell' })).toThrow(/department/);
    expect(() => retellTool(make(TWO), { url: 'https://h.example/retell', department: 'nope' })).toThrow(
      /unknown department/,
    );
    const own = retellTool(make(TWO), { url: 'https://h.example/retell', farewell: 'One moment please.' });
    expect(own.execution_message_description).toBe('One moment please.');
  });

  it('speaks the deployment’s language', () => {
    const tool = retellTool(make(ONE, 'hi'), { url: 'https://h.example/retell' });
    expect(tool.execution_message_description).toBe(
      messagesFor('hi').transferring.replace('{label}', 'Senior care'),
    );
  });

  it('args at the root bring the call along in a header filled from the SIP header’s variable', () => {
    const tool = retellTool(make(ONE), {
      url: 'https://h.example/retell',
      argsAtRoot: true,
      headers: { 'X-Tenant': 'acme' },
    });
    expect(tool.args_at_root).toBe(true);
    expect(tool.headers).toEqual({ 'x-handoff-call': '{{VH-handoffCall}}', 'X-Tenant': 'acme' });
  });

  it('is strict about its options', () => {
    const handoff = make(ONE);
    expect(() => retellTool(handoff, { url: 'not a url' })).toThrow(/absolute URL/);
    expect(() => retellTool(handoff, { url: 'ftp://h.example/x' })).toThrow(/http/);
    expect(() => retellTool(handoff, { url: 'https://h.example/x', timeoutMs: 500 })).toThrow(/timeoutMs/);
    expect(() => retellTool(handoff, { url: 'https://h.example/x', speak: true } as never)).toThrow(
      /unknown option `speak`/,
    );
  });
});
