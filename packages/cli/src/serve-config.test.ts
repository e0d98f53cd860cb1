import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { serveConfig } from './serve-config.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

function connect(url: string): Promise<{ closed: number } | { status: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('close', (code) => resolve({ closed: code }));
    socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    socket.once('error', () => undefined);
  });
}

async function streamUrl(base: string): Promise<string> {
  const answer = await fetch(`${base}/vobiz/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ CallUUID: 'call-setup-1', From: '+919000000001', To: '+918000000000' }),
  });
  const xml = await answer.text();
  const url = /<Stream[^>]*>([^<]+)<\/Stream>/.exec(xml)?.[1]?.trim();
  if (!url) throw new Error(`no <Stream> in ${xml.slice(0, 200)}`);
  return url;
}

describe('serveConfig (handoff gateway --config) with a setup hook (issue 14)', () => {
  it("mounts the config's media handler: the answer's <Stream> reaches it, and its clean-up runs at close", async () => {
    const served = await serveConfig(fixture('media.config.ts'), { port: 0, env: {} });
    const seen = (globalThis as { setupSeen?: { setup: number; cleanUp: number; sockets: number } })
      .setupSeen;
    if (!seen) throw new Error('the config was not loaded');
    const setupCalls = seen.setup;
    try {
      expect(setupCalls).toBe(1);
      const media = (await streamUrl(served.url)).replace(
        /^wss?:\/\/[^/]+/,
        served.url.replace('http', 'ws'),
      );
      expect(await connect(media)).toEqual({ closed: 1000 });
      expect(seen.sockets).toBe(1);
    } finally {
      await served.close();
    }
    expect(seen.cleanUp).toBe(1);
  });

  it('without setup nothing answers on the media socket (404), as the log line then says', async () => {
    const served = await serveConfig(fixture('handoff.config.ts'), { port: 0, env: {} });
    try {
      const media = `${served.url.replace('http', 'ws')}/media/abcdefghijklmnopqrstuvwxyz`;
      expect(await connect(media)).toEqual({ status: 404 });
    } finally {
      await served.close();
    }
  });
});
