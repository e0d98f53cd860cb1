import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import {
  endpoint,
  firstIssue,
  guarded,
  MAX_JSON_DEPTH,
  options,
  parseObject,
  refusal,
  requireHandoff,
  withoutKeys,
} from './webhook.js';

interface Example {
  secret?: string;
  budgetMs?: number;
  delayMs?: number;
  onEvent?: () => void;
}

const KNOWN = ['secret', 'budgetMs', 'delayMs', 'onEvent'] as const;

describe('webhook.options', () => {
  it('names the handler and the option in every refusal', () => {
    const read = (given: unknown, required?: string) =>
      options<Example>('exampleHandler', given as Example, KNOWN, required ? { required } : {});
    expect(() => read({ secert: 'x' })).toThrow('exampleHandler: unknown option `secert`');
    expect(() => read('x')).toThrow('exampleHandler: options must be an object');
    expect(() => read(undefined, 'exampleHandler needs options with `secret`')).toThrow(
      'exampleHandler needs options with `secret`',
    );
    expect(() => read({ budgetMs: 0 }).integer('budgetMs', 5)).toThrow(
      'exampleHandler: `budgetMs` must be a positive integer',
    );
    expect(() => read({ delayMs: -1 }).integer('delayMs', 5, { min: 0 })).toThrow(
      'exampleHandler: `delayMs` must be a non-negative integer',
    );
    expect(() => read({ budgetMs: 1.5 }).integer('budgetMs', 5)).toThrow(/positive integer/);
    expect(() => read({ onEvent: 'log' }).functions('onEvent')).toThrow(
      'exampleHandler: `onEvent` must be a function',
    );
    expect(() => read({ secret: '  ' }).secret('secret', 'exampleHandler needs `secret`')).toThrow(
      'exampleHandler needs `secret`',
    );
    // Typed like every error the core raises on purpose.
    expect(() => read({ secert: 'x' })).toThrow(expect.objectContaining({ code: 'invalid_options' }));
    expect(() => read({}).secret('secret', 'needed')).toThrow(
      expect.objectContaining({ name: 'HandoffError', code: 'invalid_options' }),
    );
  });

  it('reads what is right, with fallbacks for what is absent', () => {
    const read = options<Example>('exampleHandler', { delayMs: 0, secret: 's' }, KNOWN);
    expect(read.integer('delayMs', 5, { min: 0 })).toBe(0);
    expect(read.integer('budgetMs', 5)).toBe(5);
    expect(read.secret('secret', 'needed')).toBe('s');
    expect(options<Example>('exampleHandler', undefined, KNOWN).secret('secret', 'needed', 'env')).toBe(
      'env',
    );
  });

  it('refuses anything but the core’s handoff', () => {
    expect(() => requireHandoff({}, 'exampleHandler')).toThrow(
      'exampleHandler needs the handoff from createHandoff()',
    );
    expect(() => requireHandoff(null, 'exampleHandler')).toThrow(/createHandoff/);
    expect(() => requireHandoff({ attachCall: () => undefined }, 'exampleHandler')).not.toThrow();
  });
});

describe('webhook.endpoint', () => {
  const errors: string[] = [];
  const handler = endpoint(
    { maxBodyBytes: 16, report: (_e, where) => errors.push(where), where: 'example-handler' },
    async (_request, text) => {
      if (text === 'boom') throw new Error('boom');
      return new Response(text);
    },
  );

  it('answers 405, 413 and a reported 500, and hands the raw body over otherwise', async () => {
    const get = await handler(new Request('http://x/', { method: 'GET' }));
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const large = await handler(new Request('http://x/', { method: 'POST', body: 'x'.repeat(17) }));
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ error: 'body_too_large', message: 'The body exceeds 16 bytes' });
    const failed = await handler(new Request('http://x/', { method: 'POST', body: 'boom' }));
    expect(failed.status).toBe(500);
    expect(errors).toEqual(['example-handler']);
    const ok = await handler(new Request('http://x/', { method: 'POST', body: ' {"a":1} ' }));
    expect(await ok.text()).toBe(' {"a":1} ');
  });

  it('parses objects only, and says why not in one line', async () => {
    const notJson = parseObject('{');
    const notObject = parseObject('[1]');
    expect(notJson.ok || (await notJson.response.json())).toEqual({
      error: 'invalid_json',
      message: 'The body is not JSON',
    });
    expect(notObject.ok || notObject.response.status).toBe(400);
    expect(parseObject('{"a":1}')).toEqual({ ok: true, body: { a: 1 } });
    // Handlers walk bodies recursively: a body nested thousands deep is refused before they see it.
    const deep = parseObject(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`);
    expect(deep.ok || (await deep.response.json())).toMatchObject({
      message: 'The body nests deeper than 64 levels',
    });
    const deepArrays = parseObject(`{"a":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`);
    expect(deepArrays.ok).toBe(false);
    const atLimit = `${'{"a":'.repeat(MAX_JSON_DEPTH - 1)}{}${'}'.repeat(MAX_JSON_DEPTH - 1)}`;
    expect(parseObject(atLimit).ok).toBe(true);
    const issue = z.object({ call: z.object({ id: z.string() }) }).safeParse({ call: { id: 1 } });
    expect(issue.success || firstIssue(issue.error)).toMatch(/^call\.id: /);
    expect(withoutKeys({ name: 'x', call: {}, reason: 'r' }, ['name', 'call'])).toEqual({ reason: 'r' });
  });

  it('reports a failing hook instead of failing the request, and gives the core’s own refusal', async () => {
    const where: string[] = [];
    const value = await guarded(
      (_e, w) => where.push(w),
      'example-hook',
      () => {
        throw new Error('hook');
      },
    );
    expect([value, where]).toEqual([undefined, ['example-hook']]);
    expect(
      await guarded(
        () => undefined,
        'x',
        (n: number) => n + 1,
        1,
      ),
    ).toBe(2);
    expect(refusal({ language: 'en' })).toMatchObject({ status: 'error', ok: false });
    expect(refusal({ language: 'en' }).message).toMatch(/not possible right now/);
    expect(refusal({ language: 'hi' }, 'callEnded').message).toBe(
      'कॉल अब सक्रिय नहीं है, इसलिए ट्रांसफ़र नहीं हो सकता।',
    );
  });
});
