/**
 * Child processes for the benches that keep the system under test apart from what drives it
 * (`capacity-rigs.ts` forks gateways, `trigger-sandboxes.ts` forks the Vobiz sandbox): one copy
 * of the fork-and-wait-for-ready dance, the free-port probe, and the kept-heap reading each
 * process takes of itself.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Forks `bench/<script>` with this process's loader flags (tsx, conditions) and `args`, and
 * resolves with the child and its `{ type: 'ready' }` message once it sent one. `onMessage` sees
 * every message from the start, so nothing sent right after `ready` is missed.
 */
export async function forkReady<Ready extends { type: 'ready' }>(
  script: string,
  args: string[],
  onMessage?: (message: { type: string } & Record<string, unknown>) => void,
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(fileURLToPath(new URL(`./${script}`, import.meta.url)), args, {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (onMessage) child.on('message', onMessage);
  const ready = await new Promise<Ready>((resolve, reject) => {
    const onReady = (message: { type: string }) => {
      if (message.type !== 'ready') return;
      child.off('message', onReady);
      child.off('exit', onExit);
      resolve(message as Ready);
    };
    const onExit = (code: number | null) => reject(new Error(`bench child ${script} exited with ${code}`));
    child.on('message', onReady);
    child.once('exit', onExit);
  });
  return { child, ready };
}

/** Disconnects the child (it closes itself on `disconnect`) and kills it if it has not exited in 5 s. */
export function closeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    if (child.connected) child.disconnect();
    setTimeout(() => child.kill(), 5000).unref();
  });
}

let gc: (() => void) | undefined;

/**
 * Heap in use after full collections, in bytes: what the process keeps, not what it has not
 * collected yet. `gc()` without `--expose-gc` on the command line (the flag can be set once the
 * process runs).
 */
export async function heapAfterGc(): Promise<number> {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
