import { describe, expect, it } from 'vitest';
import { parseRetryAfter, vobizErrorFromResponse } from './errors.js';
import { retryDelayMs } from './retry.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-07-21T08:00:00Z');
  it('reads delta-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter('Tue, 21 Jul 2026 08:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 21 Jul 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('vobizErrorFromResponse', () => {
  it('never throws on garbage bodies', () => {
    const error = vobizErrorFromResponse({ status: 500, headers: {}, text: '{"error": tru' });
    expect(error).toMatchObject({ status: 500, code: 'server_error' });
    expect(vobizErrorFromResponse({ status: 418, headers: {}, text: '' }).code).toBe('http_418');
    expect(
      vobizErrorFromResponse({ status: 404, headers: {}, text: '{"message":"Not Found"}' }).message,
    ).toContain('Not Found');
  });

  it('takes the request id from a header when the body has none', () => {
    const error = vobizErrorFromResponse({ status: 503, headers: { 'x-request-id': 'hdr-1' }, text: 'down' });
    expect(error.requestId).toBe('hdr-1');
  });
});

describe('retryDelayMs', () => {
  const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };
  it('backs off exponentially with jitter inside [step/2, step]', () => {
    expect(retryDelayMs(0, policy, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(0, policy, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(2, policy, undefined, () => 1)).toBe(400);
    expect(retryDelayMs(10, policy, undefined, () => 1)).toBe(1000);
  });

  it('waits at least Retry-After, and gives up when it exceeds the cap', () => {
    expect(retryDelayMs(0, policy, 0.5, () => 0)).toBe(500);
    expect(retryDelayMs(0, policy, 2, () => 0)).toBeUndefined();
  });
});
