/**
 * Real processes for the process-level faults (run by `npm run reliability`, never by `npm test`):
 * a redis-server the suite starts, stops, restarts and freezes; gateway child processes started
 * the way `handoff gateway --config` starts one, and killed with SIGKILL; a balancer in front of
 * them that fails over when one stops answering, as a load balancer would.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProcessSample } from './memory-probe.js';
import { freePort } from './redis-server.js';

const ROOT = new URL('../../', import.meta.url).pathname;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** redis-server on its own loopback port, no persistence (as a cache deployment would run it). */
export class RedisProcess {
  #child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static available(): boolean {
    return spawnSync('redis-server', ['--version']).status === 0;
  }

  async start(): Promise<void> {
    this.#child = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 200; i++) {
      if (
        spawnSync('redis-cli', ['-p', String(this.port), 'ping'])
          .stdout?.toString()
          .trim() === 'PONG'
      )
        return;
      await sleep(25);
    }
    throw new Error(`redis-server did not start on ${this.port}`);
  }

  /** Stops it; with no persistence, everything it held is gone. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill(signal);
    await exited;
  }

  /** The process stops being scheduled: connections stay open, nothing answers. */
  freeze(): void {
    this.#child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.#child?.kill('SIGCONT');
  }
}

const PROBE = new URL('./memory-probe.ts', import.meta.url).pathname;

/**
 * One gateway process, started from test/reliability/gateway.config.ts, with the memory probe
 * preloaded (IPC, `--expose-gc`) so `sample()` reads the child's own heap and handles.
 */
export class GatewayProcess {
  #child: ChildProcess | undefined;
  #samples = 0;
  /** SIGSTOPped: the kernel still accepts its connections, nothing answers them. */
  frozen = false;
  readonly log: string[] = [];
  constructor(
    readonly name: string,
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@handoff/source',
        '--import',
        'tsx',
        '--import',
        PROBE,
        '--expose-gc',
        'packages/cli/src/cli.ts',
        'gateway',
        '--config',
        'test/reliability/gateway.config.ts',
        '--port',
        String(this.port),
      ],
      { cwd: ROOT, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    this.#child = child;
    this.frozen = false;
    const keep = (chunk: Buffer) => {
      this.log.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    for (let i = 0; i < 600; i++) {
      if (!this.alive) throw new Error(`${this.name} exited: ${this.log.slice(-10).join('\n')}`);
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {}
      await sleep(50);
    }
    throw new Error(`${this.name} did not answer /healthz`);
  }

  /** SIGKILL: no close(), no flush, no lease handed back, as a crashed or evicted instance. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || !this.alive) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.frozen = false;
  }

  /** SIGSTOP, as a VM paused or a process stuck in a long GC: open sockets stay open. */
  freeze(): void {
    if (!this.alive) return;
    this.#child?.kill('SIGSTOP');
    this.frozen = true;
  }

  thaw(): void {
    if (!this.alive) return;
    this.#child?.kill('SIGCONT');
    this.frozen = false;
  }

  /** Writes a heap snapshot of the child to `path` (for finding what a soak saw grow). */
  snapshot(path: string): Promise<string | undefined> {
    const child = this.#child;
    if (!child || !this.alive || this.frozen || !child.connected) return Promise.resolve(undefined);
    const id = ++this.#samples;
    return new Promise((resolve) => {
      const onMessage = (message: { type?: string; id?: number; path?: string }) => {
        if (message?.type !== 'snapshot' || message.id !== id) return;
        child.off('message', onMessage);
        resolve(message.path);
      };
      child.on('message', onMessage);
      child.send({ type: 'snapshot', id, path });
    });
  }

  /** The child's memory and open handles, measured inside it (after a full GC). */
  sample(timeoutMs = 10_000): Promise<ProcessSample | undefined> {
    const child = this.#child;
    if (!child || !this.alive || this.frozen || !child.connected) return Promise.resolve(undefined);
    const id = ++this.#samples;
    return new Promise((resolve) => {
      const done = (value: ProcessSample | undefined) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(value);
      };
      const onMessage = (message: ProcessSample) => {
        if (message?.type === 'sample' && message.id === id) done(message);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      child.on('message', onMessage);
      child.send({ type: 'sample', id });
    });
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || !this.alive) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Round-robin over the gateways; a request to one that refuses the connection goes to the next,
 * so a killed instance's share moves to the survivor. A health check (`/healthz` every 250 ms,
 * down after two misses of 1 s) takes a frozen instance out of the rotation as a load balancer's
 * would; requests already sent to it wait, and the platform's retry lands on the other. Plain
 * HTTP only (the suite's gateways answer calls with SIP, no media WebSocket).
 */
export class Balancer {
  #server: Server | undefined;
  #next = 0;
  #probe: NodeJS.Timeout | undefined;
  readonly #misses = new Map<GatewayProcess, number>();
  readonly #probing = new Set<GatewayProcess>();
  readonly #pins: Array<{ match: RegExp; target: GatewayProcess }> = [];
  url = '';
  constructor(readonly targets: GatewayProcess[]) {}

  /** Whether the health check has taken `target` out of the rotation. */
  isDown(target: GatewayProcess): boolean {
    return (this.#misses.get(target) ?? 0) >= 2;
  }

  #check(): void {
    for (const target of this.targets) {
      if (this.#probing.has(target)) continue;
      this.#probing.add(target);
      fetch(`${target.url}/healthz`, { signal: AbortSignal.timeout(1_000) })
        .then((r) => r.ok)
        .catch(() => false)
        .then((ok) => {
          this.#misses.set(target, ok ? 0 : (this.#misses.get(target) ?? 0) + 1);
          this.#probing.delete(target);
        });
    }
  }

  /**
   * The next request whose path matches goes to `target` whatever its health: a request the
   * balancer routed in the moment before its health check noticed the instance had stopped.
   */
  pinNext(match: RegExp, target: GatewayProcess): void {
    this.#pins.push({ match, target });
  }

  /** Healthy targets first, from the round-robin position; down ones last, in case all are. */
  #order(path: string): GatewayProcess[] {
    const pin = this.#pins.findIndex((p) => p.match.test(path));
    if (pin >= 0) return [this.#pins.splice(pin, 1)[0]!.target];
    const start = this.#next++;
    const rotated = this.targets.map((_, i) => this.targets[(start + i) % this.targets.length]!);
    return [...rotated.filter((t) => !this.isDown(t)), ...rotated.filter((t) => this.isDown(t))];
  }

  async start(port = 0): Promise<void> {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || ['host', 'connection', 'content-length'].includes(name)) continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      for (const target of this.#order(req.url ?? '/')) {
        let response: Response;
        try {
          response = await fetch(`${target.url}${req.url ?? '/'}`, {
            method: req.method ?? 'GET',
            headers,
            ...(body.length > 0 ? { body } : {}),
          });
        } catch {
          continue;
        }
        const payload = Buffer.from(await response.arrayBuffer());
        const out: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name))
            out[name] = value;
        });
        // The client may have given up while a frozen instance held the request.
        if (!res.destroyed) res.writeHead(response.status, out).end(payload);
        return;
      }
      if (!res.destroyed) res.writeHead(502, { 'content-type': 'text/plain' }).end('no instance answered');
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.#server = server;
    this.#probe = setInterval(() => this.#check(), 250);
    this.#probe.unref();
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    clearInterval(this.#probe);
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export { freePort };
