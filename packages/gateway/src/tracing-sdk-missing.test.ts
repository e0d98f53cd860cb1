import { createHandoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { DESTINATIONS } from './__fixtures__/harness.js';
import { createTracing } from './tracing.js';

// As in an app that set an OTLP endpoint but never installed the optional SDK peers.
vi.mock('@opentelemetry/resources', () => {
  throw new Error("Cannot find package '@opentelemetry/resources'");
});

describe('tracing without the OpenTelemetry SDK installed', () => {
  it('reports a config error naming the packages to install, and the gateway runs on', async () => {
    const errors: Array<[unknown, string]> = [];
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: DESTINATIONS,
      onError: (error, where) => errors.push([error, where]),
    });
    const tracing = createTracing(handoff, { endpoint: 'http://127.0.0.1:9/v1/traces' }, {});
    expect(tracing).toBeDefined();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    const [error, where] = errors[0]!;
    expect(where).toBe('tracing');
    expect(error).toMatchObject({ code: 'invalid_options' });
    expect(String((error as Error).message)).toContain(
      'npm install @opentelemetry/sdk-trace-base @opentelemetry/resources @opentelemetry/exporter-trace-otlp-http',
    );
    await tracing?.close();
    await handoff.close();
  });

  it('is not loaded at all when no endpoint is set', () => {
    const handoff = createHandoff({ transfer: new FakeTransferProvider(), destinations: DESTINATIONS });
    expect(createTracing(handoff, undefined, {})).toBeUndefined();
  });
});
