import { createHmac } from 'node:crypto';
import { HandoffError } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { NonceCache, verifyVobizSignature } from './signature.js';

// Expected values are computed here with node:crypto directly (not with the module's own helper),
// plus one vector computed once with openssl and pasted literally.

const TOKEN = 'MAtestTOKEN0123456789';
const PARENT = 'PARENTtoken9876543210';
const NONCE = '12345678901234567890';
const BASE = 'https://gw.example.com/vobiz/hangup';

function hmac(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('base64');
}

function v3Headers(key = TOKEN, url = BASE, nonce = NONCE): Record<string, string> {
  return { 'X-Vobiz-Signature-V3': hmac(key, `${url}.${nonce}`), 'X-Vobiz-Signature-V3-Nonce': nonce };
}

describe('verifyVobizSignature', () => {
  it('matches a fixed V3 and V2 vector computed with openssl', () => {
    // printf '%s' 'https://gw.example.com/vobiz/hangup.12345678901234567890' \
    //   | openssl dgst -sha256 -hmac 'MAtestTOKEN0123456789' -binary | base64
    const v3 = 'OqqWcZFODZonSvmPRd0gCquucrY8JWmRkqJNEHiy6X0=';
    // Same, without the "." between URL and nonce.
    const v2 = 'Mb/qA8NW7/HfKH/LWPOOm9zx0iGmQF28wWFFRTPXNPw=';
    expect(
      verifyVobizSignature({
        url: `${BASE}?CallUUID=abc&x=1`,
        authToken: TOKEN,
        headers: { 'x-vobiz-signature-v3': v3, 'x-vobiz-signature-v3-nonce': NONCE },
      }),
    ).toEqual({ ok: true, version: 'v3' });
    expect(
      verifyVobizSignature({
        url: BASE,
        authToken: TOKEN,
        headers: { 'x-vobiz-signature-v2': v2, 'x-vobiz-signature-v2-nonce': NONCE },
      }),
    ).toEqual({ ok: true, version: 'v2' });
  });

  it('verifies V3 over the URL without its query string', () => {
    const result = verifyVobizSignature({
      url: `${BASE}?token=abc&handoff=1`,
      headers: v3Headers(),
      authToken: TOKEN,
    });
    expect(result).toEqual({ ok: true, version: 'v3' });
  });

  it('fails when the signature was computed over the URL with its query', () => {
    const url = `${BASE}?token=abc`;
    const headers = {
      'X-Vobiz-Signature-V3': hmac(TOKEN, `${url}.${NONCE}`),
      'X-Vobiz-Signature-V3-Nonce': NONCE,
    };
    expect(verifyVobizSignature({ url, headers, authToken: TOKEN })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('verifies V2 (no separator) and tells V2 from V3', () => {
    const headers = {
      'X-Vobiz-Signature-V2': hmac(TOKEN, `${BASE}${NONCE}`),
      'X-Vobiz-Signature-V2-Nonce': NONCE,
    };
    expect(verifyVobizSignature({ url: BASE, headers, authToken: TOKEN })).toEqual({
      ok: true,
      version: 'v2',
    });
    const v3FormulaInV2Header = {
      'X-Vobiz-Signature-V2': hmac(TOKEN, `${BASE}.${NONCE}`),
      'X-Vobiz-Signature-V2-Nonce': NONCE,
    };
    expect(verifyVobizSignature({ url: BASE, headers: v3FormulaInV2Header, authToken: TOKEN }).ok).toBe(
      false,
    );
  });

  it('verifies MA headers with the parent token, falling back to the account token', () => {
    const maV3 = {
      'X-Vobiz-Signature-MA-V3': hmac(PARENT, `${BASE}.${NONCE}`),
      'X-Vobiz-Signature-MA-V3-Nonce': NONCE,
    };
    expect(
      verifyVobizSignature({ url: BASE, headers: maV3, authToken: TOKEN, parentAuthToken: PARENT }),
    ).toEqual({
      ok: true,
      version: 'ma-v3',
    });
    expect(verifyVobizSignature({ url: BASE, headers: maV3, authToken: TOKEN }).ok).toBe(false);

    const maV2OnMainAccount = {
      'X-Vobiz-Signature-MA-V2': hmac(TOKEN, `${BASE}${NONCE}`),
      'X-Vobiz-Signature-MA-V2-Nonce': NONCE,
    };
    expect(verifyVobizSignature({ url: BASE, headers: maV2OnMainAccount, authToken: TOKEN })).toEqual({
      ok: true,
      version: 'ma-v2',
    });
  });

  it('prefers V3 when all six headers are present, as on a real hangup callback', () => {
    const headers = {
      ...v3Headers(),
      'X-Vobiz-Signature-V2': hmac(TOKEN, `${BASE}${NONCE}`),
      'X-Vobiz-Signature-V2-Nonce': NONCE,
      'X-Vobiz-Signature-MA-V3': hmac(TOKEN, `${BASE}.${NONCE}`),
      'X-Vobiz-Signature-MA-V3-Nonce': NONCE,
    };
    expect(verifyVobizSignature({ url: BASE, headers, authToken: TOKEN })).toEqual({
      ok: true,
      version: 'v3',
    });
  });

  it('rejects a wrong token, a tampered path and a tampered nonce', () => {
    expect(verifyVobizSignature({ url: BASE, headers: v3Headers('wrong'), authToken: TOKEN })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyVobizSignature({ url: `${BASE}2`, headers: v3Headers(), authToken: TOKEN }).ok).toBe(false);
    const headers = { ...v3Headers(), 'X-Vobiz-Signature-V3-Nonce': '99999999999999999999' };
    expect(verifyVobizSignature({ url: BASE, headers, authToken: TOKEN }).ok).toBe(false);
    const truncated = {
      ...v3Headers(),
      'X-Vobiz-Signature-V3': v3Headers()['X-Vobiz-Signature-V3']!.slice(0, 20),
    };
    expect(verifyVobizSignature({ url: BASE, headers: truncated, authToken: TOKEN }).ok).toBe(false);
  });

  it('rejects a replayed nonce, recording nonces only after a valid signature', () => {
    const cache = new NonceCache();
    expect(
      verifyVobizSignature({ url: BASE, headers: v3Headers('wrong'), authToken: TOKEN, nonceCache: cache })
        .ok,
    ).toBe(false);
    expect(cache.size).toBe(0);
    expect(
      verifyVobizSignature({ url: BASE, headers: v3Headers(), authToken: TOKEN, nonceCache: cache }),
    ).toEqual({
      ok: true,
      version: 'v3',
    });
    expect(
      verifyVobizSignature({ url: BASE, headers: v3Headers(), authToken: TOKEN, nonceCache: cache }),
    ).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('fails closed on missing headers in require mode and passes as none in optional mode', () => {
    expect(verifyVobizSignature({ url: BASE, headers: {}, authToken: TOKEN })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyVobizSignature({ url: BASE, headers: {}, authToken: TOKEN, mode: 'optional' })).toEqual({
      ok: true,
      version: 'none',
    });
    // A signature without its nonce is as good as none.
    const sigOnly = { 'X-Vobiz-Signature-V3': v3Headers()['X-Vobiz-Signature-V3']! };
    expect(verifyVobizSignature({ url: BASE, headers: sigOnly, authToken: TOKEN })).toEqual({
      ok: false,
      reason: 'missing',
    });
    // Optional mode still rejects a signature that is present and wrong.
    expect(
      verifyVobizSignature({ url: BASE, headers: v3Headers('x'), authToken: TOKEN, mode: 'optional' }),
    ).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('reads headers case-insensitively from a record, Node headers and Fetch Headers', () => {
    const signature = v3Headers()['X-Vobiz-Signature-V3']!;
    const mixed = { 'x-VOBIZ-signature-v3': signature, 'X-Vobiz-Signature-V3-NONCE': NONCE };
    expect(verifyVobizSignature({ url: BASE, headers: mixed, authToken: TOKEN }).ok).toBe(true);
    const node = { 'x-vobiz-signature-v3': [signature], 'x-vobiz-signature-v3-nonce': NONCE, host: 'gw' };
    expect(verifyVobizSignature({ url: BASE, headers: node, authToken: TOKEN }).ok).toBe(true);
    const fetchHeaders = new Headers({
      'X-Vobiz-Signature-V3': signature,
      'X-Vobiz-Signature-V3-Nonce': NONCE,
    });
    expect(verifyVobizSignature({ url: BASE, headers: fetchHeaders, authToken: TOKEN }).ok).toBe(true);
  });

  it('throws a typed error for a relative URL or an empty token', () => {
    expect(() =>
      verifyVobizSignature({ url: '/vobiz/hangup', headers: v3Headers(), authToken: TOKEN }),
    ).toThrow(HandoffError);
    expect(() => verifyVobizSignature({ url: BASE, headers: v3Headers(), authToken: '' })).toThrow(
      HandoffError,
    );
  });
});

describe('NonceCache', () => {
  it('forgets nonces after the TTL', () => {
    let now = 1_000;
    const cache = new NonceCache({ ttlMs: 300_000, now: () => now });
    cache.add('a');
    now += 299_999;
    expect(cache.has('a')).toBe(true);
    now += 1;
    expect(cache.has('a')).toBe(false);
  });

  it('stays bounded, evicting the oldest first', () => {
    const cache = new NonceCache({ maxSize: 3 });
    for (const nonce of ['a', 'b', 'c', 'd']) cache.add(nonce);
    expect(cache.size).toBe(3);
    expect(cache.has('a')).toBe(false);
    expect(cache.has('d')).toBe(true);
  });
});
