/**
 * One gateway of `capacity.ts`, alone in a child process so its CPU and event loop are its own.
 * Config in argv[2] (JSON). Over IPC: `trigger` runs the AI's part of a call whose stream this
 * gateway answered (two turns, then `session.transfer`); it reports `created` and `completed`
 * handoffs and, on `stats`, its cumulative CPU time and event-loop figures.
 */
import { performance } from 'node:perf_hooks';
import { createHandoff, type HandoffStore } from '@handoff/core';
import { createGateway } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';
import { redisStore } from '../packages/redis/src/index.js';

interface Config {
  port: number;
  publicUrl: string;
  gatewayUrl: string;
  sandbox: { authId: string; authToken: string; baseUrl: string };
  /** Same label in every gateway of a run: the same Redis key prefix. */
  redisLabel?: string;
  /** Report `created` from this gateway only (on a shared store every instance sees every change). */
  reportCreated: boolean;
}

type Message = { type: 'trigger'; id: number; callId: string } | { type: 'stats' };

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const send = (message: unknown) => process.send?.(message);

let store: (HandoffStore & { close(): Promise<void> }) | undefined;
if (config.redisLabel) {
  // One key prefix for every gateway of the run (`redisStoreIfUp` adds its own process id).
  store = redisStore({
    url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    keyPrefix: `handoff:bench:${config.redisLabel}:`,
  });
}
const handoff = createHandoff({
  transfer: vobizCarrier(config.sandbox),
  gatewayUrl: config.gatewayUrl,
  destinations: { support: { numbers: ['+919800000002'], label: 'Senior care' } },
  ...(store ? { store } : {}),
});
if (config.reportCreated) {
  handoff.on('handoff.created', (event) =>
    send({ type: 'created', callId: event.record.callId, handoffId: event.handoffId }),
  );
}
handoff.on('handoff.completed', (event) => send({ type: 'completed', handoffId: event.handoffId }));
const gateway = createGateway({
  handoff,
  publicUrl: config.publicUrl,
  vobiz: { authToken: config.sandbox.authToken, callerId: '+918000000000' },
  answer: { kind: 'stream' },
  // The bench measures the call path; the /metrics collector would only add its own work.
  metrics: false,
  logger: {
    info: () => undefined,
    warn: () => undefined,
    error: (...args: unknown[]) => console.error(...args),
  },
});
await gateway.listen(config.port);
gateway.onMedia(() => undefined);

process.on('message', async (message: Message) => {
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    send({ type: 'stats', cpuMicros: cpu.user + cpu.system, elu: performance.eventLoopUtilization() });
    return;
  }
  try {
    const session = handoff.session(message.callId);
    if (!session) throw new Error(`no session for call ${message.callId}`);
    session.addTurn({ role: 'agent', text: 'Hello, how can I help you today?' });
    session.addTurn({ role: 'caller', text: 'I was charged twice for my order, please get me a person' });
    await session.transfer({ reason: 'double charge', department: 'support' });
    send({ type: 'triggered', id: message.id });
  } catch (error) {
    send({
      type: 'triggered',
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
process.on('disconnect', async () => {
  await gateway.close();
  await handoff.close();
  await store?.close();
  process.exit(0);
});
send({ type: 'ready' });
