import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HandoffError, TERMINAL } from '@handoff/core';
import { NonceCache, VobizClient } from '@handoff/vobiz';
import type { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { buildApp } from './app.js';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { endSessionsOnHangup } from './call-end.js';
import { CallbackCalls } from './callback-calls.js';
import type { ConsultHandler } from './conference-consult.js';
import { conferenceFor, registerConsult } from './conference-setup.js';
import type { GatewayContext, Logger } from './context.js';
import { FollowUps } from './follow-ups.js';
import type { XmlSettings } from './handoff-xml.js';
import { createLogger } from './logger.js';
import { DEFAULT_MEDIA_TOKEN_TTL_MS, type MediaCall, MediaTokens } from './media-tokens.js';
import { createMetrics } from './metrics.js';
import type { GatewayOptions } from './options.js';
import { PublicUrls } from './public-urls.js';
import { closeServer, listenOn, nodeHandler } from './server.js';
import { DEFAULT_SSE_HEARTBEAT_MS, SseHub } from './sse.js';
import { createTracing } from './tracing.js';
import { type UpgradeHandler, type UpgradeOptions, UpgradeRouter } from './upgrades.js';
import { DocumentCache } from './vobiz-document-cache.js';
import { vobizFastPath } from './vobiz-fast-path.js';
import { signatureMiddleware, vobizSignatureCheck } from './vobiz-signature.js';
import { type DeadLetter, WebhookDispatcher } from './webhooks.js';

export interface Gateway {
  /** The Hono app: mount it (`app.route('/', gateway.app)`) or call `app.fetch`. */
  readonly app: Hono;
  /** Fetch-standard handler: Hono, Next.js route handlers, Bun, Deno, workers. */
  fetch(request: Request): Promise<Response>;
  /** Node `(req, res)` handler for Express / `http.createServer` (see README for mount paths). */
  readonly nodeHandler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Serves the app and WebSocket upgrades on one port. Without a configured publicUrl, this URL becomes it. */
  listen(port?: number, host?: string): Promise<{ url: string; server: Server }>;
  /** WebSocket endpoints under a path prefix (relative to publicUrl's path). Returns the undo. */
  onUpgrade<T = undefined>(
    prefix: string,
    handler: UpgradeHandler<T>,
    options?: UpgradeOptions<T>,
  ): () => void;
  /**
   * The AI's media sockets (`/media/<token>`): the token is checked before the handshake, so the
   * handler only ever sees a known call.
   */
  onMedia(handler: (socket: WebSocket, call: MediaCall, request: IncomingMessage) => void): () => void;
  /**
   * The consult agent for `transferStrategy: 'conference'` with `conference: { consult: 'stream' }`:
   * talks with the human over Vobiz's `<Stream>` on their leg and calls `session.accept()` or
   * `session.decline(reason)`. Returns the undo.
   */
  onConsult(handler: ConsultHandler): () => void;
  /** Routes an `upgrade` event from a server you run yourself. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** What a `<Stream>` URL's token stands for. */
  resolveMediaToken(token: string): Promise<MediaCall | undefined>;
  /** The public base URL in use. */
  readonly publicUrl: string;
  readonly webhooks: {
    /** Resolves when every queued delivery has succeeded or been dead-lettered. */
    idle(): Promise<void>;
    deadLetters(): Promise<DeadLetter[]>;
  };
  /** Stops serving, ends event streams and sockets, drops pending webhook retries. The handoff stays yours. */
  close(): Promise<void>;
}

/**
 * The server Vobiz talks to, built around one `Handoff`. Every piece of call state lives in the
 * handoff's store, so with a shared store (Redis) any number of gateways can serve the same calls.
 */
export function createGateway(options: GatewayOptions): Gateway {
  validate(options);
  const { handoff } = options;
  const logger = options.logger ?? createLogger();
  const urls = new PublicUrls(options.publicUrl);
  const followUps = new FollowUps(handoff.store);
  const xml: XmlSettings = {
    urls,
    answer: options.answer,
    ...(options.vobiz.callerId ? { callerId: options.vobiz.callerId } : {}),
    ...(options.announce ? { announce: options.announce } : {}),
    ...(options.dialMusic ? { dialMusic: options.dialMusic } : {}),
    ringTimeoutSec: options.ringTimeoutSec ?? 30,
    voicemailMaxLengthSec: options.voicemailMaxLengthSec ?? 120,
    speak: options.speak ?? {},
    pii: handoff.options.pii,
  };
  const client =
    options.vobiz.client ??
    (options.vobiz.authId
      ? new VobizClient({
          authId: options.vobiz.authId,
          authToken: options.vobiz.authToken,
          ...(options.vobiz.baseUrl ? { baseUrl: options.vobiz.baseUrl } : {}),
        })
      : undefined);
  const callbacks = new CallbackCalls({
    handoff,
    ...(client ? { client } : {}),
    ...(options.vobiz.callerId ? { callerId: options.vobiz.callerId } : {}),
    xml,
    followUps,
    ...(logger ? { logger } : {}),
  });
  const conference = conferenceFor(options, { handoff, client, xml, logger });
  const metrics = options.metrics === false ? undefined : createMetrics(handoff);
  const tracing = createTracing(handoff, options.tracing);
  const webhooks = new WebhookDispatcher({
    handoff,
    targets: options.webhooks ?? [],
    ...(options.webhookAttempts !== undefined ? { attempts: options.webhookAttempts } : {}),
    ...(options.webhookBackoffMs !== undefined ? { backoffMs: options.webhookBackoffMs } : {}),
    ...(options.webhookTimeoutMs !== undefined ? { timeoutMs: options.webhookTimeoutMs } : {}),
    ...(logger ? { logger } : {}),
    ...(metrics
      ? {
          observe: {
            failedAttempt: (next: 'retry' | 'dead_letter') =>
              next === 'retry' ? metrics.webhookRetry() : metrics.webhookDeadLetter(),
            storeError: (where: string) => metrics.storeError(where),
          },
        }
      : {}),
  });
  // One check for both fronts: the Hono middleware and the Node fast path share the nonce cache.
  const checkSignature = vobizSignatureCheck({
    authToken: options.vobiz.authToken,
    ...(options.vobiz.parentAuthToken ? { parentAuthToken: options.vobiz.parentAuthToken } : {}),
    mode: options.vobiz.signatures ?? 'require',
    nonceCache: options.nonceCache ?? new NonceCache(),
    store: handoff.store,
    publicUrlFor: (path) => urls.signedUrl(path),
    ...(options.replayWindowMs ? { replayWindowMs: options.replayWindowMs } : {}),
    ...(logger ? { logger } : {}),
  });
  const media = new MediaTokens(handoff.store, options.mediaTokenTtlMs ?? DEFAULT_MEDIA_TOKEN_TTL_MS);
  const sse = new SseHub();
  const documents = new DocumentCache();
  // Nothing serves a settled handoff's documents from the cache again (only a live attempt's are
  // read): kept until 10,000 newer handoffs pushed them out, they only grew the old generation.
  const stopForgetting = handoff.on('*', (event) => {
    if (TERMINAL.has(event.status)) documents.forget(event.handoffId);
  });
  const ctx: GatewayContext = {
    handoff,
    urls,
    xml,
    media,
    followUps,
    callbacks,
    ...(conference ? { conference } : {}),
    webhooks,
    sse,
    documents,
    platform: options.answer.platform ?? 'vobiz',
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    sseHeartbeatMs: options.sseHeartbeatMs ?? DEFAULT_SSE_HEARTBEAT_MS,
    apiKeys: options.apiKeys ?? [],
    signatureGuard: signatureMiddleware(checkSignature),
    ...(logger ? { logger } : {}),
    ...(metrics ? { metrics } : {}),
  };
  const app = buildApp(ctx, {
    ...(options.deskToken ? { deskToken: options.deskToken } : {}),
    ...(options.deskUsers ? { deskUsers: options.deskUsers } : {}),
    ...(options.platforms ? { platforms: options.platforms } : {}),
  });
  const fetch = async (request: Request) => app.fetch(request);
  // Node servers pass `{ incoming, outgoing }` along, so bodies are read off the socket directly.
  const serve = (request: Request, env?: unknown) => app.fetch(request, env);
  // Said once per refusal: a call whose <Stream> finds no AI mounted at /media/ otherwise just ends.
  const upgrades = new UpgradeRouter(
    () => urls.basePath,
    ({ status, path }) =>
      logger.warn(
        { status, path },
        status === 404
          ? '[handoff] refused a WebSocket: nothing is mounted at this path (is an AI media handler attached?)'
          : '[handoff] refused a WebSocket',
      ),
  );
  // Vobiz's callbacks off the Node request directly, before Hono (see vobiz-fast-path.ts).
  const fastPath = vobizFastPath(ctx, checkSignature);
  const uninstallCallbacks = callbacks.install();
  const uninstallConference = conference?.install();
  const stopEndingSessions = endSessionsOnHangup(handoff);
  webhooks.start();
  // Failed transfers and other background errors reach this log when the handoff has no onError.
  const stopLogging = handoff.provideLogger(logger);
  warnAboutSetup(options, logger);

  let server: Server | undefined;
  let stopProvidingUrl: (() => void) | undefined;
  let closed = false;

  return {
    app,
    fetch,
    nodeHandler: nodeHandler(serve, fastPath),
    async listen(port = 0, host = '127.0.0.1') {
      if (closed) throw new HandoffError('invalid_options', 'This gateway has been closed');
      if (server) throw new HandoffError('invalid_options', 'The gateway is already listening');
      const listening = await listenOn(serve, upgrades, port, host, fastPath);
      server = listening.server;
      if (!urls.configured) urls.set(listening.url);
      // A core without a gatewayUrl hands Vobiz this gateway's address in its transfers.
      stopProvidingUrl = handoff.provideGatewayUrl(() => urls.base);
      return listening;
    },
    onUpgrade: (prefix, handler, upgradeOptions) => upgrades.add(prefix, handler, upgradeOptions),
    onMedia: (handler) =>
      upgrades.add<MediaCall>('/media/', (socket, request, call) => handler(socket, call, request), {
        authorize: (_request, rest) => media.resolve(rest.split('/')[0] ?? ''),
      }),
    onConsult: (handler) => registerConsult(conference, handoff, upgrades, handler),
    handleUpgrade: (request, socket, head) => upgrades.handle(request, socket, head),
    resolveMediaToken: (token) => media.resolve(token),
    get publicUrl() {
      return urls.base;
    },
    webhooks: { idle: () => webhooks.idle(), deadLetters: () => webhooks.deadLetters() },
    async close() {
      if (closed) return;
      closed = true;
      webhooks.close();
      sse.closeAll();
      upgrades.close();
      uninstallCallbacks();
      uninstallConference?.();
      stopProvidingUrl?.();
      stopEndingSessions();
      stopForgetting();
      stopLogging();
      metrics?.close();
      await tracing?.close();
      if (server) await closeServer(server);
    },
  };
}

function validate(options: GatewayOptions): void {
  if (!options?.handoff) throw new HandoffError('invalid_options', 'createGateway needs `handoff`');
  if (!options.vobiz?.authToken) {
    throw new HandoffError(
      'invalid_options',
      'createGateway needs `vobiz.authToken` to verify Vobiz callbacks',
    );
  }
  requireSecrets(options);
  const answer = options.answer;
  if (answer?.kind !== 'stream' && answer?.kind !== 'sip') {
    throw new HandoffError(
      'invalid_options',
      'createGateway needs `answer: { kind: "stream" }` or `{ kind: "sip", uri }`',
    );
  }
  if (answer.kind === 'sip' && !/^sips?:\S+$/i.test(answer.uri ?? '')) {
    throw new HandoffError('invalid_options', '`answer.uri` must be a SIP URI such as sip:agent@example.com');
  }
}

/**
 * A secret read from an unset environment variable (`apiKeys: [process.env.KEY!]`) fails here,
 * naming the option, rather than as a TypeError on the first request.
 */
function requireSecrets(options: GatewayOptions): void {
  const check = (value: unknown, name: string) => {
    if (typeof value === 'string' && value.trim() !== '') return;
    const got = value === undefined ? 'it is unset: is its environment variable set?' : 'it is empty';
    throw new HandoffError('invalid_options', `createGateway: \`${name}\` must not be empty (${got})`);
  };

  check(options.vobiz.authToken, 'vobiz.authToken');
  if ('authId' in options.vobiz) check(options.vobiz.authId, 'vobiz.authId');
  if ('parentAuthToken' in options.vobiz) check(options.vobiz.parentAuthToken, 'vobiz.parentAuthToken');
  if ('deskToken' in options) check(options.deskToken, 'deskToken');
  if (options.apiKeys !== undefined) {
    if (!Array.isArray(options.apiKeys)) check(options.apiKeys, 'apiKeys');
    for (const [i, key] of options.apiKeys.entries()) check(key, `apiKeys[${i}]`);
  }
  for (const [i, target] of (options.webhooks ?? []).entries())
    check(target?.secret, `webhooks[${i}].secret`);
  for (const [i, user] of (options.deskUsers ?? []).entries()) check(user?.token, `deskUsers[${i}].token`);
}

function warnAboutSetup(options: GatewayOptions, logger: Logger): void {
  if (options.handoff.options.capabilities?.backToAi !== true) {
    logger.info(
      '[handoff] the fallback ladder skips back_to_ai: create the handoff with capabilities: { backToAi: true } ' +
        'so a failed transfer can return the caller to the AI through this gateway',
    );
  }
  if ((options.apiKeys ?? []).length === 0)
    logger.info('[handoff] no apiKeys: the /v1 API refuses every request');
  if (options.vobiz.signatures === 'optional') {
    logger.warn('[handoff] Vobiz signatures are optional: unsigned callbacks are accepted');
  }
}
