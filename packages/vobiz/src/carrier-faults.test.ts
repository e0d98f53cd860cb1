import { createHandoff } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { vobizCarrier } from './carrier.js';

// Monday 2026-11-23 10:00 in Kolkata: every destination is open.
const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);

const destinations = {
  loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
  support: { numbers: ['+919800000002'], label: 'Senior care' },
};

describe('the Vobiz Transfer API answering 502 (issue 10, item 2, through the real client)', () => {
  async function vobiz(onTransfer: (n: number, handoffId: string) => Promise<number>) {
    const { createServer } = await import('node:http');
    const posts: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', async () => {
        const uuid = req.url?.match(/\/Call\/([^/?]+)\//)?.[1] ?? '';
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ call_status: 'in-progress', call_uuid: uuid }));
          return;
        }
        posts.push(body);
        const handoffId = String(JSON.parse(body).aleg_url).match(/handoff\/([^?]+)/)?.[1] ?? '';
        const status = await onTransfer(posts.length, handoffId);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 202 ? JSON.stringify({ message: 'call transferred', call_uuid: uuid }) : '{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    return { posts, baseUrl: `http://127.0.0.1:${port}/api/v1`, close: () => server.close() };
  }

  function vobizCore(baseUrl: string) {
    return createHandoff({
      transfer: vobizCarrier({ authId: 'MA_TEST', authToken: 'secret', baseUrl }),
      gatewayUrl: 'https://gw.example.com',
      destinations,
      fallback: ['next_destination', 'back_to_ai'],
      now: () => MONDAY_10_IST,
      unknownOutcomeGraceMs: 0,
    });
  }

  it('does not transfer again when Vobiz fetched the handoff XML before its 502', async () => {
    let handoff!: ReturnType<typeof vobizCore>;
    const server = await vobiz(async (_n, handoffId) => {
      await handoff.advance(handoffId, { type: 'ringing', attempt: 1 });
      return 502;
    });
    try {
      handoff = vobizCore(server.baseUrl);
      const result = await handoff
        .startSession({ callId: 'v-acted', platform: 'vobiz' })
        .transfer({ reason: 'x', department: 'loans' });
      expect(server.posts).toHaveLength(1);
      expect(result).toMatchObject({ status: 'transferring', destination: { key: 'loans' } });
      expect(result.reason).toBeUndefined();
      expect((await handoff.get(result.handoffId))?.status).toBe('ringing');
    } finally {
      server.close();
      await handoff.close();
    }
  });

  it('retries the same destination once, never the next, when the live call shows no sign of the first', async () => {
    const server = await vobiz(async (n) => (n === 1 ? 502 : 202));
    const handoff = vobizCore(server.baseUrl);
    try {
      const result = await handoff
        .startSession({ callId: 'v-lost', platform: 'vobiz' })
        .transfer({ reason: 'x', department: 'loans' });
      expect(server.posts.map((p) => JSON.parse(p).aleg_url)).toHaveLength(2);
      expect(new Set(server.posts).size).toBe(1);
      expect(result).toMatchObject({ status: 'transferring', destination: { key: 'loans' } });
    } finally {
      server.close();
      await handoff.close();
    }
  });
});
