import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback reverse proxy standing in for a load balancer with one path rule: requests whose path
 * starts with `prefix` go to `targets().matched`, every other request to `targets().rest`, so a
 * test decides which instance serves which part of one handoff.
 */
export async function splitRouter(
  prefix: string,
  targets: () => { matched: string; rest: string },
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const base = req.url?.startsWith(prefix) ? targets().matched : targets().rest;
    const upstream = httpRequest(
      new URL(req.url ?? '/', base),
      { method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
