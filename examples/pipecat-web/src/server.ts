import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The page's script for browsers: @handoff/pipecat and the Pipecat client, bundled from the
 * installed packages (their `dist`), so the example runs when copied out of this repository. The
 * repository's own test passes `conditions: ['@handoff/source']` to bundle the plugin's source.
 */
export async function bundlePage(
  options: { conditions?: string[] } = {},
): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [`${ROOT}src/page.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    ...(options.conditions ? { conditions: options.conditions } : {}),
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The page's own server: it serves the page and, holding the gateway API key, mints a client
 * token for each visitor's web session (`POST /v1/client-tokens { callbackNumber }`). In a real
 * app the number is the signed-in customer's, never one the page sends.
 */
export async function startPageServer(options: {
  gatewayUrl: string;
  apiKey: string;
  callbackNumber: string;
  port?: number;
}): Promise<PageServer> {
  const [html, page] = await Promise.all([readFile(`${ROOT}public/index.html`, 'utf8'), bundlePage()]);
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (req.method === 'GET' && req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(page.code);
      return;
    }
    if (req.method === 'POST' && req.url === '/session') {
      mint(options).then(
        (session) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(session)),
        () => res.writeHead(502).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function mint(options: { gatewayUrl: string; apiKey: string; callbackNumber: string }) {
  const response = await fetch(`${options.gatewayUrl}/v1/client-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ callbackNumber: options.callbackNumber, ttlSeconds: 1800 }),
  });
  if (response.status !== 201) throw new Error(`client token: ${response.status}`);
  const issued = (await response.json()) as { token: string; callId: string; callbackNumber: string };
  return {
    gatewayUrl: options.gatewayUrl,
    token: issued.token,
    callId: issued.callId,
    callbackNumber: issued.callbackNumber,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { HANDOFF_GATEWAY_URL, HANDOFF_API_KEY, CALLBACK_NUMBER, PORT } = process.env;
  if (!HANDOFF_GATEWAY_URL || !HANDOFF_API_KEY || !CALLBACK_NUMBER) {
    throw new Error('Set HANDOFF_GATEWAY_URL, HANDOFF_API_KEY and CALLBACK_NUMBER');
  }
  const started = await startPageServer({
    gatewayUrl: HANDOFF_GATEWAY_URL,
    apiKey: HANDOFF_API_KEY,
    callbackNumber: CALLBACK_NUMBER,
    port: Number(PORT ?? 5173),
  });
  console.log(`page on ${started.url}`);
}
