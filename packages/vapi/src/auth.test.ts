import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAuthModes, type VapiAuth, verifyVapiRequest } from './auth.js';

const BODY = JSON.stringify({ message: { type: 'status-update', status: 'in-progress' } });
const URL_ = 'https://handoff.example.com/vapi';
const NOW = Date.UTC(2025, 11, 1, 10, 0, 0);

function request(headers: Record<string, string>, body = BODY) {
  return { method: 'POST', url: URL_, headers: new Headers(headers), body };
}

const check = (auth: VapiAuth | VapiAuth[], headers: Record<string, string>, body?: string, now = NOW) =>
  verifyVapiRequest([auth].flat(), request(headers, body), now);

describe('X-Vapi-Secret', () => {
  const auth: VapiAuth = { type: 'secret', secret: 'vapi-secret-0123456789' };

  it('accepts the secret in X-Vapi-Secret, whatever the header case', () => {
    expect(check(auth, { 'x-vapi-secret': 'vapi-secret-0123456789' })).toBe(true);
    expect(check(auth, { 'X-Vapi-Secret': 'vapi-secret-0123456789' })).toBe(true);
  });

  it('rejects a wrong, shorter, longer or missing secret', () => {
    expect(check(auth, { 'x-vapi-secret': 'vapi-secret-0123456788' })).toBe(false);
    expect(check(auth, { 'x-vapi-secret': 'vapi-secret' })).toBe(false);
    expect(check(auth, { 'x-vapi-secret': 'vapi-secret-0123456789-and-more' })).toBe(false);
    expect(check(auth, { 'x-vapi-secret': '' })).toBe(false);
    expect(check(auth, {})).toBe(false);
    // A Bearer header with the right value is not the X-Vapi-Secret header.
    expect(check(auth, { authorization: 'Bearer vapi-secret-0123456789' })).toBe(false);
  });
});

describe('Bearer credential', () => {
  it('accepts Authorization: Bearer <token> and rejects anything else', () => {
    const auth: VapiAuth = { type: 'bearer', token: 'tok_0123456789abcdef' };
    expect(check(auth, { authorization: 'Bearer tok_0123456789abcdef' })).toBe(true);
    expect(check(auth, { authorization: 'bearer tok_0123456789abcdef' })).toBe(true);
    expect(check(auth, { authorization: 'tok_0123456789abcdef' })).toBe(false);
    expect(check(auth, { authorization: 'Bearer tok_0123456789abcdeF' })).toBe(false);
    expect(check(auth, { authorization: 'Basic dG9rOg==' })).toBe(false);
    expect(check(auth, {})).toBe(false);
  });

  it('reads a custom header without the Bearer prefix, as VAPI sends it when so configured', () => {
    const auth: VapiAuth = {
      type: 'bearer',
      token: 'tok_0123456789abcdef',
      header: 'X-Api-Key',
      bearerPrefix: false,
    };
    expect(check(auth, { 'x-api-key': 'tok_0123456789abcdef' })).toBe(true);
    expect(check(auth, { 'x-api-key': 'Bearer tok_0123456789abcdef' })).toBe(false);
    expect(check(auth, { authorization: 'Bearer tok_0123456789abcdef' })).toBe(false);
  });
});

describe('HMAC credential', () => {
  const secret = 'hmac-secret-0123456789';
  const sign = (
    payload: string,
    algorithm = 'sha256',
    encoding: 'hex' | 'base64' = 'hex',
    key: string | Buffer = secret,
  ) => createHmac(algorithm, key).update(payload).digest(encoding);
  const ts = String(Math.floor(NOW / 1000));

  it("uses VAPI's defaults: x-signature over {timestamp}.{body}, hex, sha256, x-timestamp", () => {
    const auth: VapiAuth = { type: 'hmac', secret };
    const headers = { 'x-signature': sign(`${ts}.${BODY}`), 'x-timestamp': ts };
    expect(check(auth, headers)).toBe(true);
    expect(check(auth, { ...headers, 'x-timestamp': String(Number(ts) + 1) })).toBe(false);
    expect(check(auth, headers, `${BODY} `)).toBe(false);
    expect(check(auth, { 'x-signature': headers['x-signature'] })).toBe(false);
    expect(check(auth, { 'x-timestamp': ts })).toBe(false);
  });

  it('accepts a millisecond timestamp, and refuses one outside the tolerance (a replay)', () => {
    const auth: VapiAuth = { type: 'hmac', secret, toleranceSeconds: 60 };
    const ms = String(NOW);
    expect(check(auth, { 'x-signature': sign(`${ms}.${BODY}`), 'x-timestamp': ms })).toBe(true);
    const old = String(Math.floor(NOW / 1000) - 61);
    expect(check(auth, { 'x-signature': sign(`${old}.${BODY}`), 'x-timestamp': old })).toBe(false);
    const future = String(Math.floor(NOW / 1000) + 61);
    expect(check(auth, { 'x-signature': sign(`${future}.${BODY}`), 'x-timestamp': future })).toBe(false);
  });

  it('follows configured header names, payload format, algorithm, encoding, prefix and base64 secret', () => {
    const raw = Buffer.from('a binary key, given as base64 0123456789');
    const auth: VapiAuth = {
      type: 'hmac',
      secret: raw.toString('base64'),
      secretIsBase64: true,
      algorithm: 'sha512',
      signatureEncoding: 'base64',
      signatureHeader: 'X-Vapi-Signature',
      timestampHeader: 'X-Vapi-Timestamp',
      signaturePrefix: 'sha512=',
      payloadFormat: '{method} {url}\n{timestamp}\n{body}',
    };
    const payload = `POST ${URL_}\n${ts}\n${BODY}`;
    const good = `sha512=${sign(payload, 'sha512', 'base64', raw)}`;
    expect(check(auth, { 'x-vapi-signature': good, 'x-vapi-timestamp': ts })).toBe(true);
    // Same signature without its prefix, or hex-encoded, or with sha256: all wrong.
    expect(check(auth, { 'x-vapi-signature': good.slice(7), 'x-vapi-timestamp': ts })).toBe(false);
    expect(
      check(auth, {
        'x-vapi-signature': `sha512=${sign(payload, 'sha512', 'hex', raw)}`,
        'x-vapi-timestamp': ts,
      }),
    ).toBe(false);
    expect(
      check(auth, {
        'x-vapi-signature': `sha512=${sign(payload, 'sha256', 'base64', raw)}`,
        'x-vapi-timestamp': ts,
      }),
    ).toBe(false);
    // Signed with the base64 text itself instead of the decoded key.
    expect(
      check(auth, {
        'x-vapi-signature': `sha512=${sign(payload, 'sha512', 'base64', raw.toString('base64'))}`,
        'x-vapi-timestamp': ts,
      }),
    ).toBe(false);
  });

  it('signs the public URL when a proxy rewrites it, and the Svix message id', () => {
    const auth: VapiAuth = {
      type: 'hmac',
      secret,
      url: 'https://public.example.com/vapi',
      payloadFormat: '{svix-id}.{url}.{timestamp}.{body}',
      messageIdHeader: 'svix-id',
    };
    const payload = `msg_123.https://public.example.com/vapi.${ts}.${BODY}`;
    const headers = { 'x-signature': sign(payload), 'x-timestamp': ts, 'svix-id': 'msg_123' };
    expect(check(auth, headers)).toBe(true);
    expect(check(auth, { ...headers, 'svix-id': 'msg_124' })).toBe(false);
  });

  it('without a timestamp, signs the body alone (sha1 here) and needs no timestamp header', () => {
    const auth: VapiAuth = { type: 'hmac', secret, includeTimestamp: false, algorithm: 'sha1' };
    expect(check(auth, { 'x-signature': sign(BODY, 'sha1') })).toBe(true);
    expect(check(auth, { 'x-signature': sign(BODY, 'sha256') })).toBe(false);
    expect(check(auth, { 'x-signature': 'not hex at all' })).toBe(false);
  });

  it('never substitutes a {timestamp} that appears inside the body', () => {
    const auth: VapiAuth = { type: 'hmac', secret };
    const body = JSON.stringify({
      message: { type: 'transcript', transcript: 'say {timestamp} and {body}' },
    });
    expect(check(auth, { 'x-signature': sign(`${ts}.${body}`), 'x-timestamp': ts }, body)).toBe(true);
  });
});

describe('several modes', () => {
  it('passes when any configured mode passes', () => {
    const modes: VapiAuth[] = [
      { type: 'secret', secret: 'vapi-secret-0123456789' },
      { type: 'bearer', token: 'tok_0123456789abcdef' },
    ];
    expect(check(modes, { authorization: 'Bearer tok_0123456789abcdef' })).toBe(true);
    expect(check(modes, { 'x-vapi-secret': 'vapi-secret-0123456789' })).toBe(true);
    expect(check(modes, { 'x-vapi-secret': 'tok_0123456789abcdef' })).toBe(false);
  });

  it('refuses a configuration that would let everything through', () => {
    expect(() => checkAuthModes([])).toThrow(/secret/);
    expect(() => checkAuthModes([{ type: 'secret', secret: '' }])).toThrow(/at least 8/);
    expect(() => checkAuthModes([{ type: 'bearer', token: 'short' }])).toThrow(/at least 8/);
  });
});
