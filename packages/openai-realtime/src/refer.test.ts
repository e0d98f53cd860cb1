import { isHandoffError } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { referCall } from './refer.js';

describe('referCall (OpenAI SIP connector)', () => {
  it('POSTs /realtime/calls/{id}/refer with the handoff pointer in the Refer-To URI headers', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fetchFake = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(null, { status: 200 });
    }) as unknown as typeof fetch;
    const { targetUri } = await referCall({
      apiKey: 'sk-test',
      callId: 'rtc_abc123',
      sipUri: 'sip:human@pbx.example.com;transport=tls',
      handoffId: 'ho42',
      headers: { 'X-Handoff-Token': 'a b' },
      baseUrl: 'http://127.0.0.1:1/v1/',
      fetch: fetchFake,
    });
    expect(targetUri).toBe('sip:human@pbx.example.com;transport=tls?X-Handoff-Id=ho42&X-Handoff-Token=a%20b');
    expect(seen[0]?.url).toBe('http://127.0.0.1:1/v1/realtime/calls/rtc_abc123/refer');
    expect(seen[0]?.init.method).toBe('POST');
    expect((seen[0]?.init.headers as Record<string, string> | undefined)?.authorization).toBe(
      'Bearer sk-test',
    );
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({ target_uri: targetUri });
  });

  it('turns an API failure into a HandoffError', async () => {
    const fetchFake = (async () =>
      new Response('{"error":"no such call"}', { status: 404 })) as unknown as typeof fetch;
    const error = await referCall({
      apiKey: 'sk',
      callId: 'rtc_x',
      sipUri: 'sip:h@pbx',
      handoffId: 'ho1',
      fetch: fetchFake,
    }).catch((e: unknown) => e);
    expect(isHandoffError(error) && error.code).toBe('transfer_failed');
    expect(String((error as Error).message)).toMatch(/404/);
  });
});
