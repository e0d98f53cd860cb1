/**
 * The server half of `benchGatewayXml`, run in a child process so the load generator does not
 * share its event loop. `gateway`: the handoff XML endpoint of a real gateway (memory store,
 * signatures optional) for one live handoff. `bare`: a `node:http` server that reads the form body
 * and answers the same document. Reports `{ url, path, xml }`, then its CPU time on request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { createGateway } from '@handoff/gateway';

const FORM = new URLSearchParams({
  CallUUID: 'bench-call',
  From: '919811111111',
  Event: 'Transfer',
}).toString();

async function gatewayServer(): Promise<{ url: string; path: string }> {
  const carrier = new FakeTransferProvider();
  const handoff = createHandoff({
    transfer: carrier,
    gatewayUrl: 'http://127.0.0.1',
    destinations: { support: { numbers: ['+919800000002'], label: 'Senior care' } },
  });
  const gateway = createGateway({
    handoff,
    vobiz: { authToken: 'bench-token', signatures: 'optional', callerId: '+918000000000' },
    answer: { kind: 'stream' },
  });
  const { url } = await gateway.listen();
  const session = handoff.startSession({ callId: 'bench-call', platform: 'bench', from: '+919811111111' });
  session.addTurn({ role: 'caller', text: 'I was charged twice for my order, please get me a person' });
  const { handoffId } = await session.transfer({ reason: 'double charge', department: 'support' });
  return { url, path: `/vobiz/handoff/${handoffId}?t=${encodeURIComponent(carrier.requests[0]!.token)}` };
}

async function bareServer(xml: string): Promise<{ url: string; path: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
      res.end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, path: '/vobiz/handoff/bare' };
}

const mode = process.argv[2];
const served = mode === 'bare' ? await bareServer(process.argv[3] ?? '') : await gatewayServer();
const xml = await (
  await fetch(`${served.url}${served.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: FORM,
  })
).text();
process.send?.({ ...served, xml, form: FORM });
process.on('message', () => {
  const usage = process.cpuUsage();
  process.send?.({ cpuMicros: usage.user + usage.system });
});
process.on('disconnect', () => process.exit(0));
