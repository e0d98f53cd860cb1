import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createHandoff, type Handoff } from '@handoff/core';
import { redisStore } from '@handoff/redis';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from '@handoff/redis/testing';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox } from '@handoff/vobiz-sandbox';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { API_KEY, CALLER, DESTINATIONS, DID, waitForStatus } from './__fixtures__/harness.js';
import { splitRouter } from './__fixtures__/split-router.js';
import { createGateway, type Gateway } from './gateway.js';
import { rootSpanIdFor, traceIdFor, tracingEndpoint } from './tracing.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string | number } }>;
}
interface Received {
  instance: string;
  span: OtlpSpan;
}

/** An OTLP/HTTP collector on loopback: decodes each JSON export into spans with their instance. */
async function otlpReceiver(): Promise<{ url: string; spans: Received[]; requests: number; server: Server }> {
  const state = { spans: [] as Received[], requests: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.requests++;
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (req.url !== '/v1/traces' || !String(req.headers['content-type']).includes('json')) {
        res.writeHead(415).end();
        return;
      }
      const payload = JSON.parse(body.toString('utf8')) as {
        resourceSpans: Array<{
          resource: { attributes: OtlpSpan['attributes'] };
          scopeSpans: Array<{ spans: OtlpSpan[] }>;
        }>;
      };
      for (const rs of payload.resourceSpans) {
        const instance = rs.resource.attributes.find((a) => a.key === 'service.instance.id')?.value
          .stringValue;
        for (const ss of rs.scopeSpans)
          for (const span of ss.spans) state.spans.push({ instance: instance ?? '', span });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    get spans() {
      return state.spans;
    },
    get requests() {
      return state.requests;
    },
  };
}

const attr = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue !== undefined ? String(value.intValue) : undefined);
};

describe('tracing endpoint', () => {
  it('is off without an endpoint, and follows the OTLP environment variables', () => {
    expect(tracingEndpoint(undefined, {})).toBeUndefined();
    expect(tracingEndpoint({}, {})).toBeUndefined();
    expect(tracingEndpoint(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe(
      'http://c:4318/v1/traces',
    );
    expect(
      tracingEndpoint(undefined, {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:9/x',
      }),
    ).toBe('http://t:9/x');
    expect(tracingEndpoint({ endpoint: 'http://c:4318' }, {})).toBe('http://c:4318/v1/traces');
    expect(tracingEndpoint(false, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBeUndefined();
    expect(
      tracingEndpoint(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBeUndefined();
  });

  it('derives the same trace id for a handoff everywhere, and different ones for different handoffs', () => {
    expect(traceIdFor('h1')).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdFor('h1')).toBe(traceIdFor('h1'));
    expect(traceIdFor('h1')).not.toBe(traceIdFor('h2'));
    expect(rootSpanIdFor('h1')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe.skipIf(skipRedis)('handoff traces across two instances on one Redis', () => {
  beforeAll(assertRedisUp);
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('exports one span per phase, from the instance that did it, all in the trace of the handoff id', async () => {
    const keyPrefix = uniquePrefix('tracing');
    cleanups.push(() => dropPrefix(keyPrefix));
    const receiver = await otlpReceiver();
    cleanups.push(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())));
    const sandbox = await createVobizSandbox({
      timeScale: 0.01,
      endpoints: { '+919800000001': { kind: 'no_answer' } },
    });
    cleanups.push(() => sandbox.close());
    const ai = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => ai.once('listening', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => ai.close(() => resolve())));
    const aiUrl = `ws://127.0.0.1:${(ai.address() as AddressInfo).port}/ai`;

    const urls: string[] = [];
    // The /v1 API on instance A, every Vobiz callback on instance B: the handoff crosses instances.
    const router = await splitRouter('/v1/', () => ({ matched: urls[0]!, rest: urls[1]! }));
    cleanups.push(() => new Promise<void>((resolve) => router.server.close(() => resolve())));
    const instances: Array<{ handoff: Handoff; gateway: Gateway; closed: boolean }> = [];
    for (const name of ['instance-a', 'instance-b']) {
      const store = redisStore({ url: TEST_REDIS_URL, keyPrefix });
      const handoff = createHandoff({
        store,
        transfer: vobizCarrier({
          authId: sandbox.authId,
          authToken: sandbox.authToken,
          baseUrl: sandbox.baseUrl,
        }),
        gatewayUrl: router.url,
        destinations: DESTINATIONS,
        capabilities: { backToAi: true },
      });
      await store.ready();
      const gateway = createGateway({
        handoff,
        publicUrl: router.url,
        vobiz: { authToken: sandbox.authToken, callerId: DID },
        answer: { kind: 'stream', url: aiUrl },
        apiKeys: [API_KEY],
        tracing: { endpoint: receiver.url, instanceId: name },
      });
      urls.push((await gateway.listen(0)).url);
      const entry = { handoff, gateway, closed: false };
      cleanups.push(async () => {
        if (!entry.closed) await gateway.close();
        await handoff.close();
        await store.close();
      });
      instances.push(entry);
    }
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];

    const call = sandbox.placeInboundCall({
      from: CALLER,
      to: DID,
      answerUrl: `${router.url}/vobiz/answer`,
      hangupUrl: `${router.url}/vobiz/hangup`,
    });
    await call.waitFor('stream_connected');
    // Reading the store says the handoff completed; these say each instance's listeners heard it.
    const heard = instances.map(
      ({ handoff }) =>
        new Promise<void>((resolve) => {
          const off = handoff.on('handoff.completed', (event) => {
            if (event.record.callId !== call.uuid) return;
            off();
            resolve();
          });
        }),
    );
    for (const instance of instances) instance.handoff.startSession({ callId: call.uuid, platform: 'vobiz' });
    const response = await fetch(`${router.url}/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        callId: call.uuid,
        reason: 'Caller wants a home loan',
        department: 'loans',
        transcript: [{ role: 'caller', text: 'I want a home loan of 40 lakh' }],
      }),
    });
    expect(response.status).toBe(201);
    const { handoffId } = (await response.json()) as { handoffId: string };
    await call.waitFor('bridged', { match: (e) => e.to === '+919800000002' });
    await waitForStatus(a.handoff, handoffId, 'connected');
    call.hangup('caller');
    await waitForStatus(a.handoff, handoffId, 'completed');
    await waitForStatus(b.handoff, handoffId, 'completed');
    await Promise.all(heard);
    await new Promise((resolve) => setImmediate(resolve));
    // Metrics follow the same rule: each change is counted by the instance that wrote it, so the
    // instances' series add up to the handoff's own history.
    const counted = new Map<string, number>();
    for (const instance of instances) {
      const scrape = await instance.gateway.fetch(
        new Request('http://gw/metrics', { headers: { authorization: `Bearer ${API_KEY}` } }),
      );
      for (const family of parsePrometheusTextFormat(await scrape.text()))
        if (family.name === 'handoff_status_changes_total')
          for (const m of family.metrics as Array<{ labels: { status: string }; value: string }>)
            counted.set(m.labels.status, (counted.get(m.labels.status) ?? 0) + Number(m.value));
    }
    expect(Object.fromEntries(counted)).toEqual({
      persisted: 1,
      transferring: 2,
      ringing: 2,
      connected: 1,
      completed: 1,
    });
    // Closing flushes each instance's batch to the collector.
    for (const instance of instances) {
      await instance.gateway.close();
      instance.closed = true;
    }

    const mine = receiver.spans.filter((s) => attr(s.span, 'handoff.id') === handoffId);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((s) => s.span.traceId))).toEqual(new Set([traceIdFor(handoffId)]));
    const root = mine.filter((s) => s.span.name === 'handoff');
    expect(root).toHaveLength(1);
    expect(root[0]!.span.spanId).toBe(rootSpanIdFor(handoffId));
    expect(attr(root[0]!.span, 'handoff.outcome')).toBe('completed');
    const phases = mine.filter((s) => s.span.name !== 'handoff');
    for (const p of phases) expect(p.span.parentSpanId).toBe(rootSpanIdFor(handoffId));
    // Each phase once per attempt across the fleet: the instance that ended it, and only that one.
    const keys = phases.map(
      (p) => `${p.span.name}#${attr(p.span, 'handoff.attempt')}>${attr(p.span, 'handoff.next_status')}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    const by = (name: string, next: string) =>
      phases.filter((p) => p.span.name === name && attr(p.span, 'handoff.next_status') === next);
    // The API request on A persisted the handoff and asked Vobiz to transfer.
    expect(by('handoff.persisted', 'transferring').map((p) => p.instance)).toEqual(['instance-a']);
    // Vobiz's callbacks, all on B: ringing, the ladder's move past loans, the bridge, the hang-up.
    expect(by('handoff.connected', 'completed').map((p) => p.instance)).toEqual(['instance-b']);
    const ringing = phases.filter((p) => p.span.name === 'handoff.ringing');
    expect(ringing.map((p) => attr(p.span, 'handoff.next_status')).sort()).toEqual([
      'connected',
      'transferring',
    ]);
    expect(ringing.every((p) => p.instance === 'instance-b')).toBe(true);
    expect(root[0]!.instance).toBe('instance-b');
    for (const { span } of mine)
      expect(BigInt(span.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(span.startTimeUnixNano));
  });

  it('sends nothing and leaves the store alone when no endpoint is configured', async () => {
    const keyPrefix = uniquePrefix('tracing-off');
    cleanups.push(() => dropPrefix(keyPrefix));
    const store = redisStore({ url: TEST_REDIS_URL, keyPrefix });
    const handoff = createHandoff({
      store,
      transfer: vobizCarrier({ authId: 'MA_OFF', authToken: 'off-token', baseUrl: 'http://127.0.0.1:9' }),
      destinations: DESTINATIONS,
    });
    const saved = { ...process.env };
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    const gateway = createGateway({
      handoff,
      vobiz: { authToken: 'sandbox-token' },
      answer: { kind: 'stream', url: 'ws://127.0.0.1:9/ai' },
      apiKeys: [API_KEY],
      // Metrics watch the store's writes too; off here, so what is left is tracing's footprint.
      metrics: false,
    });
    process.env = saved;
    cleanups.push(async () => {
      await gateway.close();
      await handoff.close();
      await store.close();
    });
    // No wrapper on the store: the core writes straight through the store's own methods.
    expect(Object.hasOwn(store, 'put')).toBe(false);
    expect(Object.hasOwn(store, 'update')).toBe(false);
  });
});
