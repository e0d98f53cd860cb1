import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallSetup, SandboxCall } from './call.js';
import { CallRunner } from './call-runner.js';
import { CallbackClient } from './callbacks.js';
import { systemClock } from './clock.js';
import { ConferenceRooms } from './conference.js';
import type { SandboxContext } from './context.js';
import { DEFAULT_ENDPOINT, EndpointDirectory, normaliseTarget } from './endpoints.js';
import { concurrencyBreached, shutdown } from './hangup-causes.js';
import { sendJson } from './http-util.js';
import { MediaTicker } from './media-ticker.js';
import { RateLimiter } from './rate-limit.js';
import { API_PREFIX, dispatch, type RestApi } from './rest-routes.js';
import type { CallDirection, EndpointBehaviour, InboundCallOptions, VobizSandboxOptions } from './types.js';

export interface VobizSandbox {
  /** `http://host:port` */
  readonly url: string;
  /** `url + '/api/v1'`: what a Vobiz client uses instead of `https://api.vobiz.ai/api/v1`. */
  readonly baseUrl: string;
  readonly authId: string;
  readonly authToken: string;
  /** A caller dials one of the account's numbers: the sandbox fetches `answerUrl` and runs its XML. */
  placeInboundCall(options: InboundCallOptions): SandboxCall;
  call(uuid: string): SandboxCall | undefined;
  calls(): SandboxCall[];
  /** Resolves with the first call (existing or future) that matches, e.g. one placed through the API. */
  waitForCall(match?: { direction?: CallDirection; to?: string; timeoutMs?: number }): Promise<SandboxCall>;
  setEndpoint(target: string, behaviour: EndpointBehaviour): void;
  /** Ends every call without further webhooks, closes sockets and the server. */
  close(): Promise<void>;
}

/** Numeric account id for stream `start.accountId`, stable per authId. */
function accountIdFor(authId: string): string {
  const n = createHash('sha256').update(authId).digest().readUInt32BE(0);
  return String(100000 + (n % 900000));
}

export async function createVobizSandbox(options: VobizSandboxOptions = {}): Promise<VobizSandbox> {
  const authId = options.authId ?? 'MA_SANDBOX';
  const authToken = options.authToken ?? randomBytes(24).toString('base64url');
  const timeScale = options.timeScale ?? 0.01;
  if (!(timeScale > 0)) throw new RangeError('timeScale must be > 0');
  const shutdownController = new AbortController();
  const runners = new Map<string, CallRunner>();
  let origin = '';

  const ctx: SandboxContext = {
    authId,
    accountId: options.accountId ?? accountIdFor(authId),
    clock: options.clock ?? systemClock,
    timeScale,
    playbackTimeScale: options.playbackTimeScale ?? 1,
    playSeconds: options.playSeconds ?? 3,
    startShape: options.startShape ?? 'nested',
    l16ByteOrder: options.l16ByteOrder ?? 'little',
    dialActionEvent: options.dialActionEvent ?? 'DialAction',
    ownedNumbers: options.ownedNumbers ? new Set(options.ownedNumbers.map(normaliseTarget)) : undefined,
    consoleTimeZone: options.consoleTimeZone ?? 'Asia/Kolkata',
    conferenceStayAloneDefault: options.conferenceStayAloneDefault ?? false,
    conferenceDetails: options.conferenceDetails ?? 'documented',
    machineDetectionReports: options.machineDetectionReports ?? 'machine',
    wsHandshakeTimeoutMs: options.callbackTimeoutMs ?? 5000,
    callbacks: new CallbackClient({
      signatures: options.signatures ?? 'both',
      keys: { authToken, parentAuthToken: options.parentAuthToken ?? authToken },
      timeoutMs: options.callbackTimeoutMs ?? 5000,
      retryDelaysMs: options.callbackRetryDelaysMs ?? [1000, 2000, 4000].map((ms) => ms * timeScale),
      shutdown: shutdownController.signal,
    }),
    endpoints: new EndpointDirectory(options.endpoints, options.defaultEndpoint ?? DEFAULT_ENDPOINT),
    ticker: new MediaTicker(),
    conferences: new ConferenceRooms(),
    shutdown: shutdownController.signal,
    runners,
    spawn: (setup) => register(setup),
    url: () => origin,
    scaled: (seconds) => seconds * 1000 * timeScale,
  };

  const limiter = new RateLimiter(options.cps, options.maxConcurrent);
  const liveCalls = () => [...runners.values()].filter((r) => !r.rec.isEnded).length;
  const newCallListeners = new Set<(call: SandboxCall) => void>();

  const keepEnded = options.keepEndedCalls ?? Number.POSITIVE_INFINITY;
  if (!(keepEnded >= 0)) throw new RangeError('keepEndedCalls must be >= 0');
  /** Ended calls in the order they ended, when only the last `keepEnded` are kept. */
  const ended: string[] = [];
  const forgetOldEnded = (uuid: string) => {
    ended.push(uuid);
    while (ended.length > keepEnded) {
      const oldest = ended.shift()!;
      if (runners.get(oldest)?.rec.isEnded) runners.delete(oldest);
    }
  };

  const register = (setup: CallSetup): CallRunner => {
    const runner = new CallRunner(ctx, setup, options.onEvent);
    runners.set(setup.uuid, runner);
    if (Number.isFinite(keepEnded)) {
      // A forgotten call's own webhooks still go out: the runner lives on in their closures.
      runner.rec.ended.signal.addEventListener('abort', () => forgetOldEnded(setup.uuid), { once: true });
    }
    for (const listener of [...newCallListeners]) listener(runner.call);
    return runner;
  };

  const api: RestApi = {
    ctx,
    authToken,
    limiter,
    liveCalls,
    placeOutbound(setup, outbound) {
      const runner = register(setup);
      runner.startOutbound(outbound);
      return runner;
    },
  };

  const server = createServer((req, res) => void handle(req, res));
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return dispatch(req, res, api);
    if (req.method === 'GET' && path.startsWith('/recordings/')) {
      // RecordUrl targets: the sandbox records nothing, so they serve an empty file.
      res.writeHead(200, {
        'Content-Type': path.endsWith('.wav') ? 'audio/wav' : 'audio/mpeg',
        'Content-Length': 0,
      });
      res.end();
      return;
    }
    if (req.method === 'GET' && path === '/') {
      sendJson(res, 200, { name: 'vobiz-sandbox', baseUrl: `${origin}${API_PREFIX}`, authId });
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    url: origin,
    baseUrl: `${origin}${API_PREFIX}`,
    authId,
    authToken,

    placeInboundCall(call) {
      for (const [field, value] of [
        ['answerUrl', call.answerUrl],
        ['hangupUrl', call.hangupUrl],
        ['fallbackUrl', call.fallbackUrl],
      ] as const) {
        if (value !== undefined && !/^https?:\/\//i.test(value))
          throw new TypeError(`${field} must be an http(s) URL`);
      }
      const sipHeaders = Object.fromEntries(
        Object.entries(call.sipHeaders ?? {}).map(([k, v]) => [/^X-VH-/i.test(k) ? k : `X-VH-${k}`, v]),
      );
      const runner = register({
        uuid: randomUUID(),
        direction: 'inbound',
        from: call.from,
        to: call.to,
        callerName: call.callerName ?? '',
        answerUrl: call.answerUrl,
        answerMethod: call.answerMethod ?? 'POST',
        hangupUrl: call.hangupUrl,
        hangupMethod: call.hangupMethod ?? 'POST',
        fallbackUrl: call.fallbackUrl,
        fallbackMethod: call.fallbackMethod ?? 'POST',
        ringUrl: undefined,
        ringMethod: 'POST',
        sipHeaders,
        audio: call.audio,
      });
      if (!limiter.allowsInbound(liveCalls() - 1))
        runner.refuse('concurrency limit reached', concurrencyBreached);
      else runner.startInbound();
      return runner.call;
    },

    call: (uuid) => runners.get(uuid)?.call,
    calls: () => [...runners.values()].map((r) => r.call),

    waitForCall(match = {}) {
      const matches = (call: SandboxCall) =>
        (match.direction === undefined || call.direction === match.direction) &&
        (match.to === undefined || normaliseTarget(call.to) === normaliseTarget(match.to));
      const existing = [...runners.values()].map((r) => r.call).find(matches);
      if (existing) return Promise.resolve(existing);
      const timeoutMs = match.timeoutMs ?? 5000;
      return new Promise((resolve, reject) => {
        const listener = (call: SandboxCall) => {
          if (!matches(call)) return;
          clearTimeout(timer);
          newCallListeners.delete(listener);
          resolve(call);
        };
        const timer = setTimeout(() => {
          newCallListeners.delete(listener);
          reject(new Error(`no call matching ${JSON.stringify(match)} within ${timeoutMs} ms`));
        }, timeoutMs);
        newCallListeners.add(listener);
      });
    },

    setEndpoint: (target, behaviour) => ctx.endpoints.set(target, behaviour),

    async close() {
      if (shutdownController.signal.aborted) return;
      shutdownController.abort();
      for (const runner of runners.values()) runner.end(shutdown);
      ctx.ticker.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
