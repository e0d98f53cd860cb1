/**
 * What each bridged call keeps on the heap, by component: the same child as the bench
 * (`openai-realtime-server.ts`) in five modes, each with N calls open (start, a few media frames
 * echoed back as model audio, then quiet), read after a forced GC, less the same child with none:
 *
 * - `sockets`: the two `ws` sockets a call needs (caller's, Realtime's), nothing read from either;
 * - `relay`: the raw relay (the bench's baseline);
 * - `bridge-nocore`: ours, every call attached to one shared stand-in for the core's call;
 * - `bridge`: ours with the real core (its session per call);
 * - `peer`: OpenAI's TwilioRealtimeTransportLayer (Twilio callers).
 *
 * So: bridge − bridge-nocore = the core's session; bridge-nocore − sockets = the bridge's own
 * (codec, stream line, listeners, closures); relay − sockets = the relay's own. With `--snapshot`
 * each child also writes a heap snapshot, summed here by constructor and diffed against `relay`.
 *
 * With `--extra=M` each child takes M calls more after the first `calls` and the figure is what
 * those added, per call; with `--snapshot` too, the two snapshots of each child are diffed by
 * constructor, which shows what one more call keeps (and nothing a mode loads or sets up once).
 *
 * `node --conditions=@handoff/source --import tsx bench/openai-realtime-heap.ts [calls] [--extra=M] [--snapshot] [--keep] [modes…]`
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { closeServer, fakeRealtime, type HeapMode, startSut, stopSut, usage } from './openai-realtime.js';

const FRAMES = 5;
const BATCH = 100;
const QUIET_MS = 500;

const vobizStart = (i: number) =>
  JSON.stringify({
    sequenceNumber: 0,
    event: 'start',
    start: {
      callId: `heap-call-${i}`,
      streamId: `stream-${i}`,
      accountId: '1',
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
    },
    extra_headers: '{}',
  });
const vobizMedia = (i: number, n: number, payload: string) =>
  JSON.stringify({
    sequenceNumber: n + 1,
    streamId: `stream-${i}`,
    event: 'media',
    media: { track: 'inbound', timestamp: String(n * 20), chunk: n + 1, payload },
    extra_headers: '{}',
  });
const twilioStart = (i: number) =>
  JSON.stringify({
    event: 'start',
    sequenceNumber: '1',
    start: {
      accountSid: 'ACheap',
      streamSid: `MZ${i}`,
      callSid: `CAheap${i}`,
      tracks: ['inbound'],
      customParameters: {},
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    },
    streamSid: `MZ${i}`,
  });
const twilioMedia = (i: number, n: number, payload: string) =>
  JSON.stringify({
    event: 'media',
    sequenceNumber: String(n + 2),
    media: { track: 'inbound', chunk: String(n + 1), timestamp: String(n * 20), payload },
    streamSid: `MZ${i}`,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens calls `first`…`last − 1` in batches, each sending its `start`. */
async function openCalls(
  url: string,
  twilio: boolean,
  sockets: WebSocket[],
  first: number,
  last: number,
  heard: () => void,
): Promise<void> {
  for (let from = first; from < last; from += BATCH) {
    const batch: Promise<void>[] = [];
    for (let i = from; i < Math.min(last, from + BATCH); i++) {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      sockets.push(ws);
      ws.on('message', (raw) => {
        heard();
        const msg = JSON.parse(String(raw)) as { event?: string; mark?: { name?: string } };
        if (msg.event === 'mark')
          ws.send(JSON.stringify({ event: 'mark', streamSid: `MZ${i}`, mark: { name: msg.mark?.name } }));
      });
      batch.push(
        new Promise((resolve, reject) => {
          ws.once('error', reject);
          ws.once('open', () => {
            ws.on('error', () => undefined);
            ws.send(twilio ? twilioStart(i) : vobizStart(i));
            resolve();
          });
        }),
      );
    }
    await Promise.all(batch);
  }
}

/**
 * Heap per call (bytes) in `mode`, and the snapshot's path when asked for. With `extra`, the
 * same child then takes `extra` calls more and the figure is what those added, per call (and
 * the snapshots are the two points): nothing the child sets up once, on its first calls, is in it.
 */
async function measure(mode: HeapMode, upstream: string, calls: number, snapshot: boolean, extra = 0) {
  const sut = await startSut(mode, upstream);
  const sockets: WebSocket[] = [];
  let lastMessageAt = performance.now();
  const heard = () => {
    lastMessageAt = performance.now();
  };
  const twilio = mode === 'peer';
  const payload = Buffer.alloc(160, 0xff).toString('base64');
  /** Opens calls `first`…`last − 1`, lets their Realtime sockets open, streams a few frames each, waits for quiet. */
  const stage = async (first: number, last: number) => {
    await openCalls(sut.url, twilio, sockets, first, last, heard);
    await sleep(1000);
    for (let n = 0; n < FRAMES; n++) {
      for (let i = first; i < last; i++)
        sockets[i]!.send(twilio ? twilioMedia(i, n, payload) : vobizMedia(i, n, payload));
      await sleep(20);
    }
    lastMessageAt = performance.now();
    while (performance.now() - lastMessageAt < QUIET_MS) await sleep(QUIET_MS / 2);
    const after = await usage(sut.child, true);
    if (after.active < last) throw new Error(`${mode}: ${after.active}/${last} calls open`);
    return after;
  };
  const snap = async (tag: string) => {
    if (!snapshot) return undefined;
    const path = join(tmpdir(), `rt-heap-${mode}${tag}-${process.pid}.heapsnapshot`);
    // The child answers the message itself (with its usage) once the snapshot is written.
    const written = new Promise((resolve) => sut.child.once('message', resolve));
    sut.child.send({ snapshot: path });
    await written;
    return path;
  };
  try {
    const before = await usage(sut.child, true);
    const after = await stage(0, calls);
    if (extra === 0) return { perCall: (after.heapUsed - before.heapUsed) / calls, path: await snap('') };
    const from = await snap('-at-n');
    const more = await stage(calls, calls + extra);
    return { perCall: (more.heapUsed - after.heapUsed) / extra, path: await snap(''), from };
  } finally {
    for (const s of sockets) s.terminate();
    await stopSut(sut.child);
  }
}

/** Self size summed by node type and constructor name. */
function byConstructor(path: string): Map<string, { count: number; bytes: number }> {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let n = 0; n < snap.nodes.length; n += width) {
    const type = types[snap.nodes[n + typeAt]!]!;
    const name = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[n + nameAt]!]! : '';
    const key = `${type}${name ? `:${name}` : ''}`;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snap.nodes[n + sizeAt]!;
    out.set(key, entry);
  }
  return out;
}

/** The `top` constructors by bytes per call, `other` less `base`, over `calls` calls. */
function printDiff(title: string, base: string, other: string, calls: number, top = 30): void {
  const a0 = byConstructor(base);
  const b0 = byConstructor(other);
  const rows = [...new Set([...a0.keys(), ...b0.keys()])]
    .map((key) => {
      const a = a0.get(key) ?? { count: 0, bytes: 0 };
      const b = b0.get(key) ?? { count: 0, bytes: 0 };
      return { key, count: (b.count - a.count) / calls, bytes: (b.bytes - a.bytes) / calls };
    })
    .sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes))
    .slice(0, top);
  console.log(`\n${title}, per call, by constructor (self size):`);
  for (const r of rows)
    console.log(`  ${r.bytes.toFixed(0).padStart(7)} B  ${r.count.toFixed(2).padStart(6)}×  ${r.key}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const calls = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
  // `--extra=M`: per call is what M calls more add to the child holding `calls` (see `measure`).
  const extra = Number(args.find((a) => a.startsWith('--extra='))?.slice(8) ?? 0);
  const snapshot = args.includes('--snapshot');
  const all: HeapMode[] = ['sockets', 'relay', 'bridge-nocore', 'bridge', 'peer'];
  const chosen = args.filter((a): a is HeapMode => (all as string[]).includes(a));
  const modes = chosen.length > 0 ? chosen : all;
  const fake = await fakeRealtime();
  const results = new Map<HeapMode, { perCall: number; path?: string; from?: string }>();
  try {
    for (const mode of modes) {
      results.set(mode, await measure(mode, fake.url, calls, snapshot, extra));
      for (const c of fake.server.clients) c.terminate();
      const what = extra > 0 ? `per call, ${calls} → ${calls + extra} calls` : 'per call';
      console.log(`${mode.padEnd(14)} ${(results.get(mode)!.perCall / 1024).toFixed(2)} KiB ${what}`);
    }
  } finally {
    await closeServer(fake.server);
  }
  if (extra > 0)
    for (const [mode, { path, from }] of results)
      if (path && from) printDiff(`${mode}, ${calls} → ${calls + extra} calls`, from, path, extra);
  const relay = results.get('relay')?.path;
  if (relay && extra === 0)
    for (const [mode, { path }] of results)
      if (path && path !== relay) printDiff(`${mode} − relay`, relay, path, calls);
  const paths = [...results.values()].flatMap((r) => [r.path, r.from]).filter((p) => p !== undefined);
  if (args.includes('--keep')) console.log(`snapshots kept: ${paths.join(' ')}`);
  else for (const path of paths) rmSync(path, { force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
