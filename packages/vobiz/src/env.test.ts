import { HandoffError } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { createVobizClientFromEnv } from './env.js';

describe('createVobizClientFromEnv', () => {
  it('reads credentials and the optional base URL', () => {
    const client = createVobizClientFromEnv({
      env: { VOBIZ_AUTH_ID: 'MA_1', VOBIZ_AUTH_TOKEN: 't', VOBIZ_BASE_URL: 'http://127.0.0.1:4010/api/v1/' },
    });
    expect(client.authId).toBe('MA_1');
    expect(client.baseUrl).toBe('http://127.0.0.1:4010/api/v1');
    expect(createVobizClientFromEnv({ env: { VOBIZ_AUTH_ID: 'MA_1', VOBIZ_AUTH_TOKEN: 't' } }).baseUrl).toBe(
      'https://api.vobiz.ai/api/v1',
    );
  });

  it('names every missing variable', () => {
    const error = (() => {
      try {
        createVobizClientFromEnv({ env: { VOBIZ_AUTH_TOKEN: '  ' } });
      } catch (e) {
        return e as HandoffError;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toBeInstanceOf(HandoffError);
    expect(error.code).toBe('invalid_options');
    expect(error.message).toContain('VOBIZ_AUTH_ID and VOBIZ_AUTH_TOKEN');
    expect(error.issues?.map((i) => i.path)).toEqual(['VOBIZ_AUTH_ID', 'VOBIZ_AUTH_TOKEN']);
    expect(() => createVobizClientFromEnv({ env: { VOBIZ_AUTH_ID: 'MA_1' } })).toThrow(/VOBIZ_AUTH_TOKEN/);
  });

  it('lets explicit options win over the environment', () => {
    const client = createVobizClientFromEnv({
      env: {},
      authId: 'MA_2',
      authToken: 'x',
      baseUrl: 'https://b.example',
    });
    expect(client.authId).toBe('MA_2');
    expect(client.baseUrl).toBe('https://b.example');
  });
});
