import { createHash, randomBytes } from 'node:crypto';
import {
  type Handoff,
  HandoffError,
  type HandoffEvent,
  type HandoffStatus,
  type PublicHandoffRecord,
  TERMINAL,
} from '@handoff/core';
import { ROOT_CONTEXT, type SpanContext, SpanKind, TraceFlags, type Tracer, trace } from '@opentelemetry/api';
import type { IdGenerator, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { localHandoffWrites } from './local-writes.js';

/**
 * An OpenTelemetry `SpanExporter` (`@opentelemetry/sdk-trace-base`), typed here by its shape so the
 * gateway's types do not need the SDK installed where tracing is off.
 */
export interface TraceExporter {
  export(spans: unknown[], resultCallback: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** The SDK packages, optional peers of the gateway: installed only by deployments that trace. */
const SDK_PACKAGES = [
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/resources',
  '@opentelemetry/exporter-trace-otlp-http',
] as const;

export interface TracingOptions {
  /**
   * The OTLP/HTTP traces URL (`…/v1/traces`) or the collector's base URL (`/v1/traces` is added).
   * Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, then `OTEL_EXPORTER_OTLP_ENDPOINT`; with neither,
   * no tracing at all.
   */
  endpoint?: string;
  /** Sent with each export, e.g. a collector's API key. Default: `OTEL_EXPORTER_OTLP_HEADERS`. */
  headers?: Record<string, string>;
  /** `service.name` (default `OTEL_SERVICE_NAME`, then `handoff-gateway`). */
  serviceName?: string;
  /** `service.instance.id`: tells the instances apart in one trace. Default: a random id per process. */
  instanceId?: string;
  /** Export to this instead of OTLP (tests, or another exporter you run). */
  exporter?: TraceExporter;
}

/** Handoffs whose current status is remembered; the oldest is forgotten past it. */
const MAX_TRACKED = 10_000;
const TRACER = '@handoff/gateway';
/** A collector that does not answer delays an export, and `close()`, by this much at most. */
const EXPORT_TIMEOUT_MS = 5_000;

/**
 * The trace of one handoff, the same on every instance: derived from the handoff id, so the spans
 * that instance A writes when the AI triggers and those instance B writes when Vobiz calls back
 * land in one trace without any context travelling between them. Nothing could carry it: the
 * hop between instances is Vobiz's callback and a store record, and neither has a traceparent.
 */
export function traceIdFor(handoffId: string): string {
  return createHash('sha256').update(`handoff-trace:${handoffId}`).digest('hex').slice(0, 32);
}

/** The handoff's root span, which every phase span names as its parent, from any instance. */
export function rootSpanIdFor(handoffId: string): string {
  return createHash('sha256').update(`handoff-root:${handoffId}`).digest('hex').slice(0, 16);
}

/** Where spans go, or undefined: then the gateway loads no exporter and sends nothing. */
export function tracingEndpoint(
  option: TracingOptions | false | undefined,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  if (option === false) return undefined;
  if (option?.exporter) return 'exporter';
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  const explicit = option?.endpoint?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (explicit) return explicit.endsWith('/v1/traces') || !option?.endpoint ? explicit : withPath(explicit);
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? withPath(base) : undefined;
}

function withPath(base: string): string {
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** `key=value,key2=value2`, as the OTLP exporters read `OTEL_EXPORTER_OTLP_HEADERS`. */
function headersFromEnv(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0)
      headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

/** Lets the next span started take ids decided here; any other span gets random ones. */
class ChosenIds implements IdGenerator {
  next: { traceId: string; spanId: string } | undefined;
  constructor(readonly random: IdGenerator) {}
  generateTraceId(): string {
    return this.next?.traceId ?? this.random.generateTraceId();
  }
  generateSpanId(): string {
    return this.next?.spanId ?? this.random.generateSpanId();
  }
}

interface Sdk {
  tracer: Tracer;
  ids: ChosenIds;
  flush(): Promise<void>;
}

/** Loaded on first use, so a gateway that does not trace never needs the SDK installed. */
async function loadSdk(
  endpoint: string,
  settings: TracingOptions,
  instanceId: string,
  env: Record<string, string | undefined>,
): Promise<Sdk> {
  let modules: [
    typeof import('@opentelemetry/sdk-trace-base'),
    typeof import('@opentelemetry/resources'),
    typeof import('@opentelemetry/exporter-trace-otlp-http') | undefined,
  ];
  try {
    modules = await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/resources'),
      settings.exporter ? undefined : import('@opentelemetry/exporter-trace-otlp-http'),
    ]);
  } catch (cause) {
    throw new HandoffError(
      'invalid_options',
      `tracing is on (${endpoint === 'exporter' ? 'an exporter was given' : 'an OTLP endpoint is set'}) but the OpenTelemetry SDK is not installed: npm install ${SDK_PACKAGES.join(' ')}`,
      { cause },
    );
  }
  const [base, resources, otlp] = modules;
  const exporter: SpanExporter =
    (settings.exporter as SpanExporter | undefined) ??
    new otlp!.OTLPTraceExporter({
      url: endpoint,
      headers: settings.headers ?? headersFromEnv(env.OTEL_EXPORTER_OTLP_HEADERS),
      timeoutMillis: EXPORT_TIMEOUT_MS,
    });
  const ids = new ChosenIds(new base.RandomIdGenerator());
  const provider = new base.BasicTracerProvider({
    idGenerator: ids,
    forceFlushTimeoutMillis: EXPORT_TIMEOUT_MS,
    resource: resources.resourceFromAttributes({
      'service.name': settings.serviceName ?? env.OTEL_SERVICE_NAME ?? 'handoff-gateway',
      'service.instance.id': instanceId,
    }),
    spanProcessors: [new base.BatchSpanProcessor(exporter)],
  });
  return {
    tracer: provider.getTracer(TRACER),
    ids,
    async flush() {
      await provider.forceFlush().catch(() => undefined);
      await provider.shutdown().catch(() => undefined);
    },
  };
}

export interface GatewayTracing {
  readonly instanceId: string;
  /** Sends what is buffered and stops. */
  close(): Promise<void>;
}

/**
 * One span per phase of each handoff (the time it spent in a status: requested, persisted,
 * transferring, ringing, connected, …) under a root span for the whole handoff, from the core's
 * status changes. Every instance sees every change, so a span is exported only by the instance
 * whose write ended the phase: one copy per phase across the fleet, attributed to the instance
 * that did the work.
 */
export function createTracing(
  handoff: Handoff,
  options: TracingOptions | false | undefined,
  env: Record<string, string | undefined> = process.env,
): GatewayTracing | undefined {
  const endpoint = tracingEndpoint(options, env);
  if (!endpoint) return undefined;
  const settings = options || {};
  const instanceId = settings.instanceId ?? randomBytes(6).toString('hex');
  // Spans carry the times recorded on the handoff, so those observed while this loads lose nothing.
  const sdk = loadSdk(endpoint, settings, instanceId, env);
  sdk.catch((error: unknown) => handoff.reportError(error, 'tracing'));
  const writes = localHandoffWrites(handoff.store);
  const entered = new Map<string, { status: HandoffStatus; at: number }>();

  const parentOf = (handoffId: string) => {
    const parent: SpanContext = {
      traceId: traceIdFor(handoffId),
      spanId: rootSpanIdFor(handoffId),
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    };
    return trace.setSpanContext(ROOT_CONTEXT, parent);
  };

  const attributesOf = (record: PublicHandoffRecord) => ({
    'handoff.id': record.id,
    'handoff.call_id': record.callId,
    'handoff.trigger': record.context.trigger.kind,
    ...(record.context.trigger.rule ? { 'handoff.rule': record.context.trigger.rule } : {}),
    ...(record.destination ? { 'handoff.destination': record.destination.key } : {}),
    'handoff.attempt': record.ladder.attempt,
  });

  const phase = (
    { tracer }: Sdk,
    name: string,
    record: PublicHandoffRecord,
    start: number,
    end: number,
    next: string,
  ) => {
    const span = tracer.startSpan(
      `handoff.${name}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: start,
        attributes: { ...attributesOf(record), 'handoff.phase': name, 'handoff.next_status': next },
      },
      parentOf(record.id),
    );
    span.end(Math.max(start, end));
  };

  const root = ({ tracer, ids }: Sdk, record: PublicHandoffRecord) => {
    const start = record.context.timings.triggeredAt ?? record.createdAt;
    ids.next = { traceId: traceIdFor(record.id), spanId: rootSpanIdFor(record.id) };
    try {
      const span = tracer.startSpan(
        'handoff',
        {
          kind: SpanKind.INTERNAL,
          startTime: start,
          root: true,
          attributes: { ...attributesOf(record), 'handoff.outcome': record.status },
        },
        ROOT_CONTEXT,
      );
      span.end(Math.max(start, record.updatedAt));
    } finally {
      ids.next = undefined;
    }
  };

  // When the status was entered, for a handoff this instance did not see enter it (it started later).
  const enteredAt = (record: PublicHandoffRecord, status: HandoffStatus): number => {
    const t = record.context.timings;
    const byStatus: Partial<Record<HandoffStatus, number | undefined>> = {
      requested: t.triggeredAt,
      persisted: t.persistedAt ?? record.createdAt,
      transferring: t.transferRequestedAt,
      ringing: t.ringingAt,
      connected: t.bridgedAt ?? t.answeredAt,
    };
    return byStatus[status] ?? record.createdAt;
  };

  const observe = async (event: HandoffEvent) => {
    const record = event.record;
    const before = entered.get(record.id);
    if (before?.status === record.status && event.version !== 1) return;
    entered.delete(record.id);
    if (!TERMINAL.has(record.status)) {
      entered.set(record.id, { status: record.status, at: record.updatedAt });
      if (entered.size > MAX_TRACKED) entered.delete(entered.keys().next().value!);
    }
    if (!(await writes.wrote(record.id, event.version))) return;
    const loaded = await sdk;
    if (event.version === 1) {
      const triggered = record.context.timings.triggeredAt;
      if (triggered !== undefined)
        phase(loaded, 'requested', record, triggered, record.createdAt, record.status);
    } else {
      const from = before?.status ?? previousStatus(record);
      if (from)
        phase(loaded, from, record, before?.at ?? enteredAt(record, from), record.updatedAt, record.status);
    }
    if (TERMINAL.has(record.status)) root(loaded, record);
  };
  const unsubscribe = handoff.on('*', (event) => {
    observe(event).catch(() => undefined);
  });

  return {
    instanceId,
    async close() {
      unsubscribe();
      writes.release();
      entered.clear();
      await (await sdk.catch(() => undefined))?.flush();
    },
  };
}

/** The status a record left, read from its timings, for a change this instance saw no earlier one of. */
function previousStatus(record: PublicHandoffRecord): HandoffStatus | undefined {
  const t = record.context.timings;
  if (record.status === 'connected') return t.ringingAt !== undefined ? 'ringing' : 'transferring';
  if (record.status === 'ringing') return 'transferring';
  if (record.status === 'transferring') return 'persisted';
  if (record.status === 'completed') return 'connected';
  return t.ringingAt !== undefined
    ? 'ringing'
    : t.transferRequestedAt !== undefined
      ? 'transferring'
      : 'persisted';
}
