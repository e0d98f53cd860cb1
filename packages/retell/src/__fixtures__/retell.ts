import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Retell from 'retell-sdk';

export const API_KEY = 'key_test_0123456789abcdef0123456789';

export interface FixtureValues {
  /** The Vobiz CallUUID, dashes and all; the fixture gets it compacted as the SIP header does. */
  callUuid: string;
  startTimestamp?: number;
}

/** A recorded body with its placeholders filled (see each file's `source`). */
export function fixture(name: string, values: FixtureValues): Record<string, unknown> {
  const file = JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as {
    body?: unknown;
    frames?: unknown;
  };
  const text = JSON.stringify(file.body ?? file.frames)
    .replaceAll('{{CALL_COMPACT}}', values.callUuid.replace(/-/g, ''))
    .replaceAll('"{{START_TIMESTAMP}}"', String(values.startTimestamp ?? Date.now() - 20_000));
  return JSON.parse(text) as Record<string, unknown>;
}

/** The headers Retell sends, signed with the SDK's own `sign`. */
export async function signedHeaders(body: string, apiKey = API_KEY): Promise<Record<string, string>> {
  return { 'content-type': 'application/json', 'x-retell-signature': await Retell.sign(body, apiKey) };
}

/**
 * A signature in Retell's format for a chosen timestamp (`sign` always uses now), computed here
 * with node:crypto as the SDK's webhook_auth does: hex HMAC-SHA256 of body + timestamp.
 */
export function signatureAt(body: string, timestamp: number, apiKey = API_KEY): string {
  const digest = createHmac('sha256', apiKey)
    .update(body + String(timestamp))
    .digest('hex');
  return `v=${timestamp},d=${digest}`;
}

export interface LiveUpdate {
  callId: string;
  body: Retell.CallUpdateLiveParams;
  at: number;
}

/** A real `Retell` client whose requests land here instead of api.retellai.com. */
export function fakeRetell(options: { fail?: boolean } = {}) {
  const updates: LiveUpdate[] = [];
  const client = new Retell({
    apiKey: API_KEY,
    baseURL: 'https://api.retell.test',
    maxRetries: 0,
    fetch: async (input, init) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const match = /^\/v2\/update-live-call\/([^/]+)$/.exec(url.pathname);
      if (!match || init?.method !== 'PATCH') return new Response('not found', { status: 404 });
      updates.push({
        callId: decodeURIComponent(match[1]!),
        body: JSON.parse(String(init.body)) as Retell.CallUpdateLiveParams,
        at: Date.now(),
      });
      if (options.fail) return Response.json({ message: 'call not ongoing' }, { status: 422 });
      return Response.json({ success: true });
    },
  });
  return { client, updates };
}
