#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeEvent } from './call.js';
import type { CallEvent } from './events.js';
import { createVobizSandbox } from './server.js';
import type { EndpointBehaviour, HttpMethod, SignatureMode } from './types.js';

const HELP = `handoff-vobiz-sandbox — a local Vobiz for development and tests

Usage: handoff-vobiz-sandbox [options]

Server
  --port N                 port to listen on (default 8089; 0 picks a free one)
  --host HOST              interface to bind (default 127.0.0.1)
  --auth-id ID             account auth id (default MA_SANDBOX)
  --auth-token TOKEN       account auth token (default: random)
  --parent-auth-token T    key for the MA-V2/MA-V3 signature headers (default: auth token)
  --signatures MODE        v3 | v2 | both | none (default both)
  --cps N                  make-call requests allowed per second (default unlimited)
  --max-concurrent N       live calls allowed at once (default unlimited)
  --time-scale X           speed of simulated Vobiz time: 1 = real time (default 1)
  --endpoint TARGET=SPEC   how a number or SIP URI behaves when rung (repeatable)
  --default-endpoint SPEC  behaviour of any other target (default answer:1000)

  SPEC is one of: answer[:afterMs[:hangupAfterMs]]  voicemail[:afterMs]  ivr[:afterMs]  busy[:afterMs]
                  reject[:afterMs]  no_answer  fail[:afterMs]

Place an inbound call once started
  --call-answer-url URL    the app's answer URL: the sandbox calls it like Vobiz would
  --from NUMBER            caller number (default +919000000001)
  --to NUMBER              dialled number (default +918000000000)
  --answer-method M        GET or POST (default POST)
  --hangup-url URL         where to post the hang-up webhook
  --call-audio FILE        raw μ-law 8 kHz audio the caller says into any stream

Output
  --verbose                also print per-chunk media events
  --help                   this text

The sandbox runs until Ctrl-C.`;

function fail(message: string): never {
  process.stderr.write(`handoff-vobiz-sandbox: ${message}\n`);
  process.exit(2);
}

function num(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`${flag} needs a non-negative number, got ${value}`);
  return n;
}

function parseEndpointSpec(spec: string): EndpointBehaviour {
  const [kind, a, b] = spec.split(':');
  const ms = (v: string | undefined) => (v === undefined || v === '' ? undefined : num(v, spec));
  const afterMs = ms(a);
  const withAfter = afterMs === undefined ? {} : { afterMs };
  switch (kind) {
    case 'answer':
    case 'voicemail':
    case 'ivr': {
      const hangupAfterMs = ms(b);
      return { kind, ...withAfter, ...(hangupAfterMs === undefined ? {} : { hangupAfterMs }) };
    }
    case 'busy':
    case 'reject':
    case 'fail':
      return { kind, ...withAfter };
    case 'no_answer':
      return { kind };
    default:
      return fail(`unknown endpoint behaviour "${spec}"`);
  }
}

const QUIET_EVENTS = new Set(['element', 'stream_play_audio', 'stream_audio_played']);

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const signatures = (values.signatures ?? 'both') as SignatureMode;
  if (!['v3', 'v2', 'both', 'none'].includes(signatures)) fail('--signatures must be v3, v2, both or none');
  const endpoints: Record<string, EndpointBehaviour> = {};
  for (const entry of values.endpoint ?? []) {
    const eq = entry.lastIndexOf('=');
    if (eq <= 0) fail(`--endpoint needs TARGET=SPEC, got ${entry}`);
    endpoints[entry.slice(0, eq)] = parseEndpointSpec(entry.slice(eq + 1));
  }
  const verbose = values.verbose ?? false;
  const starts = new Map<string, number>();
  const print = (uuid: string, event: CallEvent) => {
    if (!verbose && QUIET_EVENTS.has(event.type)) return;
    const start = starts.get(uuid) ?? event.at;
    starts.set(uuid, start);
    process.stdout.write(`[${uuid.slice(0, 8)}] ${describeEvent(event, start)}\n`);
  };

  const timeScale = num(values['time-scale'], '--time-scale') ?? 1;
  if (timeScale <= 0) fail('--time-scale must be > 0');
  const cps = num(values.cps, '--cps');
  const maxConcurrent = num(values['max-concurrent'], '--max-concurrent');
  const sandbox = await createVobizSandbox({
    port: num(values.port, '--port') ?? 8089,
    host: values.host ?? '127.0.0.1',
    authId: values['auth-id'] ?? 'MA_SANDBOX',
    ...(values['auth-token'] ? { authToken: values['auth-token'] } : {}),
    ...(values['parent-auth-token'] ? { parentAuthToken: values['parent-auth-token'] } : {}),
    signatures,
    ...(cps === undefined ? {} : { cps }),
    ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
    timeScale,
    endpoints,
    defaultEndpoint: values['default-endpoint']
      ? parseEndpointSpec(values['default-endpoint'])
      : { kind: 'answer', afterMs: 1000 },
    onEvent: (call, event) => print(call.uuid, event),
  });

  process.stdout.write(
    [
      'Vobiz sandbox is up. These are the sandbox’s own fake credentials (a local dev tool, not a secret):',
      '',
      `  Base URL    ${sandbox.baseUrl}`,
      `  Auth ID     ${sandbox.authId}`,
      `  Auth Token  ${sandbox.authToken}`,
      `  Signatures  ${signatures}${signatures === 'none' ? '' : ' (webhooks are signed with the token above)'}`,
      '',
      'Point a Vobiz client at it:',
      `  export VOBIZ_BASE_URL=${sandbox.baseUrl}`,
      `  export VOBIZ_AUTH_ID=${sandbox.authId}`,
      `  export VOBIZ_AUTH_TOKEN=${sandbox.authToken}`,
      '',
    ].join('\n'),
  );

  const answerUrl = values['call-answer-url'];
  if (answerUrl) {
    const method = (values['answer-method'] ?? 'POST').toUpperCase() as HttpMethod;
    if (method !== 'GET' && method !== 'POST') fail('--answer-method must be GET or POST');
    const call = sandbox.placeInboundCall({
      from: values.from ?? '+919000000001',
      to: values.to ?? '+918000000000',
      answerUrl,
      answerMethod: method,
      ...(values['hangup-url'] ? { hangupUrl: values['hangup-url'] } : {}),
      ...(values['call-audio'] ? { audio: readFileSync(values['call-audio']) } : {}),
    });
    process.stdout.write(`Placed inbound call ${call.uuid} → ${answerUrl}\n`);
  }
  process.stdout.write('Press Ctrl-C to stop.\n');

  const stop = () => {
    process.stdout.write('\nStopping the sandbox…\n');
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parse() {
  return parseArgs({
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'auth-id': { type: 'string' },
      'auth-token': { type: 'string' },
      'parent-auth-token': { type: 'string' },
      signatures: { type: 'string' },
      cps: { type: 'string' },
      'max-concurrent': { type: 'string' },
      'time-scale': { type: 'string' },
      endpoint: { type: 'string', multiple: true },
      'default-endpoint': { type: 'string' },
      'call-answer-url': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'answer-method': { type: 'string' },
      'hangup-url': { type: 'string' },
      'call-audio': { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
