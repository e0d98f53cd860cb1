/**
 * Preloaded into each gateway child of the soak (`--import`): answers a `sample` message on the IPC
 * channel with the process's own memory and open handles, so the parent measures the gateway
 * process itself, not the suite. Nothing in the gateway changes; the channel is one pipe handle,
 * the same in every sample.
 */

import { writeHeapSnapshot } from 'node:v8';

interface SnapshotRequest {
  type: 'snapshot';
  id: number;
  path: string;
}

interface SampleRequest {
  type: 'sample';
  id: number;
}

export interface ProcessSample {
  type: 'sample';
  id: number;
  /** MiB. Heap after a full GC when the child runs with --expose-gc. */
  rssMiB: number;
  heapUsedMiB: number;
  externalMiB: number;
  gc: boolean;
  /** `process.getActiveResourcesInfo()` counted by type (TCPSocketWrap, Timeout, …). */
  resources: Record<string, number>;
}

const MiB = 2 ** 20;

process.on('message', (message: SampleRequest | SnapshotRequest) => {
  if (message?.type === 'snapshot' && process.send) {
    // For finding what grew: two snapshots of the same process, compared offline.
    process.send({ type: 'snapshot', id: message.id, path: writeHeapSnapshot(message.path) });
    return;
  }
  if (message?.type !== 'sample' || !process.send) return;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const memory = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  const sample: ProcessSample = {
    type: 'sample',
    id: message.id,
    rssMiB: memory.rss / MiB,
    heapUsedMiB: memory.heapUsed / MiB,
    externalMiB: memory.external / MiB,
    gc: gc !== undefined,
    resources,
  };
  process.send(sample);
});
// The channel must not keep a gateway alive that its own shutdown would end.
process.channel?.unref();
