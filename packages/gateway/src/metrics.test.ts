import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandoff, HandoffError, MemoryStore, type PutOptions, type StoredRecord } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { API_KEY, DESTINATIONS } from './__fixtures__/harness.js';
import { createGateway } from './gateway.js';
import { createLogger } from './logger.js';

/** A store whose webhook claims fail as a Redis outage would. */
class ClaimsDown extends MemoryStore {
  override async put<T>(key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    if (key.startsWith('webhook-claim:')) throw new HandoffError('store_unavailable', 'store down');
    return super.put(key, value, options);
  }
}

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no ${name} in the scrape`);
  return found;
}

describe('/metrics (issue 18, item 5)', () => {
  it('serves handoffs by status and destination, phase latencies, webhook retries and store errors', async () => {
    // A CRM that is down: every delivery fails.
    const crm = createServer((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    const crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/hook`;
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      gatewayUrl: 'https://gw.example.com',
      destinations: DESTINATIONS,
      store: new ClaimsDown(),
    });
    const gateway = createGateway({
      handoff,
      vobiz: { authToken: 'token' },
      answer: { kind: 'stream' },
      apiKeys: [API_KEY],
      webhooks: [{ url: crmUrl, secret: 'whsec', events: ['handoff.created'] }],
      webhookAttempts: 2,
      webhookBackoffMs: 1,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      await handoff.startSession({ callId: 'call-m', platform: 'vobiz' }).transfer({
        reason: 'wants a human',
        department: 'support',
      });
      await gateway.webhooks.idle();

      expect((await gateway.fetch(new Request('http://gw/metrics'))).status).toBe(401);
      const response = await gateway.fetch(
        new Request('http://gw/metrics', { headers: { authorization: `Bearer ${API_KEY}` } }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      const families = parsePrometheusTextFormat(text);

      const statuses = family(families, 'handoff_status_changes_total');
      expect(statuses.type).toBe('COUNTER');
      expect(statuses.metrics).toContainEqual({
        labels: { status: 'transferring', destination: 'support' },
        value: '1',
      });

      // The parser folds a labelled histogram into one bucket set, so the per-phase series are read off the text.
      expect(family(families, 'handoff_phase_seconds').type).toBe('HISTOGRAM');
      expect(text).toMatch(/^handoff_phase_seconds_count\{from="created",to="persisted"\} 1$/m);
      expect(text).toMatch(/^handoff_phase_seconds_count\{from="persisted",to="transferring"\} 1$/m);

      expect(family(families, 'handoff_webhook_retries_total').metrics[0]?.value).toBe('1');
      expect(family(families, 'handoff_webhook_dead_letters_total').metrics[0]?.value).toBe('1');
      expect(family(families, 'handoff_store_errors_total').metrics).toContainEqual({
        labels: { where: 'webhook-claim' },
        value: '1',
      });
    } finally {
      await gateway.close();
      await handoff.close();
      crm.close();
    }
  });

  it('is not served with metrics: false', async () => {
    const handoff = createHandoff({ transfer: new FakeTransferProvider(), destinations: DESTINATIONS });
    const gateway = createGateway({
      handoff,
      vobiz: { authToken: 'token' },
      answer: { kind: 'stream' },
      apiKeys: [API_KEY],
      metrics: false,
      logger: createLogger({ level: 'silent' }),
    });
    const response = await gateway.fetch(
      new Request('http://gw/metrics', { headers: { authorization: `Bearer ${API_KEY}` } }),
    );
    expect(response.status).toBe(404);
    await gateway.close();
  });
});
