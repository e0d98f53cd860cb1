import { MemoryStore } from '@handoff/core';
import { computeVobizSignature, NonceCache, signatureBaseUrl } from '@handoff/vobiz';
import { describe, expect, it, vi } from 'vitest';
import { PublicUrls } from './public-urls.js';
import { vobizSignatureCheck } from './vobiz-signature.js';

const TOKEN = 'auth-token-for-tests';

function check(base: string) {
  const urls = new PublicUrls(base);
  return vobizSignatureCheck({
    authToken: TOKEN,
    mode: 'require',
    nonceCache: new NonceCache(),
    store: new MemoryStore(),
    publicUrlFor: (path) => urls.signedUrl(path),
  });
}

let nonce = 0;
/** V3 headers for `url`, signed as Vobiz signs: `scheme://host/path` of the URL it was given. */
function signed(url: string, token = TOKEN): Headers {
  const n = `nonce-${++nonce}`;
  return new Headers({
    'x-vobiz-signature-v3': computeVobizSignature(token, signatureBaseUrl(url), n, 'v3'),
    'x-vobiz-signature-v3-nonce': n,
  });
}

const status = (promise: Promise<void>) =>
  promise.then(
    () => 200,
    (error: { status?: number }) => error.status ?? 500,
  );

describe('the signed URL, from a base parsed once (issue 19)', () => {
  it('is what signatureBaseUrl makes of the public URL, for plain and unusual paths alike', () => {
    const paths = [
      '/vobiz/handoff/ho1',
      '/vobiz/answer',
      '/vobiz/conference/ho1/human-join',
      '/vobiz/handoff/ho1.',
      '/vobiz/handoff/ho%2E',
      '/vobiz/./answer',
      '/vobiz/x/../answer',
      '/vobiz/%2e%2e/answer',
      '/vobiz/handoff/a b',
      '/vobiz/handoff/ü',
      '//vobiz',
      '/',
    ];
    for (const base of [
      'https://gw.example.com',
      'https://GW.example.com:443/handoff/',
      'http://10.0.0.5:8080/p',
    ]) {
      const urls = new PublicUrls(base);
      for (const path of paths) {
        const arrived = `${urls.basePath}${path}`;
        expect(urls.signedUrl(arrived), `${base} ${path}`).toBe(signatureBaseUrl(`${urls.base}${path}`));
      }
    }
  });

  it('parses the base once, not per callback', () => {
    const urls = new PublicUrls('https://gw.example.com/handoff');
    const parse = vi.spyOn(globalThis, 'URL');
    try {
      for (let i = 0; i < 5; i++) urls.signedUrl(`/handoff/vobiz/handoff/ho${i}`);
      expect(urls.basePath).toBe('/handoff');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('a signature computed against the public URL verifies; a tampered one, or another path’s, fails', async () => {
    const base = 'https://gw.example.com/handoff';
    const verify = check(base);
    const path = '/handoff/vobiz/handoff/ho1';
    expect(await status(verify(path, signed(`${base}/vobiz/handoff/ho1?t=tok`)))).toBe(200);

    const tampered = signed(`${base}/vobiz/handoff/ho1`);
    const signature = tampered.get('x-vobiz-signature-v3')!;
    tampered.set('x-vobiz-signature-v3', `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
    expect(await status(verify(path, tampered))).toBe(403);
    expect(await status(verify(path, signed(`${base}/vobiz/handoff/ho2`)))).toBe(403);
    expect(await status(verify(path, signed(`${base}/vobiz/handoff/ho1`, 'another-token')))).toBe(403);
    // The address the request arrived on is not what Vobiz signed: the public one is.
    expect(await status(verify(path, signed(`http://127.0.0.1:8080${path}`)))).toBe(403);
    // A path the parser rewrites verifies against what Vobiz's own parse of it signed.
    expect(await status(verify('/handoff/vobiz/./answer', signed(`${base}/vobiz/answer`)))).toBe(200);
  });

  it('a replayed nonce fails', async () => {
    const verify = check('https://gw.example.com');
    const headers = signed('https://gw.example.com/vobiz/answer');
    expect(await status(verify('/vobiz/answer', headers))).toBe(200);
    expect(await status(verify('/vobiz/answer', headers))).toBe(403);
  });
});
