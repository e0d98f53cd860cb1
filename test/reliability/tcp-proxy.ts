/**
 * A TCP proxy between one gateway and Redis, to cut that link alone: `hold` stops moving bytes
 * both ways and leaves every connection open (a partition that TCP has not noticed yet: commands
 * wait, then time out), `drop` resets every connection and each new one (a partition that the
 * kernel reports), `pass` heals it: held bytes flow again, as retransmissions would deliver them.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type LinkState = 'pass' | 'hold' | 'drop';

export interface TcpProxy {
  url: string;
  set(state: LinkState): void;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamPort: number): Promise<TcpProxy> {
  let state: LinkState = 'pass';
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((client) => {
    if (state === 'drop') {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (state === 'hold') {
      client.pause();
      upstream.pause();
    }
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    set(next) {
      state = next;
      for (const pair of [...pairs]) {
        for (const socket of pair) {
          if (next === 'drop') socket.resetAndDestroy();
          else if (next === 'hold') socket.pause();
          else socket.resume();
        }
      }
    },
    async close() {
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
